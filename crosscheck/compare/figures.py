"""Rule family: figures and times (amount, count, number, percent, duration, date, weekday)."""

from __future__ import annotations

from crosscheck.claims.slots.quantities import DURATION_DAYS, bounds
from crosscheck.compare.text import _same_context, _same_statement, _words
from crosscheck.types import Claim, Quantity, Reason, TimeRef
from crosscheck.words.calendar import WEEKDAY_NAMES
from crosscheck.words.reporting import REPORTED_SPEECH_LEMMAS

# The reason kinds this family makes, each with how sure its conflict is (the verdict's
# probability when the slots settle a pair): figures and dates are checked against the text.
REASONS: dict[str, float] = {
    "amount": 0.95, "count": 0.95, "number": 0.9, "percent": 0.95, "duration": 0.9, "date": 0.9, "weekday": 0.95,
}

# ---------------------------------------------------------------- figures

def _head(counted: str | None) -> str | None:
    if not counted:
        return None
    w = _words(counted)
    if not w:
        return None
    h = w[-1]
    for suffix, repl in (("ies", "y"), ("men", "man"), ("ses", "s"), ("s", "")):
        if h.endswith(suffix) and len(h) > 3 and not h.endswith("ss"):
            return h[: -len(suffix)] + repl
    return h


def _magnitude(q: Quantity) -> float:
    return q.value * DURATION_DAYS[q.unit] if q.kind == "duration" and q.unit in DURATION_DAYS else q.value


def _comparable(qa: Quantity, qb: Quantity) -> bool:
    if qa.kind != qb.kind:
        return False
    if qa.kind in ("amount", "percent", "number") and qa.unit != qb.unit:
        return False
    return True


def _aligned_quantity(a: Claim, qa: Quantity, b: Claim, qb: Quantity) -> bool:
    ha, hb = _head(qa.counted), _head(qb.counted)
    if ha and hb:
        return ha == hb
    if _same_context(a, qa.span, b, qb.span):
        return True
    if qa.kind in ("duration", "amount", "percent") and not ha and not hb:
        # one figure of this kind on each side, measuring nothing named: the same measure
        return sum(q.kind == qa.kind for q in a.quantities) == 1 and sum(q.kind == qb.kind for q in b.quantities) == 1
    return False


def _compare_quantities(a: Claim, b: Claim) -> list[Reason]:
    out: list[Reason] = []
    used: set[int] = set()
    for qa in a.quantities:
        for j, qb in enumerate(b.quantities):
            if j in used or not _comparable(qa, qb) or not _aligned_quantity(a, qa, b, qb):
                continue
            used.add(j)
            lo_a, hi_a = bounds(_magnitude(qa), qa.approx)
            lo_b, hi_b = bounds(_magnitude(qb), qb.approx)
            fits = lo_a <= hi_b and lo_b <= hi_a
            kind = {"ordinal": "count", "duration": "duration", "amount": "amount", "percent": "percent",
                    "count": "count"}.get(qa.kind, "number")
            label = "ordinal" if qa.kind == "ordinal" else kind
            what = f" {qa.counted}" if qa.counted and kind in ("count", "number") else ""
            if fits:
                out.append(Reason(kind=kind, message=f"{label} consistent: {qa.span.text} / {qb.span.text}{what}",  # type: ignore[arg-type]
                                  a=qa.span, b=qb.span, conflict=False))
            else:
                out.append(Reason(kind=kind, message=f"{label} differs: {qa.span.text} vs {qb.span.text}{what}",  # type: ignore[arg-type]
                                  a=qa.span, b=qb.span, conflict=True))
            break
    return out


# ---------------------------------------------------------------- times

def _time_label(t: TimeRef) -> str:
    return t.span.text


def _weekday_and_date(ta: TimeRef, tb: TimeRef) -> Reason | None:
    """A weekday ("on Thursday") against a calendar day ("on March 18, 2021"), one of each in
    either order: the calendar says whether that day is that weekday. A weekday resolved
    against its document's date to a day more than a week from the other is another
    occasion, not evidence either way."""
    wd_first = ta.kind == "weekday"
    wd, day = (ta, tb) if wd_first else (tb, ta)
    day_span = day.span
    if wd.weekday is None or day.date is None or day.until not in (None, day.date):
        return None
    if wd.date is not None and abs((wd.date - day.date).days) > 6:
        return None
    said = f"{WEEKDAY_NAMES[wd.weekday]} / {day_span.text} (a {WEEKDAY_NAMES[day.date.weekday()]})"
    spans = {"a": wd.span, "b": day_span} if wd_first else {"a": day_span, "b": wd.span}
    if wd.weekday == day.date.weekday():
        return Reason(kind="weekday", message=f"weekday consistent: {said}", conflict=False, **spans)
    return Reason(kind="weekday", message=f"weekday differs: {said}", conflict=True, **spans)


def _compare_times(a: Claim, b: Claim) -> list[Reason]:
    out: list[Reason] = []
    same_statement = _same_statement(a, b)
    for ta in a.times:
        for tb in b.times:
            anchored = ta.anchor is not None and ta.anchor == tb.anchor
            if not (anchored or _same_context(a, ta.span, b, tb.span)):
                continue
            if (ta.anchor in REPORTED_SPEECH_LEMMAS or tb.anchor in REPORTED_SPEECH_LEMMAS) and not same_statement:
                continue  # "said on Monday" / "said on Thursday": two statements, not one act
            if ta.weekday is not None and tb.weekday is not None and ta.kind == tb.kind == "weekday":
                if ta.weekday != tb.weekday:
                    out.append(Reason(kind="weekday", message=f"weekday differs: {WEEKDAY_NAMES[ta.weekday]} vs {WEEKDAY_NAMES[tb.weekday]}",
                                      a=ta.span, b=tb.span, conflict=True))
                else:
                    out.append(Reason(kind="weekday", message=f"weekday consistent: {WEEKDAY_NAMES[ta.weekday]}",
                                      a=ta.span, b=tb.span, conflict=False))
                continue
            if {ta.kind, tb.kind} == {"weekday", "date"}:
                if (by_weekday := _weekday_and_date(ta, tb)) is not None:
                    out.append(by_weekday)
                continue
            if ta.date and tb.date:
                hi_a, hi_b = ta.until or ta.date, tb.until or tb.date
                if ta.date <= hi_b and tb.date <= hi_a:
                    out.append(Reason(kind="date", message=f"date consistent: {_time_label(ta)} / {_time_label(tb)}",
                                      a=ta.span, b=tb.span, conflict=False))
                else:
                    out.append(Reason(kind="date", message=f"date differs: {_time_label(ta)} vs {_time_label(tb)}",
                                      a=ta.span, b=tb.span, conflict=True))
                continue
            if ta.month and tb.month and ta.kind == tb.kind == "month" and ta.year is None and tb.year is None and ta.month != tb.month:
                out.append(Reason(kind="date", message=f"date differs: {_time_label(ta)} vs {_time_label(tb)}",
                                  a=ta.span, b=tb.span, conflict=True))
    return out
