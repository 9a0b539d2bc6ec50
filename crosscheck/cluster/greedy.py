"""The clustering algorithm: greedy community detection with average linkage.

As in sentence-transformers' community detection: the claim with the most close
neighbours seeds an event with those neighbours, then the next unassigned one, and so on;
a community must span two documents or more. With the claim vectors at hand, a neighbour
joins only when it is close to the event's members on average (average linkage), not
just to the seed: two sentences that are each near one broad sentence ("relations
between the two countries") are often about different events.

To try another algorithm, write a function with the contract of ``cluster_claims`` and
call it from ``crosscheck.cluster.events.find_events``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from crosscheck.cluster.neighbours import Neighbours


def cluster_claims(
    n: int,
    neighbours: Sequence[Neighbours],
    doc_ids: Sequence[str],
    *,
    threshold: float,
    compatible: Callable[[int, int], bool],
    vectors: np.ndarray | None = None,
) -> list[list[int]]:
    """Group claims into events.

    Contract: each claim is in at most one group; every group spans at least two
    documents, holds no two claims that ``compatible`` says cannot be about one event,
    and is listed with its members in ascending order; groups are ordered by size
    (largest first), then by their first member.

    Args:
        n: number of claims.
        neighbours: pairs from ``find_neighbours``; those below ``threshold`` are ignored.
        doc_ids: the document of each claim.
        threshold: cosine similarity that links two claims into one event.
        compatible: ``compatible(i, j)`` is False for claims that cannot be about one event
            (different periods, different places for the same act).
        vectors: normalised claim vectors; when given, a claim joins a group only if its
            mean cosine similarity to the members is at least ``threshold``.
    """
    linked: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for pair in neighbours:
        if pair.similarity >= threshold:
            linked[pair.a].append((pair.similarity, pair.b))
            linked[pair.b].append((pair.similarity, pair.a))
    order = sorted(linked, key=lambda i: (-len(linked[i]), i))
    group_of: dict[int, int] = {}
    groups: list[list[int]] = []
    for seed in order:
        if seed in group_of:
            continue
        members = [seed]
        for _, other in sorted(linked[seed], reverse=True):
            if other not in group_of and _joins(other, members, compatible, vectors, threshold):
                members.append(other)
        if len({doc_ids[m] for m in members}) < 2:
            continue
        for m in members:
            group_of[m] = len(groups)
        groups.append(members)
    # One pass to attach claims left out to the group of their closest grouped neighbour;
    # claims attached here do not attract others, so groups cannot chain.
    seeded = dict(group_of)
    for i in range(n):
        if i in group_of or i not in linked:
            continue
        candidates = [(s, j) for s, j in linked[i] if j in seeded]
        if candidates:
            _, j = max(candidates)
            group = groups[seeded[j]]
            if _joins(i, group, compatible, vectors, threshold):
                group.append(i)
                group_of[i] = seeded[j]
    result = [sorted(g) for g in groups]
    return sorted(result, key=lambda g: (-len(g), g[0]))


def _joins(
    claim: int, members: Sequence[int], compatible: Callable[[int, int], bool], vectors: np.ndarray | None, threshold: float
) -> bool:
    """True if ``claim`` may join ``members``: compatible with each, and close to them on average."""
    if not all(compatible(claim, m) for m in members):
        return False
    return vectors is None or float((vectors[list(members)] @ vectors[claim]).mean()) >= threshold


def centroid(members: Sequence[int], embeddings: np.ndarray) -> int:
    """Return the member most similar, on average, to the other members."""
    vectors = embeddings[list(members)]
    totals = (vectors @ vectors.T).sum(axis=1)
    return int(members[int(np.argmax(totals))])
