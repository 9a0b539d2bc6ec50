"""Verify candidate claim pairs: the explicit slot comparison, then NLI in both directions.

The slots come first because they are cheap and sometimes settle a pair alone: an
explicit conflict between claims worded alike ("Officials said 24 ships were stranded" vs
"... 34 ships ...") is a conflict whatever NLI says, and two claims about different events
(``compare.different_events``) are related, never a conflict or an agreement. Those pairs
skip the NLI model, the costly step; their verdicts carry no NLI probabilities. A figure
or time that differs between claims worded differently may measure two things ("rice
production at 26.7 mln tonnes", "raw sugar production at 1.8 mln tonnes"), so NLI decides
those, the difference lowering the contradiction it needs. The premise/hypothesis pairs
are flattened into one deduplicated list and scored in batches, so a sentence repeated
across pairs costs one NLI call per partner.
"""

from __future__ import annotations

from collections.abc import Sequence

from crosscheck.compare import CONFIDENCE, FIGURES_AND_TIMES, worded_alike
from crosscheck.config import Config
from crosscheck.protocols import NLIModel
from crosscheck.types import NLI_LABELS, PairLabel, PairVerdict, Reason
from crosscheck.verify.candidates import CandidatePair
from crosscheck.verify.decide import decide, slot_decision


def verify_pairs(
    pairs: Sequence[CandidatePair],
    nli: NLIModel,
    *,
    config: Config | None = None,
    show_progress: bool = False,
) -> list[PairVerdict]:
    """Return one verdict per pair, in the order given.

    Args:
        pairs: the pairs to verify, each with its comparison (``crosscheck.compare``).
        nli: the NLI backend; each pair the slots do not settle is scored as (a, b) and as (b, a).
        config: run settings: ``nli_batch_size``, ``max_claim_chars`` (claims are cut to this
            before NLI) and the thresholds that turn NLI scores into labels.
        show_progress: show a progress bar while scoring.
    """
    config = config or Config()
    max_chars = config.max_claim_chars
    findings = []
    texts: dict[tuple[str, str], int] = {}
    for pair in pairs:
        reasons = list(pair.comparison.reasons)
        apart = pair.comparison.apart
        if apart is not None:
            # Two periods or two events: their differences are findings, not conflicts.
            reasons = [r.model_copy(update={"conflict": False}) for r in reasons] + [apart]
        unsettled = _unsettled(pair, reasons, config.same_statement) if apart is None else frozenset()
        settled = _settled(apart, [r for r in reasons if r.kind not in unsettled])
        a, b = pair.a.text[:max_chars], pair.b.text[:max_chars]
        findings.append((reasons, apart, unsettled, settled, a, b))
        if settled is None:
            texts.setdefault((a, b), len(texts))
            texts.setdefault((b, a), len(texts))
    probs = nli.predict(list(texts), batch_size=config.nli_batch_size, show_progress=show_progress) if texts else None
    verdicts = []
    for pair, (reasons, apart, unsettled, settled, a, b) in zip(pairs, findings, strict=True):
        nli_ab = nli_ba = None
        if settled is not None:
            label, probability = settled
        else:
            ab, ba = probs[texts[(a, b)]], probs[texts[(b, a)]]
            label, probability = decide(ab, ba, reasons, unsettled=unsettled, thresholds=config)
            if label == "conflict" and apart is not None:
                label = "related"
            if label != "conflict" and unsettled:
                reasons = [_unconfirmed(r) if r.conflict and r.kind in unsettled else r for r in reasons]
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
                nli_ab=nli_ab,
                nli_ba=nli_ba,
                reasons=tuple(reasons),
                reused=pair.reused,
            )
        )
    return verdicts


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
