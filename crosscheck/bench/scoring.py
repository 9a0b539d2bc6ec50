"""Scoring the pipeline against gold rows: locate and match claims, then claim recall, clustering, pair labels, synthetic conflicts.

Conventions: a gold claim is *extracted* when an extracted claim of the document holding
its text overlaps it by at least half of the shorter of the two spans. A gold pair whose
claims were never compared counts as predicted ``unrelated``. Figures that are undefined
(no support, nothing predicted) are ``None``, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from crosscheck.types import Claim, ClaimCluster, Document, PairVerdict

if TYPE_CHECKING:
    pass

from crosscheck.bench.gold import SCORED_LABELS, GoldClaim, GoldPair, SyntheticConflict

MIN_OVERLAP = 0.5


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

        def covers_line(hit: tuple[Document, int, int], line: int | None = claim.line) -> bool:
            doc = hit[0]
            return line is not None and doc.line_start is not None and doc.line_end is not None and doc.line_start <= line <= doc.line_end

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
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        n_pred = sum(1 for p in predicted if p == label)
        n_gold = sum(1 for g in gold if g == label)
        precision, recall = _ratio(tp, n_pred), _ratio(tp, n_gold)
        result[label] = {"precision": precision, "recall": recall, "f1": _f1(tp, n_pred, n_gold), "support": n_gold, "predicted": n_pred}
    confusion: dict[str, dict[str, int]] = {}
    for g, p in zip(gold, predicted, strict=True):
        confusion.setdefault(g, {}).setdefault(p, 0)
        confusion[g][p] += 1
    result["confusion"] = confusion
    agree = [p for g, p in zip(gold, predicted, strict=True) if g == "agree"]
    false_conflicts = sum(1 for p in agree if p == "conflict")
    if isinstance(result.get("agree"), dict):
        result["agree"]["false_conflict_rate"] = _ratio(false_conflicts, len(agree))  # type: ignore[index]
    result["accuracy"] = _ratio(sum(1 for g, p in zip(gold, predicted, strict=True) if g == p), len(gold))
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
