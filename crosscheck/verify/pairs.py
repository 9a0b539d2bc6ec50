"""Verify candidate claim pairs: the explicit slot comparison, then the judge's scores.

The slots come first because they are cheap and sometimes settle a pair alone: an
explicit conflict between claims worded alike ("Officials said 24 ships were stranded" vs
"... 34 ships ...") is a conflict whatever NLI says, and two claims about different events
(``compare.different_events``) are related, never a conflict or an agreement. Those pairs
need no NLI; their verdicts carry no NLI probabilities. A figure or time that differs
between claims worded differently may measure two things ("rice production at 26.7 mln
tonnes", "raw sugar production at 1.8 mln tonnes"), so NLI decides those, the difference
lowering the contradiction it needs. An agreement or conflict NLI finds needs the judge's
same-event probability at ``same_event_threshold`` or more (when the model gives one). A
conflict NLI alone finds names the words the two claims differ in, unless the claims date
what they report to different days (``compare.days_apart``: "the dollar rose on Monday" /
"the dollar fell on Tuesday"), which makes them related. Two claims the judge reads as one
event that corroborate each other but for sharing too few words (``decide``, rule 4) are related
with an ``event`` reason that says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from crosscheck.compare import CONFIDENCE, FIGURES_AND_TIMES, days_apart, worded_alike
from crosscheck.config import Config
from crosscheck.types import NLI_LABELS, Claim, PairLabel, PairVerdict, Reason, Span
from crosscheck.verify.candidates import CandidatePair
from crosscheck.verify.decide import decide, slot_decision
from crosscheck.verify.differences import differing_wording
from crosscheck.verify.judge import Judgement

_C = NLI_LABELS.index("contradiction")

# The reason kind this stage makes (the slot rules declare theirs in crosscheck.compare): what
# NLI read as a contradiction, with the words the claims differ in. A model's reading is less
# sure than a checked figure or date.
REASONS: dict[str, float] = {"nli": 0.6}


def verify_pairs(
    pairs: Sequence[CandidatePair],
    judgements: Sequence[Judgement],
    *,
    config: Config | None = None,
) -> list[PairVerdict]:
    """Return one verdict per pair, in the order given.

    Args:
        pairs: the pairs to verify, each with its comparison (``crosscheck.compare``).
        judgements: the judge's scores of each pair (``crosscheck.verify.judge``), in the same order.
        config: the thresholds that turn scores into labels (``same_event_threshold`` among them).

    Raises:
        ValueError: if there is not one judgement per pair.
    """
    config = config or Config()
    if len(judgements) != len(pairs):
        raise ValueError(f"got {len(judgements)} judgements for {len(pairs)} pairs; judge every pair (judge_pairs)")
    verdicts = []
    for pair, judged in zip(pairs, judgements, strict=True):
        reasons = list(pair.comparison.reasons)
        apart = pair.comparison.apart
        if apart is not None:
            # Two periods or two events: their differences are findings, not conflicts.
            reasons = [r.model_copy(update={"conflict": False}) for r in reasons] + [apart]
        unsettled = _unsettled(pair, reasons, config.same_statement) if apart is None else frozenset()
        settled = _settled(apart, [r for r in reasons if r.kind not in unsettled])
        ab, ba, same = judged.nli_ab, judged.nli_ba, judged.same_event
        nli_ab = nli_ba = None
        if settled is not None:
            label, probability = settled
        else:
            label, probability = decide(ab, ba, reasons, unsettled=unsettled, thresholds=config, same_event=same,
                                        words=pair.words)
            short_of_words = (label == "related" and same is not None and same >= config.corroboration_threshold
                              and pair.words is not None and pair.words < config.corroboration_words)
            if short_of_words and decide(ab, ba, reasons, unsettled=unsettled, thresholds=config, same_event=same)[0] == "agree":
                reasons.append(_no_shared_words(same, pair.words, config.corroboration_words))
            if label == "conflict" and apart is not None:
                label = "related"
            if label != "conflict" and unsettled:
                reasons = [_unconfirmed(r) if r.conflict and r.kind in unsettled else r for r in reasons]
            if label in ("agree", "conflict") and same is not None and same < config.same_event_threshold:
                # NLI compares statements; two reports of different events can entail or
                # contradict each other word for word ("a 6.1 quake hit on Monday").
                reasons = [r.model_copy(update={"conflict": False}) for r in reasons] + [_other_event(same)]
                label, probability = "related", 1.0 - same
            elif label == "conflict" and not any(r.conflict for r in reasons):
                if (days := days_apart(pair.a, pair.b)) is not None:
                    reasons.append(days)
                    label, probability = "related", CONFIDENCE["event"]
                else:
                    reasons.append(_nli_reason(pair.a, pair.b, ab, ba))
            nli_ab = {name: round(float(p), 4) for name, p in zip(NLI_LABELS, ab, strict=True)}
            nli_ba = {name: round(float(p), 4) for name, p in zip(NLI_LABELS, ba, strict=True)}
        verdicts.append(
            PairVerdict(
                a=pair.a.id,
                b=pair.b.id,
                cluster_id=pair.cluster_id,
                label=label,
                probability=round(probability, 4),
                similarity=round(pair.similarity, 4),
                same_event=same,
                nli_ab=nli_ab,
                nli_ba=nli_ba,
                reasons=tuple(reasons),
                reused=pair.reused,
            )
        )
    return verdicts


def _no_shared_words(same: float, words: float, needed: float) -> Reason:
    return Reason(kind="event", message=f"the judge reads one event (same-event probability {same:.2f}), but the claims "
                  f"share few words their story does not use everywhere ({words:.2f}, {needed:.2f} needed): not a corroboration",
                  conflict=False)


def _other_event(same: float) -> Reason:
    return Reason(kind="event", message=f"the judge reads two different events (same-event probability {same:.2f})",
                  conflict=False)


def _nli_reason(a: Claim, b: Claim, ab, ba) -> Reason:
    """The reason of a conflict NLI alone found: its scores, and where the wording differs."""
    diffs = differing_wording(a.text, b.text)
    where = "; ".join(f"{d.a_text or '(nothing)'!r} vs {d.b_text or '(nothing)'!r}" for d in diffs) or "nowhere in the words"
    first = diffs[0] if diffs else None
    span_a = Span(start=a.start + first.a_span[0], end=a.start + first.a_span[1], text=first.a_text) if first else None
    span_b = Span(start=b.start + first.b_span[0], end=b.start + first.b_span[1], text=first.b_text) if first else None
    return Reason(
        kind="nli",
        message=f"NLI reads a contradiction both ways ({float(ab[_C]):.2f} / {float(ba[_C]):.2f}); the wording differs at {where}",
        a=span_a, b=span_b, conflict=True,
    )


def _settled(apart: Reason | None, reasons: Sequence[Reason]) -> tuple[PairLabel, float] | None:
    """The verdict the slots settle without NLI: two events are related; an explicit
    conflict is a conflict. Two periods are not settled: a fact repeated across periods
    can still be confirmed."""
    if apart is not None and apart.kind == "event":
        return "related", CONFIDENCE["event"]
    return slot_decision(reasons)


def _unsettled(pair: CandidatePair, reasons: Sequence[Reason], same_statement: float) -> frozenset[str]:
    """The reason kinds whose conflicts NLI must confirm: the figures and times of claims
    worded differently, which may measure two things (``compare.worded_alike``)."""
    if any(r.conflict and r.kind in FIGURES_AND_TIMES for r in reasons) and not worded_alike(pair.a, pair.b, same_statement):
        return FIGURES_AND_TIMES
    return frozenset()


def _unconfirmed(reason: Reason) -> Reason:
    return reason.model_copy(update={
        "conflict": False,
        "message": f"{reason.message} (worded differently, so possibly two measures; NLI finds no contradiction)",
    })
