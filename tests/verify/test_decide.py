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


def test_one_event_reported_twice_without_contradiction_is_agreement() -> None:
    import numpy as np

    from crosscheck.verify.decide import decide

    neutral = np.array([0.2, 0.6, 0.2])  # each claim adds a detail the other lacks
    assert decide(neutral, neutral, [], same_event=0.9) == ("agree", 0.9)
    assert decide(neutral, neutral, [], same_event=0.4)[0] == "related"
    assert decide(neutral, neutral, [])[0] == "related"  # a 3-way model: no same-event score
    contradicted = np.array([0.05, 0.05, 0.9])
    assert decide(contradicted, contradicted, [], same_event=0.95)[0] == "conflict"


def test_a_corroboration_needs_words_the_story_does_not_use_everywhere() -> None:
    import numpy as np

    from crosscheck.config import Config
    from crosscheck.verify.decide import decide

    neutral = np.array([0.2, 0.6, 0.2])
    need = Config().corroboration_words
    # "China has not yet confirmed the visit" / "The United States does not have the
    # qualification to say ...": the judge reads one event, but nothing specific is shared.
    assert decide(neutral, neutral, [], same_event=0.9, words=0.0)[0] == "related"
    assert decide(neutral, neutral, [], same_event=0.9, words=need) == ("agree", 0.9)
    assert decide(neutral, neutral, [], same_event=0.9, words=None) == ("agree", 0.9)  # unknown: no condition
    # An entailment needs no shared words: a paraphrase may share none.
    entailed = np.array([0.8, 0.15, 0.05])
    assert decide(entailed, neutral, [], same_event=0.9, words=0.0) == ("agree", 0.8)
    loose = Config(corroboration_words=0.0)
    assert decide(neutral, neutral, [], same_event=0.9, words=0.0, thresholds=loose) == ("agree", 0.9)
