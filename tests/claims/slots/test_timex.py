"""Time expressions and their resolution against a document date."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscheck.claims.slots.timex import find_times, guess_tense

WED = dt.date(2022, 6, 15)  # a Wednesday


def one(text: str, date: dt.date | None = WED):
    found = find_times(text, date)
    assert len(found) == 1, found
    return found[0]


def test_last_weekday_is_before_the_document_date() -> None:
    t = one("The mayor resigned last Monday.")
    assert (t.kind, t.weekday, t.date) == ("weekday", 0, dt.date(2022, 6, 13))
    assert one("The mayor resigned last Wednesday.").date == dt.date(2022, 6, 8)


def test_next_weekday_and_future_tense() -> None:
    assert one("The council votes next Thursday.").date == dt.date(2022, 6, 16)
    assert one("The board will meet on Friday.").date == dt.date(2022, 6, 17)
    assert one("The board met on Friday.").date == dt.date(2022, 6, 10)


def test_quoted_future_does_not_change_the_reporting_tense() -> None:
    t = one("“We will win,” the coach said on Monday.")
    assert t.date == dt.date(2022, 6, 13)
    assert guess_tense("“We will win,” she said.") == "past"


def test_weekday_stays_unresolved_without_document_date() -> None:
    t = one("The board met on Friday.", None)
    assert (t.weekday, t.date) == (4, None)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("The strike began on March 3, 2021.", dt.date(2021, 3, 3), dt.date(2021, 3, 3)),
        ("Prices peaked in June 2019.", dt.date(2019, 6, 1), dt.date(2019, 6, 30)),
        ("Talks stalled in 2015.", dt.date(2015, 1, 1), dt.date(2015, 12, 31)),
        ("The first talks since January were held.", dt.date(2022, 1, 1), dt.date(2022, 1, 31)),
        ("He has not spoken since September.", dt.date(2021, 9, 1), dt.date(2021, 9, 30)),
        ("The plant opened yesterday.", dt.date(2022, 6, 14), dt.date(2022, 6, 14)),
        ("Sales fell last month.", dt.date(2022, 5, 1), dt.date(2022, 5, 31)),
        ("Ministers meet next week.", dt.date(2022, 6, 20), dt.date(2022, 6, 26)),
    ],
)
def test_resolved_ranges(text: str, start: dt.date, end: dt.date) -> None:
    t = one(text)
    assert (t.date, t.until) == (start, end)


def test_months_ago_range_covers_since_month() -> None:
    ago = one("The last summit took place more than eight months ago.")
    assert ago.kind == "relative"
    since = one("It is the first summit since September.")
    assert ago.date <= since.until and since.date <= ago.until  # "since September" is ~9 months back
    two_years = one("The last summit took place more than two years ago.")
    assert two_years.until < ago.date


def test_eve_of_is_kept_unresolved() -> None:
    t = one("The sanctions came on the eve of the summit.")
    assert (t.kind, t.date) == ("relative", None)


def test_may_the_verb_is_not_a_month() -> None:
    assert find_times("Officials may resign.", WED) == []


def test_preposition_is_not_part_of_the_span() -> None:
    text = "Nothing has changed since June."
    t = one(text)
    assert t.text == "June" and text[t.start : t.end] == "June"
