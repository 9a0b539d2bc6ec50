"""Find and normalise the figures in news text: ``$400bn`` -> 4e11 USD, ``more than eight months``.

Pure regular-expression code with no model: spaCy tags ``$400 billion`` as MONEY but does
not give its value, and news writes one figure in many ways (``$400bn``, ``400 billion
dollars``, ``$400,000,000,000``), so normalisation is ours. What is counted (the noun
phrase a number modifies) is left to the parser in :mod:`crosscheck.claims.slots.parse`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosscheck.words.approximators import APPROXIMATORS

__all__ = ["QuantityMatch", "find_quantities", "parse_number", "bounds", "DURATION_DAYS"]

_UNITS_0_19 = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUES: dict[str, float] = {w: float(i) for i, w in enumerate(_UNITS_0_19)}
_WORD_VALUES.update({w: float(20 + 10 * i) for i, w in enumerate(_TENS)})
_WORD_VALUES.update({"a": 1.0, "an": 1.0, "a dozen": 12.0, "dozen": 12.0, "a hundred": 100.0, "hundred": 100.0, "a thousand": 1000.0})

_SCALES: dict[str, float] = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}

_FRACTIONS: dict[str, float] = {
    "half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3,
    "two thirds": 2 / 3, "two-thirds": 2 / 3, "a quarter": 0.25, "one quarter": 0.25, "one-quarter": 0.25,
    "three quarters": 0.75, "three-quarters": 0.75, "a fifth": 0.2, "one-fifth": 0.2, "a tenth": 0.1,
}

_ORDINALS: dict[str, int] = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
}

_CURRENCY_SYMBOLS = {"us$": "USD", "$": "USD", "a$": "AUD", "c$": "CAD", "hk$": "HKD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "yuan": "CNY", "renminbi": "CNY",
    "rmb": "CNY", "cny": "CNY", "yen": "JPY", "jpy": "JPY", "rupees": "INR", "rupee": "INR",
    "rubles": "RUB", "roubles": "RUB", "ruble": "RUB", "rouble": "RUB",
}

#: Length of one duration unit in days, to compare ``18 months`` with ``a year and a half``.
DURATION_DAYS: dict[str, float] = {
    "second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0,
    "month": 30.44, "year": 365.25, "decade": 3652.5, "century": 36525.0,
}
_DURATION_WORDS = {
    **{u: u for u in DURATION_DAYS}, **{u + "s": u for u in DURATION_DAYS},
    "centuries": "century", "hrs": "hour", "hr": "hour", "mins": "minute", "min": "minute", "yrs": "year",
}
_PERCENT_WORDS = {"%": "percent", "percent": "percent", "per cent": "percent", "pct": "percent",
                  "percentage point": "percentage_point", "percentage points": "percentage_point"}
_MEASURE_WORDS = {
    "km": "km", "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km",
    "miles": "mile", "mile": "mile", "meters": "m", "metres": "m", "meter": "m", "metre": "m",
    "tons": "tonne", "tonnes": "tonne", "ton": "tonne", "tonne": "tonne", "kg": "kg", "kilograms": "kg",
    "barrels": "barrel", "barrel": "barrel",
}



def _alt(words: object) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))  # type: ignore[attr-defined]


_WORDNUM = rf"(?:(?:{_alt(_TENS)})(?:[- ](?:{_alt(_UNITS_0_19[1:10])}))?|{_alt(w for w in _WORD_VALUES if w not in ('a', 'an'))})"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT_WORDS = {**_CURRENCY_WORDS, **_DURATION_WORDS, **_PERCENT_WORDS, **_MEASURE_WORDS}

_QUANTITY_RE = re.compile(
    rf"""
    (?:(?P<approx>{_alt(APPROXIMATORS)})\s+)?
    (?:
      (?P<frac>{_alt(_FRACTIONS)})\b
    | (?P<ord>{_alt(_ORDINALS)}|\d+(?:st|nd|rd|th))\b
    | (?:(?P<cur>{_alt(_CURRENCY_SYMBOLS)})\s?)?
      (?:
        (?P<num>{_DIGITS})(?:\s?(?P<scale>thousand|million|billion|trillion)\b|(?P<abbr>bn|mn|mln|tn|trn|[mbk])\b)?
      | (?P<word>{_WORDNUM}|an?)(?:\s(?P<wscale>thousand|million|billion|trillion)\b)?
      )
      (?:(?P<sep>\s|-|\s?(?=%))(?P<unit>{_alt(_UNIT_WORDS)})(?![\w]))?
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Word figures that are too often not figures at all ("one of them", "a meeting", "one-off").
_BARE_WORD_SKIP = {"a", "an", "one"}


@dataclass(frozen=True)
class QuantityMatch:
    """One figure found in a text; offsets are into that text."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None
    approx: str
    kind: str  # amount | count | number | percent | duration | ordinal


def parse_number(text: str) -> float | None:
    """Return the value of a number written in digits or words (``1,200``, ``twenty-four``), else None."""
    t = text.strip().lower().replace(",", "")
    try:
        return float(t)
    except ValueError:
        pass
    if t in _WORD_VALUES:
        return _WORD_VALUES[t]
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _WORD_VALUES:
        return _WORD_VALUES[parts[0]] + _WORD_VALUES[parts[1]]
    return None


def _is_bare_year(m: re.Match[str]) -> bool:
    num = m.group("num")
    if not (num and re.fullmatch(r"(?:19|20)\d\d", num)) or m.group("cur") or m.group("scale") or m.group("abbr") or m.group("unit"):
        return False
    # "1900 ballots" counts; "in 1900" or "the 2012 election" is a year
    return not re.match(r"\s+[a-z]+s\b", m.string[m.end():])


def find_quantities(text: str) -> list[QuantityMatch]:
    """Find the figures in ``text`` and normalise them.

    Bare four-digit years (``2012``) are left to :mod:`crosscheck.claims.slots.timex`; numbers inside
    names (``Covid-19``, ``G-20``) are skipped.

    Returns:
        The matches in text order. ``kind`` is ``count`` for a bare number; the caller
        downgrades it to ``number`` when nothing counted follows.
    """
    out: list[QuantityMatch] = []
    for m in _QUANTITY_RE.finditer(text):
        start, end = m.start(), m.end()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-.,/"):
            continue  # middle of a word, a name like Covid-19, or a decimal tail
        if end < len(text) and text[end].isalnum():
            continue
        if _is_bare_year(m):
            continue
        approx = APPROXIMATORS.get((m.group("approx") or "").lower(), "exact")
        unit_word = (m.group("unit") or "").lower()
        if m.group("frac"):
            out.append(QuantityMatch(start, end, m.group(0), _FRACTIONS[m.group("frac").lower()], "fraction", approx, "number"))
            continue
        if m.group("ord"):
            o = m.group("ord").lower()
            value = _ORDINALS.get(o) or int(re.sub(r"\D", "", o))
            out.append(QuantityMatch(start, end, m.group(0), float(value), None, approx, "ordinal"))
            continue
        word = (m.group("word") or "").lower()
        if word:
            if word in _BARE_WORD_SKIP and not (m.group("wscale") or unit_word):
                    continue
            value = parse_number(word)
            scale = _SCALES[m.group("wscale").lower()] if m.group("wscale") else 1.0
        else:
            value = parse_number(m.group("num") or "")
            sc = (m.group("scale") or m.group("abbr") or "").lower()
            if m.group("abbr") and not m.group("cur") and sc in ("m", "b", "k"):
                # "5m" alone is metres or minutes as often as millions; only with a currency sign.
                sc = ""
                end = m.start("abbr")
            scale = _SCALES.get(sc, 1.0)
        if value is None:
            continue
        if m.group("sep") == "-" and unit_word and unit_word not in _DURATION_WORDS:
            unit_word = ""  # "5-dollar" is rare; "10-year" is common
        value *= scale
        cur = (m.group("cur") or "").lower()
        if cur or unit_word in _CURRENCY_WORDS:
            unit, kind = _CURRENCY_SYMBOLS.get(cur) or _CURRENCY_WORDS[unit_word], "amount"
        elif unit_word in _PERCENT_WORDS:
            unit, kind = _PERCENT_WORDS[unit_word], "percent"
        elif unit_word in _DURATION_WORDS:
            unit, kind = _DURATION_WORDS[unit_word], "duration"
        elif unit_word in _MEASURE_WORDS:
            unit, kind = _MEASURE_WORDS[unit_word], "number"
        else:
            unit, kind = None, "count"
        if not unit_word:
            # the figure ends where its number (or scale word) ends
            for g in ("wscale", "scale", "abbr", "word", "num"):
                if m.group(g) and (g != "abbr" or scale != 1.0):
                    end = m.end(g)
                    break
        out.append(QuantityMatch(start, end, text[start:end], value, unit, approx, kind))
    return out


def bounds(value: float, approx: str, *, exact_tolerance: float = 0.005) -> tuple[float, float]:
    """Return the interval of values a figure with this approximator allows.

    News uses "more than X" for figures a little above X, not for any larger figure, so
    "more than eight months" does not cover "two years": the upper end is 1.5 X. "about"
    allows 15 % either way; an exact figure allows rounding of ``exact_tolerance``.
    """
    v = abs(value)
    if approx == "about":
        return v * 0.85, v * 1.15
    if approx == "more_than":
        return v, v * 1.5
    if approx == "at_least":
        return v, v * 1.5
    if approx in ("less_than", "at_most", "up_to"):
        return 0.0, v
    return v * (1 - exact_tolerance), v * (1 + exact_tolerance)
