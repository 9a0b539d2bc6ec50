"""Pair verification: the slots settle what they can, NLI scores the rest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from crosscheck.backends.fakes import RuleNLI
from crosscheck.claims.slots.parse import extract_slots
from crosscheck.compare import compare_claims
from crosscheck.types import Claim
from crosscheck.verify import CandidatePair, verify_pairs


class CountingNLI(RuleNLI):
    """The rule-based stand-in, recording every pair it is asked to score."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def predict(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        self.seen.extend(pairs)
        return super().predict(pairs, batch_size=batch_size, show_progress=show_progress)


def _claim(text: str, doc: str) -> Claim:
    (slots,) = extract_slots([text], [0], [dt.date(2023, 5, 2)])
    return Claim(id=f"{doc}-0", doc_id=doc, sentence_index=0, start=0, end=len(text), text=text, **slots.as_claim_fields())


def _pair(a: str, b: str) -> CandidatePair:
    ca, cb = _claim(a, "d1"), _claim(b, "d2")
    return CandidatePair(a=ca, b=cb, similarity=0.9, comparison=compare_claims(ca, cb))


def test_explicit_slot_conflict_is_settled_without_nli() -> None:
    nli = CountingNLI()
    (verdict,) = verify_pairs([_pair("The ministry sanctioned 24 officials on Monday.", "The ministry sanctioned 34 officials on Monday.")], nli)
    assert verdict.label == "conflict"
    assert verdict.nli_ab is None and verdict.nli_ba is None
    assert any(r.conflict and r.kind == "count" for r in verdict.reasons)
    assert nli.seen == []


def test_two_events_are_related_without_nli() -> None:
    nli = CountingNLI()
    pair = _pair(
        "Toyota said on Monday it would cut 500 jobs at its plant in Kentucky.",
        "Ford said on Monday it would cut 800 jobs at its plant in Ohio.",
    )
    (verdict,) = verify_pairs([pair], nli)
    assert verdict.label == "related"
    assert any(r.kind == "event" for r in verdict.reasons)
    assert not any(r.conflict for r in verdict.reasons)
    assert verdict.nli_ab is None and nli.seen == []


def test_unsettled_pair_is_scored_both_ways_once() -> None:
    nli = CountingNLI()
    a = "The ministry said the new bridge opened to traffic after years of delays."
    b = "The new bridge opened to traffic after years of delays, the ministry said."
    verdicts = verify_pairs([_pair(a, b), _pair(a, b)], nli)
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

    (neutral,) = verify_pairs([pair], FixedNLI((0.1, 0.8, 0.1)))
    assert neutral.label == "related" and neutral.nli_ab is not None
    assert not any(r.conflict for r in neutral.reasons)
    assert any("worded differently" in r.message for r in neutral.reasons)

    # The differing figure lowers the contradiction NLI needs (0.6 both ways, not 0.8).
    (confirmed,) = verify_pairs([pair], FixedNLI((0.1, 0.2, 0.7)))
    assert confirmed.label == "conflict"
    assert any(r.conflict for r in confirmed.reasons)
    (weak,) = verify_pairs([pair], FixedNLI((0.2, 0.3, 0.5)))
    assert weak.label == "related"
