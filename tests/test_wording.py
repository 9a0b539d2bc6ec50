"""Wording differences: what an NLI-only verdict shows an editor."""

from __future__ import annotations

import pytest

from crosscheck.wording import differing_wording


def test_a_changed_figure_is_the_one_difference() -> None:
    a = "The deal is worth $400 billion over 25 years."
    b = "The deal is worth $300 billion over 25 years."
    (diff,) = differing_wording(a, b)
    assert (diff.a_text, diff.b_text) == ("$400", "$300")
    assert a[slice(*diff.a_span)] == "$400" and b[slice(*diff.b_span)] == "$300"


def test_longest_difference_comes_first_and_spans_point_into_the_texts() -> None:
    a = "The talks in Alaska began on Thursday, officials said."
    b = "The talks in Anchorage began on March 18."
    diffs = differing_wording(a, b)
    assert diffs[0].a_text == "Thursday, officials said" and diffs[0].b_text == "March 18"
    assert {d.b_text for d in diffs} >= {"Anchorage", "March 18"}
    for d in diffs:
        assert a[slice(*d.a_span)] == d.a_text and b[slice(*d.b_span)] == d.b_text


def test_function_words_and_case_alone_are_no_difference() -> None:
    assert differing_wording("Police arrested THE suspect.", "police arrested the suspect") == []


def test_an_insertion_has_an_empty_side() -> None:
    (diff,) = differing_wording("The minister resigned.", "The minister never resigned.")
    assert diff.a_text == "" and diff.b_text == "never"
    assert diff.a_span[0] == diff.a_span[1]


def test_limit_is_checked() -> None:
    with pytest.raises(ValueError, match="limit"):
        differing_wording("a", "b", limit=0)
