"""Group claims about the same event across documents, from the index neighbourhood only.

Each claim asks the vector index for its nearest neighbours; only neighbours from other
documents of a compatible period count. That gives a sparse similarity graph of at most
``n * k`` edges (never an all-pairs loop). Events are then found greedily, as in
sentence-transformers' community detection: the claim with the most close neighbours
seeds an event with those neighbours, then the next unassigned one, and so on; a
community must span two documents or more. With the claim vectors at hand, a neighbour
joins only when it is close to the event's members on average (average linkage), not
just to the seed: two sentences that are each near one broad sentence ("relations
between the two countries") are often about different events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from crosscheck.backends import VectorIndex


@dataclass(frozen=True)
class Neighbours:
    """A pair of claims (row numbers, ``a < b``) from different documents and their cosine similarity."""

    a: int
    b: int
    similarity: float


def find_neighbours(
    embeddings: np.ndarray,
    index: VectorIndex,
    doc_ids: Sequence[str],
    *,
    k: int,
    min_similarity: float,
    compatible: Callable[[str, str], bool],
    mutual: bool = False,
) -> list[Neighbours]:
    """Return the cross-document pairs among each claim's ``k`` nearest neighbours.

    Args:
        embeddings: normalised claim vectors, row ``i`` for claim ``i``; the index holds the same rows.
        index: the vector index to search.
        doc_ids: the document of each claim.
        k: neighbours fetched per claim.
        min_similarity: pairs less similar than this are dropped.
        compatible: ``compatible(doc_a, doc_b)`` is False for documents of clearly different periods.
        mutual: keep a pair only when each claim is among the other's ``k`` nearest
            cross-document neighbours. Template text (tables of results, market reports)
            makes hubs, sentences close to hundreds of others; mutual pairs keep each claim
            to at most ``k`` partners, so the pairs grow linearly with the corpus.

    Returns:
        Each unordered pair once, sorted by ``(a, b)``.
    """
    if len(embeddings) == 0:
        return []
    # One extra row for the claim itself, and a margin for same-document neighbours.
    scores, ids = index.search(embeddings, min(2 * k + 1, len(embeddings)))
    nearest: list[dict[int, float]] = []
    for i in range(len(embeddings)):
        mine: dict[int, float] = {}
        for score, j in zip(scores[i], ids[i]):
            j = int(j)
            if len(mine) == k or score < min_similarity:
                break
            if j >= 0 and j != i and doc_ids[i] != doc_ids[j] and compatible(doc_ids[i], doc_ids[j]):
                mine[j] = float(score)
        nearest.append(mine)
    found: dict[tuple[int, int], float] = {}
    for i, mine in enumerate(nearest):
        for j, score in mine.items():
            if not mutual or i in nearest[j]:
                found[(i, j) if i < j else (j, i)] = score
    return [Neighbours(a, b, s) for (a, b), s in sorted(found.items())]


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
