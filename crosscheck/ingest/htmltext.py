"""Read the article out of an HTML page, with each line traced back into the page.

The main text, title, date and site name come from ``trafilatura`` (made for news pages:
it drops navigation, scripts, footers and comment threads). It returns plain text with
no positions, so each of its lines is found again in the page's visible text (parsed
here with the standard library, which knows where each piece of text starts in the file)
and keeps the line and character offset where it starts in the file. When trafilatura
finds no article (a fragment, a page of links), the visible text itself is used, one
block element a line.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from array import array
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

logger = logging.getLogger(__name__)

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

_DOCTYPE = re.compile(r"\A\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S)
_TAG = re.compile(r"</?(p|div|span|a|br|article|section|header|footer|nav|h[1-6]|li|ul|ol|table|tr|td|strong|em|b|i|img|meta|script|style|link)\b[^<>]{0,2000}>", re.I)
_SNIFF_CHARS = 20_000
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 article section header footer nav aside main table tr td th "
    "blockquote pre figure figcaption hr dd dt dl form body html".split()
)
_WORD = re.compile(r"\S+")
_MAX_MISSES = 20


@dataclass(frozen=True)
class ExtractedPage:
    """The article of a page: ``text`` one paragraph a line, and where each line starts in the file."""

    text: str
    title: str | None
    date: dt.date | None
    site: str | None
    line_origins: tuple[tuple[int, int], ...]  # (1-based line, 0-based character offset) in the file, per line of text
    extractor: str  # "trafilatura" or "visible text"


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page or fragment rather than plain text: it opens with a
    doctype or an ``<html>``/``<head>``/``<body>`` tag, or its first 20,000 characters hold
    at least five common HTML tags, two of them closing tags."""
    head = text[:_SNIFF_CHARS]
    if _DOCTYPE.match(head):
        return True
    tags = _TAG.findall(head)
    if len(tags) < 5:
        return False
    return sum(1 for m in re.finditer(r"</[a-z1-6]+\s*>", head, re.I)) >= 2


def extract_page(page: str) -> ExtractedPage | None:
    """Extract the article of ``page`` (HTML source); None when the page holds no text."""
    visible = _VisibleText.of(page)
    found = _trafilatura(page)
    if found is not None and found["text"].strip():
        lines = [line for line in (" ".join(raw.split()) for raw in found["text"].split("\n")) if line]
        extractor = "trafilatura"
    else:
        lines = visible.blocks()
        extractor = "visible text"
        found = found or {}
    if not lines:
        return None
    origins = visible.locate(lines)
    return ExtractedPage(
        text="\n".join(lines),
        title=found.get("title") or visible.title,
        date=_date(found.get("date")),
        site=found.get("sitename"),
        line_origins=tuple(origins),
        extractor=extractor,
    )


def _trafilatura(page: str) -> dict[str, str | None] | None:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # noqa: BLE001 - a page the extractor chokes on still has visible text
        logger.warning("trafilatura could not read the page (%s: %s); using its visible text", type(exc).__name__, exc)
        return None
    if document is None:
        return None
    return {"text": document.text or "", "title": document.title, "date": document.date, "sitename": document.sitename}


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


class _VisibleText(HTMLParser):
    """The page's visible text as pieces, each with the file offset where it starts."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", page)]
        self.pieces: list[tuple[int, str]] = []  # (file offset, text); "\n" marks a block boundary
        self.title: str | None = None
        self._skipping: list[str] = []
        self._in_title = False

    @classmethod
    def of(cls, page: str) -> _VisibleText:
        parser = cls(page)
        try:
            parser.feed(page)
            parser.close()
        except (AssertionError, ValueError) as exc:  # malformed markup: keep what was read
            logger.info("HTML parser stopped early: %s", exc)
        return parser

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[min(line, len(self._line_starts)) - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIPPED_TAGS:
            self._skipping.append(tag)
        elif tag in _BLOCK_TAGS:
            self.pieces.append((self._offset(), "\n"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._skipping:
            while self._skipping and self._skipping.pop() != tag:
                pass
        elif tag in _BLOCK_TAGS:
            self.pieces.append((self._offset(), "\n"))

    def handle_data(self, data: str) -> None:
        if self._in_title and self.title is None and data.strip():
            self.title = " ".join(data.split())
        if not self._skipping:
            self.pieces.append((self._offset(), data))

    def handle_entityref(self, name: str) -> None:
        self.handle_data(unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.handle_data(unescape(f"&#{name};"))

    def _line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def blocks(self) -> list[str]:
        """The visible text, one block a line, white space collapsed."""
        text = "".join(piece for _, piece in self.pieces)
        return [line for line in (" ".join(raw.split()) for raw in text.split("\n")) if line]

    def locate(self, lines: list[str]) -> list[tuple[int, int]]:
        """Where each of ``lines`` starts in the file, found in order in the visible text
        (white space collapsed); a line not found takes the place of the line before it."""
        flat, starts, offsets = self._flattened()
        origins = []
        cursor = 0
        misses = 0
        first = offsets[0] if offsets else 0
        previous = (self._line_of(first), first)
        for line in lines:
            probe = line[:60]
            at = flat.find(probe, cursor) if misses < _MAX_MISSES else -1
            if at < 0:
                # Each miss scans the rest of the page; past a few, the rest keep their place.
                misses += 1
                origins.append(previous)
                continue
            cursor = at + len(probe)
            i = max(0, bisect.bisect_right(starts, at) - 1)
            # Inside a word the file and the text agree character for character (an entity is
            # a word of its own, so it cannot shift the characters after it).
            offset = offsets[i] + at - starts[i]
            previous = (self._line_of(offset), offset)
            origins.append(previous)
        return origins

    def _flattened(self) -> tuple[str, array, array]:
        """The visible text with white space collapsed to single spaces, and for each word
        in it where it starts in that text and in the file."""
        parts: list[str] = []
        starts = array("q")
        offsets = array("q")
        length = 0
        space = False
        for offset, piece in self.pieces:
            end = 0
            for m in _WORD.finditer(piece):
                if m.start() > end:
                    space = True
                if space and length:
                    parts.append(" ")
                    length += 1
                starts.append(length)
                offsets.append(offset + m.start())
                parts.append(m.group())
                length += m.end() - m.start()
                space = False
                end = m.end()
            if end < len(piece):
                space = True
        return "".join(parts), starts, offsets
