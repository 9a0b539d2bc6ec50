from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crosscheck.bench.reuters import find_sgml_files, load_reuters, read_stories


@pytest.fixture
def corpus(tmp_path: Path, reuters_sample: str) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "reut2-000.sgm").write_bytes(reuters_sample.replace("Smith", "Sm\xefth").encode("latin-1"))
    return tmp_path


def test_stories_with_a_body_only_with_clean_text(corpus: Path) -> None:
    stories = read_stories(corpus)
    assert [s.newid for s in stories] == [1, 3]
    first = stories[0]
    assert first.title == "BAHIA COCOA REVIEW"
    assert first.date == dt.date(1987, 2, 26)
    assert "Sm\xefth & Co <SMTH>." in first.body  # latin-1 and entities decoded
    assert not first.body.endswith("Reuter") and "&#3;" not in first.body
    assert stories[1].date == dt.date(1987, 3, 2) and stories[1].title is None


def test_each_story_is_its_own_dated_source(corpus: Path) -> None:
    docs = load_reuters(corpus)
    assert [d.source for d in docs] == ["reuters-1", "reuters-3"]
    assert docs[0].text.startswith("BAHIA COCOA REVIEW\n\nShowers")
    assert docs[0].date == dt.date(1987, 2, 26) and docs[0].date_basis == "metadata"
    assert docs[0].id != docs[1].id
    assert load_reuters(corpus, limit=1)[0].id == docs[0].id


def test_bad_folder_and_limit_are_refused(tmp_path: Path, corpus: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        find_sgml_files(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="no reut2"):
        find_sgml_files(tmp_path / "empty")
    with pytest.raises(ValueError, match="limit"):
        read_stories(corpus, limit=0)
