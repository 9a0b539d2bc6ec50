from __future__ import annotations

import datetime as dt
import json

import pytest

from crosscheck.ingest.records import RecordError, parse_record

TEXT = "Officials said 24 people were sanctioned on Tuesday."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", 42, "field 'title' is a number (42), not a string; kept the record without it"),
        ("url", 7, "field 'url' is a number (7), not a string; kept the record without it"),
        ("source", ["a", "b"], "field 'source' is an array"),
        ("date", True, "field 'date' is a boolean"),
        ("date", "17/03/2021", "date '17/03/2021' is not ISO (YYYY-MM-DD); kept the record undated"),
    ],
)
def test_a_wrong_optional_field_is_dropped_with_a_warning(field: str, value: object, message: str) -> None:
    record = parse_record(json.dumps({"text": TEXT, field: value}))
    assert record.text == TEXT
    assert getattr(record, field) is None
    assert len(record.warnings) == 1 and message in record.warnings[0]


def test_good_fields_are_kept() -> None:
    record = parse_record(json.dumps({"text": TEXT, "title": " T ", "source": "Wire", "date": "2021-03-17T10:00:00Z", "url": "u"}))
    assert (record.title, record.source, record.url, record.date) == ("T", "Wire", "u", dt.date(2021, 3, 17))
    assert record.warnings == ()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "a record must be a JSON object with a string field 'text', got an array"),
        ('{"title": "x"}', "the record has no field 'text' (fields: 'title')"),
        ('{"text": 42}', "field 'text' is a number (42), not a string"),
        ('{"text": "  \\n "}', "field 'text' is empty"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"text": ' + "9" * 5000 + "}", "not readable JSON"),
    ],
)
def test_a_record_without_usable_text_is_refused_with_why(line: str, message: str) -> None:
    with pytest.raises(RecordError) as caught:
        parse_record(line)
    assert message in str(caught.value)


def test_control_characters_and_lone_surrogates_become_one_character_each() -> None:
    record = parse_record('{"text": "a\\u0000b\\ud800c\\u2028d"}')
    assert record.text == "a b\ufffdc d"
    record.text.encode("utf-8")  # writable
