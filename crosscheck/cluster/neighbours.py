"""Neighbour pairs of claims from the vector index: the sparse graph every later stage reads.

Each claim asks the vector index for its nearest neighbours; only neighbours from other
documents of a compatible period count. That gives a similarity graph of at most ``n * k``
edges (never an all-pairs loop).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from crosscheck.protocols import VectorIndex


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
        for score, j in zip(scores[i], ids[i], strict=True):
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
