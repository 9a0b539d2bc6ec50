"""Candidate pairs for verification: neighbour pairs similar enough, each with its comparison."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crosscheck.cluster import Neighbours
from crosscheck.compare import Comparison, Comparisons
from crosscheck.reuse import CopyIndex
from crosscheck.types import Claim


@dataclass(frozen=True)
class CandidatePair:
    """Two claims to verify, their cosine similarity, the event they share (if any), and their comparison."""

    a: Claim
    b: Claim
    similarity: float
    comparison: Comparison
    cluster_id: str | None = None
    reused: bool = False


def candidate_pairs(
    claims: Sequence[Claim],
    neighbours: Sequence[Neighbours],
    cluster_of: dict[str, str],
    comparisons: Comparisons,
    copies: CopyIndex,
    *,
    threshold: float,
) -> list[CandidatePair]:
    """The neighbour pairs at or above ``threshold`` (``Config.pair_threshold``) cosine similarity, in order.

    Args:
        claims: the claims, indexed by the neighbours' row numbers.
        neighbours: the neighbour pairs of the cluster stage.
        cluster_of: the event of each clustered claim (claim id -> cluster id).
        comparisons: the run's pair comparisons (the ones clustering read).
        copies: which sentences are copies of which.
        threshold: cosine similarity a pair needs to be verified.
    """
    out = []
    for pair in neighbours:
        if pair.similarity < threshold:
            continue
        a, b = claims[pair.a], claims[pair.b]
        cluster = cluster_of.get(a.id)
        out.append(
            CandidatePair(
                a=a,
                b=b,
                similarity=pair.similarity,
                # Document periods, not claim time slots: two claims giving different dates for one
                # event are a date conflict to report, not two periods.
                comparison=comparisons(a, b),
                cluster_id=cluster if cluster is not None and cluster == cluster_of.get(b.id) else None,
                reused=copies.sentences_copied(a.doc_id, a.sentence_index, b.doc_id, b.sentence_index),
            )
        )
    return out
