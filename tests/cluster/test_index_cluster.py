from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from crosscheck.cluster import centroid, cluster_claims, find_neighbours
from crosscheck.index import vectors as index_module
from crosscheck.index.vectors import FaissFlatIndex, FaissHNSWIndex, NumpyIndex, load_index, nearest_to_each, save_index


def _unit(rows: list[list[float]]) -> np.ndarray:
    v = np.asarray(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize("kind", [FaissFlatIndex, FaissHNSWIndex])
def test_faiss_agrees_with_exact_numpy_and_survives_save_load(kind: type, tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    vectors = _unit(rng.normal(size=(200, 16)).tolist())
    exact, index = NumpyIndex(16), kind(16)
    exact.add(vectors)
    index.add(vectors)
    _, want = exact.search(vectors[:20], 5)
    save_index(index, tmp_path / "idx")
    loaded = load_index(tmp_path / "idx")
    assert len(loaded) == 200
    _, got = loaded.search(vectors[:20], 5)
    assert (got[:, 0] == np.arange(20)).all()
    overlap = np.mean([len(set(a) & set(b)) / 5 for a, b in zip(want, got, strict=True)])
    assert overlap >= (1.0 if kind is FaissFlatIndex else 0.9)


def test_load_index_from_an_empty_folder_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no index"):
        load_index(tmp_path)


def test_index_rejects_vectors_of_the_wrong_shape() -> None:
    with pytest.raises(ValueError, match=r"shape \(n, 8\)"):
        NumpyIndex(8).add(np.zeros((2, 4), dtype=np.float32))


def test_clusters_join_close_claims_across_documents_only() -> None:
    # Claims 0-2: one event in three documents; 3-4: another event; 5: same doc as 0, close to it.
    vectors = _unit([[1, 0.05, 0], [1, 0.1, 0], [1, 0, 0.1], [0, 1, 0], [0.05, 1, 0], [1, 0.02, 0.02]])
    docs = ["d1", "d2", "d3", "d1", "d2", "d1"]
    index = NumpyIndex(3)
    index.add(vectors)
    always = lambda a, b: True  # noqa: E731
    pairs = find_neighbours(vectors, index, docs, k=5, min_similarity=0.5, compatible=always)
    assert all(docs[p.a] != docs[p.b] for p in pairs)
    groups = cluster_claims(6, pairs, docs, threshold=0.9, compatible=lambda i, j: True)
    assert sorted(map(sorted, groups)) == [[0, 1, 2, 5], [3, 4]]
    assert centroid([0, 1, 2], vectors) in (0, 1, 2)


def test_average_linkage_keeps_a_broad_claim_from_chaining_two_events() -> None:
    # Claim 0 ("relations between the two countries") is close to both events; 1-2 and
    # 3-4 are two events, each told by two documents, far from each other.
    vectors = _unit([[1, 1, 0], [1, 0.1, 0], [1, 0.15, 0.05], [0.1, 1, 0], [0.15, 1, 0.05]])
    docs = ["d0", "d1", "d2", "d3", "d4"]
    index = NumpyIndex(3)
    index.add(vectors)
    always = lambda a, b: True  # noqa: E731
    pairs = find_neighbours(vectors, index, docs, k=4, min_similarity=0.5, compatible=always)
    seeded_only = cluster_claims(5, pairs, docs, threshold=0.7, compatible=lambda i, j: True)
    assert [0, 1, 2, 3, 4] in seeded_only  # the broad claim seeds one group of everything
    groups = cluster_claims(5, pairs, docs, threshold=0.7, compatible=lambda i, j: True, vectors=vectors)
    assert not any({1, 3} <= set(g) for g in groups)
    assert any({1, 2} <= set(g) for g in groups) and any({3, 4} <= set(g) for g in groups)


def test_clusters_never_join_documents_of_different_periods() -> None:
    vectors = _unit([[1, 0], [1, 0.01], [1, 0.02]])
    docs = ["old", "new", "new2"]
    index = NumpyIndex(2)
    index.add(vectors)
    compatible = lambda a, b: "old" not in (a, b) or a == b  # noqa: E731
    pairs = find_neighbours(vectors, index, docs, k=3, min_similarity=0.5, compatible=compatible)
    groups = cluster_claims(3, pairs, docs, threshold=0.9, compatible=lambda i, j: compatible(docs[i], docs[j]))
    assert groups == [[1, 2]]


def test_mutual_neighbours_prune_a_hub_and_keep_pairs_linear() -> None:
    # Claim 0 is a hub: close to every other claim, but each of them has a closer partner.
    rng = np.random.default_rng(7)
    centres = _unit(rng.normal(size=(6, 16)))
    pairs_of = [centres[i] + 0.05 * rng.normal(size=16) for i in range(6) for _ in range(2)]
    hub = centres.sum(axis=0)
    vectors = _unit(np.vstack([hub, *pairs_of]))
    docs = ["hub"] + [f"d{i}" for i in range(12)]
    index = NumpyIndex(16)
    index.add(vectors)
    always = lambda a, b: True  # noqa: E731
    loose = find_neighbours(vectors, index, docs, k=1, min_similarity=0.0, compatible=always)
    mutual = find_neighbours(vectors, index, docs, k=1, min_similarity=0.0, compatible=always, mutual=True)
    assert {(p.a, p.b) for p in mutual} == {(1 + 2 * i, 2 + 2 * i) for i in range(6)}
    assert {(p.a, p.b) for p in mutual} <= {(p.a, p.b) for p in loose}
    # Each claim keeps at most k partners, so there are at most n * k / 2 pairs.
    assert len(mutual) <= len(vectors) * 1 / 2


def _near_copies(n_groups: int, copies: int, dimension: int, seed: int = 0) -> np.ndarray:
    """Groups of near-duplicate unit vectors (cosine about 0.9 within a group), shuffled."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_groups, dimension))
    rows = np.repeat(centres, copies, axis=0) + 0.3 * rng.normal(size=(n_groups * copies, dimension))
    return _unit(rows[rng.permutation(len(rows))].tolist())


def test_nearest_to_each_is_exact_below_the_limit() -> None:
    vectors = _near_copies(50, 4, 32)
    oracle = NumpyIndex(32)
    oracle.add(vectors)
    want_scores, want = oracle.search(vectors, 4)
    scores, got = nearest_to_each(vectors, 4)
    assert got.shape == (200, 4) and got.dtype == np.int64
    assert (got == want).mean() > 0.99  # ties aside, the same neighbours in the same order
    np.testing.assert_allclose(scores, want_scores, atol=1e-5)
    assert nearest_to_each(vectors[:3], 10)[1].shape == (3, 3)  # k capped at the row count


def test_nearest_to_each_beyond_the_limit_keeps_close_pairs_and_repeats_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "EXACT_SEARCH_MAX", 100)  # take the inverted-file path
    vectors = _near_copies(400, 5, 32, seed=1)
    oracle = NumpyIndex(32)
    oracle.add(vectors)
    _, want = oracle.search(vectors, 5)
    scores, got = nearest_to_each(vectors, 5)
    close = {(p, int(q)) for p in range(len(vectors)) for q in want[p] if q != p}
    found = {(p, int(q)) for p in range(len(vectors)) for q in got[p] if q != p}
    assert len(close & found) / len(close) > 0.95
    again_scores, again = nearest_to_each(vectors, 5)
    assert np.array_equal(again, got) and np.array_equal(again_scores, scores)  # fixed k-means seed


def test_nearest_to_each_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=r"2-d array.*\(5,\)"):
        nearest_to_each(np.zeros(5, dtype=np.float32), 3)
    with pytest.raises(ValueError, match="k must be a positive integer, got 0"):
        nearest_to_each(np.zeros((5, 4), dtype=np.float32), 0)
