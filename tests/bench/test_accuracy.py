from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosscheck.bench.accuracy import format_table
from crosscheck.bench.gold import GoldClaim, GoldPair, SyntheticConflict, load_gold
from crosscheck.bench.scoring import (
    Located,
    locate_gold_claims,
    match_claims,
    normalise_with_map,
    score_claim_recall,
    score_clustering,
    score_labels,
    score_pairs,
    score_synthetic,
)
from crosscheck.types import Claim, ClaimCluster, Document, PairVerdict

GOLD_DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "gold-dev"


def doc(doc_id: str, text: str, path: str = "a.txt", line_start: int | None = None, line_end: int | None = None) -> Document:
    return Document(id=doc_id, source=doc_id, text=text, path=path, line_start=line_start, line_end=line_end)


def claim(claim_id: str, doc_id: str, start: int, end: int) -> Claim:
    return Claim(id=claim_id, doc_id=doc_id, sentence_index=0, start=start, end=end, text="x" * (end - start))


def verdict(a: str, b: str, label: str) -> PairVerdict:
    return PairVerdict(a=a, b=b, label=label, probability=0.9, similarity=0.8, nli_ab={}, nli_ba={})  # type: ignore[arg-type]


def gold_claim(claim_id: str, text: str = "", event: str | None = "e1", file: str = "a.txt", line: int | None = None) -> GoldClaim:
    return GoldClaim(claim_id=claim_id, doc_id="d", text=text, event_id=event, file=file, line=line)


def test_normalise_maps_back_to_original_offsets() -> None:
    text = "He said \u201cno\u201d,\n\n  then   left."
    norm, index = normalise_with_map(text)
    assert norm == 'He said "no", then left.'
    at = norm.index("then left")
    assert text[index[at] : index[at + len("then left") - 1] + 1] == "then   left"


def test_locate_finds_text_despite_quotes_and_line_breaks_and_prefers_covering_line() -> None:
    body = "Intro line.\nThe minister said \u201cwe\n  will not\u201d sign it.\nEnd."
    docs = [
        doc("d1", body, path="/x/a.txt", line_start=1, line_end=3),
        doc("d2", body, path="/x/a.txt", line_start=10, line_end=12),
        doc("d3", body, path="/x/other.txt"),
    ]
    gold = gold_claim("g1", 'The minister said "we will not" sign it.', line=11)
    located = locate_gold_claims([gold, gold_claim("g2", "Not in any document.")], docs)
    assert set(located) == {"g1"}
    where = located["g1"]
    assert where.doc_id == "d2"
    assert body[where.start : where.end] == "The minister said \u201cwe\n  will not\u201d sign it."


def test_match_claims_requires_half_of_the_shorter_span() -> None:
    located = {"g1": Located("d1", 100, 200), "g2": Located("d1", 300, 340)}
    claims = [
        claim("c_full", "d1", 100, 200),
        claim("c_clause", "d1", 150, 200),  # a clause inside the gold sentence
        claim("c_edge", "d1", 190, 290),  # overlaps 10 of 100: no match
        claim("c_other_doc", "d2", 100, 200),
    ]
    matches = match_claims(located, claims)
    assert matches == {"g1": ["c_full", "c_clause"]}


def test_claim_recall_counts_extracted_gold_claims() -> None:
    golds = [gold_claim("g1"), gold_claim("g2"), gold_claim("g3"), gold_claim("g4")]
    located = {"g1": Located("d", 0, 1), "g2": Located("d", 0, 1), "g3": Located("d", 0, 1)}
    result = score_claim_recall(golds, {"g1": ["c1"], "g2": ["c2"]}, located)
    assert result["recall"] == pytest.approx(0.5)
    assert result["located_in_text"] == 3
    assert result["missed"] == ["g3", "g4"]


def test_clustering_pairwise_scores() -> None:
    # Gold: {g1, g2, g3} event A, {g4} event B. Predicted: {g1, g2} and {g3, g4}.
    golds = [gold_claim("g1", event="A"), gold_claim("g2", event="A"), gold_claim("g3", event="A"), gold_claim("g4", event="B"), gold_claim("g5", event="B")]
    matches = {"g1": ["c1"], "g2": ["c2"], "g3": ["c3"], "g4": ["c4"]}  # g5 not extracted: ignored
    clusters = [
        ClaimCluster(id="k1", claim_ids=("c1", "c2"), centroid_claim_id="c1", doc_ids=("d",), sources=2, independent_sources=2),
        ClaimCluster(id="k2", claim_ids=("c3", "c4"), centroid_claim_id="c3", doc_ids=("d",), sources=2, independent_sources=2),
    ]
    result = score_clustering(golds, matches, clusters)
    # Gold same-event pairs: (1,2) (1,3) (2,3) -> 3; predicted same: (1,2) (3,4) -> 2; TP = 1.
    assert result["claims"] == 4
    assert result["precision"] == pytest.approx(0.5)
    assert result["recall"] == pytest.approx(1 / 3)
    assert result["f1"] == pytest.approx(0.4)


def test_clustering_without_predicted_pairs_has_undefined_precision_and_zero_f1() -> None:
    golds = [gold_claim("g1", event="A"), gold_claim("g2", event="A")]
    result = score_clustering(golds, {"g1": ["c1"], "g2": ["c2"]}, [])
    assert result["precision"] is None
    assert result["recall"] == 0.0
    assert result["f1"] == 0.0


def test_score_labels_per_label_and_false_conflict_rate() -> None:
    gold = ["agree", "agree", "agree", "agree", "conflict", "related", "unrelated"]
    pred = ["agree", "conflict", "unrelated", "agree", "conflict", "agree", "related"]
    result = score_labels(gold, pred)
    assert result["agree"]["precision"] == pytest.approx(2 / 3)
    assert result["agree"]["recall"] == pytest.approx(0.5)
    assert result["agree"]["false_conflict_rate"] == pytest.approx(0.25)
    assert result["conflict"]["precision"] == pytest.approx(0.5)
    assert result["conflict"]["recall"] == pytest.approx(1.0)
    assert result["conflict"]["f1"] == pytest.approx(2 / 3)
    assert result["related"]["recall"] == 0.0
    assert result["related"]["precision"] == 0.0
    assert result["confusion"]["agree"] == {"agree": 2, "conflict": 1, "unrelated": 1}


def test_score_labels_without_support_is_undefined_not_zero() -> None:
    result = score_labels(["agree", "related"], ["agree", "agree"])
    assert result["conflict"]["recall"] is None
    assert result["conflict"]["f1"] is None
    assert result["related"]["precision"] is None
    assert result["related"]["f1"] == 0.0
    with pytest.raises(ValueError, match="one prediction per gold pair"):
        score_labels(["agree"], [])


def test_pairs_never_compared_count_as_unrelated() -> None:
    pairs = [GoldPair("g1", "g2", "agree"), GoldPair("g1", "g3", "unrelated"), GoldPair("g2", "g4", "agree")]
    matches = {"g1": ["c1"], "g2": ["c2", "c2b"], "g3": ["c3"]}  # g4 not extracted
    verdicts = [verdict("c2b", "c1", "agree"), verdict("c1", "c9", "conflict")]
    scores, details = score_pairs(pairs, matches, verdicts)
    assert [d["predicted"] for d in details] == ["agree", "unrelated", "unrelated"]
    assert details[2]["extracted"] is False
    assert scores["compared"] == 1
    assert scores["agree"]["recall"] == pytest.approx(0.5)
    assert scores["agree"]["false_conflict_rate"] == 0.0


def test_synthetic_recall_by_type() -> None:
    synthetic = [
        SyntheticConflict("S1", "g1", "d", "t", "count"),
        SyntheticConflict("S2", "g2", "d", "t", "count"),
        SyntheticConflict("S3", "g3", "d", "t", "weekday"),
        SyntheticConflict("S4", "g4", "d", "t", "place"),  # its article gave no claim
    ]
    matches = {"g1": ["c1"], "g2": ["c2"], "g3": ["c3"], "g4": ["c4"]}
    synthetic_claims = {"S1": ["s1"], "S2": ["s2"], "S3": ["s3"], "S4": []}
    verdicts = [verdict("c1", "s1", "conflict"), verdict("s2", "c2", "agree"), verdict("s3", "c3", "conflict")]
    result, details = score_synthetic(synthetic, matches, synthetic_claims, verdicts)
    assert result["recall"] == pytest.approx(0.5)
    assert result["by_type"]["count"] == {"items": 2, "found": 1, "recall": 0.5}
    assert result["by_type"]["weekday"]["recall"] == 1.0
    assert result["by_type"]["place"]["recall"] == 0.0
    assert details[3]["extracted"] is False


def write_gold(folder: Path, synthetic: list[dict[str, object]] | None = None) -> None:
    rows = {
        "documents.jsonl": [{"doc_id": "d1", "file": "a.txt", "start_line": 1, "end_line": 3}],
        "events.jsonl": [{"event_id": "e1", "description": "x"}],
        "claims.jsonl": [
            {"claim_id": "c1", "doc_id": "d1", "text": "One.", "event_id": "e1", "file": "a.txt", "line": 1},
            {"claim_id": "c2", "doc_id": "d1", "text": "Two.", "event_id": "e1", "file": "a.txt", "line": 2},
        ],
        "pairs.jsonl": [{"a": "c1", "b": "c2", "label": "agree"}],
    }
    if synthetic is not None:
        rows["synthetic_conflicts.jsonl"] = synthetic
    for name, items in rows.items():
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in items))


def test_load_gold_rebuilds_missing_source_claims(tmp_path: Path) -> None:
    write_gold(
        tmp_path,
        [{"claim_id": "S1", "source_claim_id": "c9", "doc_id": "d1", "text": "Three ships.", "perturbation": "count", "changed_from": "Four", "changed_to": "Three"}],
    )
    gold = load_gold(tmp_path)
    assert gold.files == ["a.txt"]
    assert [p.label for p in gold.pairs] == ["agree"]
    rebuilt = gold.claim("c9")
    assert rebuilt.text == "Four ships." and rebuilt.listed is False
    assert gold.synthetic[0].perturbation == "count"


def test_load_gold_errors_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_gold(tmp_path / "nope")
    with pytest.raises(FileNotFoundError, match="lacks documents.jsonl"):
        load_gold(tmp_path)
    write_gold(tmp_path)
    (tmp_path / "pairs.jsonl").write_text(json.dumps({"a": "c1", "b": "zz", "label": "agree"}) + "\n")
    with pytest.raises(ValueError, match="'zz'"):
        load_gold(tmp_path)
    (tmp_path / "pairs.jsonl").write_text(json.dumps({"a": "c1", "b": "c2", "label": "same"}) + "\n")
    with pytest.raises(ValueError, match="label 'same'"):
        load_gold(tmp_path)


@pytest.mark.skipif(not GOLD_DEV.is_dir(), reason="shared gold-dev folder not present")
def test_gold_dev_loads_and_every_claim_is_found_in_the_seed_text() -> None:
    gold = load_gold(GOLD_DEV)
    assert len(gold.pairs) > 0 and len(gold.synthetic) > 0
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    docs = [doc(p.name, p.read_text(encoding="utf-8"), path=str(p)) for p in sorted(seeds.glob("*.txt"))]
    located = locate_gold_claims(gold.claims, docs)
    assert set(located) == {c.claim_id for c in gold.claims}


def test_format_table_mentions_headline_figures() -> None:
    pairs = score_labels(["agree", "conflict"], ["agree", "agree"])
    results = {
        "claims": {"recall": 0.5, "extracted": 1, "gold": 2},
        "clustering": {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "claims": 2},
        "pairs": pairs,
        "synthetic": {"recall": 0.25, "found": 1, "items": 4, "by_type": {"count": {"recall": 0.25, "found": 1, "items": 4}}},
    }
    table = format_table(results)
    assert "recall 0.500" in table and "F1 0.667" in table
    assert "pairs.conflict" in table and "count" in table
