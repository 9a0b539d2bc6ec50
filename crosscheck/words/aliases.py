"""Aliases of actors: surface forms (lower case) and the canonical actor they name, with its kind.

Capitals and demonyms stand for their countries' governments ("Beijing", "Chinese" -> China).
"""

from __future__ import annotations

ALIASES: dict[str, tuple[str, str]] = {
    # surface form (lower case) -> (canonical, kind); capitals stand for their governments
    "u.s.": ("United States", "country"), "us": ("United States", "country"), "u.s": ("United States", "country"),
    "usa": ("United States", "country"), "u.s.a.": ("United States", "country"), "america": ("United States", "country"),
    "united states": ("United States", "country"), "the united states": ("United States", "country"),
    "united states of america": ("United States", "country"), "washington": ("United States", "country"),
    "american": ("United States", "country"), "americans": ("United States", "country"),
    "china": ("China", "country"), "beijing": ("China", "country"), "prc": ("China", "country"),
    "people's republic of china": ("China", "country"), "chinese": ("China", "country"),
    "britain": ("United Kingdom", "country"), "uk": ("United Kingdom", "country"), "u.k.": ("United Kingdom", "country"),
    "united kingdom": ("United Kingdom", "country"), "great britain": ("United Kingdom", "country"),
    "british": ("United Kingdom", "country"), "london": ("United Kingdom", "country"),
    "russia": ("Russia", "country"), "moscow": ("Russia", "country"), "russian": ("Russia", "country"),
    "kremlin": ("Russia", "country"), "eu": ("European Union", "org"), "e.u.": ("European Union", "org"),
    "european union": ("European Union", "org"), "un": ("United Nations", "org"), "u.n.": ("United Nations", "org"),
    "united nations": ("United Nations", "org"), "iran": ("Iran", "country"), "tehran": ("Iran", "country"),
    "iranian": ("Iran", "country"), "japan": ("Japan", "country"), "tokyo": ("Japan", "country"),
    "japanese": ("Japan", "country"), "india": ("India", "country"), "new delhi": ("India", "country"),
    "indian": ("India", "country"), "taiwan": ("Taiwan", "country"), "taipei": ("Taiwan", "country"),
    "north korea": ("North Korea", "country"), "pyongyang": ("North Korea", "country"),
    "south korea": ("South Korea", "country"), "seoul": ("South Korea", "country"),
    "australia": ("Australia", "country"), "canberra": ("Australia", "country"), "australian": ("Australia", "country"),
    "canada": ("Canada", "country"), "ottawa": ("Canada", "country"), "canadian": ("Canada", "country"),
    "france": ("France", "country"), "paris": ("France", "country"), "french": ("France", "country"),
    "germany": ("Germany", "country"), "berlin": ("Germany", "country"), "german": ("Germany", "country"),
    "ukraine": ("Ukraine", "country"), "kyiv": ("Ukraine", "country"), "ukrainian": ("Ukraine", "country"),
}
