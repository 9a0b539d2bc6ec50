"""The brute-force baseline: every cross-source pair of claims through the NLI model.

This is how a user of a sentence-pair checker finds conflicts without an index: score all
pairs. It runs on the claims the pipeline extracted from the same documents, in both
directions (as the pipeline does), at the pipeline's batch size and character cut, so the
two differ only in which pairs they send to the model.

A *confident conflict* of the baseline is a pair with contradiction >= 0.9 in either
direction between claims with cosine >= 0.5. The share of those the pipeline reports as
``conflict`` is the recall of the pipeline against the baseline.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

import numpy as np

from crosscheck.types import NLI_LABELS

CONFIDENT_CONTRADICTION = 0.9
MIN_COSINE = 0.5
_C = NLI_LABELS.index("contradiction")


def cross_source_pairs(sources: Sequence[str]) -> Iterator[tuple[int, int]]:
    """All index pairs ``i < j`` whose sources differ."""
    for i in range(len(sources)):
        for j in range(i + 1, len(sources)):
            if sources[i] != sources[j]:
                yield i, j


def confident_conflicts(
    pairs: Sequence[tuple[int, int]],
    contradiction: np.ndarray,
    cosine: np.ndarray,
    *,
    min_contradiction: float = CONFIDENT_CONTRADICTION,
    min_cosine: float = MIN_COSINE,
) -> list[tuple[int, int]]:
    """The pairs whose contradiction (max of both directions) and cosine pass the bars.

    Args:
        pairs: index pairs, aligned with ``contradiction`` and ``cosine``.
        contradiction: per pair, the larger contradiction probability of the two directions.
        cosine: per pair, the cosine similarity of the two claims.

    Raises:
        ValueError: if the three inputs differ in length.
    """
    if not (len(pairs) == len(contradiction) == len(cosine)):
        raise ValueError(f"pairs, contradiction and cosine must align; got {len(pairs)}, {len(contradiction)}, {len(cosine)}")
    keep = (np.asarray(contradiction) >= min_contradiction) & (np.asarray(cosine) >= min_cosine)
    return [pairs[i] for i in np.flatnonzero(keep)]


def share_found(baseline: Sequence[tuple[str, str]], pipeline_conflicts: set[frozenset[str]]) -> tuple[int, float | None]:
    """How many of the baseline's conflicts (claim id pairs) the pipeline also reports, and the share."""
    found = sum(1 for a, b in baseline if frozenset((a, b)) in pipeline_conflicts)
    return found, (found / len(baseline) if baseline else None)


def run_baseline_task(spec: dict[str, object]) -> dict[str, object]:
    """Worker side: the pipeline and the brute-force baseline on the same documents."""
    from crosscheck.bench.speed import load_corpus, nli_calls, peak_rss_bytes
    from crosscheck.config import Config
    from crosscheck.pipeline import Checker

    config = Config(**spec.get("config", {}))  # type: ignore[arg-type]
    documents = load_corpus(str(spec["corpus"]), spec.get("limit"), spec["reuters_dir"], spec["seeds_dir"])  # type: ignore[arg-type]
    checker = Checker(config)
    checker.embedder.encode(["Warm-up sentence."])
    checker.nli.predict([("A warm-up premise.", "A warm-up hypothesis.")])

    started = time.perf_counter()
    report = checker.check(documents)  # type: ignore[arg-type]
    pipeline_seconds = time.perf_counter() - started
    pipeline_calls = len(nli_calls(report, config.max_claim_chars))
    pipeline_conflicts = {frozenset((v.a, v.b)) for v in report.verdicts if v.label == "conflict"}

    claims = list(report.claims)
    source_of = {d.id: d.source for d in report.documents}
    texts = [c.text[: config.max_claim_chars] for c in claims]
    pairs = list(cross_source_pairs([source_of[c.doc_id] for c in claims]))
    # Embeddings only pick the confident conflicts; they are not part of the baseline's cost.
    vectors = checker.embedder.encode(texts, batch_size=config.embed_batch_size)
    cosine = np.array([float(vectors[i] @ vectors[j]) for i, j in pairs], dtype=np.float32)

    started = time.perf_counter()
    contradiction = np.zeros(len(pairs), dtype=np.float32)
    chunk = 4096  # bounded memory: the pair list is scored a chunk at a time
    for at in range(0, len(pairs), chunk):
        part = pairs[at : at + chunk]
        both = [(texts[i], texts[j]) for i, j in part] + [(texts[j], texts[i]) for i, j in part]
        probs = checker.nli.predict(both, batch_size=config.nli_batch_size)
        contradiction[at : at + len(part)] = np.maximum(probs[: len(part), _C], probs[len(part) :, _C])
    baseline_seconds = time.perf_counter() - started
    baseline_calls = 2 * len(pairs)

    confident = confident_conflicts(pairs, contradiction, cosine)
    confident_ids = [(claims[i].id, claims[j].id) for i, j in confident]
    found, share = share_found(confident_ids, pipeline_conflicts)
    confident_set = set(confident)
    missed = [
        {"a": claims[i].text[:200], "b": claims[j].text[:200], "contradiction": float(contradiction[k]), "cosine": float(cosine[k])}
        for k, (i, j) in enumerate(pairs)
        if (i, j) in confident_set and frozenset((claims[i].id, claims[j].id)) not in pipeline_conflicts
    ][:10]
    return {
        "status": "ok",
        "documents": len(report.documents),
        "claims": len(claims),
        "cross_source_pairs": len(pairs),
        "baseline_nli_calls": baseline_calls,
        "baseline_seconds": baseline_seconds,
        "pipeline_nli_calls": pipeline_calls,
        "pipeline_seconds": pipeline_seconds,
        "pipeline_stages": dict(report.timings),
        # None when the pipeline made no NLI call at all (nothing to divide by).
        "call_reduction": baseline_calls / pipeline_calls if pipeline_calls else None,
        "time_reduction": baseline_seconds / pipeline_seconds if pipeline_seconds else None,
        "confident_conflicts": len(confident),
        "confident_conflicts_found": found,
        "confident_conflicts_found_share": share,
        "pipeline_conflicts": len(pipeline_conflicts),
        "pairs_cosine_at_least_0.5": int((cosine >= MIN_COSINE).sum()),
        "examples_missed": missed,
        "peak_rss_bytes": peak_rss_bytes(),
        "thresholds": {"contradiction": CONFIDENT_CONTRADICTION, "cosine": MIN_COSINE},
    }
