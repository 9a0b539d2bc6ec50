from __future__ import annotations

import json
from pathlib import Path

from crosscheck.ingest import load_documents, make_document, split_articles

TWO_ARTICLES = """Council Approves New Budget for Schools

The city council approved a $2.5 million budget for schools on Tuesday, the mayor said.
The vote was 7 to 2, and the plan takes effect in July.
Parents' groups welcomed the vote but said the money would not cover the repairs that older buildings need, and that the council should have consulted them first.

Photo: Jane Roe/Associated Press

Write to Jane Roe at jane.roe@example.com

Copyright ©2021 Example News, Inc. All Rights Reserved.

View Source

Storm Closes Harbour for Two Days

A storm closed the harbour for two days, port officials said on Friday, stranding 40 ships.
Officials said repairs would cost about 3 million euros and take until next month to finish.
Fishermen said it was the worst storm in a decade and that several boats had been lost.

Source link

Check Also

Another Story Teaser

Something else happens somewhere …

Leave a Reply
"""


def test_split_articles_keeps_titles_lines_and_drops_boilerplate() -> None:
    docs = split_articles(TWO_ARTICLES, path="news.txt")
    assert [d.title for d in docs] == ["Council Approves New Budget for Schools", "Storm Closes Harbour for Two Days"]
    first, second = docs
    assert "Photo:" not in first.text and "Write to" not in first.text and "Copyright" not in first.text
    assert "$2.5 million budget" in first.text
    assert first.source == "example.com"  # from the "Write to ... at ...@example.com" line
    assert (first.line_start, second.line_start) == (1, 15)
    # Line k of the text is line line_start + k of the file.
    lines = TWO_ARTICLES.splitlines()
    for k, line in enumerate(second.text.splitlines()):
        if line:
            assert lines[second.line_start - 1 + k] == line
    assert "Another Story Teaser" not in second.text


def test_stated_date_is_read_from_the_header(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    body = "The two sides met in Anchorage on Thursday for talks that lasted two days, officials said. " * 4
    path.write_text(" date 2021-03-18 \n\n" + body + "\n")
    [doc] = load_documents([path]).documents
    assert str(doc.date) == "2021-03-18" and doc.date_basis == "stated"


def test_missing_and_bad_inputs_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(
        json.dumps({"text": "Officials said 24 people were sanctioned.", "source": "Wire", "date": "2021-03-17", "title": "T"})
        + "\nnot json\n"
        + json.dumps({"title": "no text"})
        + "\n"
    )
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    result = load_documents([good, tmp_path / "missing.txt", binary])
    assert [d.source for d in result.documents] == ["Wire"]
    assert result.documents[0].date_basis == "metadata"
    assert len(result.errors) == 4
    assert any("missing.txt: no such file" in e for e in result.errors)
    assert any("good.jsonl:2: not valid JSON" in e for e in result.errors)
    assert any("binary" in e for e in result.errors)


def test_document_ids_are_content_hashes() -> None:
    a = make_document("Same text.", source="X")
    assert a.id == make_document("Same text.", source="X").id
    assert a.id != make_document("Other text.", source="X").id


def test_seed_file_splits_into_its_ten_articles(seeds_dir: Path) -> None:
    docs = load_documents([seeds_dir / "000_deb1d846919f05c4.txt"]).documents
    assert len(docs) == 10
    assert docs[9].title == "U.S. Punishes 24 Chinese Officials on Eve of First Talks Under Biden"
    assert (docs[9].line_start, docs[9].line_end) == (390, 404)


ARTICLE = (
    "Harbour Closed by Storm\n\n"
    "A storm closed the harbour for two days, port officials said on Friday, stranding 40 ships.\n"
    "Officials said repairs would cost about 3 million euros and take until next month to finish.\n"
    "Fishermen said it was the worst storm in a decade and that several boats had been lost.\n"
    "The mayor said the city would pay for the repairs to the sea wall and open the harbour on Monday.\n"
)


def test_every_file_in_a_folder_is_read_skipped_or_failed_with_why(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.md").write_text(" \n\t\n")
    (tmp_path / "short.txt").write_text("Officials said 24 people were sanctioned.\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "page.htm").write_text(f"<html><body><article><p>{ARTICLE.replace(chr(10), '</p><p>')}</p></article></body></html>")
    result = load_documents([tmp_path])
    assert sorted(Path(d.path).name for d in result.documents) == ["good.txt", "page.htm"]
    named = {line.split(":")[0].split(" ")[0].rsplit("/", 1)[-1]: line for line in result.skipped + result.errors}
    assert "empty file" in named["empty.txt"]
    assert "only white space" in named["blank.md"]
    assert "too short for an article" in named["short.txt"]
    assert "not an article file (.png)" in named["image.png"]
    assert "binary" in named["binary.txt"] and named["binary.txt"] in result.errors
    assert len(result.errors) == 1  # only the binary file failed; the rest were skipped on purpose


def test_a_json_lines_claim_cites_its_records_line(tmp_path: Path) -> None:
    from crosscheck.claims.segment import split_sentences
    from crosscheck.report.view import claim_line

    path = tmp_path / "r.jsonl"
    records = [{"text": f"Line one.\nOfficials said {n} ships were stranded on Friday.\nLine three.", "source": f"S{n}"} for n in range(4)]
    path.write_text("\n\n".join(json.dumps(r) for r in records) + "\n")
    docs = load_documents([path]).documents
    assert [d.line_start for d in docs] == [1, 3, 5, 7]
    for doc in docs:
        for sentence in split_sentences(doc):
            claim = type("C", (), {"start": sentence.start})
            assert claim_line(doc, claim) == doc.line_start  # type: ignore[arg-type]


def test_wrong_field_types_keep_the_record_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(
        json.dumps({"text": ARTICLE, "title": 42}) + "\n" + json.dumps({"text": ARTICLE + "x", "url": 7, "date": "17/03/2021"}) + "\n"
    )
    result = load_documents([path])
    assert len(result.documents) == 2 and result.errors == []
    assert any(":1: field 'title' is a number (42)" in w for w in result.warnings)
    assert any(":2: field 'url' is a number (7)" in w for w in result.warnings)
    assert any(":2: date '17/03/2021' is not ISO" in w for w in result.warnings)


def test_html_saved_as_text_is_read_as_html_with_lines_into_the_file(tmp_path: Path) -> None:
    from crosscheck.claims.segment import split_sentences
    from crosscheck.report.view import claim_line

    body = "".join(f"<p>{line}</p>\n" for line in ARTICLE.split("\n") if line)
    path = tmp_path / "page.txt"
    path.write_text(f"<!doctype html>\n<html><head><title>T</title></head>\n<body>\n{body}</body></html>\n")
    result = load_documents([path])
    [doc] = result.documents
    assert "<p>" not in doc.text and "40 ships" in doc.text
    assert any("reads as HTML" in w for w in result.warnings)
    file_lines = path.read_text().split("\n")
    for sentence in split_sentences(doc):
        line = claim_line(doc, type("C", (), {"start": sentence.start}))  # type: ignore[arg-type]
        assert sentence.text[:25] in file_lines[line - 1]


def test_repeated_lines_blanked_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE + "The ministry said 24 officials were sanctioned on Tuesday.\n" * 50)
    result = load_documents([path])
    assert result.documents[0].text.count("24 officials") == 1
    assert any("blanked 49 repeated line(s)" in w for w in result.warnings)


def test_mixed_encodings_keep_utf8_lines_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode() + "Café owners said the storm cost them 2 million euros.\n".encode("cp1252") + "Ça va, 5 €.\n".encode())
    result = load_documents([path])
    [doc] = result.documents
    assert "Café owners" in doc.text and "Ça va, 5 €." in doc.text
    assert any("1 line(s) not UTF-8" in w for w in result.warnings)


def test_control_characters_do_not_shift_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE.replace("stranding", "strand\x0bing\x1c") + "Last line\x85here.\n")
    [doc] = load_documents([path]).documents
    assert doc.line_end == len(path.read_text().split("\n")) - 1
    assert "\x0b" not in doc.text and "\x85" not in doc.text


def test_a_utf16_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    [doc] = load_documents([path]).documents
    assert "40 ships" in doc.text


def test_a_long_line_without_sentence_ends_is_noted(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE + "officials said 3 ships " * 400 + "\n")
    result = load_documents([path])
    assert len(result.documents) == 1
    assert any(":7: a 9,200-character line" in w and "checked in pieces" in w for w in result.warnings)


def test_the_same_article_twice_is_read_once_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE)
    result = load_documents([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert len(result.documents) == 2  # the file name is the source, so these differ
    result = load_documents([tmp_path / "a.txt", tmp_path / "a.txt"])
    assert len(result.documents) == 1 and any("same article as" in w for w in result.warnings)
