"""Hostile text made harmless for a reader: control and bidirectional-override characters.

An article may carry a NUL, a terminal escape or a right-to-left override (U+202E) that makes
a quoted sentence read differently from what it says ("Trojan Source"). Every format shows
such a character as U+FFFD (the view does it once, ``neutralise``); JSON formats, which must
keep the data as it is, write it as a ``\\uXXXX`` escape instead (``escape_json``).
"""

from __future__ import annotations

import re

# C0 controls but tab and line breaks, DEL, C1 controls, the bidirectional marks, embeddings,
# overrides and isolates, and the line and paragraph separators (a line break in disguise).
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
# In JSON text, NUL and the other C0 controls are already escaped by every serialiser.
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}]")
REPLACEMENT = "\ufffd"


def neutralise(text: str) -> str:
    """``text`` with each control or bidirectional-control character replaced by U+FFFD."""
    return _UNSAFE.sub(REPLACEMENT, text)


def escape_json(text: str) -> str:
    """JSON ``text`` with the characters a reader cannot see written as ``\\uXXXX`` escapes.

    They can only stand inside JSON strings, where the escape means the same character, so
    the parsed data is unchanged.
    """
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
