"""Candidate pairs for the judge: the selected claim pairs (``select``), each with its comparison."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from crosscheck.compare import Comparison, Comparisons
from crosscheck.config import Config
from crosscheck.protocols import VectorIndex
from crosscheck.reuse import CopyIndex
from crosscheck.types import Claim
from crosscheck.verify.kept import KeptPair, shared_event
from crosscheck.verify.select import select_candidates


@dataclass(frozen=True)
class CandidatePair:
    """Two claims to judge: their cosine similarity, comparison, event (once known) and provenance.

    ``within_story`` is False for a near-duplicate pair from two stories. ``words`` is the
    TF-IDF cosine of the two claims' words over their story (``crosscheck.verify.select``; for a
    store query, over the claims of the hits' documents), None when unknown (a near-duplicate or
    copy pair not ranked inside a story).
    """

    a: Claim
    b: Claim
    similarity: float
    comparison: Comparison
    cluster_id: str | None = None
    reused: bool = False
    within_story: bool = True
    words: float | None = None


def candidate_pairs(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    index: VectorIndex,
    story_of: Mapping[str, str],
    comparisons: Comparisons,
    copies: CopyIndex,
    config: Config,
    *,
    fresh: Sequence[bool] | None = None,
) -> list[CandidatePair]:
    """The pairs the judge reads (see ``crosscheck.verify.select``), in ``(a, b)`` row order.

    With ``fresh`` (a store's add: its new claims), only the pairs with a new claim are
    returned, selected as a check of all the claims would select them.

    Args:
        claims: the claims, row ``i`` of ``vectors`` and ``index`` for claim ``i``.
        vectors: normalised claim vectors.
        index: the corpus index over ``vectors``.
        story_of: the story of each document id.
        comparisons: the run's pair comparisons.
        copies: which sentences are copies of which (their claims are read as pairs too).
        config: ``candidate_budget``, ``candidate_lexical_weight``, ``candidate_overlap_weight``, ``near_duplicate_threshold``, ``neighbours``.
        fresh: which claims are new (one flag per claim); None: all.
    """
    rows_of: dict[tuple[str, int], list[int]] = {}
    for row, claim in enumerate(claims):
        rows_of.setdefault((claim.doc_id, claim.sentence_index), []).append(row)
    copied = [(i, j) for x, y in copies.aligned_sentences() for i in rows_of.get(x, ()) for j in rows_of.get(y, ())]
    selected = select_candidates(
        claims, vectors, story_of, index, copied=copied,
        budget=config.candidate_budget,
        overlap_weight=config.candidate_overlap_weight,
        lexical_weight=config.candidate_lexical_weight,
        near_duplicate=config.near_duplicate_threshold,
        neighbours=config.neighbours,
        fresh=fresh,
    )
    out = []
    for pick in selected:
        a, b = claims[pick.a], claims[pick.b]
        out.append(
            CandidatePair(
                a=a,
                b=b,
                similarity=pick.similarity,
                comparison=comparisons(a, b),
                reused=copies.sentences_copied(a.doc_id, a.sentence_index, b.doc_id, b.sentence_index),
                within_story=pick.within_story,
                words=pick.words,
            )
        )
    return out


@dataclass(frozen=True)
class EventLinks:
    """The scored pairs inside stories, ``(claim id, claim id, p)``, the mean ``p`` that joins, and
    the ``p`` assumed for a pair of one story that was not judged."""

    links: list[tuple[str, str, float]]
    threshold: float
    unread: float = 0.0


def event_links(
    pairs: Sequence[CandidatePair], same_event: Sequence[float | None], config: Config, *, kept: Sequence[KeptPair] = (),
) -> EventLinks:
    """The scored pairs inside each story, with the probability the cluster stage reads.

    The probability is the judge's same-event score, joined at ``config.event_threshold``; for
    a model without one, the cosine similarity stands in (clipped at 0), joined at
    ``config.cluster_threshold``. A pair the comparison rules out as one event (another
    period, a different place for one act, a sign of two events) gets 0, whatever the judge
    says. Pairs of two stories are left out: they are never one event.

    Args:
        pairs: the candidate pairs.
        same_event: the judge's same-event probability of each pair (None: the model has none).
        config: ``event_threshold``, ``cluster_threshold`` and ``unread_same_event``.
        kept: pairs an earlier check judged (``crosscheck.verify.kept``), linked the same way.
    """
    rows = [(pair.a.id, pair.b.id, pair.within_story, pair.similarity, p, pair.comparison.one_event)
            for pair, p in zip(pairs, same_event, strict=True)]
    rows += [(k.verdict.a, k.verdict.b, k.within_story, k.verdict.similarity, k.verdict.same_event, k.one_event) for k in kept]
    judged = bool(rows) and all(row[4] is not None for row in rows)
    links = []
    for a, b, within_story, similarity, p, one_event in rows:
        if not within_story:
            continue
        score = float(p) if judged and p is not None else max(0.0, similarity)
        links.append((a, b, score if one_event else 0.0))
    if judged:
        return EventLinks(links, config.event_threshold, config.unread_same_event)
    return EventLinks(links, config.cluster_threshold)


def with_events(pairs: Sequence[CandidatePair], cluster_of: Mapping[str, str]) -> list[CandidatePair]:
    """The pairs with ``cluster_id`` set where both claims are in the same event."""
    return [replace(pair, cluster_id=shared_event(cluster_of, pair.a.id, pair.b.id)) for pair in pairs]
