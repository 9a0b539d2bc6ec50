"""Dates of documents, and whether two documents are of one period.

The ingest stage reads explicit dates (metadata, a stated date line). This module infers a
date for the rest, only from evidence in the text, and says what the evidence was:

- A weekday written next to a day of the month ("Thursday, March 18", "Thursday 18
  March", "March 18 (Thursday)") fixes the year up to the 5-, 6- or 11-year cycle of the
  calendar. With a year written in the same phrase the date is exact; otherwise the latest
  year the text mentions in a past context is a lower bound, and the first year at or after
  it on which that day falls on that weekday is taken, when it is at most
  ``MAX_YEARS_AFTER_MENTION`` years after the mention (news mentions recent years).
- Without such a phrase, the latest past year the text mentions is only a lower bound,
  recorded as ``Document.date_earliest``. Copyright lines are boilerplate, and years in
  future contexts ("by 2030", "will ... in 2025") say nothing about when the text was written.
- Otherwise the date stays unknown. Weekdays alone ("on Thursday"), months alone and relative
  words ("last week") do not give a year, so they are not used.

A missing date is no evidence of a different period, so every comparison here treats an
unknown date as compatible.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from crosscheck.types import Document
from crosscheck.words.calendar import DAY_OF_MONTH, MONTH_IN_DATELINE, MONTHS, WEEKDAY_PATTERN, WEEKDAYS

MAX_YEARS_AFTER_MENTION = 2
MIN_YEAR, MAX_YEAR = 1900, 2099

_WD = WEEKDAY_PATTERN
_MON = MONTH_IN_DATELINE
_DAY = DAY_OF_MONTH
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
# A weekday and a date in one phrase: the weekday names that very date.
_WEEKDAY_DATE = [
    re.compile(_WD + r",?\s+(?:the\s+)?" + _MON + r"\s+" + _DAY + r"\b" + _YEAR),
    re.compile(_WD + r",?\s+(?:the\s+)?" + _DAY + r"\s+(?:of\s+)?" + _MON + r"\b" + _YEAR),
    re.compile(_WD + r"\s*\(\s*" + _MON + r"\s+" + _DAY + r"\s*\)"),
    re.compile(_MON + r"\s+" + _DAY + r"\s*\(\s*" + _WD + r"\s*\)"),
]
_YEAR_MENTION = re.compile(r"(?<![\d$£€.,/-])(?P<year>(?:19|20)\d\d)(?![\d%-]|\s*(?:percent|per cent))")
_BOILERPLATE = re.compile(r"copyright|©|\(c\)\s*(?:19|20)\d\d|all rights reserved", re.I)
# Contexts in which a year may lie in the future of the writing.
_FUTURE = re.compile(
    r"\b(?:will|would|shall|plans?|planned|planning|scheduled|expected|expects|aims?|target(?:s|ed)?|goal|"
    r"forecasts?|projected|upcoming)\b|['’]ll\b",
    re.I,
)
_FUTURE_BEFORE_YEAR = re.compile(r"\b(?:by|until|till|through|before|to|next)\s+(?:the\s+end\s+of\s+)?$", re.I)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def infer_document_date(doc: Document) -> Document:
    """Infer a date for ``doc`` from its text when it has none.

    Args:
        doc: a document; one with a date already (metadata, stated) is returned as is.

    Returns:
        A copy with ``date``, ``date_basis="inferred"`` and ``date_evidence`` when a weekday
        and a day of the month in one phrase fix the date; a copy with only
        ``date_earliest`` and ``date_evidence`` when the text gives just a lower bound on the
        year; ``doc`` itself when the text gives nothing.
    """
    if doc.date is not None:
        return doc
    mention = _latest_past_year(doc.text)
    anchors = _weekday_dates(doc.text, mention[0] if mention else None)
    if anchors:
        date, evidence = max(anchors)
        return doc.model_copy(update={"date": date, "date_basis": "inferred", "date_evidence": evidence})
    if mention:
        year, quote = mention
        return doc.model_copy(
            update={
                "date_earliest": dt.date(year, 1, 1),
                "date_evidence": f"no calendar date; the latest year mentioned in a past context is a lower bound: {quote!r}",
            }
        )
    return doc


def _weekday_dates(text: str, year_floor: int | None) -> list[tuple[dt.date, str]]:
    found = []
    for pattern in _WEEKDAY_DATE:
        for m in pattern.finditer(text):
            weekday = WEEKDAYS[m.group("wd").lower()]
            month = MONTHS[m.group("mon").lower().rstrip(".")]
            day = int(m.group("day"))
            phrase = m.group(0)
            year = m.groupdict().get("year")
            if year is not None:
                date = _safe_date(int(year), month, day)
                if date is not None and date.weekday() == weekday:
                    found.append((date, f"{phrase!r} in the text (weekday matches the date)"))
                continue
            if year_floor is None:
                continue
            for candidate in range(year_floor, year_floor + MAX_YEARS_AFTER_MENTION + 1):
                date = _safe_date(candidate, month, day)
                if date is not None and date.weekday() == weekday:
                    found.append(
                        (
                            date,
                            f"{phrase!r}: {date.strftime('%B')} {day} fell on a {m.group('wd')} in {candidate}, "
                            f"the first such year from {year_floor}, the latest year the text mentions; "
                            "the article was written within days of that date",
                        )
                    )
                    break
    return found


def _latest_past_year(text: str) -> tuple[int, str] | None:
    best: tuple[int, str] | None = None
    for line in text.splitlines():
        if _BOILERPLATE.search(line):
            continue
        for sentence in _SENTENCE.findall(line):
            if _FUTURE.search(sentence):
                continue
            for m in _YEAR_MENTION.finditer(sentence):
                if _FUTURE_BEFORE_YEAR.search(sentence[: m.start()]):
                    continue
                year = int(m.group("year"))
                if MIN_YEAR <= year <= MAX_YEAR and (best is None or year > best[0]):
                    start = max(m.start() - 40, 0)
                    best = (year, sentence[start : m.end() + 10].strip())
    return best


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def document_period(doc: Document) -> str | None:
    """The month of the document's date as ``"YYYY-MM"``, or None when the date is unknown."""
    return doc.date.strftime("%Y-%m") if doc.date is not None else None


def same_period(a: Document, b: Document, max_gap_days: int) -> bool:
    """False only when the dates clearly differ by more than ``max_gap_days``.

    An unknown date is compatible with anything. A lower bound (``date_earliest``) rules out
    a date more than ``max_gap_days`` before it.

    Raises:
        ValueError: ``max_gap_days`` is negative.
    """
    if max_gap_days < 0:
        raise ValueError(f"max_gap_days must be >= 0, got {max_gap_days!r}")
    return _intervals_close(_doc_interval(a), _doc_interval(b), max_gap_days)


def infer_document_dates(docs: Iterable[Document]) -> list[Document]:
    """``infer_document_date`` over several documents, in order."""
    return [infer_document_date(d) for d in docs]


def _doc_interval(doc: Document) -> tuple[dt.date | None, dt.date | None] | None:
    if doc.date is not None:
        return (doc.date, doc.date)
    if doc.date_earliest is not None:
        return (doc.date_earliest, None)
    return None


def _intervals_close(
    x: tuple[dt.date | None, dt.date | None] | None,
    y: tuple[dt.date | None, dt.date | None] | None,
    max_gap_days: int,
) -> bool:
    if x is None or y is None:
        return True
    gap = dt.timedelta(days=max_gap_days)
    # Apart only if one ends (known upper end) more than the gap before the other starts.
    if x[1] is not None and y[0] is not None and x[1] + gap < y[0]:
        return False
    if y[1] is not None and x[0] is not None and y[1] + gap < x[0]:
        return False
    return True
