"""Calendar words: month and weekday names, their numbers, and the month patterns that find them in text."""

from __future__ import annotations

WEEKDAY_NAMES: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS: dict[str, int] = {name.lower(): k for k, name in enumerate(WEEKDAY_NAMES)}  # Monday=0, as datetime
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

# The two month patterns differ on purpose for now, and changing either changes which dates
# are found. In a claim (``timex``), a capitalised full name or a dotted abbreviation, but not
# "Mar." / "Apr." / "Jun." / "Jul.", nor an undotted one. In a weekday-and-day phrase that dates
# a document (``dating``), every abbreviation, dotted or not: the weekday next to it
# makes a false match unlikely.
MONTH_IN_CLAIM = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
MONTH_IN_DATELINE = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
WEEKDAY_PATTERN = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAY_OF_MONTH = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
