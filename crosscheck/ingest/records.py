"""Check a JSON Lines record's fields before it becomes a ``Document``.

A record is a JSON object with a non-empty string ``text`` and optional string fields
``title``, ``source``, ``url`` and ``date`` (ISO, ``YYYY-MM-DD`` or a longer ISO
timestamp). A record without a usable ``text`` is refused with a message that says why;
an optional field of the wrong type or a date that is not ISO is dropped with a warning
and the record is kept, since its text can still be checked. Other fields are ignored.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from crosscheck.ingest.cleantext import clean_text

OPTIONAL_FIELDS = ("title", "source", "url", "date")
_SHOWN = 40  # characters of a bad value shown in a message


class RecordError(ValueError):
    """A line that cannot become a document; the message says why and what is expected."""


@dataclass(frozen=True)
class Record:
    """The checked fields of one record, and a warning for each field that was dropped."""

    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    date: dt.date | None = None
    date_raw: str | None = None
    warnings: tuple[str, ...] = field(default=())


def parse_record(line: str) -> Record:
    """Parse one line of a JSON Lines file.

    Raises:
        RecordError: if the line is not JSON, not an object, or has no non-empty string ``text``.
    """
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise RecordError("not readable JSON (nested too deeply)") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts
        raise RecordError(f"not readable JSON ({exc})") from None
    if not isinstance(value, dict):
        raise RecordError(f"a record must be a JSON object with a string field 'text', got {_json_type(value)}")
    if "text" not in value:
        keys = ", ".join(repr(k) for k in list(value)[:5]) or "none"
        raise RecordError(f"the record has no field 'text' (fields: {keys}); each record needs a non-empty string 'text'")
    text = value["text"]
    if not isinstance(text, str):
        raise RecordError(f"field 'text' is {_json_type(text)} ({_show(text)}), not a string")
    text, _ = clean_text(text)
    if not text.strip():
        raise RecordError("field 'text' is empty")

    warnings: list[str] = []
    fields: dict[str, str | None] = {}
    for name in OPTIONAL_FIELDS:
        raw = value.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            fields[name] = None
        elif not isinstance(raw, str):
            warnings.append(f"field {name!r} is {_json_type(raw)} ({_show(raw)}), not a string; kept the record without it")
            fields[name] = None
        else:
            fields[name] = " ".join(clean_text(raw)[0].split())
    date = None
    if fields["date"] is not None:
        try:
            date = dt.date.fromisoformat(fields["date"][:10])
        except ValueError:
            warnings.append(f"date {_show(fields['date'])} is not ISO (YYYY-MM-DD); kept the record undated")
    return Record(
        text=text,
        title=fields["title"],
        source=fields["source"],
        url=fields["url"],
        date=date,
        date_raw=fields["date"] if date else None,
        warnings=tuple(warnings),
    )


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null"


def _show(value: object) -> str:
    try:
        shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    except (RecursionError, ValueError):
        return "deeply nested"
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"
