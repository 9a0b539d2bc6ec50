"""Score the pipeline against a gold folder (schema: ``../shared/eval/README.md``).

Three modules, kept apart so the scoring can be tested on hand-made inputs:

- ``gold``: :func:`load_gold` and the typed gold rows;
- ``scoring``: :func:`locate_gold_claims`, :func:`match_claims` and the ``score_*``
  functions, which take gold rows and pipeline objects and return figures;
- here, :func:`run_accuracy`, which reads the seed files, runs the real pipeline twice (once on
  the corpus, once with every synthetic conflict added as its own one-sentence article)
  and assembles the results dictionary.

Conventions: a gold claim is *extracted* when an extracted claim of the document holding
its text overlaps it by at least half of the shorter of the two spans. A gold pair whose
claims were never compared counts as predicted ``unrelated``. Figures that are undefined
(no support, nothing predicted) are ``None``, never 0.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from crosscheck.types import Document

if TYPE_CHECKING:
    from crosscheck.config import Config
    from crosscheck.types import Report

from crosscheck.bench.gold import SCORED_LABELS, GoldPair, GoldSet, load_gold
from crosscheck.bench.scoring import (
    Located,
    locate_gold_claims,
    match_claims,
    score_claim_recall,
    score_clustering,
    score_pairs,
    score_synthetic,
)

logger = logging.getLogger(__name__)


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
