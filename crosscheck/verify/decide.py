"""One verdict per claim pair from the two NLI directions and the explicit slot findings."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from crosscheck.compare import CONFIDENCE
from crosscheck.config import Config
from crosscheck.types import NLI_LABELS, PairLabel, Reason

__all__ = ["decide", "slot_decision"]

_E, _N, _C = (NLI_LABELS.index(name) for name in ("entailment", "neutral", "contradiction"))


def _probs(name: str, p: np.ndarray) -> np.ndarray:
    arr = np.asarray(p, dtype=float).reshape(-1)
    if arr.shape != (len(NLI_LABELS),) or not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be {len(NLI_LABELS)} finite probabilities in the order {NLI_LABELS}, got {p!r}")
    return arr


def decide(
    nli_ab: np.ndarray,
    nli_ba: np.ndarray,
    reasons: Sequence[Reason],
    *,
    unsettled: Collection[str] = (),
    thresholds: Config | None = None,
    same_event: float | None = None,
    words: float | None = None,
) -> tuple[PairLabel, float]:
    """Combine NLI probabilities (columns in ``NLI_LABELS`` order) and slot reasons.

    Rules, in order:

    1. An explicit slot conflict (``reason.conflict``) decides ``conflict``, whatever NLI
       says: "24 vs 34 Chinese officials" outweighs an entailment that a model gives two
       near-identical sentences. Its probability is the larger of the reason's
       confidence and the NLI contradiction.
    2. A soft finding (e.g. a quote whose wording differs, or a conflict of a kind in
       ``unsettled``) lowers the contradiction needed in both directions by
       ``soft_contradiction_margin``.
    3. NLI contradiction in both directions at or above ``contradiction_threshold``
       and above entailment gives ``conflict`` (one model's contradiction in one
       direction is too weak: news pairs that agree but word a negation differently
       score high in one direction); entailment at or above
       ``entailment_threshold`` gives ``agree``; consistent slots (same figures, same
       date) let an entailment ``consistent_entailment_margin`` weaker count.
    4. Two reports of one event that do not contradict each other corroborate it even when
       each adds details the other lacks (NLI then says neutral both ways): a same-event
       probability at or above ``corroboration_threshold``, with contradiction below
       ``contradiction_threshold`` in at least one direction, and the two claims sharing
       words their story does not use everywhere (``words`` at or above
       ``corroboration_words``, when known), gives ``agree``. Without shared words the
       judge's same-event reading alone is too weak to call two claims corroborating
       ("China has not yet confirmed the visit" / "The United States does not have the
       qualification to say that it wants to speak to China from a position of strength"):
       on ECB+ dev (topics the judge was not trained on), the pairs it would call
       corroborating share an event 59% of the time, 80% with the words condition, about as
       often as the pairs NLI entailment calls agreeing (77%).
    5. Otherwise ``related``. A slot present on one side only is no evidence either way.

    Args:
        nli_ab: probabilities with a as premise, b as hypothesis.
        nli_ba: probabilities with b as premise, a as hypothesis.
        reasons: the findings of :func:`crosscheck.compare.compare_claims`.
        unsettled: reason kinds whose conflicts do not decide alone (the verify stage passes
            the figures and times of claims worded differently: they may measure two things).
        thresholds: the run settings whose ``contradiction_threshold``, ``entailment_threshold``,
            ``soft_contradiction_margin``, ``consistent_entailment_margin``,
            ``corroboration_threshold`` and ``corroboration_words`` apply (default: ``Config()``).
        same_event: the judge's probability that both claims report one event (None: unknown).
        words: the TF-IDF cosine of the two claims' words, IDF over their story (None: unknown,
            no words condition).

    Returns:
        The label and its probability.

    Raises:
        ValueError: if an NLI vector is not three finite probabilities.
    """
    t = thresholds or Config()
    ab, ba = _probs("nli_ab", nli_ab), _probs("nli_ba", nli_ba)
    contradiction = max(float(ab[_C]), float(ba[_C]))
    both_ways = min(float(ab[_C]), float(ba[_C]))
    entailment = max(float(ab[_E]), float(ba[_E]))
    decided = slot_decision([r for r in reasons if r.kind not in unsettled])
    if decided is not None:
        return "conflict", float(max(decided[1], contradiction))
    soft = [r for r in reasons if r.kind in ("quote", "framing", "speaker") or (r.conflict and r.kind in unsettled)]
    needed_c = t.contradiction_threshold - (t.soft_contradiction_margin if soft else 0.0)
    if both_ways >= needed_c and both_ways > entailment:
        return "conflict", both_ways
    consistent = [r for r in reasons if not r.conflict and r.kind in ("amount", "count", "percent", "date", "weekday", "duration")]
    needed = t.entailment_threshold - (t.consistent_entailment_margin if consistent else 0.0)
    if entailment >= needed and entailment > contradiction:
        return "agree", entailment
    shared_words = words is None or words >= t.corroboration_words
    if same_event is not None and same_event >= t.corroboration_threshold and both_ways < t.contradiction_threshold and shared_words:
        return "agree", float(same_event)
    return "related", float(1.0 - max(contradiction, entailment))


def slot_decision(reasons: Sequence[Reason]) -> tuple[PairLabel, float] | None:
    """The verdict the explicit findings settle whatever NLI would say, or None.

    An explicit slot conflict (rule 1 of :func:`decide`) gives ``conflict`` with the
    confidence its rule family declares (``crosscheck.compare.CONFIDENCE``); the pipeline then skips the NLI model for that pair.
    """
    conflicts = [r for r in reasons if r.conflict]
    if not conflicts:
        return None
    return "conflict", max(CONFIDENCE[r.kind] for r in conflicts)
