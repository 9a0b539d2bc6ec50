"""Make decoded input text safe for the pipeline without moving what a reader cites.

Line numbers are counted on ``\\n`` only, so every other line break Python knows
(``\\r``, vertical tab, form feed, the information separators ``\\x1c``-``\\x1e``, NEL,
U+2028/U+2029) is made ``\\n`` (for ``\\r\\n``, dropped) or a space; other control
characters and lone surrogates (JSON can carry ``"\\ud800"``, which no encoder writes) become a
space or U+FFFD, one character for one, so offsets within a line stay true.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, the C1 block, and Unicode line/paragraph separators.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> tuple[str, int]:
    """Return ``text`` with line endings made ``\\n`` and control characters made spaces,
    and how many characters were replaced (line endings not counted)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, controls = _CONTROLS.subn(" ", text)
    text, surrogates = _SURROGATES.subn("\ufffd", text)
    return text, controls + surrogates
