"""Verdicts from NLI both ways plus slot reasons."""

from __future__ import annotations

import numpy as np
import pytest

from crosscheck.types import Reason
from crosscheck.verify.decide import decide

ENTAIL = np.array([0.9, 0.08, 0.02])
NEUTRAL = np.array([0.1, 0.85, 0.05])
CONTRA = np.array([0.05, 0.15, 0.8])
COUNT_CONFLICT = Reason(kind="count", message="count differs: 24 vs 34 Chinese officials", conflict=True)
DATE_OK = Reason(kind="date", message="date consistent: June / more than eight months ago", conflict=False)


def test_slot_conflict_outweighs_entailment() -> None:
    label, p = decide(ENTAIL, ENTAIL, [COUNT_CONFLICT])
    assert label == "conflict" and p >= 0.9


def test_missing_or_consistent_slot_is_no_conflict() -> None:
    assert decide(ENTAIL, NEUTRAL, [])[0] == "agree"
    assert decide(ENTAIL, NEUTRAL, [DATE_OK])[0] == "agree"


def test_nli_contradiction_without_slots_needs_both_directions() -> None:
    strong = np.array([0.03, 0.05, 0.92])
    label, p = decide(strong, CONTRA + np.array([0, -0.05, 0.05]), [])
    assert label == "conflict" and p == pytest.approx(0.85)
    assert decide(strong, NEUTRAL, [])[0] == "related"


def test_consistent_slots_lower_the_entailment_bar() -> None:
    weak = np.array([0.45, 0.5, 0.05])
    assert decide(weak, weak, [])[0] == "related"
    assert decide(weak, weak, [DATE_OK])[0] == "agree"


def test_soft_quote_finding_with_some_contradiction() -> None:
    soft = Reason(kind="quote", message="quote wording differs: “firm” vs “tough”", conflict=False)
    mild = np.array([0.1, 0.2, 0.7])
    assert decide(mild, mild, [soft])[0] == "conflict"
    assert decide(mild, mild, [])[0] == "related"


def test_bad_nli_vector_is_an_error() -> None:
    with pytest.raises(ValueError, match="nli_ab"):
        decide(np.array([0.5, 0.5]), NEUTRAL, [])
