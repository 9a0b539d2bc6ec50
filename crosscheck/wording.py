"""What differs between two claims' wording: the reason an NLI-only verdict can show.

When the NLI model alone calls two claims contradictory, an editor needs to see *what* it
read as the clash. ``differing_wording`` aligns the two sentences word by word (difflib's
longest matching blocks, which is what ``diff`` shows a reader) and returns the stretches
each sentence has that the other lacks, with their character spans, longest first.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

__all__ = ["WordingDifference", "differing_wording"]

_TOKEN = re.compile(r"[\w$£€%]+(?:[.,'’-][\w]+)*|[^\w\s]")
# Words that change no checkable fact when they are the whole difference.
_FILLER = frozenset({"the", "a", "an", "of", "on", "in", "at", "to", "and", "that", "said", "says", ",", ".", "'", "’",
                     '"', "“", "”", "-", "—", "(", ")"})


@dataclass(frozen=True)
class WordingDifference:
    """One stretch where the sentences differ: ``a_text`` in a (may be empty), ``b_text`` in b.

    ``a_span`` / ``b_span`` are character offsets in the two texts (start, end); an empty
    side has a zero-width span where the other side's words would go.
    """

    a_text: str
    b_text: str
    a_span: tuple[int, int]
    b_span: tuple[int, int]


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _meaningful(words: list[tuple[str, int, int]]) -> bool:
    return any(w.lower() not in _FILLER for w, _, _ in words)


def differing_wording(a: str, b: str, *, limit: int = 3) -> list[WordingDifference]:
    """Return up to ``limit`` stretches where ``a`` and ``b`` differ, the longest first.

    Words are compared case-insensitively; stretches made only of function words and
    punctuation ("the", ",") are skipped. Identical texts give an empty list.

    Args:
        a: the first claim's text.
        b: the second claim's text.
        limit: how many stretches to return at most (at least 1).

    Raises:
        ValueError: if ``limit`` is below 1.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    ta, tb = _tokens(a), _tokens(b)
    matcher = difflib.SequenceMatcher(None, [w.lower() for w, _, _ in ta], [w.lower() for w, _, _ in tb], autojunk=False)
    out: list[tuple[int, WordingDifference]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        wa, wb = ta[i1:i2], tb[j1:j2]
        if not (_meaningful(wa) or _meaningful(wb)):
            continue
        a_span = (wa[0][1], wa[-1][2]) if wa else ((ta[i1 - 1][2],) * 2 if i1 else (0, 0))
        b_span = (wb[0][1], wb[-1][2]) if wb else ((tb[j1 - 1][2],) * 2 if j1 else (0, 0))
        diff = WordingDifference(a[a_span[0] : a_span[1]], b[b_span[0] : b_span[1]], a_span, b_span)
        out.append((len(wa) + len(wb), diff))
    out.sort(key=lambda item: (-item[0], item[1].a_span))
    return [diff for _, diff in out[:limit]]
