"""The brute-force baseline: every cross-source pair of claims through the NLI model.

This is how a user of a sentence-pair checker finds conflicts without an index: score all
pairs. It runs on the claims the pipeline extracted from the same documents, in both
directions (as the pipeline does), at the pipeline's batch size and character cut, so the
two differ only in which pairs they send to the model.

A *confident conflict* of the baseline is a pair with contradiction >= 0.9 in either
direction between claims with cosine >= 0.5. The share of those the pipeline reports as
``conflict`` is the recall of the pipeline against the baseline. The same share is also
given for the pairs with contradiction >= 0.9 in both directions (the pipeline asks for
both directions before NLI alone makes a conflict), with how many distinct claims the
conflicts involve and the most conflicts any one claim has.

All pairs are scored when there are at most ``exhaustive_pairs`` of them. A few hundred
documents make millions of pairs (days of NLI on a laptop), so beyond that only the pairs
with cosine >= 0.5 are scored: they are the only ones that can be confident conflicts, so
the conflicts found are the same as scoring every pair. The baseline's calls are still
counted in full, and its time is then estimated from the measured rate (``baseline_timing``
says which).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence

import numpy as np

from crosscheck.types import NLI_LABELS, PairVerdict

CONFIDENT_CONTRADICTION = 0.9
MIN_COSINE = 0.5
EXHAUSTIVE_PAIRS = 20_000  # every pair is scored up to this many (40,000 NLI calls, ~10 min)
_C = NLI_LABELS.index("contradiction")


def count_cross_source_pairs(sources: Sequence[str]) -> int:
    """How many pairs ``i < j`` have different sources, without listing them."""
    sizes = np.array(list(Counter(sources).values()), dtype=np.int64)
    n = int(sizes.sum())
    return int((n * n - int((sizes * sizes).sum())) // 2)


def similar_cross_source_pairs(
    vectors: np.ndarray, sources: Sequence[str], min_cosine: float, *, block: int = 1024
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The cross-source pairs ``i < j`` with cosine >= ``min_cosine``, and their cosines.

    Computed a block of rows at a time, so memory stays at ``block * n`` similarities.
    """
    labels = np.unique(np.asarray(sources), return_inverse=True)[1]
    pairs: list[tuple[int, int]] = []
    cosines: list[np.ndarray] = []
    for start in range(0, len(vectors), block):
        sims = vectors[start : start + block] @ vectors.T
        rows, cols = np.nonzero(sims >= min_cosine)
        rows = rows + start
        keep = (cols > rows) & (labels[rows] != labels[cols])
        rows, cols = rows[keep], cols[keep]
        pairs.extend(zip(rows.tolist(), cols.tolist(), strict=True))
        cosines.append(sims[rows - start, cols])
    return pairs, (np.concatenate(cosines).astype(np.float32) if cosines else np.zeros(0, dtype=np.float32))


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
    from crosscheck.bench.corpora import load_corpus
    from crosscheck.bench.measure import nli_calls, peak_rss_bytes
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
    sources = [source_of[c.doc_id] for c in claims]
    # Embeddings only pick the confident conflicts; they are not part of the baseline's cost.
    vectors = checker.embedder.encode(texts, batch_size=config.embed_batch_size)
    all_pairs = count_cross_source_pairs(sources)
    exhaustive = all_pairs <= int(spec.get("exhaustive_pairs", EXHAUSTIVE_PAIRS))  # type: ignore[call-overload]
    pairs, cosine = similar_cross_source_pairs(vectors, sources, -np.inf if exhaustive else MIN_COSINE)

    started = time.perf_counter()
    contradiction = np.zeros(len(pairs), dtype=np.float32)
    both_ways = np.zeros(len(pairs), dtype=np.float32)  # the smaller of the two directions
    chunk = 4096  # bounded memory: the pair list is scored a chunk at a time
    for at in range(0, len(pairs), chunk):
        part = pairs[at : at + chunk]
        both = [(texts[i], texts[j]) for i, j in part] + [(texts[j], texts[i]) for i, j in part]
        probs = checker.nli.predict(both, batch_size=config.nli_batch_size)
        contradiction[at : at + len(part)] = np.maximum(probs[: len(part), _C], probs[len(part) :, _C])
        both_ways[at : at + len(part)] = np.minimum(probs[: len(part), _C], probs[len(part) :, _C])
    scored_seconds = time.perf_counter() - started
    baseline_calls = 2 * all_pairs
    scored_calls = 2 * len(pairs)
    # Not exhaustive: the whole baseline's time at the rate measured on the pairs scored.
    baseline_seconds = scored_seconds if exhaustive or not scored_calls else scored_seconds * baseline_calls / scored_calls

    confident = confident_conflicts(pairs, contradiction, cosine)
    confident_ids = [(claims[i].id, claims[j].id) for i, j in confident]
    found, share = share_found(confident_ids, pipeline_conflicts)
    # Where the others went: never compared (not among the pipeline's candidate pairs), or
    # compared and given another label (and why: the slots' reasons).
    label_of = {frozenset((v.a, v.b)): v for v in report.verdicts}
    fate = Counter(label_of[frozenset(p)].label if frozenset(p) in label_of else "not compared" for p in confident_ids)
    confident_set = set(confident)
    # The same conflicts under the pipeline's own rule for NLI alone (contradiction in
    # both directions): one direction's contradiction is what the pipeline distrusts.
    both_ids = [(claims[i].id, claims[j].id) for i, j in confident_conflicts(pairs, both_ways, cosine)]
    found_both, share_both = share_found(both_ids, pipeline_conflicts)
    # A few claims that the model contradicts with many others (wire tables, market
    # reports) can make most of the baseline's conflicts.
    per_claim = Counter(c for pair in confident for c in pair)
    missed, shown = [], set()
    for k, (i, j) in enumerate(pairs):
        if (i, j) not in confident_set or frozenset((claims[i].id, claims[j].id)) in pipeline_conflicts:
            continue
        if texts[i] in shown and texts[j] in shown:
            continue  # each example brings a sentence not shown before (wire copies repeat them)
        shown.update((texts[i], texts[j]))
        missed.append({
            "a": claims[i].text[:200],
            "b": claims[j].text[:200],
            "contradiction": float(contradiction[k]),
            "contradiction_both_directions": float(both_ways[k]),
            "cosine": float(cosine[k]),
            "pipeline": _pipeline_view(label_of.get(frozenset((claims[i].id, claims[j].id)))),
        })
        if len(missed) == 10:
            break
    return {
        "status": "ok",
        "documents": len(report.documents),
        "claims": len(claims),
        "cross_source_pairs": all_pairs,
        "baseline_nli_calls": baseline_calls,
        "baseline_seconds": baseline_seconds,
        "baseline_timing": "measured" if exhaustive else "estimated from the rate on the pairs scored",
        "baseline_pairs_scored": len(pairs),
        "baseline_scored_seconds": scored_seconds,
        "pipeline_nli_calls": pipeline_calls,
        "pipeline_seconds": pipeline_seconds,
        "pipeline_stages": dict(report.timings),
        # None when the pipeline made no NLI call at all (nothing to divide by).
        "call_reduction": baseline_calls / pipeline_calls if pipeline_calls else None,
        "time_reduction": baseline_seconds / pipeline_seconds if pipeline_seconds else None,
        "confident_conflicts": len(confident),
        "confident_conflicts_found": found,
        "confident_conflicts_found_share": share,
        "confident_conflicts_by_pipeline_label": dict(fate),
        "confident_conflicts_both_directions": len(both_ids),
        "confident_conflicts_both_directions_found": found_both,
        "confident_conflicts_both_directions_found_share": share_both,
        "confident_conflicts_distinct_claims": len(per_claim),
        "confident_conflicts_top_claim_count": max(per_claim.values(), default=0),
        "pipeline_conflicts": len(pipeline_conflicts),
        "pairs_cosine_at_least_0.5": int((np.asarray(cosine) >= MIN_COSINE).sum()),
        "examples_missed": missed,
        "peak_rss_bytes": peak_rss_bytes(),
        "thresholds": {"contradiction": CONFIDENT_CONTRADICTION, "cosine": MIN_COSINE},
    }


def _pipeline_view(verdict: PairVerdict | None) -> str:
    if verdict is None:
        return "not compared"
    return "; ".join([verdict.label] + [r.message for r in verdict.reasons])
