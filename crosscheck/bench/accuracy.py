"""Score the pipeline against a gold folder (schema: ``../shared/eval/README.md``).

Two parts, kept apart so the scoring can be tested on hand-made inputs:

- pure functions: :func:`load_gold`, :func:`locate_gold_claims`, :func:`match_claims` and
  the ``score_*`` functions, which take gold rows and pipeline objects and return figures;
- :func:`run_accuracy`, which reads the seed files, runs the real pipeline twice (once on
  the corpus, once with every synthetic conflict added as its own one-sentence article)
  and assembles the results dictionary.

Conventions: a gold claim is *extracted* when an extracted claim of the document holding
its text overlaps it by at least half of the shorter of the two spans. A gold pair whose
claims were never compared counts as predicted ``unrelated``. Figures that are undefined
(no support, nothing predicted) are ``None``, never 0.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from crosscheck.types import Claim, ClaimCluster, Document, PairVerdict

if TYPE_CHECKING:
    from crosscheck.config import Config
    from crosscheck.types import Report

logger = logging.getLogger(__name__)

GOLD_FILES: tuple[str, ...] = ("documents.jsonl", "events.jsonl", "claims.jsonl", "pairs.jsonl", "synthetic_conflicts.jsonl")
GOLD_LABELS: tuple[str, ...] = ("agree", "conflict", "related", "unrelated")
SCORED_LABELS: tuple[str, ...] = ("agree", "conflict", "related")
MIN_OVERLAP = 0.5


# --------------------------------------------------------------------------- gold data


@dataclass(frozen=True)
class GoldDocument:
    doc_id: str
    file: str
    outlet: str | None
    date: str | None
    date_basis: str | None
    start_line: int | None
    end_line: int | None


@dataclass(frozen=True)
class GoldClaim:
    claim_id: str
    doc_id: str
    text: str
    event_id: str | None
    file: str
    line: int | None = None
    secondary_event_ids: tuple[str, ...] = ()
    listed: bool = True  # False for a source claim rebuilt from a synthetic row


@dataclass(frozen=True)
class GoldPair:
    a: str
    b: str
    label: str
    hard: bool = False


@dataclass(frozen=True)
class SyntheticConflict:
    claim_id: str
    source_claim_id: str
    doc_id: str
    text: str
    perturbation: str


@dataclass(frozen=True)
class GoldSet:
    """The rows of one gold folder."""

    folder: Path
    documents: tuple[GoldDocument, ...]
    events: Mapping[str, str]
    claims: tuple[GoldClaim, ...]
    pairs: tuple[GoldPair, ...]
    synthetic: tuple[SyntheticConflict, ...] = ()

    @property
    def files(self) -> list[str]:
        """The corpus files the gold documents name, in first-mention order."""
        return list(dict.fromkeys(d.file for d in self.documents))

    def claim(self, claim_id: str) -> GoldClaim:
        for c in self.claims:
            if c.claim_id == claim_id:
                return c
        raise KeyError(f"no gold claim {claim_id!r} in {self.folder}")


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg}); each line must be one JSON object") from exc
        if not isinstance(row, dict):
            raise ValueError(f"{path}:{number}: expected a JSON object, got {type(row).__name__}")
        rows.append(row)
    return rows


def _need(row: Mapping[str, object], key: str, path: Path) -> object:
    if key not in row:
        raise ValueError(f"{path}: a row lacks the field {key!r} (row: {dict(row)}); see ../shared/eval/README.md")
    return row[key]


def load_gold(folder: str | Path) -> GoldSet:
    """Read a gold folder.

    ``synthetic_conflicts.jsonl`` may be absent (no synthetic scores then); the other four
    files are required. A synthetic row whose source claim is not in ``claims.jsonl`` gets
    the source text back by undoing its change (``changed_to`` -> ``changed_from``).

    Raises:
        FileNotFoundError: if the folder or a required file is missing.
        ValueError: if a row is not JSON or lacks a field, or a pair names an unknown claim.
    """
    root = Path(folder)
    if not root.is_dir():
        raise FileNotFoundError(f"gold folder {str(root)!r} does not exist; pass a folder holding {', '.join(GOLD_FILES)}")
    for name in GOLD_FILES[:4]:
        if not (root / name).is_file():
            raise FileNotFoundError(f"gold folder {str(root)!r} lacks {name}; see ../shared/eval/README.md for the schema")
    p = root / "documents.jsonl"
    documents = tuple(
        GoldDocument(
            doc_id=str(_need(r, "doc_id", p)),
            file=str(_need(r, "file", p)),
            outlet=r.get("outlet"),  # type: ignore[arg-type]
            date=r.get("date"),  # type: ignore[arg-type]
            date_basis=r.get("date_basis"),  # type: ignore[arg-type]
            start_line=r.get("start_line"),  # type: ignore[arg-type]
            end_line=r.get("end_line"),  # type: ignore[arg-type]
        )
        for r in _read_jsonl(p)
    )
    p = root / "events.jsonl"
    events = {str(_need(r, "event_id", p)): str(r.get("description", "")) for r in _read_jsonl(p)}
    p = root / "claims.jsonl"
    file_of_doc = {d.doc_id: d.file for d in documents}
    claims = []
    for r in _read_jsonl(p):
        doc_id = str(_need(r, "doc_id", p))
        claims.append(
            GoldClaim(
                claim_id=str(_need(r, "claim_id", p)),
                doc_id=doc_id,
                text=str(_need(r, "text", p)),
                event_id=r.get("event_id"),  # type: ignore[arg-type]
                file=str(r.get("file") or file_of_doc.get(doc_id, "")),
                line=r.get("line"),  # type: ignore[arg-type]
                secondary_event_ids=tuple(r.get("secondary_event_ids") or ()),  # type: ignore[arg-type]
            )
        )
    by_id = {c.claim_id: c for c in claims}
    p = root / "pairs.jsonl"
    pairs = []
    for r in _read_jsonl(p):
        a, b, label = str(_need(r, "a", p)), str(_need(r, "b", p)), str(_need(r, "label", p))
        if label not in GOLD_LABELS:
            raise ValueError(f"{p}: pair {a}/{b} has label {label!r}; use one of {list(GOLD_LABELS)}")
        for cid in (a, b):
            if cid not in by_id:
                raise ValueError(f"{p}: pair {a}/{b} names claim {cid!r}, which is not in claims.jsonl")
        pairs.append(GoldPair(a=a, b=b, label=label, hard=bool(r.get("hard", False))))
    synthetic: list[SyntheticConflict] = []
    p = root / "synthetic_conflicts.jsonl"
    if p.is_file():
        for r in _read_jsonl(p):
            source_id = str(_need(r, "source_claim_id", p))
            text = str(_need(r, "text", p))
            doc_id = str(r.get("doc_id") or "")
            if source_id not in by_id:
                # The source sentence is the perturbed one with its change undone.
                changed_from, changed_to = r.get("changed_from"), r.get("changed_to")
                if not (isinstance(changed_from, str) and isinstance(changed_to, str) and changed_to in text and doc_id):
                    raise ValueError(f"{p}: synthetic {r.get('claim_id')!r} names source {source_id!r}, not in claims.jsonl")
                source_text = text.replace(changed_to, changed_from, 1)
                claims.append(
                    GoldClaim(source_id, doc_id, source_text, r.get("event_id"), file_of_doc.get(doc_id, ""), listed=False)  # type: ignore[arg-type]
                )
                by_id[source_id] = claims[-1]
            synthetic.append(
                SyntheticConflict(
                    claim_id=str(_need(r, "claim_id", p)),
                    source_claim_id=source_id,
                    doc_id=doc_id or by_id[source_id].doc_id,
                    text=text,
                    perturbation=str(r.get("perturbation") or "unknown"),
                )
            )
    return GoldSet(root, documents, events, tuple(claims), tuple(pairs), tuple(synthetic))


# --------------------------------------------------------------------------- matching

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Straighten quotes and collapse whitespace runs to one space.

    Returns:
        The normalised text and, for each of its characters, the index of the character
        of ``text`` it came from, so a match in the normalised text maps back to a span.
    """
    out: list[str] = []
    index: list[int] = []
    previous_space = False
    for i, ch in enumerate(text.translate(_QUOTES)):
        if ch.isspace():
            if previous_space:
                continue
            previous_space = True
            ch = " "
        else:
            previous_space = False
        out.append(ch)
        index.append(i)
    return "".join(out), index


@dataclass(frozen=True)
class Located:
    """Where a gold claim's text sits in a pipeline document."""

    doc_id: str
    start: int
    end: int


def _file_name(path: str | None) -> str | None:
    return Path(path).name if path else None


def locate_gold_claims(claims: Iterable[GoldClaim], documents: Sequence[Document]) -> dict[str, Located]:
    """Find each gold claim's text in the pipeline document read from the same file.

    A claim whose file is unknown is searched in every document. When several documents
    hold the text, the one whose line range covers the gold line wins. Claims found
    nowhere are left out of the result.
    """
    normalised = {d.id: normalise_with_map(d.text) for d in documents}
    located: dict[str, Located] = {}
    for claim in claims:
        candidates = [d for d in documents if not claim.file or _file_name(d.path) == claim.file] or list(documents)
        needle = normalise_with_map(claim.text)[0].strip()
        if not needle:
            continue
        hits: list[tuple[Document, int, int]] = []
        for doc in candidates:
            text, index = normalised[doc.id]
            at = text.find(needle)
            if at >= 0:
                hits.append((doc, index[at], index[at + len(needle) - 1] + 1))
        if not hits:
            continue

        def covers_line(hit: tuple[Document, int, int]) -> bool:
            doc = hit[0]
            return (
                claim.line is not None
                and doc.line_start is not None
                and doc.line_end is not None
                and doc.line_start <= claim.line <= doc.line_end
            )

        doc, start, end = sorted(hits, key=lambda h: not covers_line(h))[0]
        located[claim.claim_id] = Located(doc.id, start, end)
    return located


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def match_claims(located: Mapping[str, Located], claims: Sequence[Claim], min_overlap: float = MIN_OVERLAP) -> dict[str, list[str]]:
    """Map each located gold claim to the extracted claims that overlap it.

    An extracted claim matches when the overlap covers at least ``min_overlap`` of the
    shorter span. Matches are listed best first (largest overlap).

    Returns:
        ``{gold claim id: [extracted claim ids]}``, only for gold claims with a match.
    """
    by_doc: dict[str, list[Claim]] = {}
    for c in claims:
        by_doc.setdefault(c.doc_id, []).append(c)
    matches: dict[str, list[str]] = {}
    for gold_id, where in located.items():
        scored = []
        for c in by_doc.get(where.doc_id, ()):
            overlap = _overlap(where.start, where.end, c.start, c.end)
            shorter = max(1, min(where.end - where.start, c.end - c.start))
            if overlap > 0 and overlap / shorter >= min_overlap:
                scored.append((-overlap, c.start, c.id))
        if scored:
            matches[gold_id] = [cid for _, _, cid in sorted(scored)]
    return matches


# --------------------------------------------------------------------------- scoring


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _f1(tp: int, n_predicted: int, n_gold: int) -> float | None:
    """2TP / (predicted + gold): 0 when one side is empty, None only when both are."""
    return _ratio(2 * tp, n_predicted + n_gold)


def score_claim_recall(gold_claims: Sequence[GoldClaim], matches: Mapping[str, Sequence[str]], located: Mapping[str, Located]) -> dict[str, object]:
    """Share of gold claims the pipeline extracted (and, for diagnosis, found in the text)."""
    total = len(gold_claims)
    found = sum(1 for c in gold_claims if c.claim_id in located)
    extracted = sum(1 for c in gold_claims if matches.get(c.claim_id))
    return {
        "gold": total,
        "located_in_text": found,
        "extracted": extracted,
        "recall": _ratio(extracted, total),
        "missed": sorted(c.claim_id for c in gold_claims if not matches.get(c.claim_id)),
    }


def score_clustering(
    gold_claims: Sequence[GoldClaim], matches: Mapping[str, Sequence[str]], clusters: Sequence[ClaimCluster]
) -> dict[str, object]:
    """Pairwise precision, recall and F1 of the pipeline's clusters against gold events.

    Only gold claims that were extracted and have an event count. Two gold claims are in
    one gold event when their primary ``event_id`` is the same; they are in one predicted
    cluster when their best-matching extracted claims share a cluster (an unclustered
    claim is a cluster of its own).
    """
    cluster_of: dict[str, set[str]] = {}
    for cluster in clusters:
        for cid in cluster.claim_ids:
            cluster_of.setdefault(cid, set()).add(cluster.id)
    items = [(c.event_id, cluster_of.get(matches[c.claim_id][0], set())) for c in gold_claims if matches.get(c.claim_id) and c.event_id]
    tp = fp = fn = 0
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            same_gold = items[i][0] == items[j][0]
            same_pred = bool(items[i][1] & items[j][1])
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {
        "claims": len(items),
        "pairs_same_event": tp + fn,
        "pairs_same_cluster": tp + fp,
        "precision": precision,
        "recall": recall,
        "f1": _f1(tp, tp + fp, tp + fn),
    }


def verdict_lookup(verdicts: Iterable[PairVerdict]) -> dict[frozenset[str], PairVerdict]:
    """Index verdicts by their unordered pair of claim ids."""
    return {frozenset((v.a, v.b)): v for v in verdicts}


def predict_pair(
    a: str, b: str, matches: Mapping[str, Sequence[str]], verdicts: Mapping[frozenset[str], PairVerdict]
) -> PairVerdict | None:
    """The pipeline's verdict on gold claims ``a`` and ``b``, or None if never compared.

    When a gold claim matched several extracted claims (clauses), the verdict between the
    best-matching ones that were compared is taken.
    """
    for ca in matches.get(a, ()):
        for cb in matches.get(b, ()):
            verdict = verdicts.get(frozenset((ca, cb)))
            if verdict is not None:
                return verdict
    return None


def score_labels(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = SCORED_LABELS) -> dict[str, object]:
    """Per-label precision, recall, F1 and support, plus the confusion counts.

    Raises:
        ValueError: if ``gold`` and ``predicted`` differ in length.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} labels but predicted has {len(predicted)}; pass one prediction per gold pair")
    result: dict[str, object] = {"pairs": len(gold)}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        n_pred = sum(1 for p in predicted if p == label)
        n_gold = sum(1 for g in gold if g == label)
        precision, recall = _ratio(tp, n_pred), _ratio(tp, n_gold)
        result[label] = {"precision": precision, "recall": recall, "f1": _f1(tp, n_pred, n_gold), "support": n_gold, "predicted": n_pred}
    confusion: dict[str, dict[str, int]] = {}
    for g, p in zip(gold, predicted):
        confusion.setdefault(g, {}).setdefault(p, 0)
        confusion[g][p] += 1
    result["confusion"] = confusion
    agree = [p for g, p in zip(gold, predicted) if g == "agree"]
    false_conflicts = sum(1 for p in agree if p == "conflict")
    if isinstance(result.get("agree"), dict):
        result["agree"]["false_conflict_rate"] = _ratio(false_conflicts, len(agree))  # type: ignore[index]
    result["accuracy"] = _ratio(sum(1 for g, p in zip(gold, predicted) if g == p), len(gold))
    return result


def score_pairs(
    pairs: Sequence[GoldPair], matches: Mapping[str, Sequence[str]], verdicts: Iterable[PairVerdict]
) -> tuple[dict[str, object], list[dict[str, object]]]:
    """Score gold pairs end to end; a pair never compared is predicted ``unrelated``.

    Returns:
        The scores (see :func:`score_labels`) and one detail row per pair.
    """
    lookup = verdict_lookup(verdicts)
    details: list[dict[str, object]] = []
    for pair in pairs:
        verdict = predict_pair(pair.a, pair.b, matches, lookup)
        details.append(
            {
                "a": pair.a,
                "b": pair.b,
                "gold": pair.label,
                "predicted": verdict.label if verdict else "unrelated",
                "compared": verdict is not None,
                "extracted": bool(matches.get(pair.a)) and bool(matches.get(pair.b)),
                "probability": verdict.probability if verdict else None,
                "hard": pair.hard,
            }
        )
    scores = score_labels([d["gold"] for d in details], [d["predicted"] for d in details])  # type: ignore[misc]
    scores["compared"] = sum(1 for d in details if d["compared"])
    return scores, details


def score_synthetic(
    synthetic: Sequence[SyntheticConflict],
    matches: Mapping[str, Sequence[str]],
    synthetic_claims: Mapping[str, Sequence[str]],
    verdicts: Iterable[PairVerdict],
) -> tuple[dict[str, object], list[dict[str, object]]]:
    """Recall of ``conflict`` between each perturbed claim and its source claim.

    Args:
        synthetic: the perturbed claims.
        matches: gold claim id -> extracted claim ids (for the source claims).
        synthetic_claims: synthetic claim id -> the claims extracted from its article.
        verdicts: the verdicts of the run that held the synthetic articles.

    Returns:
        ``{"items", "recall", "by_type": {type: {"items", "found", "recall"}}}`` and one
        detail row per perturbed claim.
    """
    lookup = verdict_lookup(verdicts)
    details: list[dict[str, object]] = []
    for item in synthetic:
        verdict = None
        for ca in synthetic_claims.get(item.claim_id, ()):
            for cb in matches.get(item.source_claim_id, ()):
                verdict = verdict or lookup.get(frozenset((ca, cb)))
        details.append(
            {
                "claim_id": item.claim_id,
                "source_claim_id": item.source_claim_id,
                "perturbation": item.perturbation,
                "extracted": bool(synthetic_claims.get(item.claim_id)),
                "source_extracted": bool(matches.get(item.source_claim_id)),
                "predicted": verdict.label if verdict else "unrelated",
                "found": verdict is not None and verdict.label == "conflict",
                "reasons": [r.kind for r in verdict.reasons] if verdict else [],
            }
        )
    by_type: dict[str, dict[str, object]] = {}
    for kind in sorted({d["perturbation"] for d in details}):  # type: ignore[type-var]
        rows = [d for d in details if d["perturbation"] == kind]
        found = sum(1 for d in rows if d["found"])
        by_type[str(kind)] = {"items": len(rows), "found": found, "recall": _ratio(found, len(rows))}
    found = sum(1 for d in details if d["found"])
    return {"items": len(details), "found": found, "recall": _ratio(found, len(details)), "by_type": by_type}, details


# --------------------------------------------------------------------------- running


def find_corpus_files(files: Sequence[str], corpus: Sequence[str | Path] = ()) -> list[Path]:
    """Resolve gold file names against ``corpus`` folders, then ``./seeds`` and the repo's ``seeds/``.

    Raises:
        FileNotFoundError: naming the first file found in none of the folders.
    """
    folders = [Path(c) for c in corpus] + [Path("seeds"), Path(__file__).resolve().parents[2] / "seeds"]
    resolved = []
    for name in files:
        for folder in folders:
            if (folder / name).is_file():
                resolved.append(folder / name)
                break
            if folder.is_file() and folder.name == name:
                resolved.append(folder)
                break
        else:
            raise FileNotFoundError(
                f"corpus file {name!r} named in documents.jsonl is in none of {[str(f) for f in folders]}; "
                "pass the folder holding it with --corpus"
            )
    return resolved


def synthetic_documents(
    gold: GoldSet, located: Mapping[str, Located], documents: Sequence[Document]
) -> dict[str, Document]:
    """One one-sentence article per perturbed claim, from its own outlet, dated like its source.

    The date is the one the pipeline gave the article holding the source claim (the gold
    date when the source claim was not found), so the synthetic article falls in the same
    period as its source.
    """
    from crosscheck.ingest import make_document

    by_id = {d.id: d for d in documents}
    gold_docs = {d.doc_id: d for d in gold.documents}
    out: dict[str, Document] = {}
    for item in gold.synthetic:
        where = located.get(item.source_claim_id)
        date, basis = None, "unknown"
        if where is not None and where.doc_id in by_id:
            date, basis = by_id[where.doc_id].date, by_id[where.doc_id].date_basis
        elif item.doc_id in gold_docs and gold_docs[item.doc_id].date:
            import datetime as dt

            date = dt.date.fromisoformat(str(gold_docs[item.doc_id].date))
            basis = "metadata"
        out[item.claim_id] = make_document(
            item.text, source=f"synthetic-{item.claim_id}", title=None, date=date, date_basis=basis, path=f"synthetic/{item.claim_id}.txt"
        )
    return out


@dataclass
class AccuracyRun:
    """The results dictionary plus the reports behind it."""

    results: dict[str, object]
    reports: dict[str, Report] = field(default_factory=dict)


def run_accuracy(gold_folder: str | Path, corpus: Sequence[str | Path] = (), config: Config | None = None) -> AccuracyRun:
    """Run the pipeline on the gold folder's corpus and score it.

    Two runs with one loaded :class:`crosscheck.Checker`: the corpus alone (claims,
    clustering, pairs) and the corpus plus every synthetic conflict as its own article
    (synthetic recall, and the gold pairs again with the synthetic pairs added as
    ``conflict``, under ``pairs_with_synthetic``).

    Raises:
        FileNotFoundError: if the gold folder or a corpus file is missing.
        ValueError: if the gold folder is malformed or a corpus file cannot be read.
    """
    import time

    from crosscheck import Checker
    from crosscheck.bench.machine import machine_info
    from crosscheck.config import Config
    from crosscheck.ingest import load_documents

    gold = load_gold(gold_folder)
    config = config or Config()
    paths = find_corpus_files(gold.files, corpus)
    ingest = load_documents(paths)
    if ingest.errors:
        raise ValueError(f"could not read the corpus: {'; '.join(ingest.errors)}")
    documents = list(ingest.documents)
    checker = Checker(config)

    started = time.perf_counter()
    report = checker.check(documents)
    base_seconds = time.perf_counter() - started
    located = locate_gold_claims(gold.claims, report.documents)
    matches = match_claims(located, report.claims)
    primary = [c for c in gold.claims if c.listed]
    claims_score = score_claim_recall(primary, matches, located)
    clustering = score_clustering(primary, matches, report.clusters)
    pairs, pair_details = score_pairs(gold.pairs, matches, report.verdicts)
    results: dict[str, object] = {
        "gold": str(gold.folder),
        "corpus_files": [str(p) for p in paths],
        "documents": len(report.documents),
        "extracted_claims": len(report.claims),
        "claims": claims_score,
        "clustering": clustering,
        "pairs": pairs,
    }
    reports = {"base": report}
    run_seconds = {"base": base_seconds}

    if gold.synthetic:
        synth_docs = synthetic_documents(gold, located, report.documents)
        started = time.perf_counter()
        synth_report = checker.check(documents + list(synth_docs.values()))
        run_seconds["with_synthetic"] = time.perf_counter() - started
        synth_located = locate_gold_claims(gold.claims, [d for d in synth_report.documents if d.id not in {s.id for s in synth_docs.values()}])
        synth_matches = match_claims(synth_located, synth_report.claims)
        claims_of_doc: dict[str, list[str]] = {}
        for c in synth_report.claims:
            claims_of_doc.setdefault(c.doc_id, []).append(c.id)
        synthetic_claims = {cid: claims_of_doc.get(doc.id, []) for cid, doc in synth_docs.items()}
        synthetic, synthetic_details = score_synthetic(gold.synthetic, synth_matches, synthetic_claims, synth_report.verdicts)
        results["synthetic"] = synthetic
        # Gold pairs plus (perturbed, source) pairs as conflict: the only conflict F1
        # that is defined when the gold pairs hold no real conflict.
        all_matches = {**synth_matches, **synthetic_claims}
        extra = [GoldPair(s.claim_id, s.source_claim_id, "conflict") for s in gold.synthetic]
        results["pairs_with_synthetic"], _ = score_pairs(list(gold.pairs) + extra, all_matches, synth_report.verdicts)
        results["synthetic_details"] = synthetic_details
        reports["with_synthetic"] = synth_report
    results["pair_details"] = pair_details
    results["seconds"] = run_seconds
    results["config"] = config.model_dump()
    results["models"] = dict(report.models)
    results["machine"] = machine_info()
    return AccuracyRun(results, reports)


def format_table(results: Mapping[str, object]) -> str:
    """A short plain-text table of the headline figures."""

    def fmt(x: object) -> str:
        return "n/a" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)

    claims = results["claims"]
    clustering = results["clustering"]
    pairs = results["pairs"]
    lines = [
        f"claims     recall {fmt(claims['recall'])}  ({claims['extracted']}/{claims['gold']} gold claims extracted)",  # type: ignore[index]
        f"clustering P {fmt(clustering['precision'])}  R {fmt(clustering['recall'])}  F1 {fmt(clustering['f1'])}"  # type: ignore[index]
        f"  ({clustering['claims']} claims)",  # type: ignore[index]
        "",
        f"{'pairs':<30}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}",
    ]
    for section in ("pairs", "pairs_with_synthetic"):
        block = results.get(section)
        if not isinstance(block, Mapping):
            continue
        for label in SCORED_LABELS:
            s = block[label]
            lines.append(
                f"{section + '.' + label:<30}{fmt(s['precision']):>7}{fmt(s['recall']):>7}{fmt(s['f1']):>7}{s['support']:>6}{s['predicted']:>6}"
            )
    lines.append(f"false-conflict rate on agree pairs: {fmt(pairs['agree']['false_conflict_rate'])}")  # type: ignore[index]
    synthetic = results.get("synthetic")
    if isinstance(synthetic, Mapping):
        lines += ["", f"synthetic conflicts recall {fmt(synthetic['recall'])}  ({synthetic['found']}/{synthetic['items']})"]
        for kind, s in synthetic["by_type"].items():
            lines.append(f"  {kind:<14}{fmt(s['recall']):>7}  ({s['found']}/{s['items']})")
    return "\n".join(lines)
