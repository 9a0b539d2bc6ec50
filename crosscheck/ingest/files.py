"""Read articles from files, folders and JSON Lines records into ``Document`` objects.

A text file may hold several articles one after another (scraped collections end each
article with a line such as ``View Source``); they are split there, and each keeps its
headline and its line span in the file. Boilerplate lines (copyright notices, "Write to ...
at ...", newsletter prompts, photo credits, site navigation) are blanked out rather than
deleted, so that line ``k`` of ``Document.text`` is always line ``line_start + k`` of the
file and every character offset can be traced back to the source.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crosscheck.config import MAX_SENTENCE_CHARS
from crosscheck.ingest.articles import MIN_ARTICLE_CHARS, make_document, split_articles
from crosscheck.ingest.cleantext import clean_text
from crosscheck.ingest.htmltext import HTML_SUFFIXES, extract_page, looks_like_html
from crosscheck.ingest.records import RecordError, parse_record
from crosscheck.types import Document

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

# A line made only of one of these ends an article in scraped collections.

@dataclass
class IngestResult:
    """What was read, and one line for every input (file, record, piece) that was not read as it stood.

    ``errors``: inputs that could not be read (a missing file, a binary file, a record with
    no usable ``text``); ``skipped``: inputs passed over on purpose, with why (not an
    article file, empty, too short); ``warnings``: inputs read and checked with a caveat
    (a field dropped, repeated lines blanked, an overlong line checked in pieces); ``read``:
    one line per file that gave documents.
    """

    documents: list[Document] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    read: list[str] = field(default_factory=list)



def load_documents(paths: Sequence[str | Path]) -> IngestResult:
    """Read every article under ``paths`` (files or folders, searched recursively).

    Supported: ``.txt``/``.md`` files (one or several articles each), ``.html``/``.htm``
    pages (and text files that are HTML), and ``.jsonl`` records with a ``text`` field and
    optional ``title``, ``source``, ``date`` (ISO) and ``url``. Every input is either read
    or listed, with why, in ``IngestResult.errors``, ``skipped`` or ``warnings``; one that
    cannot be read never stops the others.
    """
    result = IngestResult()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            result.errors.append(f"{path}: no such file or folder")
            continue
        if path.is_dir():
            files = _folder_files(path, result)
            if not files:
                result.errors.append(f"{path}: folder holds no {_KINDS} files")
        elif not _supported(path):
            result.errors.append(f"{path}: unsupported file type {path.suffix!r}; use {_KINDS}")
            continue
        else:
            files = [path]
        for file in files:
            _read_file(file, result)
    result.documents = _distinct(result.documents, result.warnings)
    logger.info(
        "read %d documents from %d inputs (%d errors, %d skipped, %d warnings)",
        len(result.documents), len(paths), len(result.errors), len(result.skipped), len(result.warnings),
    )
    return result


_KINDS = ".txt, .md, .html, .htm or .jsonl"
# Longer than this, a stretch of text with no sentence end is checked in pieces (claims/segment.py).
_LONG_LINE = MAX_SENTENCE_CHARS
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")


def _supported(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES


def _folder_files(folder: Path, result: IngestResult) -> list[Path]:
    """The article files under ``folder``; every other file, and each hidden folder, is listed as skipped."""
    files = []
    for root, dirs, names in os.walk(folder):
        hidden = sorted(d for d in dirs if d.startswith("."))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in hidden:
            result.skipped.append(f"{Path(root) / name}: hidden folder, not searched")
        for name in sorted(names):
            file = Path(root) / name
            if _supported(file) and not name.startswith("."):
                files.append(file)
            elif file.is_file() or file.is_symlink():
                kind = "hidden file" if name.startswith(".") else f"not an article file ({file.suffix or 'no extension'})"
                result.skipped.append(f"{file}: {kind}; crosscheck reads {_KINDS}")
    return sorted(files)  # in path order, as before: the order of documents in the report


def _read_file(file: Path, result: IngestResult) -> None:
    before = len(result.documents)
    notes_before = len(result.errors) + len(result.skipped)
    try:
        data = file.read_bytes()
    except OSError as exc:
        result.errors.append(f"{file}: cannot read ({exc.strerror or exc})")
        return
    if not data:
        result.skipped.append(f"{file}: empty file")
        return
    try:
        text, legacy_lines = _decode(data)
    except ValueError as exc:
        result.errors.append(f"{file}: {exc}")
        return
    if legacy_lines:
        result.warnings.append(f"{file}: {legacy_lines:,} line(s) not UTF-8; read them as Windows-1252")
    text, replaced = clean_text(text, old_mac_lines=file.suffix.lower() not in JSONL_SUFFIXES)
    if replaced:
        result.warnings.append(f"{file}: replaced {replaced:,} control character(s) with spaces")
    if not text.strip():
        result.skipped.append(f"{file}: only white space")
        return
    suffix = file.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        result.documents.extend(_documents_from_jsonl(file, text, result))
    elif suffix in HTML_SUFFIXES or looks_like_html(text):
        result.documents.extend(_documents_from_html(file, text, result))
    else:
        result.documents.extend(split_articles(text, path=str(file), skipped=result.skipped, warnings=result.warnings))
        _note_long_lines(file, text, result.warnings)
    found = len(result.documents) - before
    if found:
        result.read.append(f"{file}: {found} document(s)")
    elif len(result.errors) + len(result.skipped) == notes_before:
        result.skipped.append(f"{file}: no article found in it")


def _decode(data: bytes) -> tuple[str, int]:
    """The file's text, and how many of its lines were not UTF-8 (read as Windows-1252)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), 0
        except UnicodeDecodeError:
            raise ValueError("starts with a UTF-16 byte-order mark but is not UTF-16") from None
    if b"\x00" in data[:4096]:
        raise ValueError("binary file, not text")
    try:
        return data.decode("utf-8-sig"), 0
    except UnicodeDecodeError:
        pass
    # Decoded line by line, so that a file that mixes encodings keeps its UTF-8 lines intact.
    lines, legacy = [], 0
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
            legacy += 1
    text = "\n".join(lines)
    return text.removeprefix("\ufeff"), legacy


def _note_long_lines(file: Path, text: str, warnings: list[str]) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > _LONG_LINE and max(len(part) for part in _SENTENCE_END.split(line)) > _LONG_LINE:
            warnings.append(
                f"{file}:{number}: a {len(line):,}-character line with a stretch of over {_LONG_LINE:,} characters "
                f"and no sentence end; checked in pieces of at most {_LONG_LINE:,} characters, cut at spaces"
            )


def _distinct(documents: list[Document], warnings: list[str]) -> list[Document]:
    first: dict[str, Document] = {}
    for doc in documents:
        if doc.id in first:
            warnings.append(f"{_place(doc)}: same article as {_place(first[doc.id])}; checked once")
        else:
            first[doc.id] = doc
    return list(first.values())


def _place(doc: Document) -> str:
    return f"{doc.path}:{doc.line_start}" if doc.line_start is not None else str(doc.path or doc.source)


def _documents_from_jsonl(path: Path, text: str, result: IngestResult) -> Iterable[Document]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = parse_record(line)
        except RecordError as exc:
            result.errors.append(f"{where}: {exc}")
            continue
        result.warnings.extend(f"{where}: {warning}" for warning in record.warnings)
        body, title = record.text, record.title
        if looks_like_html(body):
            page = extract_page(body)
            if page is None:
                result.skipped.append(f"{where}: field 'text' is HTML with no visible text")
                continue
            body, title = page.text, title or page.title
            result.warnings.append(f"{where}: field 'text' is HTML; checked the article text {page.extractor} found in it")
        if len(body) > _LONG_LINE and max(len(part) for part in _SENTENCE_END.split(body)) > _LONG_LINE:
            result.warnings.append(
                f"{where}: field 'text' has a stretch of over {_LONG_LINE:,} characters with no sentence end; "
                f"checked in pieces of at most {_LONG_LINE:,} characters, cut at spaces"
            )
        yield make_document(
            body,
            source=record.source or f"{path.name}:{number}",
            title=title,
            date=record.date,
            date_evidence=f"record field 'date' = {record.date_raw!r}" if record.date else None,
            url=record.url,
            path=str(path),
            line_start=number,
            line_end=number,
        )


def _documents_from_html(path: Path, text: str, result: IngestResult) -> list[Document]:
    page = extract_page(text)
    found = len(page.text) if page else 0
    if page is None or found < MIN_ARTICLE_CHARS:
        result.skipped.append(
            f"{path}: HTML page with {found:,} characters of article text; too short for an article (under {MIN_ARTICLE_CHARS})"
        )
        return []
    if path.suffix.lower() not in HTML_SUFFIXES:
        result.warnings.append(f"{path}: reads as HTML; checked the article text {page.extractor} found in it, not the markup")
    return [
        make_document(
            page.text,
            source=page.site or path.name,
            title=page.title,
            date=page.date,
            date_basis="metadata" if page.date else "unknown",
            date_evidence="the page's metadata (trafilatura)" if page.date else None,
            path=str(path),
            line_start=page.line_origins[0][0],
            line_end=max(line for line, _ in page.line_origins),
            line_origins=page.line_origins,
        )
    ]


