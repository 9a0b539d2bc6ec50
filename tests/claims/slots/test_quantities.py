"""News-quantity normalisation: values, units, approximators, and formatting variants."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosscheck.claims.slots.quantities import bounds, find_quantities


def one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text",
    ["$400bn", "$400 billion", "400 billion dollars", "$400,000,000,000", "US$400 billion", "400bn dollars"],
)
def test_amount_variants_normalise_to_the_same_value(text: str) -> None:
    q = one(f"The port deal is worth {text} over the decade.")
    assert q.value == pytest.approx(4e11)
    assert q.unit == "USD"
    assert q.kind == "amount"


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx", "kind"),
    [
        ("about 300 protesters", 300, None, "about", "count"),
        ("more than eight months", 8, "month", "more_than", "duration"),
        ("nearly 2,000 troops", 2000, None, "about", "count"),
        ("a two-day summit", 2, "day", "exact", "duration"),
        ("a 25-year lease", 25, "year", "exact", "duration"),
        ("more than an hour", 1, "hour", "more_than", "duration"),
        ("a third of the budget", 1 / 3, "fraction", "exact", "number"),
        ("3.5 per cent", 3.5, "percent", "exact", "percent"),
        ("at least 12%", 12, "percent", "at_least", "percent"),
        ("the second round", 2, None, "exact", "ordinal"),
        ("twenty-four workers", 24, None, "exact", "count"),
        ("€2.5m", 2.5e6, "EUR", "exact", "amount"),
        ("5 million euros", 5e6, "EUR", "exact", "amount"),
    ],
)
def test_single_quantities(text: str, value: float, unit: str | None, approx: str, kind: str) -> None:
    q = one(text)
    assert q.value == pytest.approx(value)
    assert (q.unit, q.approx, q.kind) == (unit, approx, kind)
    assert text.startswith(q.text) or q.text in text


@pytest.mark.parametrize("text", ["Covid-19 spread", "the G-20 meeting", "a one-off visit", "one of them", "in 2012"])
def test_non_figures_are_skipped(text: str) -> None:
    assert find_quantities(text) == []


def test_spans_point_into_the_text() -> None:
    text = "Officials said 24 people and $3bn were involved."
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text


def test_more_than_is_not_any_larger_figure() -> None:
    def compatible(a: tuple[float, str], b: tuple[float, str]) -> bool:
        (lo_a, hi_a), (lo_b, hi_b) = bounds(*a), bounds(*b)
        return lo_a <= hi_b and lo_b <= hi_a

    assert compatible((24, "exact"), (20, "more_than"))
    assert not compatible((8, "more_than"), (24, "more_than"))
    assert not compatible((24, "exact"), (34, "exact"))
    assert compatible((100, "about"), (110, "exact"))
    assert bounds(10, "up_to") == (0.0, 10)


_SCALE_WORDS = {1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}
_SCALE_ABBR = {1e6: "m", 1e9: "bn", 1e12: "tn"}


@given(st.integers(min_value=1, max_value=999), st.sampled_from([1e6, 1e9, 1e12]))
def test_dollar_formatting_variants_agree(n: int, scale: float) -> None:
    variants = [
        f"${n} {_SCALE_WORDS[scale]}",
        f"${n}{_SCALE_ABBR[scale]}",
        f"{n} {_SCALE_WORDS[scale]} dollars",
        f"${n * int(scale):,}",
        f"US${n} {_SCALE_WORDS[scale]}",
    ]
    for v in variants:
        q = one(f"The fund holds {v} in reserve.")
        assert q.value == pytest.approx(n * scale), v
        assert q.unit == "USD", v


@given(st.integers(min_value=1, max_value=10**7))
def test_thousands_separators_do_not_change_values(n: int) -> None:
    assert one(f"They counted {n:,} ballots.").value == n
    assert one(f"They counted {n} ballots.").value == n
