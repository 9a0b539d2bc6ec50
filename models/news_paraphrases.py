"""Meaning-preserving rewrites of news sentences: the invariances a news NLI model needs.

Each rule rewrites one detail of a sentence the way another outlet would write the same
fact, so the pair is *not* a contradiction:

- ``date-weekday``: "on March 18" <-> "on Thursday", the weekday computed from the year
  the sentence names (else a year of the corpus' period), so the two agree on a calendar;
- ``date-vague``: "on Tuesday" -> "this week" / "earlier this week" (the premise is the
  more specific: entailment one way only);
- ``figure-format``: "$1.9 trillion" <-> "1.9 trillion dollars", "£5m" <-> "5 million
  pounds", "5%" <-> "5 per cent", "three" <-> "3";
- ``speech``: direct speech as reported speech ('"We will act," Mr Smith said.' ->
  'Mr Smith said we will act.').

Dropped attributions and dropped clauses live in ``synthetic_pairs`` (they predate this
module). The rules are regular expressions and a calendar; nothing here knows any event.
"""

from __future__ import annotations

import datetime as dt
import random
import re

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_MONTH = "|".join(MONTHS)
_WEEKDAY = "|".join(WEEKDAYS)
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
_ON_WEEKDAY = re.compile(rf"\bon ({_WEEKDAY})\b")
_ON_DATE_US = re.compile(rf"\bon ({_MONTH}) (\d{{1,2}})(?:st|nd|rd|th)?\b(?!,? \d{{4}})")
_ON_DATE_UK = re.compile(rf"\bon (\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH})\b(?! \d{{4}})")

_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_SCALE_WORDS = {"m": "million", "bn": "billion", "k": "thousand", "tn": "trillion"}
_CURRENCY_WORDS = {"$": "dollars", "£": "pounds", "€": "euros"}
_MONEY_SHORT = re.compile(r"([$£€])(\d+(?:\.\d+)?)(m|bn|k|tn)\b")
_MONEY_LONG = re.compile(r"([$£€])(\d+(?:\.\d+)?) (million|billion|trillion)\b")
_WORDS_MONEY = re.compile(r"\b(\d+(?:\.\d+)?) (million|billion|trillion) (dollars|pounds|euros)\b")
_PERCENT = re.compile(r"\b(\d+(?:\.\d+)?)(%| per ?cent\b)")
_SMALL_WORD = re.compile(r"\b(" + "|".join(_SMALL[2:]) + r") (?=[a-z]+s\b)")
_SMALL_DIGIT = re.compile(r"(?<![\w.,$£€])([2-9]) (?=[a-z]+s\b)")

_SPEECH = re.compile(r'^"([^"]{15,})[,.]" ((?:[A-Z][\w\'.-]*(?: [A-Z][\w\'.-]*){0,3})|he|she|they) (said|says|added|told \w+)\.$')
_SPEECH_INV = re.compile(r'^"([^"]{15,})[,.]" (said|says|added) ([A-Z][\w\'.-]*(?: [A-Z][\w\'.-]*){0,3})\.$')


def _year_of(s: str, rng: random.Random, period: tuple[int, ...]) -> int:
    m = _YEAR.search(s)
    return int(m.group(1)) if m else rng.choice(period)


def _dates_on(year: int, weekday: str) -> list[dt.date]:
    day = dt.date(year, 1, 1)
    want = WEEKDAYS.index(weekday)
    day += dt.timedelta(days=(want - day.weekday()) % 7)
    out = []
    while day.year == year:
        out.append(day)
        day += dt.timedelta(days=7)
    return out


def _fmt_date(day: dt.date, rng: random.Random) -> str:
    month = MONTHS[day.month - 1]
    return f"{month} {day.day}" if rng.random() < 0.5 else f"{day.day} {month}"


def weekday_as_date(s: str, rng: random.Random, period: tuple[int, ...] = (2004, 2005)) -> str | None:
    """"on Thursday" -> "on March 18" (a Thursday of the sentence's year)."""
    m = _ON_WEEKDAY.search(s)
    if not m:
        return None
    day = rng.choice(_dates_on(_year_of(s, rng, period), m.group(1)))
    return s[: m.start()] + "on " + _fmt_date(day, rng) + s[m.end() :]


def date_as_weekday(s: str, rng: random.Random, period: tuple[int, ...] = (2004, 2005)) -> str | None:
    """"on March 18" / "on 18 March" -> "on Thursday" (its weekday in the sentence's year)."""
    m = _ON_DATE_US.search(s)
    month, day_s = (m.group(1), m.group(2)) if m else (None, None)
    if not m:
        m = _ON_DATE_UK.search(s)
        if not m:
            return None
        month, day_s = m.group(2), m.group(1)
    try:
        day = dt.date(_year_of(s, rng, period), MONTHS.index(month) + 1, int(day_s))
    except ValueError:  # "on February 30"
        return None
    return s[: m.start()] + "on " + WEEKDAYS[day.weekday()] + s[m.end() :]


def weekday_as_week(s: str, rng: random.Random) -> str | None:
    """"on Tuesday" -> "this week" (less specific: the premise entails it, not the reverse)."""
    m = _ON_WEEKDAY.search(s)
    if not m:
        return None
    return s[: m.start()] + rng.choice(["this week", "earlier this week", "during the week"]) + s[m.end() :]


def reformat_figure(s: str, rng: random.Random) -> str | None:
    """Write one figure another way: currency symbol or word, "m" or "million", "%" or "per cent"."""
    options: list[str] = []
    for m in _MONEY_SHORT.finditer(s):
        cur, num, scale = m.groups()
        word = _SCALE_WORDS[scale]
        options.append(s[: m.start()] + f"{num} {word} {_CURRENCY_WORDS[cur]}" + s[m.end() :])
        options.append(s[: m.start()] + f"{cur}{num} {word}" + s[m.end() :])
    for m in _MONEY_LONG.finditer(s):
        cur, num, word = m.groups()
        options.append(s[: m.start()] + f"{num} {word} {_CURRENCY_WORDS[cur]}" + s[m.end() :])
        short = {v: k for k, v in _SCALE_WORDS.items()}[word]
        options.append(s[: m.start()] + f"{cur}{num}{short}" + s[m.end() :])
    for m in _WORDS_MONEY.finditer(s):
        num, word, cur_word = m.groups()
        cur = {v: k for k, v in _CURRENCY_WORDS.items()}[cur_word]
        options.append(s[: m.start()] + f"{cur}{num} {word}" + s[m.end() :])
    for m in _PERCENT.finditer(s):
        num, sign = m.groups()
        new = f"{num} per cent" if sign == "%" else f"{num}%"
        if sign == "%" and rng.random() < 0.5:
            new = f"{num} percent"
        options.append(s[: m.start()] + new + s[m.end() :])
    for m in _SMALL_WORD.finditer(s):
        options.append(s[: m.start()] + str(_SMALL.index(m.group(1))) + " " + s[m.end() :])
    for m in _SMALL_DIGIT.finditer(s):
        options.append(s[: m.start()] + _SMALL[int(m.group(1))] + " " + s[m.end() :])
    options = [o for o in options if o != s]
    return rng.choice(options) if options else None


_FUNCTION_WORDS = {"We", "The", "It", "This", "There", "That", "They", "He", "She", "You", "Our", "A", "An", "Today",
                   "In", "If", "What", "When", "These", "Those", "Its", "Their", "His", "Her", "My", "Some", "All",
                   "No", "Not", "Under", "At", "As", "For", "But", "And", "So", "Now", "Then", "Every", "Many"}


def direct_as_reported(s: str, rng: random.Random) -> str | None:
    """'"We will act," Mr Smith said.' -> 'Mr Smith said we will act.' (no tense shift)."""
    m = _SPEECH.match(s)
    if m:
        quote, who, verb = m.groups()
    else:
        m = _SPEECH_INV.match(s)
        if not m:
            return None
        quote, verb, who = m.groups()
    if who in ("he", "she", "they"):
        who = who.capitalize()
    # A sentence-initial function word loses its capital inside reported speech; any other
    # word may be a name ("Liverpool"), so it keeps it.
    first = quote.split()[0]
    if first.split("'")[0] in _FUNCTION_WORDS:
        quote = quote[0].lower() + quote[1:]
    that = " that" if rng.random() < 0.5 else ""
    return f"{who} {verb}{that} {quote.rstrip(',.')}."


# kind -> (rule, label of premise=original vs hypothesis=rewrite, label of the reverse pair)
PARAPHRASE_RULES = {
    "date-weekday": (weekday_as_date, "entailment", "entailment"),
    "date-to-weekday": (date_as_weekday, "entailment", "entailment"),
    "date-vague": (weekday_as_week, "entailment", "neutral"),
    "figure-format": (reformat_figure, "entailment", "entailment"),
    "speech": (direct_as_reported, "entailment", "entailment"),
}
