"""Events: claims grouped by the judge's same-event probabilities, inside each story.

The judge reads each candidate pair and says how likely the two claims report the same
real-world event. Within one story, those probabilities make a weighted graph; events are
found with scikit-learn's average-linkage agglomerative clustering on the distance
``1 - p(same event)``, where a pair the judge did not read counts as distance 1. Average
linkage means a claim joins an event only when its mean probability over the event's
members reaches ``threshold``, so one broad sentence cannot chain two events together.
Claims of two stories are never one event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["cluster_events"]


def cluster_events(
    doc_ids: Sequence[str],
    scores: Mapping[tuple[int, int], float],
    story_of: Mapping[str, str],
    *,
    threshold: float,
) -> list[list[int]]:
    """Group claims (row numbers) into events.

    Contract: each claim is in at most one group; every group spans two documents or
    more, lies inside one story, and has a mean same-event probability of at least
    ``threshold`` between any two of its sub-groups when they were merged (average linkage
    on ``1 - p``, unread pairs at distance 1); members are in ascending order; groups are
    ordered by size (largest first), then by first member. Deterministic.

    Args:
        doc_ids: the document of each claim.
        scores: same-event probability of judged pairs ``(i, j)``, ``i < j`` (either order is read).
        story_of: the story id of each document id; a document missing here is its own story.
        threshold: mean same-event probability needed to merge (0 to 1).

    Raises:
        ValueError: if ``threshold`` is outside [0, 1] or a score names a row out of range.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be within [0, 1], got {threshold}")
    n = len(doc_ids)
    by_story: dict[str, set[int]] = {}
    for (i, j), p in scores.items():
        if not (0 <= i < n and 0 <= j < n):
            raise ValueError(f"score for pair ({i}, {j}) names a claim outside 0..{n - 1}")
        si, sj = story_of.get(doc_ids[i], f"doc:{doc_ids[i]}"), story_of.get(doc_ids[j], f"doc:{doc_ids[j]}")
        if si == sj and i != j:
            by_story.setdefault(si, set()).update((i, j))
    groups: list[list[int]] = []
    for story in sorted(by_story):
        rows = sorted(by_story[story])
        groups.extend(_cluster_rows(rows, doc_ids, scores, threshold))
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def _cluster_rows(
    rows: list[int], doc_ids: Sequence[str], scores: Mapping[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    from sklearn.cluster import AgglomerativeClustering

    pos = {r: k for k, r in enumerate(rows)}
    dist = np.ones((len(rows), len(rows)), dtype=np.float64)
    np.fill_diagonal(dist, 0.0)
    for (i, j), p in scores.items():
        if i in pos and j in pos and i != j:
            d = 1.0 - float(p)
            dist[pos[i], pos[j]] = dist[pos[j], pos[i]] = min(dist[pos[i], pos[j]], d)
    if len(rows) < 2:
        return []
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - threshold + 1e-9
    ).fit_predict(dist)
    found: dict[int, list[int]] = {}
    for r, label in zip(rows, labels):
        found.setdefault(int(label), []).append(r)
    return [sorted(g) for g in found.values() if len({doc_ids[m] for m in g}) >= 2]
