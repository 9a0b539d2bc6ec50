"""Split a document into sentences, keeping each sentence's character span.

News text defeats naive splitters: "Mr. Blinken", "U.S. officials", "Antony J. Blinken",
"$1.9 trillion", "Sept. 6" and quotations that end in '."' are all common. Paragraphs
are split first: lines, except that a line hard-wrapped in mid-sentence (wire copy,
plain-text archives) is joined to the next. Inside a paragraph a sentence ends at ., !
or ? (plus any closing quotes or brackets) followed by white space and a capital, digit
or opening quote, unless the word before the full stop is a known abbreviation or an initial.
"""

from __future__ import annotations

import re

from crosscheck.config import MAX_SENTENCE_CHARS
from crosscheck.types import Document, Sentence

# Abbreviations that are practically never the end of a sentence.
_TITLES = frozenset(
    "mr mrs ms dr prof gen lt col maj capt cmdr adm sgt sen rep gov pres rev hon st jr sr "
    "messrs mmes fr gov supt insp".split()
)
_OTHER = frozenset(
    "vs v etc approx est dept univ inc corp co ltd plc bros fig al "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd rd".split()
)
# Dotted acronyms ("U.S.", "U.N.") end a sentence only when a typical sentence opener follows.
_OPENERS = frozenset(
    "the a an it he she they we i this that these those but and in on at for as after before "
    "when while his her their its our there here some many most one two three no not so yet "
    "if since although though however meanwhile still".split()
)

_WORD_LOOKBACK = 200  # characters before a full stop searched for the word it ends

_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9$£€])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)[.!?]*[\"'”’)\]]*$")


def split_sentences(document: Document) -> list[Sentence]:
    """Return the sentences of ``document`` in order, with spans into ``document.text``."""
    sentences: list[Sentence] = []
    for para_start, para_end in _paragraphs(document.text):
        for start, end in _split_paragraph(document.text, para_start, para_end):
            sentences.append(
                Sentence(doc_id=document.id, index=len(sentences), start=start, end=end, text=document.text[start:end])
            )
    return sentences


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs: lines, with hard-wrapped lines of one sentence joined again."""
    lines = []
    for m in re.finditer(r"[^\n]+", text):
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            lines.append((m.start(), start, end))
    spans: list[tuple[int, int]] = []
    previous_end = -1
    for line_start, start, end in lines:
        if spans and _wrapped(text, previous_end, line_start, start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        previous_end = end
    return spans


# Words that end neither a sentence nor a heading: a line ending in one was wrapped mid-sentence.
_CONTINUING = frozenset(
    "a an the of to in on at for from by with and or but nor as than that which who whose its their his her our "
    "into onto over under between about after before during against per via".split()
)


def _wrapped(text: str, previous_end: int, line_start: int, start: int) -> bool:
    """Whether the line at ``start`` continues the sentence of the line ending at ``previous_end``:
    one newline between them (a blank line or an indented line starts a paragraph), and either the
    new line opens in lower case or the old one stops on a comma, a hyphen or a word such as "the"."""
    if text.count("\n", previous_end, line_start) != 1 or start != line_start:
        return False
    if text[start].islower():
        return True
    tail = text[max(0, previous_end - 30) : previous_end]
    if tail.endswith((",", "-", "–", "—")):
        return True
    last = re.search(r"([A-Za-z]+)$", tail)
    return bool(last) and last.group(1).lower() in _CONTINUING


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    paragraph = text[start:end]
    cuts = [0]
    # While a curly double quotation is open, a quoted passage stays one sentence, so that the
    # attribution after it ("..., said Mr. Yang.") stays with what was said. The marks are
    # counted as the scan goes, so that a long paragraph costs linear time.
    opened = closed = counted_to = 0
    for m in _BOUNDARY.finditer(paragraph):
        opened += paragraph.count("“", counted_to, m.end())
        closed += paragraph.count("”", counted_to, m.end())
        counted_to = m.end()
        if _is_sentence_end(paragraph, m.start(), m.end(), in_quotation=opened > closed):
            cuts.append(m.end())
    cuts.append(len(paragraph))
    spans = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        while a < b and paragraph[a].isspace():
            a += 1
        for piece_start, piece_end in _pieces(paragraph, a, b):
            spans.append((start + piece_start, start + piece_end))
    return spans


def _pieces(paragraph: str, a: int, b: int) -> list[tuple[int, int]]:
    """``[a, b)`` cut into pieces of at most ``MAX_SENTENCE_CHARS``, at the last white space
    before the limit (in the second half of the piece), else at the limit itself."""
    pieces = []
    while b - a > MAX_SENTENCE_CHARS:
        limit = a + MAX_SENTENCE_CHARS
        cut = max(paragraph.rfind(" ", a + MAX_SENTENCE_CHARS // 2, limit), paragraph.rfind("\n", a + MAX_SENTENCE_CHARS // 2, limit))
        cut = cut if cut > a else limit
        end = cut
        while end > a and paragraph[end - 1].isspace():
            end -= 1
        pieces.append((a, end))
        a = cut
        while a < b and paragraph[a].isspace():
            a += 1
    if b > a:
        pieces.append((a, b))
    return pieces


def _is_sentence_end(paragraph: str, mark: int, after: int, *, in_quotation: bool = False) -> bool:
    if paragraph[mark] in "!?":
        return True
    m = _WORD_BEFORE.search(paragraph[max(0, after - _WORD_LOOKBACK) : after])
    if not m:
        return True
    if in_quotation:
        return False
    word = m.group(1).rstrip(".")
    lower = word.lower()
    following = paragraph[after:].lstrip()
    if lower in _TITLES or lower in _OTHER:
        return False
    if lower in ("no", "nos") and following[:1].isdigit():  # "No. 2"
        return False
    if len(word) == 1 and word.isupper():  # an initial: "Antony J. Blinken"
        return False
    if "." in word:  # a dotted acronym such as U.S. or U.N.
        next_word = re.match(r"[A-Za-z']+", following.lstrip("\"“‘(["))
        return bool(next_word) and next_word.group(0).lower() in _OPENERS
    return True
