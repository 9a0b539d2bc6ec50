"""Time expressions in news text, resolved against the document date when it is known.

Pure regular-expression and calendar code. spaCy's DATE entities mark ``last Monday`` but
do not say which day it is; resolving ``Friday`` in a story dated Wednesday 10 March 2021
to 12 March (future tense) or 5 March (past tense) is ours. Each match carries the range
of calendar days it allows (``date``..``until``), so ``more than eight months ago`` and
``since June`` can be checked for overlap.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from crosscheck.claims.slots.quantities import DURATION_DAYS, bounds, parse_number
from crosscheck.words.approximators import APPROXIMATORS, TIME_APPROXIMATORS
from crosscheck.words.calendar import DAY_OF_MONTH, MONTH_IN_CLAIM, MONTHS, WEEKDAYS

__all__ = ["TimeMatch", "find_times", "guess_tense"]


# Month names must be capitalised: "march", "may" are verbs in lower case.
_MONTH = MONTH_IN_CLAIM
_DAY = DAY_OF_MONTH
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PREFIX = r"(?:(?P<prefix>last|next|this|coming|past|since|until|by|in|on|early|late|mid-|earlier this|later this)\s*)?"
_NUMWORD = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|a few)"
_APPROX_RE = r"(?P<approx>" + "|".join(TIME_APPROXIMATORS) + r")\s+"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?")),
    ("dmy", re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR}\b)?")),
    ("my", re.compile(rf"\b(?:(?P<prefix>early|late|mid-|since|in|by|until)\s+)?{_MONTH}(?:\s+of)?,?\s+{_YEAR}\b")),
    ("month", re.compile(rf"\b{_PREFIX}{_MONTH}(?![\w])")),
    ("ago", re.compile(rf"\b(?:{_APPROX_RE})?(?P<n>{_NUMWORD})\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago\b", re.I)),
    ("rel", re.compile(r"\b(?P<rel>yesterday|today|tonight|tomorrow|"
                       r"(?:earlier|later)\s+this\s+(?:week|month|year)|"
                       r"(?:early|late)\s+(?:last|next|this)\s+(?:week|month|year)|"
                       r"(?:last|this|next|subsequent|the following|the previous|the past|past|coming)\s+(?:week|weekend|month|year)|"
                       r"(?:on\s+)?the\s+eve\s+of)\b", re.I)),
    ("weekday", re.compile(r"\b(?:(?P<prefix>last|next|this|coming|past|on)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I)),
    ("year", re.compile(rf"(?<![$€£\d,.\-])\b(?:(?P<prefix>in|since|by|until|from|before|after|during|early|late|mid-|the end of|end of)\s+)?{_YEAR}\b(?![\-–]?\s?(?:years?|months?|days?|percent|%|billion|million|people))(?!\s+[a-z]+s\b)")),
]

_FUTURE_RE = re.compile(
    r"\b(?:will|shall|won['’]t|is\s+(?:set|scheduled|due|expected|going)\s+to|are\s+(?:set|scheduled|due|expected|going)\s+to|"
    r"plans?\s+to|planning\s+to|to\s+be\s+held|upcoming|subsequent|next)\b|['’]ll\b",
    re.I,
)


@dataclass(frozen=True)
class TimeMatch:
    """One time expression; offsets are into the searched text.

    ``date`` and ``until`` bound the calendar days the expression allows (both None when
    it cannot be resolved); ``weekday`` is kept even when the date is unknown.
    """

    start: int
    end: int
    text: str
    kind: str  # date | month | year | weekday | relative
    date: dt.date | None = None
    until: dt.date | None = None
    year: int | None = None
    month: int | None = None
    weekday: int | None = None


def guess_tense(text: str) -> str:
    """Return ``"future"`` if the sentence speaks of what will happen, else ``"past"``."""
    # a quote's tense is the speaker's, not the report's: "“... will bring harm,” Mr. Zhao said on Monday"
    unquoted = re.sub(r"“[^”]*”|\"[^\"]*\"", " ", text)
    return "future" if _FUTURE_RE.search(unquoted) else "past"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _resolve_month(month: int, prefix: str, tense: str, doc: dt.date) -> int:
    """Year of a month named without one, relative to the document date."""
    past = doc.year if month <= doc.month else doc.year - 1
    future = doc.year if month >= doc.month else doc.year + 1
    if prefix in ("last", "past", "since"):
        return past if month != doc.month or prefix == "since" else doc.year - 1
    if prefix in ("next", "coming", "until", "by"):
        return future
    if prefix in ("this",):
        return doc.year
    # Bare month: the nearest occurrence, unless the tense says which side.
    if tense == "future":
        return future
    if abs((doc.month - month) % 12) <= 6 or month == doc.month:
        return past
    return future


def _resolve_weekday(wd: int, prefix: str, tense: str, doc: dt.date) -> dt.date:
    back = (doc.weekday() - wd) % 7
    ahead = (wd - doc.weekday()) % 7
    if prefix in ("last", "past"):
        return doc - dt.timedelta(days=back or 7)
    if prefix in ("next", "coming"):
        return doc + dt.timedelta(days=ahead or 7)
    if tense == "future":
        return doc + dt.timedelta(days=ahead)
    return doc - dt.timedelta(days=back)


def _week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _relative(rel: str, doc: dt.date) -> tuple[dt.date, dt.date] | None:
    rel = re.sub(r"\s+", " ", rel.lower())
    if rel in ("today", "tonight"):
        return doc, doc
    if rel == "yesterday":
        d = doc - dt.timedelta(days=1)
        return d, d
    if rel == "tomorrow":
        d = doc + dt.timedelta(days=1)
        return d, d
    if "eve of" in rel:
        return None
    m = re.search(r"(week|weekend|month|year)$", rel)
    if not m:
        return None
    unit = m.group(1)
    offset = -1 if re.search(r"\b(last|previous|past)\b", rel) else 1 if re.search(r"\b(next|subsequent|following|coming)\b", rel) else 0
    if unit in ("week", "weekend"):
        start = _week_start(doc) + dt.timedelta(weeks=offset)
        lo, hi = (start + dt.timedelta(days=5), start + dt.timedelta(days=6)) if unit == "weekend" else (start, start + dt.timedelta(days=6))
    elif unit == "month":
        first = _shift_months(doc.replace(day=1), offset)
        lo, hi = first, _month_end(first.year, first.month)
    else:
        y = doc.year + offset
        lo, hi = dt.date(y, 1, 1), dt.date(y, 12, 31)
    if rel.startswith("early"):
        hi = lo + (hi - lo) / 3
    elif rel.startswith("late"):
        lo = hi - (hi - lo) / 3
    elif rel.startswith("earlier"):
        hi = min(hi, doc)
    elif rel.startswith("later"):
        lo = max(lo, doc)
    return lo, hi


def _ago(n_text: str, unit: str, approx: str, doc: dt.date) -> tuple[dt.date, dt.date] | None:
    n = {"several": 3.0, "few": 3.0, "a few": 3.0}.get(n_text.lower()) or parse_number(n_text)
    if n is None:
        return None
    unit = unit.lower().rstrip("s")
    lo_n, hi_n = bounds(n, approx, exact_tolerance=0.0)
    if n_text.lower() in ("several", "few", "a few"):
        lo_n, hi_n = 2.0, 9.0
    if unit in ("month", "year", "decade"):
        months = {"month": 1, "year": 12, "decade": 120}[unit]
        # a month-granular figure is itself rounded: "eight months ago" spans half a month either side
        earliest = doc - dt.timedelta(days=(hi_n * months + 0.5) * DURATION_DAYS["month"])
        latest = doc - dt.timedelta(days=max(lo_n * months - 0.5, 0) * DURATION_DAYS["month"])
        return earliest, latest
    days = DURATION_DAYS[unit]
    return doc - dt.timedelta(days=hi_n * days), doc - dt.timedelta(days=lo_n * days)


_APPROX_NAMES = {word: APPROXIMATORS[word] for word in TIME_APPROXIMATORS}


def find_times(text: str, doc_date: dt.date | None = None) -> list[TimeMatch]:
    """Find the time expressions in ``text``, resolving them against ``doc_date`` if given.

    Weekdays and months named without a year are resolved using the sentence's tense
    (see :func:`guess_tense`): ``Friday`` in a sentence about what "will" happen is the
    next Friday on or after the document date, otherwise the last one on or before it.
    Without a document date, only expressions that state their year are resolved.

    Returns:
        Non-overlapping matches in text order (longer patterns win).
    """
    tense = guess_tense(text)
    taken: list[tuple[int, int]] = []
    out: list[TimeMatch] = []
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            g = m.groupdict()
            prefix = (g.get("prefix") or "").lower()
            tm = _build(name, m, g, prefix, tense, doc_date, text)
            if tm is None:
                continue
            if prefix in ("in", "on", "by", "since", "until", "from", "before", "after", "during", "the end of", "end of"):
                # keep the preposition out of the span: the time is "June", not "since June"
                s = m.start("month") if g.get("month") and name in ("month", "my") else m.start("wd") if name == "weekday" else m.start("year") if name == "year" else s
                tm = TimeMatch(s, tm.end, text[s:tm.end], tm.kind, tm.date, tm.until, tm.year, tm.month, tm.weekday)
            taken.append((m.start(), e))
            out.append(tm)
    out.sort(key=lambda t: t.start)
    return out


def _build(name: str, m: re.Match[str], g: dict[str, str | None], prefix: str, tense: str,
           doc: dt.date | None, text: str) -> TimeMatch | None:
    s, e = m.start(), m.end()
    span = text[s:e]
    if name == "iso":
        try:
            d = dt.date(int(g["year"] or 0), int(g["mon"] or 0), int(g["day"] or 0))
        except ValueError:
            return None
        return TimeMatch(s, e, span, "date", d, d, d.year, d.month)
    if name in ("mdy", "dmy"):
        month = MONTHS[(g["month"] or "").lower().rstrip(".")]
        day = int(g["day"] or 0)
        if not 1 <= day <= 31:
            return None
        year = int(g["year"]) if g.get("year") else (_resolve_month(month, prefix, tense, doc) if doc else None)
        if year is None:
            return TimeMatch(s, e, span, "date", None, None, None, month)
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return None
        return TimeMatch(s, e, span, "date", d, d, year, month, d.weekday())
    if name in ("my", "month"):
        month = MONTHS[(g["month"] or "").lower().rstrip(".")]
        if name == "month" and g["month"] == "May" and not prefix:
            return None  # "May" alone is usually the modal verb
        year = int(g["year"]) if g.get("year") else (_resolve_month(month, prefix, tense, doc) if doc else None)
        if year is None:
            return TimeMatch(s, e, span, "month", None, None, None, month)
        lo, hi = dt.date(year, month, 1), _month_end(year, month)
        if prefix == "early":
            hi = dt.date(year, month, 10)
        elif prefix == "late":
            lo = dt.date(year, month, 20)
        return TimeMatch(s, e, span, "month", lo, hi, year, month)
    if name == "year":
        year = int(g["year"] or 0)
        return TimeMatch(s, e, span, "year", dt.date(year, 1, 1), dt.date(year, 12, 31), year)
    if name == "weekday":
        wd = WEEKDAYS[(g["wd"] or "").lower()]
        if not (g["wd"] or "")[0].isupper():
            return None
        d = _resolve_weekday(wd, prefix, tense, doc) if doc else None
        return TimeMatch(s, e, span, "weekday", d, d, d.year if d else None, d.month if d else None, wd)
    if name == "ago":
        approx = _APPROX_NAMES.get((g.get("approx") or "").lower(), "exact")
        rng = _ago(g["n"] or "", g["unit"] or "", approx, doc) if doc else None
        return TimeMatch(s, e, span, "relative", *(rng or (None, None)))
    if name == "rel":
        rng = _relative(g["rel"] or "", doc) if doc else None
        if rng and rng[0] == rng[1]:
            d = rng[0]
            return TimeMatch(s, e, span, "relative", d, d, d.year, d.month, d.weekday())
        return TimeMatch(s, e, span, "relative", *(rng or (None, None)))
    return None
