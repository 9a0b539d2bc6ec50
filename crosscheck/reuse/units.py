"""Sentences as units of reuse evidence: words outside quotes, shingles, skeletons; the thresholds that judge them."""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from crosscheck.config import Config

SHINGLE_CHARS = 5
CHAR_BANDS, CHAR_ROWS = 21, 3  # catches near copies (Jaccard >= 0.5) almost surely
SKELETON_BANDS, SKELETON_ROWS = 16, 2


MIN_CONTENT_WORDS = 5  # sentences with fewer words outside quotes are not compared or counted
STRONG_RUN = 5  # content words in one verbatim run outside quotes = reuse
RUN_GRAM = 4  # word n-grams indexed to find such runs
WEAK_RATIO = 0.5  # word-sequence similarity for a sentence pair to join a copy chain
WEAK_CHAR_JACCARD = 0.3
WEAK_SKELETON_JACCARD = 0.4
COPY_MIN_ALIGNED = 3
COPY_MIN_SHARE = 0.3  # share of the shorter document's sentences in an in-order chain
COPY_SHARE = Config.model_fields["copy_share"].default  # a link at least this share means "copy" for source counting
TEMPLATE_MIN_DOCS = 3
IDENTICAL_RATIO = 0.95
MAX_EXAMPLES = 3

_QUOTED = re.compile(r"“[^”]{0,1000}”|\"[^\"\n]{0,1000}\"|«[^»]{0,1000}»")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_BOILERPLATE = re.compile(
    r"copyright|©|all rights reserved|\bwrite to\b.*@|contributed (reporting|research)|"
    r"^\s*(view source|source link|leave a reply|check also)\b",
    re.I,
)
_PRIME = np.uint64((1 << 31) - 1)
_FUNCTION_WORDS = frozenset(
    """a about above after against all also an and any are as at be because been before being
    between both but by can could did do does during each for from had has have he her hers him
    his how i if in into is it its itself may me might more most must my no nor not of off on
    once only or other our ours out over own same shall she should so some such than that the
    their them then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your""".split()
)


@dataclass(frozen=True)
class _Unit:
    """A sentence prepared for comparison."""

    row: int  # position in the ``sentences`` argument
    doc: int  # position of its document
    tokens: tuple[str, ...]  # lower-cased tokens outside quotations
    lexical: tuple[bool, ...]  # token is an ordinary content word: lower-case, not a number or function word
    shingles: frozenset[int]  # character shingles of the tokens
    skeleton: frozenset[int]  # shingles of function words, names and numbers (see _skeleton)
    key: str  # normalised text, to spot template sentences
    content: bool


def _prepare(row: int, doc: int, text: str) -> _Unit:
    text = unicodedata.normalize("NFKC", text)
    residual = _QUOTED.sub(" \x00 ", text)
    raw = _TOKEN.findall(residual)
    tokens = tuple(t.lower().replace("’", "'") for t in raw)
    lexical = tuple(t.islower() and t not in _FUNCTION_WORDS for t in raw)
    joined = " ".join(tokens)
    shingles = _byte_shingles(joined.encode("utf-8"))
    full_key = " ".join(t.lower() for t in _TOKEN.findall(text))
    # Counted only if enough is left outside quotations: "'...,' she said" is not evidence.
    content = len(tokens) >= MIN_CONTENT_WORDS and not _BOILERPLATE.search(text)
    return _Unit(row, doc, tokens, lexical, shingles, _skeleton(raw), full_key, content)


def _byte_shingles(data: bytes) -> frozenset[int]:
    """Every ``SHINGLE_CHARS``-byte window, packed into one integer (exact, no hashing)."""
    if len(data) < SHINGLE_CHARS:
        return frozenset()
    arr = np.frombuffer(data, dtype=np.uint8).astype(np.uint64)
    packed = np.zeros(len(arr) - SHINGLE_CHARS + 1, dtype=np.uint64)
    for k in range(SHINGLE_CHARS):
        packed = (packed << np.uint64(8)) | arr[k : len(arr) - SHINGLE_CHARS + 1 + k]
    return frozenset(np.unique(packed).tolist())


def _skeleton(raw: Sequence[str]) -> frozenset[int]:
    """Shingles of what a synonym spinner leaves alone: function words, names, numbers.

    Every other word becomes a placeholder, so "will meet next week with two senior Chinese
    officials" and "will meet subsequent week with two senior Chinese language officers"
    share most of their shingles, while independent sentences rarely share even one.
    """
    skeleton = []
    for k, token in enumerate(raw):
        low = token.lower()
        if low in _FUNCTION_WORDS or token.isdigit() or (k > 0 and token[0].isupper()):
            skeleton.append(low)
        else:
            skeleton.append("_")
    grams = set()
    for k in range(len(skeleton) - 3):
        gram = skeleton[k : k + 4]
        if sum(g != "_" for g in gram) >= 3:
            grams.add(zlib.crc32("\x1f".join(gram).encode("utf-8")))
    return frozenset(grams)
