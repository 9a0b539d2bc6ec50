"""Articles in a text file: split at "View Source"-style lines, boilerplate blanked, headline,
outlet and stated date read, and the ``Document`` built with a content-hash id.

Boilerplate lines are blanked out rather than deleted, so that line ``k`` of
``Document.text`` is always line ``line_start + k`` of the file.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from crosscheck.types import DateBasis, Document, stable_id

logger = logging.getLogger(__name__)

_END_MARKERS = re.compile(r"^\s*(view source|source link|view original|original source|read the original( article)?)\s*$", re.I)
# From here to the next article boundary is site furniture, not article text.
_TAIL_MARKERS = re.compile(r"^\s*(check also|related( articles| stories)?|you may also like|read more|leave a reply|more from)\s*:?\s*$", re.I)

_BOILERPLATE = [
    re.compile(r"copyright\s*(©|\(c\))?\s*\d{4}|©\s*\d{4}|all rights reserved", re.I),
    re.compile(r"^\s*write to .{2,200}\bat\b\s*\S+@\S+", re.I),
    re.compile(r"\bcontributed (reporting|research)\b|^\s*(reporting|editing|additional reporting) by\b", re.I),
    re.compile(r"^\s*(sign up|subscribe)\b.{0,200}\b(newsletter|inbox|email)", re.I),
    re.compile(r"^\s*(photo|photograph|image|illustration|video)\s*:\s*\S", re.I),
    re.compile(r"^\s*[A-Z]{2,10} photo\s*$"),
    re.compile(r"\((?:[^()]*/)?[^()]*(getty images|associated press|reuters|afp|ap photo|epa)[^()]*\)\s*$", re.I),
    re.compile(r"^\s*your email address will not be published", re.I),
    re.compile(r"^\s*(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?\s*$", re.I),
    re.compile(r"^\s*(from|originally published (by|in|at)) the [A-Z][\w ]{2,40}\s*$", re.I),
]
_OUTLET_LINE = re.compile(r"^\s*(?:from|originally published (?:by|in|at)) (the [A-Z][\w ]{2,40}?)\s*$", re.I)
_OUTLET_EMAIL = re.compile(r"\b[\w.+-]+@([a-z0-9-]+\.(?:com|org|net|co\.uk))\b", re.I)
_OUTLET_URL = re.compile(r"^\s*(?:https?://)?(?:www\.)?([a-z0-9-]+\.(?:com|org|net|co\.uk))(?:/\S*)?\s*$", re.I)

_STATED_DATE = re.compile(r"^\s*(?:date|dated|published|updated|posted)\s*:?\s*(\d{4}-\d{2}-\d{2})\b", re.I)
_MONTHS = "january february march april may june july august september october november december".split()
_MONTH_DATE = re.compile(
    r"^\s*(?:published|updated|posted)?\s*:?\s*(" + "|".join(m.title() for m in _MONTHS) + r")\.? (\d{1,2}), (\d{4})\s*$", re.I
)
_HEADER_LINES = 4  # a stated date is looked for in the first lines of an article only

MIN_ARTICLE_CHARS = 300


def make_document(
    text: str,
    *,
    source: str,
    title: str | None = None,
    date: dt.date | None = None,
    date_basis: DateBasis | None = None,
    date_evidence: str | None = None,
    url: str | None = None,
    path: str | None = None,
    line_start: int | None = None,
    line_end: int | None = None,
    line_origins: tuple[tuple[int, int], ...] | None = None,
) -> Document:
    """Build a ``Document`` whose id is a hash of its source, title and text."""
    basis: DateBasis = date_basis or ("metadata" if date else "unknown")
    return Document(
        id=stable_id(source, title or "", text),
        source=source,
        title=title,
        date=date,
        date_basis=basis,
        date_evidence=date_evidence,
        url=url,
        path=path,
        line_start=line_start,
        line_end=line_end,
        line_origins=line_origins,
        text=text,
    )



def split_articles(
    text: str, *, path: str | None = None, skipped: list[str] | None = None, warnings: list[str] | None = None
) -> list[Document]:
    """Split a text file into its articles and clean each one.

    Articles end at a line such as ``View Source`` or ``Source link``; site furniture after
    a ``Check Also`` line is dropped, and a leftover piece too short to be an article
    (under 300 characters of text) is skipped. Lines are counted on ``\\n`` only, as
    ``crosscheck.report.view.claim_line`` counts them.

    Args:
        text: the file's text.
        path: the file, recorded in each document.
        skipped: if given, gets one line for each piece left out (too short, only boilerplate).
        warnings: if given, gets one line for each article whose repeated lines were blanked.
    """
    lines = [line.rstrip("\r") for line in text.split("\n")]
    pieces: list[tuple[int, int]] = []  # 0-based [start, end) line ranges
    start = 0
    for i, line in enumerate(lines):
        if _END_MARKERS.match(line):
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, len(lines)))
    name = Path(path).name if path else "text"
    documents = []
    for start, end in pieces:
        doc = _article(lines, start, end, path=path, name=name, index=len(documents), skipped=skipped, warnings=warnings)
        if doc is not None:
            documents.append(doc)
    if len(documents) == 1 and documents[0].source == f"{name}#1":
        documents[0] = documents[0].model_copy(update={"source": name})
    return documents


def _article(
    lines: list[str],
    start: int,
    end: int,
    *,
    path: str | None,
    name: str,
    index: int,
    skipped: list[str] | None = None,
    warnings: list[str] | None = None,
) -> Document | None:
    kept: list[str] = []
    seen: set[str] = set()
    outlet = None
    in_tail = False
    repeated = 0
    where = f"{path or name} lines {start + 1}-{end}"
    for line in lines[start:end]:
        stripped = line.strip()
        outlet = outlet or _outlet(stripped)
        if _TAIL_MARKERS.match(stripped):
            in_tail = True
        if in_tail or _is_boilerplate(stripped) or (stripped and stripped in seen):
            kept.append("")  # blank, so line numbers still match the file
            repeated += not in_tail and not _is_boilerplate(stripped)
            continue
        seen.add(stripped)
        kept.append(line.rstrip())
    first = next((i for i, line in enumerate(kept) if line.strip()), None)
    if first is None:
        if skipped is not None and any(line.strip() for line in lines[start:end]):
            skipped.append(f"{where}: only boilerplate (site furniture, credits, notices); no article text")
        return None
    last = max(i for i, line in enumerate(kept) if line.strip())
    body = kept[first : last + 1]
    content = "\n".join(body)
    if len(content.replace("\n", " ").strip()) < MIN_ARTICLE_CHARS:
        if skipped is not None:
            skipped.append(f"{where}: {len(content):,} characters of text; too short for an article (under {MIN_ARTICLE_CHARS})")
        return None
    if repeated and warnings is not None:
        warnings.append(f"{where}: blanked {repeated:,} repeated line(s); each is checked where it first appears")
    title = _headline(body)
    date, evidence = _stated_date(body)
    return make_document(
        content,
        source=outlet or f"{name}#{index + 1}",
        title=title,
        date=date,
        date_basis="stated" if date else "unknown",
        date_evidence=evidence,
        path=path,
        line_start=start + first + 1,
        line_end=start + last + 1,
    )


def _is_boilerplate(line: str) -> bool:
    return bool(line) and any(p.search(line) for p in _BOILERPLATE)


def _outlet(line: str) -> str | None:
    if m := _OUTLET_LINE.match(line):
        return m.group(1)
    if m := _OUTLET_URL.match(line):
        return m.group(1).lower()
    if line.lower().startswith("write to") and (m := _OUTLET_EMAIL.search(line)):
        return m.group(1).lower()
    return None


def _headline(body: list[str]) -> str | None:
    """The first line, when it reads as a headline: short, no final full stop, followed by a blank line."""
    first = body[0].strip()
    followed_by_blank = len(body) > 1 and not body[1].strip()
    if followed_by_blank and 3 <= len(first) <= 200 and not first.endswith((".", ",", ";", ":")) and not _STATED_DATE.match(first):
        return first
    return None


def _stated_date(body: list[str]) -> tuple[dt.date | None, str | None]:
    header = [line for line in body if line.strip()][:_HEADER_LINES]
    for line in header:
        if m := _STATED_DATE.match(line):
            try:
                return dt.date.fromisoformat(m.group(1)), f"stated in the text: {line.strip()!r}"
            except ValueError:
                continue
        if m := _MONTH_DATE.match(line):
            month = _MONTHS.index(m.group(1).lower()) + 1
            try:
                return dt.date(int(m.group(3)), month, int(m.group(2))), f"stated in the text: {line.strip()!r}"
            except ValueError:
                continue
    return None, None

