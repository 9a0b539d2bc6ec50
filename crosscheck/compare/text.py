"""Word helpers the comparison rules share: words and content words of a claim, spans, quotes."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from crosscheck.types import Claim, Reason, Span
from crosscheck.words.negation import NEGATION_WORDS

_WORD_RE = re.compile(r"[\w$€£%]+(?:[’'.-][\w]+)*", re.UNICODE)
_STOP = set(
    "a an the of to in on at for and or but with by from as that this these those is are was were be been being "
    "it its their his her they he she we our you i which who whom whose will would could should can may might "
    "has have had do does did than then there here also just about into over after before said says say".split()
)

# Pairs of words (base forms) that flip a statement when one replaces the other.


# A claim is compared with each of its neighbours, in clustering and again in verification,
# so its words are read once and remembered (the results are immutable).
@functools.lru_cache(maxsize=1 << 17)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower().replace("’", "'") for w in _WORD_RE.findall(text))


@functools.lru_cache(maxsize=1 << 17)
def _content(text: str) -> frozenset[str]:
    return frozenset(w for w in _words(text) if w not in _STOP and w not in NEGATION_WORDS and not w.endswith("n't"))


def _jaccard(x: AbstractSet[str], y: AbstractSet[str]) -> float:
    return len(x & y) / len(x | y) if x and y else 0.0


def _local(claim: Claim, span: Span) -> tuple[int, int]:
    return span.start - claim.start, span.end - claim.start


def _left(claim: Claim, span: Span, n: int = 2) -> tuple[str, ...]:
    s, _ = _local(claim, span)
    return tuple(_words(claim.text[:s])[-n:])


def _right(claim: Claim, span: Span, n: int = 2) -> tuple[str, ...]:
    _, e = _local(claim, span)
    return tuple(_words(claim.text[e:])[:n])


def _same_context(a: Claim, sa: Span, b: Claim, sb: Span) -> bool:
    la, lb = _left(a, sa), _left(b, sb)
    ra, rb = _right(a, sa), _right(b, sb)
    return (len(la) == 2 and la == lb) or (len(ra) == 2 and ra == rb)


# ---------------------------------------------------------------- speakers, quotes, framing

_QUOTE_RE = re.compile(r"“([^”]{8,})”|\"([^\"]{8,})\"")


def _quotes(c: Claim) -> list[tuple[str, int, int]]:
    return [(m.group(1) or m.group(2), m.start(), m.end()) for m in _QUOTE_RE.finditer(c.text)]


def _without(c: Claim, *spans: Span | None) -> str:
    """The claim's text with ``spans`` blanked out (None spans are ignored)."""
    text = c.text
    for s, e in sorted((_local(c, span) for span in spans if span is not None), reverse=True):
        text = text[:max(s, 0)] + " " + text[max(e, 0):]
    return text


def _same_statement(a: Claim, b: Claim) -> bool:
    qa, qb = _quotes(a), _quotes(b)
    if qa and qb:
        return any(_jaccard(_content(x), _content(y)) >= 0.5 for x, _, _ in qa for y, _, _ in qb)
    sa = a.attribution.span if a.attribution else None
    sb = b.attribution.span if b.attribution else None
    return _jaccard(_content(_without(a, sa)), _content(_without(b, sb))) >= 0.7


def _find(c: Claim, phrase: str) -> Span | None:
    m = re.search(r"\b" + r"\W+".join(re.escape(w) for w in phrase.split()) + r"\b", c.text.replace("’", "'"), re.I)
    if not m:
        return None
    return Span(start=c.start + m.start(), end=c.start + m.end(), text=c.text[m.start():m.end()])


def _dedupe(reasons: Iterable[Reason]) -> list[Reason]:
    seen: set[tuple[str, str]] = set()
    out = []
    for r in reasons:
        if (r.kind, r.message) not in seen:
            seen.add((r.kind, r.message))
            out.append(r)
    return out
