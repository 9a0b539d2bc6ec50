"""Make decoded input text safe for the pipeline without moving what a reader cites.

Line numbers are counted on ``\\n`` only, as ``grep -n`` and editors count them, so every
other line break Python knows (a lone ``\\r``, vertical tab, form feed, the information
separators ``\\x1c``-``\\x1e``, NEL, U+2028/U+2029) becomes a space, and ``\\r\\n`` becomes
``\\n``; only a file with no ``\\n`` at all (old Mac line ends) has its ``\\r`` read as
line ends. Other control characters and lone surrogates (JSON can carry ``"\\ud800"``, which
no encoder writes) become a space or U+FFFD, one character for one, so offsets within a line
stay true.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, the C1 block, and Unicode line/paragraph separators.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str, *, old_mac_lines: bool = True) -> tuple[str, int]:
    """Return ``text`` with line endings made ``\\n`` and control characters made spaces,
    and how many characters were replaced (line endings not counted). ``old_mac_lines=False``
    (JSON Lines, whose lines end in ``\\n`` by definition) never reads ``\\r`` as a line end."""
    text = text.replace("\r\n", "\n")
    if old_mac_lines and "\n" not in text:
        text = text.replace("\r", "\n")
    text, controls = _CONTROLS.subn(" ", text)
    text, surrogates = _SURROGATES.subn("\ufffd", text)
    return text, controls + surrogates
