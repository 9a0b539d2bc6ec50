"""Pair verification: the slots settle what they can, the judge's scores decide the rest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from crosscheck.backends.fakes import RuleNLI
from crosscheck.claims.slots.parse import extract_slots
from crosscheck.compare import compare_claims
from crosscheck.types import Claim, PairVerdict
from crosscheck.verify import CandidatePair, judge_pairs, verify_pairs
from crosscheck.verify.nli import PairScores


class CountingNLI(RuleNLI):
    """The rule-based stand-in, recording every pair it is asked to score."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def predict(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        self.seen.extend(pairs)
        return super().predict(pairs, batch_size=batch_size, show_progress=show_progress)


def _claim(text: str, doc: str, date: dt.date = dt.date(2023, 5, 2)) -> Claim:
    (slots,) = extract_slots([text], [0], [date])
    return Claim(id=f"{doc}-0", doc_id=doc, sentence_index=0, start=0, end=len(text), text=text, **slots.as_claim_fields())


def _verify(pairs: list[CandidatePair], nli) -> list[PairVerdict]:
    return verify_pairs(pairs, judge_pairs(pairs, nli))


def _pair(a: str, b: str, date: dt.date = dt.date(2023, 5, 2)) -> CandidatePair:
    ca, cb = _claim(a, "d1", date), _claim(b, "d2", date)
    return CandidatePair(a=ca, b=cb, similarity=0.9, comparison=compare_claims(ca, cb))


def test_explicit_slot_conflict_is_settled_without_nli() -> None:
    nli = CountingNLI()
    (verdict,) = _verify([_pair("The ministry sanctioned 24 officials on Monday.", "The ministry sanctioned 34 officials on Monday.")], nli)
    assert verdict.label == "conflict"
    assert verdict.nli_ab is None and verdict.nli_ba is None
    assert any(r.conflict and r.kind == "count" for r in verdict.reasons)
    assert verdict.same_event is None  # a 3-way model gives no same-event score


def test_two_events_are_related_without_nli() -> None:
    nli = CountingNLI()
    pair = _pair(
        "Toyota said on Monday it would cut 500 jobs at its plant in Kentucky.",
        "Ford said on Monday it would cut 800 jobs at its plant in Ohio.",
    )
    (verdict,) = _verify([pair], nli)
    assert verdict.label == "related"
    assert any(r.kind == "event" for r in verdict.reasons)
    assert not any(r.conflict for r in verdict.reasons)
    assert verdict.nli_ab is None


def test_each_pair_is_judged_both_ways_once() -> None:
    nli = CountingNLI()
    a = "The ministry said the new bridge opened to traffic after years of delays."
    b = "The new bridge opened to traffic after years of delays, the ministry said."
    verdicts = _verify([_pair(a, b), _pair(a, b)], nli)
    assert sorted(nli.seen) == sorted([(a, b), (b, a)])
    assert all(v.nli_ab is not None and v.label == "agree" for v in verdicts)


class FixedNLI:
    """Gives every pair the same probabilities (entailment, neutral, contradiction)."""

    name = "fixed"

    def __init__(self, probabilities: tuple[float, float, float]) -> None:
        self.probabilities = np.array(probabilities)

    def predict(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        return np.tile(self.probabilities, (len(pairs), 1))


def test_a_figure_in_claims_worded_differently_is_a_conflict_only_if_nli_agrees() -> None:
    pair = _pair(
        "Indonesia's raw sugar production is estimated at 1.8 mln tonnes this year.",
        "Indonesia's copra production is forecast to reach 1.32 mln tonnes this year.",
    )
    assert any(r.conflict and r.kind in ("count", "amount", "number") for r in pair.comparison.reasons)

    (neutral,) = _verify([pair], FixedNLI((0.1, 0.8, 0.1)))
    assert neutral.label == "related" and neutral.nli_ab is not None
    assert not any(r.conflict for r in neutral.reasons)
    assert any("worded differently" in r.message for r in neutral.reasons)

    # The differing figure lowers the contradiction NLI needs (0.6 both ways, not 0.8).
    (confirmed,) = _verify([pair], FixedNLI((0.1, 0.2, 0.7)))
    assert confirmed.label == "conflict"
    assert any(r.conflict for r in confirmed.reasons)
    (weak,) = _verify([pair], FixedNLI((0.2, 0.3, 0.5)))
    assert weak.label == "related"


class JudgeNLI(FixedNLI):
    """Fixed NLI probabilities and a fixed same-event probability, as the shipped judge gives."""

    def __init__(self, probabilities: tuple[float, float, float], same_event: float) -> None:
        super().__init__(probabilities)
        self.same_event = same_event

    def score(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, show_progress: bool = False) -> PairScores:
        return PairScores(self.predict(pairs), np.full(len(pairs), self.same_event, dtype=np.float32))


ALASKA = ("Blinken and Sullivan will meet Yang and Wang in Alaska on Thursday.",
          "Blinken and Sullivan met Yang and Wang in Anchorage, Alaska, on March 18.")
ALASKA_DATE = dt.date(2021, 3, 17)  # the Wednesday before: "Thursday" is March 18


def test_the_pairs_shared_words_decide_whether_one_event_without_entailment_is_corroboration() -> None:
    from dataclasses import replace

    a, b = "China has not yet confirmed the visit.", "The United States does not have the qualification to lecture China."
    neutral = JudgeNLI((0.2, 0.6, 0.2), same_event=0.9)
    (bare,) = _verify([replace(_pair(a, b), words=0.0)], neutral)
    assert bare.label == "related" and bare.same_event == 0.9
    (why,) = [r for r in bare.reasons if r.kind == "event"]
    assert not why.conflict and "not a corroboration" in why.message and "0.00" in why.message
    (shared,) = _verify([replace(_pair(a, b), words=0.4)], neutral)
    assert shared.label == "agree" and not any(r.kind == "event" for r in shared.reasons)


def test_a_conflict_nli_alone_finds_names_the_differing_words() -> None:
    (verdict,) = _verify([_pair(*ALASKA, date=ALASKA_DATE)], JudgeNLI((0.02, 0.03, 0.95), same_event=0.9))
    assert verdict.label == "conflict" and verdict.same_event == 0.9
    (reason,) = [r for r in verdict.reasons if r.kind == "nli"]
    assert reason.conflict and "0.95 / 0.95" in reason.message
    assert "'March 18'" in reason.message and "'Anchorage'" in reason.message
    assert reason.a is not None and reason.b is not None and reason.b.text in ALASKA[1]


def test_an_nli_verdict_on_two_events_is_related() -> None:
    for probabilities in ((0.02, 0.03, 0.95), (0.95, 0.03, 0.02)):
        (verdict,) = _verify([_pair(*ALASKA, date=ALASKA_DATE)], JudgeNLI(probabilities, same_event=0.2))
        assert verdict.label == "related"
        assert any(r.kind == "event" and "0.20" in r.message for r in verdict.reasons)
        assert not any(r.conflict for r in verdict.reasons)


def test_judgements_must_match_the_pairs() -> None:
    import pytest

    with pytest.raises(ValueError, match="judge every pair"):
        verify_pairs([_pair(*ALASKA)], [])


def test_event_links_give_a_pair_the_comparison_rules_out_probability_zero() -> None:
    from crosscheck.config import Config
    from crosscheck.verify import event_links

    met_beijing, met_anchorage = _claim("Blinken met Wang Yi in Beijing.", "d1"), _claim("Blinken met Wang Yi in Anchorage.", "d2")
    other = _claim("Blinken met Wang Yi for three hours.", "d3")
    apart = CandidatePair(a=met_beijing, b=met_anchorage, similarity=0.9, comparison=compare_claims(met_beijing, met_anchorage))
    assert not apart.comparison.one_event
    together = CandidatePair(a=met_beijing, b=other, similarity=0.9, comparison=compare_claims(met_beijing, other))
    across = CandidatePair(a=met_anchorage, b=other, similarity=0.9, comparison=compare_claims(met_anchorage, other), within_story=False)
    graph = event_links([apart, together, across], [0.9, 0.8, 0.95], Config())
    # The judge's 0.9 does not make one event of a meeting placed in two cities; two stories are never linked.
    assert graph.links == [(met_beijing.id, met_anchorage.id, 0.0), (met_beijing.id, other.id, 0.8)]


def test_a_contradiction_between_reports_of_two_days_is_related() -> None:
    # NLI reads "met in Beijing on Friday" against "visited Japan on Tuesday" as a contradiction;
    # the claims date what they report to two days, so they are two days' news.
    pair = _pair("Blinken met with China's leader, Xi Jinping, in Beijing on Friday.",
                 "On Tuesday, Blinken visited Japan with Defense Secretary Lloyd Austin.")
    (verdict,) = _verify([pair], JudgeNLI((0.02, 0.03, 0.95), same_event=0.6))
    assert verdict.label == "related" and verdict.nli_ab is not None
    (reason,) = [r for r in verdict.reasons if r.kind == "event"]
    assert "Friday vs Tuesday" in reason.message and not reason.conflict
    assert not any(r.conflict for r in verdict.reasons)


def test_a_contradiction_on_one_day_stays_a_conflict() -> None:
    # The same day on both sides (a weekday against its calendar day: April 28, 2023 was a Friday),
    # or a day only one side names: NLI's contradiction stands, with the words that differ.
    for a, b in (("Blinken met with Xi Jinping in Beijing on Friday, April 28.", "On Friday, Blinken visited Japan with Lloyd Austin."),
                 ("Blinken met with Xi Jinping in Beijing on Friday.", "Blinken visited Japan with Lloyd Austin.")):
        (verdict,) = _verify([_pair(a, b)], JudgeNLI((0.02, 0.03, 0.95), same_event=0.9))
        assert verdict.label == "conflict", (a, b, verdict.reasons)
        assert any(r.kind == "nli" and r.conflict for r in verdict.reasons)
        assert not any(r.kind == "event" for r in verdict.reasons)
