"""Candidate pairs (wide inside a story, near-duplicates across) and events from judge scores."""

from __future__ import annotations

import numpy as np
import pytest

from crosscheck.backends import new_index
from crosscheck.backends.fakes import HashingEmbedder
from crosscheck.cluster.judged import cluster_events
from crosscheck.types import Actor, Claim, Quantity, Span
from crosscheck.verify.select import claim_keys, select_candidates


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


def test_sentences_the_reuse_stage_aligned_are_read_across_stories_below_the_near_duplicate_cosine() -> None:
    vectors, index = _setup(CLAIMS)
    # An edited copy (claim 0 of d1, claim 3 of d3: two stories) is read however far apart their vectors are.
    pairs = select_candidates(CLAIMS, vectors, STORIES, index, budget=0, overlap_weight=0.3, near_duplicate=0.95,
                              neighbours=5, copied=[(3, 0), (1, 2)])
    assert [(p.a, p.b, p.within_story) for p in pairs] == [(0, 3, False), (3, 4, False)]  # (1, 2): one document
    # Each claim keeps its ``neighbours`` most similar copies.
    capped = select_candidates(CLAIMS, vectors, STORIES, index, budget=0, overlap_weight=0.3, near_duplicate=1.01,
                               neighbours=1, copied=[(0, 3), (0, 4)])
    assert len(capped) == 1 and capped[0].a == 0


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


def test_words_rare_in_the_story_rank_a_partner_first() -> None:
    # Every claim says "Alaska talks"; only claims 1 and 3 share "joint statement". With the
    # embedding cosine alone (identical vectors) the tie goes to the lowest row, claim 0; the
    # story-level TF-IDF gives the rare shared words the weight.
    texts = ["The Alaska talks opened on Thursday in Anchorage.",
             "No joint statement will follow the Alaska talks, officials said.",
             "Delegations arrived for the Alaska talks late on Wednesday.",
             "A joint statement is not planned after the Alaska talks.",
             "Reporters waited outside the hotel hosting the Alaska talks."]
    claims = [_claim(i, f"d{i}", t) for i, t in enumerate(texts)]
    vectors = np.tile(np.eye(1, 8, dtype=np.float32), (len(claims), 1))
    index = new_index("numpy", 8)
    index.add(vectors)
    stories = {c.doc_id: "alaska" for c in claims}
    common = dict(budget=1, overlap_weight=0.0, near_duplicate=1.01, neighbours=0)
    without = select_candidates(claims, vectors, stories, index, lexical_weight=0.0, **common)
    with_words = select_candidates(claims, vectors, stories, index, lexical_weight=1.0, **common)
    assert (1, 3) not in {(p.a, p.b) for p in without}
    assert (1, 3) in {(p.a, p.b) for p in with_words}
    # Each pair of one story carries its words' cosine, whatever their weight in the ranking.
    statement = next(p for p in with_words if (p.a, p.b) == (1, 3))
    assert statement.words is not None and statement.words > 0.3
    assert all(p.words is not None and 0.0 <= p.words <= 1.0 + 1e-9 for p in without + with_words)
    # A story of stop words only has no vocabulary: the cosine alone still ranks.
    bare = [_claim(i, f"e{i}", "It is what it was.") for i in range(3)]
    assert select_candidates(bare, vectors[:3], {c.doc_id: "s" for c in bare}, index, lexical_weight=1.0, **common)


def test_selecting_for_fresh_claims_gives_the_full_selections_pairs_with_a_fresh_claim() -> None:
    # What a store's add relies on: the pairs with a new claim are the ones one selection over
    # every claim would read, inside stories, across them (near-duplicates) and between copies.
    rng = np.random.default_rng(7)
    subjects = ["The central bank", "Acme Corp", "The ministry", "Union leaders", "The court", "Rail workers"]
    verbs = ["raised rates by", "cut 400 jobs after", "approved a plan worth", "rejected an offer of", "paid a fine of"]
    claims = []
    for i in range(60):
        text = f"{subjects[int(rng.integers(6))]} {verbs[int(rng.integers(5))]} {int(rng.integers(1, 9))} million dollars on day {i % 7}."
        if i % 9 == 0 and claims:  # a copy of an earlier claim in another document
            text = claims[int(rng.integers(len(claims)))].text
        claims.append(_claim(i, f"d{i % 12}", text, actors=(subjects[i % 6],)))
    vectors, index = _setup(claims)
    stories = {f"d{d}": f"s{d % 3}" for d in range(12)}
    copied = [(int(a), int(b)) for a, b in rng.integers(0, 60, size=(15, 2))]
    settings = dict(budget=3, overlap_weight=0.3, lexical_weight=0.5, near_duplicate=0.6, neighbours=2, copied=copied)
    full = select_candidates(claims, vectors, stories, index, **settings)
    assert any(not p.within_story for p in full) and any(p.within_story for p in full)
    for share in (0.1, 0.3, 0.6):
        fresh = [bool(rng.random() < share) for _ in claims]
        part = select_candidates(claims, vectors, stories, index, fresh=fresh, **settings)
        want = [p for p in full if fresh[p.a] or fresh[p.b]]
        assert [(p.a, p.b, p.within_story, p.overlap) for p in part] == [(p.a, p.b, p.within_story, p.overlap) for p in want]
        # The index searches fewer rows at once, so a cosine can differ in its last float bits.
        assert [p.similarity for p in part] == pytest.approx([p.similarity for p in want], abs=1e-5)
    with pytest.raises(ValueError, match="one flag per claim"):
        select_candidates(claims, vectors, stories, index, fresh=[True], **settings)


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


def test_an_unread_pair_counts_as_the_prior_not_as_a_veto() -> None:
    docs, stories = ["a", "b", "c"], dict.fromkeys(["a", "b", "c"], "s")
    scores = {(1, 2): 0.9, (0, 1): 0.8}  # 0 and 2 were never judged
    assert cluster_events(docs, scores, stories, threshold=0.5) == [[1, 2]]
    assert cluster_events(docs, scores, stories, threshold=0.5, unread=0.25) == [[0, 1, 2]]
    with pytest.raises(ValueError, match="unread"):
        cluster_events(docs, scores, stories, threshold=0.5, unread=2.0)
