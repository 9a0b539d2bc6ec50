"""Read the Reuters-21578 SGML files into Documents, one source per article.

The corpus (``reut2-000.sgm`` ... ``reut2-021.sgm``, latin-1) holds 21,578 stories, of
which 19,043 have a ``<BODY>``; the others are headline-only and are skipped. Each story
becomes its own source (``reuters-<NEWID>``), so every claim pair is cross-source, which
is the worst case for the pipeline. The date comes from ``<DATE>`` (metadata).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crosscheck.types import Document

logger = logging.getLogger(__name__)

_STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_DATE = re.compile(r"<DATE>\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
# SGML control characters (&#2; &#3; &#5; ...) are wire-service framing, not text.
_CONTROL = re.compile(r"&#(?:[0-8]|1[1-9]|2[0-9]|3[01]|127);")
_SIGNATURE = re.compile(r"\s*\bReuter\s*$")
_MONTHS = {m: i for i, m in enumerate(("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}


@dataclass(frozen=True)
class ReutersStory:
    """One story as it appears in the SGML, before it becomes a Document."""

    newid: int
    title: str | None
    date: dt.date | None
    body: str
    path: Path


def find_sgml_files(folder: str | Path) -> list[Path]:
    """Return the ``reut2-*.sgm`` files under ``folder`` (searched recursively), in order.

    Raises:
        FileNotFoundError: if ``folder`` does not exist or holds no ``reut2-*.sgm`` file.
    """
    root = Path(folder)
    if not root.exists():
        raise FileNotFoundError(f"Reuters folder {str(root)!r} does not exist; pass the folder holding reut2-*.sgm")
    files = sorted(root.rglob("reut2-*.sgm"))
    if not files:
        raise FileNotFoundError(f"no reut2-*.sgm file under {str(root)!r}; pass the folder of the Reuters-21578 corpus")
    return files


def _clean(raw: str) -> str:
    return html.unescape(_CONTROL.sub("", raw))


def parse_sgml(text: str, path: Path) -> Iterator[ReutersStory]:
    """Yield the stories with a body in one SGML file's ``text``."""
    for match in _STORY.finditer(text):
        attrs, inner = match.group(1), match.group(2)
        body_match = _BODY.search(inner)
        if body_match is None:
            continue
        body = _SIGNATURE.sub("", _clean(body_match.group(1))).strip()
        if not body:
            continue
        id_match = _NEWID.search(attrs)
        title_match = _TITLE.search(inner)
        date_match = _DATE.search(inner)
        date = None
        if date_match is not None and date_match.group(2).upper() in _MONTHS:
            try:
                date = dt.date(int(date_match.group(3)), _MONTHS[date_match.group(2).upper()], int(date_match.group(1)))
            except ValueError:
                date = None
        yield ReutersStory(
            newid=int(id_match.group(1)) if id_match else -1,
            title=" ".join(_clean(title_match.group(1)).split()) or None if title_match else None,
            date=date,
            body=body,
            path=path,
        )


def read_stories(folder: str | Path, limit: int | None = None) -> list[ReutersStory]:
    """Read up to ``limit`` stories with a body, in file and NEWID order.

    Raises:
        FileNotFoundError: see :func:`find_sgml_files`.
        ValueError: if ``limit`` is below 1.
    """
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be at least 1 or None for all stories, got {limit}")
    stories: list[ReutersStory] = []
    for path in find_sgml_files(folder):
        text = path.read_text(encoding="latin-1")
        for story in parse_sgml(text, path):
            stories.append(story)
            if limit is not None and len(stories) >= limit:
                return stories
    return stories


def story_to_document(story: ReutersStory) -> Document:
    """Turn a story into a Document whose source is the story itself (``reuters-<NEWID>``)."""
    from crosscheck.ingest import make_document

    text = f"{story.title}\n\n{story.body}" if story.title else story.body
    return make_document(
        text,
        source=f"reuters-{story.newid}",
        title=story.title,
        date=story.date,
        path=str(story.path),
        date_basis="metadata" if story.date else "unknown",
    )


def load_reuters(folder: str | Path, limit: int | None = None) -> list[Document]:
    """Read up to ``limit`` Reuters-21578 stories with a body as Documents.

    Raises:
        FileNotFoundError: if ``folder`` holds no ``reut2-*.sgm`` file.
        ValueError: if ``limit`` is below 1.
    """
    documents = [story_to_document(s) for s in read_stories(folder, limit)]
    logger.info("read %d Reuters stories from %s", len(documents), folder)
    return documents
