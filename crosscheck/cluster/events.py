"""The cluster stage: claims about the same event across documents, from the judge's scores.

``find_events`` groups the claims of each story by the same-event probabilities the judge
gave their candidate pairs (``judged.cluster_events``: average-linkage agglomerative
clustering) and builds one ``ClaimCluster`` per group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from crosscheck.cluster.judged import centroid, cluster_events
from crosscheck.ingest.dating import document_period
from crosscheck.reuse import CopyIndex
from crosscheck.types import Claim, ClaimCluster, Document, stable_id


@dataclass(frozen=True)
class Events:
    """What the cluster stage found: the events, and the event of each clustered claim."""

    clusters: list[ClaimCluster]
    cluster_of: dict[str, str]  # claim id -> cluster id


def find_events(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    links: Sequence[tuple[str, str, float]],
    story_of: Mapping[str, str],
    copies: CopyIndex,
    documents: dict[str, Document],
    *,
    threshold: float,
    unread: float = 0.0,
) -> Events:
    """Group ``claims`` into events.

    Args:
        claims: the claims, row ``i`` of ``vectors`` for claim ``i``.
        vectors: normalised claim vectors (for each event's centroid claim).
        links: ``(claim id, claim id, p)``: the same-event probability of each judged pair
            that may be one event (``crosscheck.verify.event_links``).
        story_of: the story of each document id; claims of two stories are never one event.
        copies: which sentences copy which (for counting independent sources).
        documents: the run's documents by id.
        threshold: mean probability a claim needs over an event's members to join it.
        unread: the probability assumed for an unjudged pair of one story (``Config.unread_same_event``).
    """
    row = {c.id: i for i, c in enumerate(claims)}
    scores: dict[tuple[int, int], float] = {}
    for a, b, p in links:
        i, j = sorted((row[a], row[b]))
        scores[(i, j)] = max(p, scores.get((i, j), 0.0))
    groups = cluster_events([c.doc_id for c in claims], scores, story_of, threshold=threshold, unread=unread)
    clusters = [_make_cluster(g, claims, vectors, documents, copies) for g in groups]
    cluster_of = {claims[i].id: cluster.id for g, cluster in zip(groups, clusters, strict=True) for i in g}
    return Events(clusters=clusters, cluster_of=cluster_of)


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
