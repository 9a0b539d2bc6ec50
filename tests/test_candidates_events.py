"""Candidate pairs (wide inside a story, near-duplicates across) and events from judge scores."""

from __future__ import annotations

import numpy as np
import pytest

from crosscheck.backends import new_index
from crosscheck.backends.fakes import HashingEmbedder
from crosscheck.candidates import claim_keys, select_candidates
from crosscheck.events import cluster_events
from crosscheck.types import Actor, Claim, Quantity, Span


def _claim(i: int, doc: str, text: str, *, actors: tuple[str, ...] = (), value: float | None = None) -> Claim:
    span = Span(start=0, end=len(text), text=text)
    return Claim(
        id=f"c{i}", doc_id=doc, sentence_index=i, start=0, end=len(text), text=text,
        actors=tuple(Actor(span=span, canonical=a, kind="person") for a in actors),
        quantities=(Quantity(span=span, value=value, unit="USD", kind="amount"),) if value is not None else (),
    )


def _setup(claims: list[Claim]) -> tuple[np.ndarray, object]:
    vectors = HashingEmbedder().encode([c.text for c in claims])
    index = new_index("numpy", vectors.shape[1])
    index.add(vectors)
    return vectors, index


CLAIMS = [
    _claim(0, "d1", "Blinken met Yang in Anchorage on Thursday.", actors=("Blinken", "Yang")),
    _claim(1, "d2", "The talks opened with a sharp public exchange between the two delegations.", actors=("Blinken",)),
    _claim(2, "d2", "Weather in the region was cold.", actors=()),
    _claim(3, "d3", "Quarterly dividend of 25 cents a share declared by Acme.", value=0.25),
    _claim(4, "d4", "Quarterly dividend of 25 cents a share declared by Acme.", value=0.25),
]
STORIES = {"d1": "alaska", "d2": "alaska", "d3": "acme", "d4": "other"}


def test_inside_a_story_pairs_come_without_any_cosine_cut() -> None:
    vectors, index = _setup(CLAIMS)
    pairs = select_candidates(CLAIMS, vectors, STORIES, index, budget=5, overlap_weight=0.3, near_duplicate=0.95,
                              neighbours=5)
    inside = {(p.a, p.b) for p in pairs if p.within_story}
    # Claim 0 and 1 share little wording, yet they are read: same story, other document.
    assert (0, 1) in inside and (0, 2) in inside
    assert all(CLAIMS[p.a].doc_id != CLAIMS[p.b].doc_id for p in pairs)


def test_across_stories_only_near_duplicates_are_read() -> None:
    vectors, index = _setup(CLAIMS)
    pairs = select_candidates(CLAIMS, vectors, STORIES, index, budget=5, overlap_weight=0.3, near_duplicate=0.95,
                              neighbours=5)
    across = [(p.a, p.b) for p in pairs if not p.within_story]
    assert across == [(3, 4)]
    assert not any({p.a, p.b} == {0, 3} for p in pairs)


def test_the_budget_caps_partners_and_shared_details_rank_first() -> None:
    claims = [_claim(0, "a", "Officials said the deal was signed.", actors=("Wang",))] + [
        _claim(i, f"b{i}", f"Unrelated sentence number {i} about weather and sport.") for i in range(1, 6)
    ] + [_claim(6, "c", "Markets closed higher on the day.", actors=("Wang",))]
    vectors, index = _setup(claims)
    pairs = select_candidates(claims, vectors, {c.doc_id: "s" for c in claims}, index, budget=1, overlap_weight=1.0,
                              near_duplicate=0.99, neighbours=0)
    partners_of_0 = [p.b for p in pairs if p.a == 0]
    assert 6 in partners_of_0  # the shared actor outweighs wording
    assert len(pairs) <= len(claims) * 1


def test_claim_keys_meet_on_value_and_unit() -> None:
    a = _claim(0, "x", "$400 billion", value=4e11)
    b = _claim(1, "y", "400 billion dollars", value=4e11)
    assert claim_keys(a) == claim_keys(b)


def test_bad_inputs_are_refused() -> None:
    vectors, index = _setup(CLAIMS)
    with pytest.raises(ValueError, match="one row per claim"):
        select_candidates(CLAIMS, vectors[:2], STORIES, index, budget=1, overlap_weight=0, near_duplicate=1,
                          neighbours=1)
    with pytest.raises(ValueError, match="threshold"):
        cluster_events(["a"], {}, {}, threshold=1.5)


def test_events_follow_the_judge_and_never_cross_stories() -> None:
    docs = ["d1", "d2", "d3", "d4", "d5"]
    stories = {"d1": "s", "d2": "s", "d3": "s", "d4": "t", "d5": "t"}
    scores = {(0, 1): 0.9, (1, 2): 0.8, (0, 2): 0.7, (2, 3): 0.99, (3, 4): 0.95}
    groups = cluster_events(docs, scores, stories, threshold=0.5)
    assert groups == [[0, 1, 2], [3, 4]]


def test_average_linkage_stops_one_claim_from_chaining_two_events() -> None:
    docs = ["a", "b", "c", "d"]
    # 1 is close to 0 and to 2, but 0 and 2 are different events: no single group.
    scores = {(0, 1): 0.9, (1, 2): 0.6, (0, 2): 0.05, (2, 3): 0.9, (0, 3): 0.05, (1, 3): 0.1}
    groups = cluster_events(docs, scores, {}, threshold=0.5)
    assert groups == []  # every document is its own story: nothing to group
    groups = cluster_events(docs, scores, dict.fromkeys(docs, "s"), threshold=0.5)
    assert sorted(groups) == [[0, 1], [2, 3]]


def test_a_group_needs_two_documents() -> None:
    assert cluster_events(["a", "a"], {(0, 1): 0.99}, {"a": "s"}, threshold=0.5) == []
