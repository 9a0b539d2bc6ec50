"""ECB+ as a corpus: documents one sentence a paragraph, claims mapped back to their sentences' chains."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosscheck.bench.ecbplus import claim_chains, load_ecbplus
from crosscheck.types import Claim


def _write(path: Path) -> Path:
    rows = [
        {"doc_id": "1_1ecb", "split": "dev", "subtopic": "1_a", "sentences": [
            {"text": "A quake of magnitude 6.1 hit the island on Monday.", "selected": True, "event_clusters": ["ACT1", "SINGLETON_9"]},
            {"text": "Officials said 14 people died.", "selected": True, "event_clusters": ["SINGLETON_3"]},
            {"text": "The island is popular with tourists.", "selected": False, "event_clusters": []},
        ]},
        {"doc_id": "2_1ecb", "split": "train", "subtopic": "2_a", "sentences": [{"text": "x", "selected": False, "event_clusters": []}]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_documents_stories_and_chains_of_one_split(tmp_path: Path) -> None:
    documents, story_of, chains = load_ecbplus(_write(tmp_path / "documents.jsonl"), "dev")
    assert [d.id for d in documents] == ["1_1ecb"] and story_of == {"1_1ecb": "1_a"}
    text = documents[0].text
    second = text.index("Officials")
    claims = [
        Claim(id="c0", doc_id="1_1ecb", sentence_index=0, start=0, end=10, text=text[:10]),
        Claim(id="c1", doc_id="1_1ecb", sentence_index=1, start=second, end=second + 9, text=text[second:second + 9]),
        Claim(id="c2", doc_id="1_1ecb", sentence_index=2, start=text.index("The island"), end=len(text), text="The island"),
    ]
    # Singleton chains are dropped; an unannotated sentence has none.
    assert claim_chains(claims, chains) == {"c0": frozenset({"ACT1"})}


def test_a_split_with_no_documents_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no documents of split 'test'"):
        load_ecbplus(_write(tmp_path / "documents.jsonl"), "test")
