"""Actors: the canonical name and kind of an entity mention, and whether a tagged entity can be a name."""

from __future__ import annotations

import re

from crosscheck.words.aliases import ALIASES
from crosscheck.words.titles import TITLES

_ENT_KINDS = {"PERSON": "person", "ORG": "org", "GPE": "country", "NORP": "country", "LOC": "place", "FAC": "place"}


def canonical_actor(text: str, label: str = "") -> tuple[str, str]:
    """Return ``(canonical name, kind)`` for an entity mention.

    Country names, capitals and demonyms map to the country ("Beijing" -> "China", "U.S."
    -> "United States"); person names lose titles, middle initials and possessives
    ("Secretary of State Antony J. Blinken's" -> "Antony Blinken"). Whether "Mr. Blinken"
    and "Antony Blinken" are one person is decided by :func:`crosscheck.compare.same_actor`.
    """
    t = re.sub(r"[’']s$", "", text.strip())
    key = t.lower()
    if key.startswith("the "):
        key = key[4:]
    if key in ALIASES:
        return ALIASES[key]
    kind = _ENT_KINDS.get(label, "other")
    if kind == "person" or label == "":
        words = [w for w in t.split() if w.lower() not in TITLES and not re.fullmatch(r"[A-Z]\.", w)]
        return (" ".join(words) or t), kind
    if t.lower().startswith("the "):
        t = t[4:]
    return t, kind


def _is_name(text: str, shouted: bool) -> bool:
    """Whether an entity the tagger found can be a name. A name has a capital letter ("cts"
    and "pct" tagged as organisations are units). In a text in capitals (a wire headline:
    "WHITTAKER CORP SETS QTLY DIV") every word looks like a name, so only the countries,
    capitals and bodies of the alias table count there."""
    if not any(ch.isupper() for ch in text):
        return False
    if shouted:
        key = re.sub(r"[’']s$", "", text.strip()).lower()
        return key.removeprefix("the ") in ALIASES
    return True
