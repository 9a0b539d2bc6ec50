"""Property tests over ingest -> segment -> claims: whatever a file holds, the run goes on,
every input is accounted for, and every span and line points where it says."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscheck.claims.checkworthy import extract_claims
from crosscheck.claims.segment import split_sentences
from crosscheck.config import MAX_SENTENCE_CHARS, Config
from crosscheck.ingest import IngestResult, load_documents
from crosscheck.ingest.cleantext import clean_text
from crosscheck.report.view import claim_line
from crosscheck.types import Document

# CROSSCHECK_PROPERTY_EXAMPLES raises the count for a longer local search.
SETTINGS = settings(max_examples=int(os.environ.get("CROSSCHECK_PROPERTY_EXAMPLES", "100")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONFIG = Config(embedder="fake", nli_model="fake")

WORDS = st.sampled_from(
    "the a officials said Mr. U.S. $1.9 trillion 24 on Tuesday “We will” ” he said. ! ? Sept. 6 in Beijing , - "
    "\n \n\n \t \r\n \x0b \x0c \x1c \x85 \u2028 é ü 中国 <p> </p> & &amp; View Source Check Also Copyright 2021".split(" ")
    + [" ", "\n", "x" * 2500, "word " * 600]
)
TEXTS = st.one_of(
    st.lists(WORDS, max_size=300).map(" ".join),
    st.text(max_size=2000),
    st.binary(max_size=2000).map(lambda b: b.decode("latin-1")),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["text", "title", "source", "date", "url", "x"]), inner, max_size=5),
    max_leaves=20,
)
RECORDS = st.one_of(
    JSON_VALUES.map(json.dumps),
    st.fixed_dictionaries({"text": TEXTS}, optional={"title": JSON_VALUES, "date": JSON_VALUES, "url": JSON_VALUES}).map(json.dumps),
    st.text(max_size=100),
)


def _accounted(result: IngestResult, where: str) -> bool:
    lines = result.errors + result.skipped + result.warnings + result.read
    return any(line.startswith(where) for line in lines)


def _check_document(doc: Document, file_lines: int) -> None:
    assert doc.text.strip()
    assert doc.line_start is not None and doc.line_end is not None and 1 <= doc.line_start <= doc.line_end <= file_lines
    sentences = split_sentences(doc)
    previous_end = 0
    for s in sentences:
        assert s.text == doc.text[s.start : s.end] and s.text.strip() == s.text and s.text
        assert len(s.text) <= MAX_SENTENCE_CHARS
        assert s.start >= previous_end
        previous_end = s.end
    for claim in extract_claims(doc, sentences, CONFIG):
        assert claim.text == doc.text[claim.start : claim.end]
        line = claim_line(doc, claim)
        assert line is not None and doc.line_start <= line <= doc.line_end


def _load(name: str, data: bytes) -> tuple[IngestResult, Path]:
    folder = Path(tempfile.mkdtemp())
    path = folder / name
    path.write_bytes(data)
    return load_documents([path]), path


@SETTINGS
@given(TEXTS, st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-8-sig"]))
def test_any_text_file_is_read_or_reported_and_its_spans_hold(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    result, path = _load("a.txt", data)
    assert _accounted(result, str(path))
    decoded = data.decode(encoding, errors="replace")
    file_lines = decoded.count("\n") + 1 if "\n" in decoded else decoded.count("\r") + 1
    for doc in result.documents:
        _check_document(doc, file_lines=file_lines)


@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.md", "a.jsonl", "a.html"]))
def test_any_bytes_are_read_or_reported(data: bytes, name: str) -> None:
    result, path = _load(name, data)
    assert _accounted(result, str(path))
    for doc in result.documents:
        assert doc.line_start is not None and doc.line_start >= 1


@SETTINGS
@given(st.lists(RECORDS, min_size=1, max_size=8))
def test_every_json_lines_record_is_read_or_reported_at_its_line(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    result, path = _load("r.jsonl", data)
    read_lines = {doc.line_start for doc in result.documents}
    if any(line.startswith(f"{path}: ") for line in result.errors + result.skipped):
        return  # the file as a whole was refused (binary, empty, only white space), and said so
    for number, line in enumerate(data.split(b"\n"), start=1):
        if clean_text(line.decode("utf-8", errors="replace"))[0].strip():  # control characters count as blank
            assert number in read_lines or _accounted(result, f"{path}:{number}:"), (number, line[:80])
    for doc in result.documents:
        assert doc.line_start == doc.line_end
        _check_document(doc, file_lines=len(data.split(b"\n")))


PARAGRAPHS = st.lists(st.lists(WORDS.filter(lambda w: "<" not in w and "&" not in w), min_size=3, max_size=40).map(" ".join), min_size=1, max_size=8)


@SETTINGS
@given(PARAGRAPHS, st.sampled_from(["<p>{}</p>", "<div>{}</div>", "<li>{}", "<h2>{}</h2><br>", "<p>{}"]), st.booleans())
def test_html_pages_keep_lines_that_point_into_the_file(paragraphs: list[str], wrap: str, as_txt: bool) -> None:
    body = "\n".join(wrap.format(p) for p in paragraphs)
    page = f"<!doctype html>\n<html><head><title>T</title><script>x = '<p>no</p>'</script></head>\n<body><article>\n{body}\n</article></body></html>\n"
    result, path = _load("page.txt" if as_txt else "page.html", page.encode())
    assert _accounted(result, str(path))
    file_lines = page.split("\n")
    for doc in result.documents:
        assert "<p>" not in doc.text and "x = " not in doc.text
        assert doc.line_origins is not None and len(doc.line_origins) == len(doc.text.split("\n"))
        for line, offset in doc.line_origins:
            assert 1 <= line <= len(file_lines) and 0 <= offset <= len(page)
        _check_document(doc, file_lines=len(file_lines))
