"""Events: claims grouped by the judge's same-event probabilities, inside each story.

The judge reads each candidate pair and says how likely the two claims report the same
real-world event. Within one story, those probabilities make a weighted graph; events are
found with scikit-learn's average-linkage agglomerative clustering on the distance
``1 - p(same event)``. A pair the judge did not read (the two claims were not among each
other's best candidates) counts as the probability ``unread``, a prior below the merge
threshold: on ECB+ dev, 35% of the cross-document sentence pairs of one topic beyond each
sentence's six nearest partners share an event, so the default 0.25 leans to "not the same
event" without letting unread pairs veto an event the read pairs agree on. Average linkage
means a claim joins an event only when its mean probability over the event's members
reaches ``threshold``, so one broad sentence cannot chain two events together.
Claims of two stories are never one event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from crosscheck.stories import story_key

__all__ = ["centroid", "cluster_events"]


def cluster_events(
    doc_ids: Sequence[str],
    scores: Mapping[tuple[int, int], float],
    story_of: Mapping[str, str],
    *,
    threshold: float,
    unread: float = 0.0,
) -> list[list[int]]:
    """Group claims (row numbers) into events.

    Contract: each claim is in at most one group; every group spans two documents or
    more, lies inside one story, and has a mean same-event probability of at least
    ``threshold`` between any two of its sub-groups when they were merged (average linkage
    on ``1 - p``, unread pairs at ``1 - unread``); members are in ascending order; groups are
    ordered by size (largest first), then by first member. Deterministic.

    Args:
        doc_ids: the document of each claim.
        scores: same-event probability of judged pairs ``(i, j)``, ``i < j`` (either order is read).
        story_of: the story id of each document id; a document missing here is its own story.
        threshold: mean same-event probability needed to merge (0 to 1).
        unread: the probability assumed for a pair of one story that has no score (0 to 1).

    Raises:
        ValueError: if ``threshold`` or ``unread`` is outside [0, 1] or a score names a row out of range.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be within [0, 1], got {threshold}")
    if not 0.0 <= unread <= 1.0:
        raise ValueError(f"unread must be within [0, 1], got {unread}")
    n = len(doc_ids)
    by_story: dict[str, set[int]] = {}
    for (i, j), _p in scores.items():
        if not (0 <= i < n and 0 <= j < n):
            raise ValueError(f"score for pair ({i}, {j}) names a claim outside 0..{n - 1}")
        si, sj = story_key(story_of, doc_ids[i]), story_key(story_of, doc_ids[j])
        if si == sj and i != j:
            by_story.setdefault(si, set()).update((i, j))
    groups: list[list[int]] = []
    for story in sorted(by_story):
        rows = sorted(by_story[story])
        groups.extend(_cluster_rows(rows, doc_ids, scores, threshold, unread))
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def _cluster_rows(
    rows: list[int], doc_ids: Sequence[str], scores: Mapping[tuple[int, int], float], threshold: float, unread: float
) -> list[list[int]]:
    from sklearn.cluster import AgglomerativeClustering

    pos = {r: k for k, r in enumerate(rows)}
    dist = np.full((len(rows), len(rows)), 1.0 - unread, dtype=np.float64)
    np.fill_diagonal(dist, 0.0)
    for (i, j), p in scores.items():
        if i in pos and j in pos and i != j:
            d = 1.0 - float(p)
            dist[pos[i], pos[j]] = dist[pos[j], pos[i]] = d
    if len(rows) < 2:
        return []
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - threshold + 1e-9
    ).fit_predict(dist)
    found: dict[int, list[int]] = {}
    for r, label in zip(rows, labels, strict=False):
        found.setdefault(int(label), []).append(r)
    return [sorted(g) for g in found.values() if len({doc_ids[m] for m in g}) >= 2]


def centroid(members: Sequence[int], embeddings: np.ndarray) -> int:
    """Return the member most similar, on average, to the other members."""
    vectors = embeddings[list(members)]
    totals = (vectors @ vectors.T).sum(axis=1)
    return int(members[int(np.argmax(totals))])
