"""Whether two claims are about different events, and the one-event rule clustering reads."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from crosscheck.compare.actors import _speakers_differ, same_actor
from crosscheck.compare.text import _content, _jaccard, _local, _without, _words
from crosscheck.config import Config
from crosscheck.types import Claim, Reason, TimeRef
from crosscheck.words.calendar import WEEKDAY_NAMES

# The reason kind this rule makes; it never conflicts, but it settles a pair as "related"
# with this confidence: it rests on a conflicting actor, as sure as an actor slot.
REASONS: dict[str, float] = {"event": 0.8}

# Details that tell one event from another; a differing speaker, quote or polarity does not.
_IDENTIFYING = frozenset({"place", "date", "weekday", "amount", "count", "number", "percent", "duration"})
FIGURES_AND_TIMES = _IDENTIFYING - {"place"}
# Word overlap, names aside, from which two claims read as one statement with one name changed.
SAME_STATEMENT = Config.model_fields["same_statement"].default


def different_events(
    a: Claim, b: Claim, reasons: Sequence[Reason], *, documents_share_names: bool | None = None, same_statement: float = SAME_STATEMENT
) -> Reason | None:
    """Whether the findings of :func:`compare_claims` show two events rather than one.

    Each case below would otherwise be reported as a false conflict:

    - the participants differ (an actor in the same slot of the same verb) and another
      identifying detail differs too (a place, a time, a figure): "Blinken met Xi in
      Beijing on Friday" and "Blinken will meet Wang in Anchorage on Thursday" are two
      meetings, not a conflict about one;
    - the place and the day both differ: "Blinken arrived in Beijing on Thursday" and
      "Blinken arrived in Seoul on Wednesday" are two arrivals, not one reported with a wrong
      place and a wrong day;
    - only figures or times differ, and nothing else ties the claims to one fact: no
      actor in common and at most one shared word besides the figures and what they
      count ("The tranche totals 35.2 mln dlrs" vs "Notes of 150 mln dlrs are outstanding").

    - different speakers each report their own figures ("Toyota said its profit rose 12
      pct", "Ford said its profit rose 9 pct"): a figure differs and the reported clause
      points back at its speaker ("it", "its", "their"), so the figures belong to two
      parties. Different sources giving one figure ("police said 24 were killed", "the
      ministry said 34") and one statement given to two speakers stay conflicts.

    - only figures or times differ and the two articles name no one in common
      (``documents_share_names`` is False): "The company said its dividend is 28 cts" and
      "It declared a dividend of five cts" take their subject from articles about two
      companies. None (an article that names no one) is no evidence.

    - only the people, bodies or places differ, and the claims share few other words
      (``same_statement``, ``Config.same_statement``): "Blinken, in Japan before traveling to South Korea and Alaska,
      said ..." and "Blinken traveled to Japan and South Korea to display ..." are two
      statements, not one with a wrong place. A swapped name in an otherwise identical
      sentence stays a conflict.

    One differing detail in claims that share their subject stays a conflict: that is how
    a misreport looks.

    Returns:
        A non-conflict ``event`` reason saying why, or None.
    """
    conflicts = [r for r in reasons if r.conflict]
    actors = [r for r in conflicts if r.kind == "actor"]
    others = [r for r in conflicts if r.kind in _IDENTIFYING]
    if actors and others:
        kinds = ", ".join(dict.fromkeys(r.kind for r in actors + others))
        return Reason(kind="event", message=f"different events: {kinds} differ", a=actors[0].a, b=actors[0].b, conflict=False)
    places = [r for r in conflicts if r.kind == "place"]
    if places and any(r.kind in ("date", "weekday") for r in conflicts):
        return Reason(kind="event", message="different events: the place and the day differ", a=places[0].a, b=places[0].b,
                      conflict=False)
    if conflicts and all(r.kind in ("actor", "place") for r in conflicts) and _jaccard(_unnamed(a), _unnamed(b)) < same_statement:
        kinds = " and ".join(dict.fromkeys("people or bodies" if r.kind == "actor" else "places" for r in conflicts))
        return Reason(kind="event", message=f"different statements: they name different {kinds} and share little else",
                      a=conflicts[0].a, b=conflicts[0].b, conflict=False)
    if conflicts and all(r.kind in FIGURES_AND_TIMES for r in conflicts) and not _share_subject(a, b):
        return Reason(kind="event", message="different facts: the claims share nothing but the kind of figure",
                      a=conflicts[0].a, b=conflicts[0].b, conflict=False)
    if conflicts and documents_share_names is False and all(r.kind in FIGURES_AND_TIMES for r in conflicts):
        return Reason(kind="event", message="different subjects: the figures differ and the two articles name no one in common",
                      a=conflicts[0].a, b=conflicts[0].b, conflict=False)
    own_figures = any(r.kind in FIGURES_AND_TIMES for r in conflicts)
    if own_figures and all(r.kind in _IDENTIFYING or r.kind == "speaker" for r in conflicts) and _own_statements(a, b):
        sa, sb = a.attribution.speaker, b.attribution.speaker  # type: ignore[union-attr]
        return Reason(kind="event", message=f"different parties: {sa} and {sb} each report their own figures",
                      a=a.attribution.span, b=b.attribution.span, conflict=False)  # type: ignore[union-attr]
    return None


def worded_alike(a: Claim, b: Claim, same_statement: float = SAME_STATEMENT) -> bool:
    """Whether two claims say the same thing apart from their figures and times (content
    words in common, Jaccard at least ``same_statement``, ``Config.same_statement``). Only then does a differing figure
    show a conflict by itself: "Officials said 40 ships were stranded" against "... 45 ships
    ...". Worded differently, two figures with one unit often measure two things ("rice
    production at 26.7 mln tonnes", "raw sugar production at 1.8 mln tonnes")."""
    return _jaccard(_unfigured(a), _unfigured(b)) >= same_statement


def _unfigured(claim: Claim) -> AbstractSet[str]:
    """The claim's content words outside its figures and times, numerals dropped."""
    text = _without(claim, *(slot.span for slot in (*claim.quantities, *claim.times)))
    return {w for w in _content(text) if not any(ch.isdigit() for ch in w)}


def _unnamed(claim: Claim) -> AbstractSet[str]:
    """The claim's content words outside the actors it names."""
    named = {w for actor in claim.actors for w in _words(claim.text[slice(*_local(claim, actor.span))])}
    return _content(claim.text) - named


# A pronoun in the reported clause that points back at its speaker: "X said its profit rose".
_BACK_REFERENCE = re.compile(r"\b(?:it|its|they|their|he|his|she|her)\b", re.IGNORECASE)


def _own_statements(a: Claim, b: Claim) -> bool:
    """Both claims are different named speakers reporting on themselves."""
    if not a.attribution or not b.attribution or not _speakers_differ(a.attribution.speaker, b.attribution.speaker):
        return False
    return all(c.attribution is not None and _BACK_REFERENCE.search(_without(c, c.attribution.span)) for c in (a, b))


def _share_subject(a: Claim, b: Claim) -> bool:
    if any(same_actor(x.canonical, y.canonical) for x in a.actors for y in b.actors):
        return True

    def words(c: Claim) -> AbstractSet[str]:
        counted = {w for q in c.quantities for w in _words(q.counted or "")}
        return {w for w in _content(c.text) - counted if not any(ch.isdigit() for ch in w)}

    return len(words(a) & words(b)) >= 2


def days_apart(a: Claim, b: Claim) -> Reason | None:
    """Whether the claims date what they report to different days, so that a contradiction
    NLI reads between them is two days' news rather than one fact misreported.

    Each claim must name at least one single day (a weekday, a calendar day, or a relative day
    such as "yesterday" resolved against its document's date), and no day of one may be a day
    of the other: "Blinken met Xi in Beijing on Friday" / "On Tuesday, Blinken visited Japan",
    "The dollar rose on Monday" / "The dollar fell on Tuesday". A weekday against a calendar
    day compares through the calendar. The slot rules compare the times of one act (the same
    verb, or the same words around them) and decide those pairs themselves; this reads every
    day either claim names, so a claim that names one day of the other's ("said on Friday it
    met on Tuesday" / "met on Tuesday") is not apart.

    Returns:
        A non-conflict ``event`` reason naming the two days, or None.
    """
    days_a, days_b = _days(a), _days(b)
    if not days_a or not days_b or any(_may_be_one_day(x, y) for x in days_a for y in days_b):
        return None
    x, y = days_a[0], days_b[0]
    return Reason(kind="event", message=f"different days: {_day_label(x)} vs {_day_label(y)}; "
                  "a contradiction between reports of two days is not one fact misreported", a=x.span, b=y.span, conflict=False)


def _days(claim: Claim) -> list[TimeRef]:
    """The single days a claim names: weekdays, and calendar days (``date`` without a later ``until``)."""
    return [t for t in claim.times if (t.kind == "weekday" and t.weekday is not None)
            or (t.date is not None and t.until in (None, t.date) and t.kind in ("date", "relative"))]


def _may_be_one_day(x: TimeRef, y: TimeRef) -> bool:
    if x.kind != "weekday" and y.kind != "weekday":
        return x.date == y.date
    if x.date is not None and y.date is not None:
        return x.date == y.date
    wx = x.weekday if x.weekday is not None else x.date.weekday() if x.date else None
    wy = y.weekday if y.weekday is not None else y.date.weekday() if y.date else None
    return wx == wy


def _day_label(t: TimeRef) -> str:
    if t.kind == "weekday" and t.weekday is not None:
        return WEEKDAY_NAMES[t.weekday]
    return f"{t.span.text} ({t.date.isoformat()})" if t.date else t.span.text


def places_differ(a: Claim, b: Claim, reasons: Sequence[Reason]) -> bool:
    """Whether the claims place the same act in different places ("met in Beijing" vs "met in
    Anchorage"), by the places as written or by a conflicting ``place`` finding."""
    where_a, where_b = _locations(a), _locations(b)
    if where_a and where_b and not where_a & where_b:
        return True
    return any(r.kind == "place" and r.conflict for r in reasons)


def _locations(claim: Claim) -> set[str]:
    """Places the claim says something happened in ("met ... in Beijing"), as written:
    the surface form, because the alias table maps a capital to its government."""
    return {
        a.span.text.lower()
        for a in claim.actors
        if a.kind in ("place", "country") and a.role is not None and a.role.startswith(("pobj:in:", "pobj:to:", "pobj:at:"))
    }
