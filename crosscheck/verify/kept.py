"""Pairs an earlier check read and judged, carried into a run as their verdicts (a store's add).

A store's add selects and judges only the pairs with a new claim. The pairs of two stored
claims keep the verdicts the last check gave them: the verdict depends on the two claims,
their documents, the judge's scores and the settings, none of which an add changes (the
store checks everything anew when the settings or models change). What an add can change is
around them: the story both claims are in (which decides whether the pair links an event),
the event both are in (``cluster_id``) and whether the two sentences are copies (a new
document can join two stored ones into one source); those are worked out again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crosscheck.reuse import CopyIndex
from crosscheck.stories import story_key
from crosscheck.types import Claim, PairVerdict


@dataclass(frozen=True)
class KeptPair:
    """A stored verdict, whether both claims are now in one story, and whether the comparison
    allowed the two claims to be one event (``Comparison.one_event``, stored beside the verdict)."""

    verdict: PairVerdict
    within_story: bool
    one_event: bool


def kept_pairs(
    verdicts: Sequence[PairVerdict], one_event: Sequence[bool], claims: Sequence[Claim], story_of: Mapping[str, str],
    copies: CopyIndex,
) -> list[KeptPair]:
    """The stored verdicts whose two claims are among ``claims``, each with its story and copy
    status as they are now.

    Raises:
        ValueError: if ``one_event`` does not have one flag per verdict.
    """
    if len(one_event) != len(verdicts):
        raise ValueError(f"got {len(one_event)} one-event flags for {len(verdicts)} verdicts; give one per verdict")
    by_id = {claim.id: claim for claim in claims}
    out = []
    for verdict, single in zip(verdicts, one_event, strict=True):
        a, b = by_id.get(verdict.a), by_id.get(verdict.b)
        if a is None or b is None:
            continue
        story_a, story_b = story_key(story_of, a.doc_id), story_key(story_of, b.doc_id)
        reused = copies.sentences_copied(a.doc_id, a.sentence_index, b.doc_id, b.sentence_index)
        if reused != verdict.reused:
            verdict = verdict.model_copy(update={"reused": reused})
        out.append(KeptPair(verdict, story_a == story_b, bool(single)))
    return out


def shared_event(cluster_of: Mapping[str, str], a: str, b: str) -> str | None:
    """The event both claims (ids) are in, or None (``with_events`` and ``with_kept`` set it as ``cluster_id``)."""
    cluster = cluster_of.get(a)
    return cluster if cluster is not None and cluster == cluster_of.get(b) else None


def with_kept(
    verdicts: Sequence[PairVerdict], one_event: Sequence[bool], kept: Sequence[KeptPair], claims: Sequence[Claim],
    cluster_of: Mapping[str, str],
) -> tuple[list[PairVerdict], list[bool]]:
    """The run's verdicts and the kept ones (their event set from ``cluster_of``), in the order
    a run over every claim gives them (by the two claims' rows), with their one-event flags."""
    row = {claim.id: i for i, claim in enumerate(claims)}
    merged = list(zip(verdicts, one_event, strict=True))
    for k in kept:
        shared = shared_event(cluster_of, k.verdict.a, k.verdict.b)
        verdict = k.verdict if k.verdict.cluster_id == shared else k.verdict.model_copy(update={"cluster_id": shared})
        merged.append((verdict, k.one_event))
    merged.sort(key=lambda item: (row[item[0].a], row[item[0].b]))
    return [v for v, _ in merged], [flag for _, flag in merged]
