"""The cluster stage: claims about the same event across documents, from the index neighbourhood only.

``find_events`` finds the neighbour pairs (``neighbours``), groups them with the clustering
algorithm (``greedy``) under the one-event rule of ``crosscheck.compare``, and builds one
``ClaimCluster`` per group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from crosscheck.cluster.greedy import centroid, cluster_claims
from crosscheck.cluster.neighbours import Neighbours, find_neighbours
from crosscheck.compare import Comparisons
from crosscheck.config import Config
from crosscheck.ingest.dating import document_period
from crosscheck.protocols import VectorIndex
from crosscheck.reuse import CopyIndex
from crosscheck.types import Claim, ClaimCluster, Document, stable_id


@dataclass(frozen=True)
class Events:
    """What the cluster stage found: the neighbour pairs, and the events."""

    neighbours: list[Neighbours]
    clusters: list[ClaimCluster]
    cluster_of: dict[str, str]  # claim id -> cluster id


def find_events(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    index: VectorIndex,
    comparisons: Comparisons,
    copies: CopyIndex,
    documents: dict[str, Document],
    config: Config,
) -> Events:
    """Group ``claims`` into events.

    Args:
        claims: the claims, row ``i`` of ``vectors`` and of ``index`` for claim ``i``.
        vectors: normalised claim vectors.
        index: the vector index holding ``vectors``.
        comparisons: the run's pair comparisons; a pair joins one event only if ``one_event``.
        copies: which sentences copy which (for counting independent sources).
        documents: the run's documents by id.
        config: ``neighbours``, ``mutual_neighbours``, ``pair_threshold``, ``cluster_threshold``.
    """
    doc_ids = [c.doc_id for c in claims]
    neighbours = find_neighbours(
        vectors,
        index,
        doc_ids,
        k=config.neighbours,
        min_similarity=min(config.pair_threshold, config.cluster_threshold),
        compatible=comparisons.same_period,
        mutual=config.mutual_neighbours,
    )
    groups = cluster_claims(
        len(claims),
        neighbours,
        doc_ids,
        threshold=config.cluster_threshold,
        compatible=lambda i, j: comparisons(claims[i], claims[j]).one_event,
        vectors=vectors,
    )
    clusters = [_make_cluster(g, claims, vectors, documents, copies) for g in groups]
    cluster_of = {claims[i].id: cluster.id for g, cluster in zip(groups, clusters, strict=True) for i in g}
    return Events(neighbours=neighbours, clusters=clusters, cluster_of=cluster_of)


def _make_cluster(
    members: list[int], claims: Sequence[Claim], vectors: np.ndarray, docs: dict[str, Document], copies: CopyIndex
) -> ClaimCluster:
    ids = tuple(claims[i].id for i in members)
    doc_ids = tuple(sorted({claims[i].doc_id for i in members}))
    months = Counter(document_period(docs[d]) for d in doc_ids if docs[d].date)
    return ClaimCluster(
        id=stable_id(*ids),
        claim_ids=ids,
        centroid_claim_id=claims[centroid(members, vectors)].id,
        doc_ids=doc_ids,
        period=months.most_common(1)[0][0] if months else None,
        sources=len(doc_ids),
        independent_sources=copies.count_independent(doc_ids, sentences=[(claims[i].doc_id, claims[i].sentence_index) for i in members]),
    )
