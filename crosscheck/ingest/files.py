"""Read articles from files, folders and JSON Lines records into ``Document`` objects.

A text file may hold several articles one after another (scraped collections end each
article with a line such as ``View Source``); they are split there, and each keeps its
headline and its line span in the file. Boilerplate lines (copyright notices, "Write to ...
at ...", newsletter prompts, photo credits, site navigation) are blanked out rather than
deleted, so that line ``k`` of ``Document.text`` is always line ``line_start + k`` of the
file and every character offset can be traced back to the source.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crosscheck.types import DateBasis, Document, stable_id

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

# A line made only of one of these ends an article in scraped collections.
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

_MIN_ARTICLE_CHARS = 300


@dataclass
class IngestResult:
    """Documents read, and one line per input that could not be read."""

    documents: list[Document] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


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
        text=text,
    )


def load_documents(paths: Sequence[str | Path]) -> IngestResult:
    """Read every article under ``paths`` (files or folders, searched recursively).

    Supported: ``.txt``/``.md`` files (one or several articles each) and ``.jsonl``
    records with a ``text`` field and optional ``title``, ``source``, ``date`` (ISO) and
    ``url``. Inputs that cannot be read are reported in ``IngestResult.errors`` and the
    rest are still read.
    """
    result = IngestResult()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            result.errors.append(f"{path}: no such file or folder")
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file() and _supported(p)) if path.is_dir() else [path]
        if path.is_dir() and not files:
            result.errors.append(f"{path}: folder holds no .txt, .md or .jsonl files")
        for file in files:
            if not _supported(file):
                result.errors.append(f"{file}: unsupported file type {file.suffix!r}; use .txt, .md or .jsonl")
                continue
            try:
                text = _read_text(file)
            except OSError as exc:
                result.errors.append(f"{file}: cannot read ({exc.strerror or exc})")
                continue
            if file.suffix.lower() in JSONL_SUFFIXES:
                result.documents.extend(_documents_from_jsonl(file, text, result.errors))
            else:
                result.documents.extend(split_articles(text, path=str(file)))
    logger.info("read %d documents from %d inputs (%d errors)", len(result.documents), len(paths), len(result.errors))
    return result


def _supported(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise OSError(0, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        logger.warning("%s is not UTF-8; reading it as Latin-1", path)
        return data.decode("latin-1")


def _documents_from_jsonl(path: Path, text: str, errors: list[str]) -> Iterable[Document]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            errors.append(f"{where}: a record needs a non-empty string field 'text'")
            continue
        date = None
        if record.get("date"):
            try:
                date = dt.date.fromisoformat(str(record["date"])[:10])
            except ValueError:
                errors.append(f"{where}: date {record['date']!r} is not ISO (YYYY-MM-DD); kept the record undated")
        yield make_document(
            record["text"],
            source=str(record.get("source") or f"{path.name}:{number}"),
            title=record.get("title"),
            date=date,
            date_evidence=f"record field 'date' = {record['date']!r}" if date else None,
            url=record.get("url"),
            path=str(path),
            line_start=number,
            line_end=number,
        )


def split_articles(text: str, *, path: str | None = None) -> list[Document]:
    """Split a text file into its articles and clean each one.

    Articles end at a line such as ``View Source`` or ``Source link``; site furniture after
    a ``Check Also`` line is dropped, and a leftover piece too short to be an article
    (under 300 characters of text) is skipped.
    """
    lines = text.splitlines()
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
        doc = _article(lines, start, end, path=path, name=name, index=len(documents))
        if doc is not None:
            documents.append(doc)
    if len(documents) == 1 and documents[0].source == f"{name}#1":
        documents[0] = documents[0].model_copy(update={"source": name})
    return documents


def _article(lines: list[str], start: int, end: int, *, path: str | None, name: str, index: int) -> Document | None:
    kept: list[str] = []
    seen: set[str] = set()
    outlet = None
    in_tail = False
    for line in lines[start:end]:
        stripped = line.strip()
        outlet = outlet or _outlet(stripped)
        if _TAIL_MARKERS.match(stripped):
            in_tail = True
        if in_tail or _is_boilerplate(stripped) or (stripped and stripped in seen):
            kept.append("")  # blank, so line numbers still match the file
            continue
        seen.add(stripped)
        kept.append(line.rstrip())
    first = next((i for i, line in enumerate(kept) if line.strip()), None)
    if first is None:
        return None
    last = max(i for i, line in enumerate(kept) if line.strip())
    body = kept[first : last + 1]
    content = "\n".join(body)
    if len(content.replace("\n", " ").strip()) < _MIN_ARTICLE_CHARS:
        logger.info("skipped a %d-character piece of %s (lines %d-%d): too short for an article", len(content), name, start + 1, end)
        return None
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
