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
