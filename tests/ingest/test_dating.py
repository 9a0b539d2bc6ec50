"""Document dates inferred from the text, and periods of documents."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscheck.ingest.dating import document_period, infer_document_date, same_period
from crosscheck.types import Document, stable_id


def doc(text: str, *, date: str | None = None, basis: str = "unknown") -> Document:
    return Document(
        id=stable_id(text),
        source="test",
        text=text,
        date=dt.date.fromisoformat(date) if date else None,
        date_basis=basis,  # type: ignore[arg-type]
    )


def test_weekday_with_day_of_month_narrows_the_year():
    d = doc("The talks began on Thursday, March 18, in Anchorage. Sanctions imposed in 2020 remain in place.")
    inferred = infer_document_date(d)
    assert inferred.date == dt.date(2021, 3, 18)  # the first Thursday 18 March from 2020 on
    assert inferred.date_basis == "inferred"
    assert "Thursday, March 18" in (inferred.date_evidence or "")
    assert document_period(inferred) == "2021-03"


def test_weekday_date_with_year_must_agree():
    good = infer_document_date(doc("The vote took place on Tuesday, Nov. 5, 2024, across the country."))
    assert good.date == dt.date(2024, 11, 5)
    wrong = infer_document_date(doc("The vote took place on Monday, Nov. 5, 2024, across the country."))
    assert wrong.date is None  # 5 November 2024 was a Tuesday: the phrase is not trusted


def test_weekday_date_without_any_year_stays_unknown():
    d = doc("The talks began on Thursday, March 18, in Anchorage.")
    assert infer_document_date(d) == d


def test_weekday_alone_or_relative_words_give_nothing():
    d = doc("Blinken met Xi in Beijing on Friday. Mr. Wang spoke last month. The summit was last year.")
    assert infer_document_date(d) == d
    assert document_period(d) is None


def test_year_is_a_lower_bound_and_copyright_is_boilerplate():
    d = doc("Exports fell in 2019 and recovered in 2020.\nThe plan will cut emissions by 2030.\nCopyright ©2023 Example Media.")
    inferred = infer_document_date(d)
    assert inferred.date is None and inferred.date_basis == "unknown"
    assert inferred.date_earliest == dt.date(2020, 1, 1)
    assert "2020" in (inferred.date_evidence or "")


def test_explicit_dates_are_kept():
    d = doc("Thursday, March 18, 2027 is not the date.", date="2021-03-18", basis="stated")
    assert infer_document_date(d) is d


def test_same_period():
    a = doc("a", date="2021-03-18", basis="metadata")
    b = doc("b", date="2021-03-20", basis="metadata")
    c = doc("c", date="2024-04-26", basis="metadata")
    unknown = doc("d")
    assert same_period(a, b, max_gap_days=60)
    assert not same_period(a, c, max_gap_days=60)
    assert same_period(a, unknown, max_gap_days=60)  # missing date: no evidence of a different period
    later = doc("e").model_copy(update={"date_earliest": dt.date(2023, 1, 1)})
    assert not same_period(a, later, max_gap_days=60)
    assert same_period(c, later, max_gap_days=60)
    with pytest.raises(ValueError, match="max_gap_days"):
        same_period(a, b, max_gap_days=-1)
