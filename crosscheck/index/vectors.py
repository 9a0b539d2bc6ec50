"""Vector indexes over normalised embeddings: FAISS flat or HNSW, and an exact NumPy one.

All of them score by inner product (cosine similarity for normalised vectors) and can be
saved to and loaded from disk. The NumPy index needs no FAISS and is the test oracle.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from crosscheck.atomic import atomic_path, write_text_atomic
from crosscheck.protocols import VectorIndex


def _check_vectors(vectors: np.ndarray, dimension: int) -> np.ndarray:
    if vectors.ndim != 2 or vectors.shape[1] != dimension:
        raise ValueError(f"vectors must have shape (n, {dimension}); got {vectors.shape}")
    return np.ascontiguousarray(vectors, dtype=np.float32)


class NumpyIndex:
    """Exact inner-product search in NumPy."""

    name = "numpy"

    def __init__(self, dimension: int) -> None:
        self.dimension = dimension
        self._vectors = np.zeros((0, dimension), dtype=np.float32)

    def add(self, vectors: np.ndarray) -> None:
        self._vectors = np.vstack([self._vectors, _check_vectors(vectors, self.dimension)])

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        queries = _check_vectors(vectors, self.dimension)
        n = len(self._vectors)
        scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        ids = np.full((len(queries), k), -1, dtype=np.int64)
        if n == 0:
            return scores, ids
        sims = queries @ self._vectors.T
        top = min(k, n)
        # Stable sort on (-score, id) so that ties resolve the same way every run.
        order = np.argsort(-sims, axis=1, kind="stable")[:, :top]
        ids[:, :top] = order
        scores[:, :top] = np.take_along_axis(sims, order, axis=1)
        return scores, ids

    def save(self, path: Path) -> None:
        with atomic_path(path, suffix=".npy") as temporary:
            np.save(temporary, self._vectors, allow_pickle=False)

    @classmethod
    def load(cls, path: Path) -> NumpyIndex:
        vectors = np.load(Path(path), allow_pickle=False)
        index = cls(vectors.shape[1])
        index.add(vectors)
        return index

    def __len__(self) -> int:
        return len(self._vectors)


class _FaissIndex:
    name = "faiss"

    def __init__(self, dimension: int, index: Any = None) -> None:
        self.dimension = dimension
        self._index = index if index is not None else self._new(dimension)

    def _new(self, dimension: int) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def add(self, vectors: np.ndarray) -> None:
        self._index.add(_check_vectors(vectors, self.dimension))

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        scores, ids = self._index.search(_check_vectors(vectors, self.dimension), k)
        return scores, ids.astype(np.int64)

    def save(self, path: Path) -> None:
        import faiss

        with atomic_path(path) as temporary:
            faiss.write_index(self._index, str(temporary))

    def __len__(self) -> int:
        return int(self._index.ntotal)


class FaissFlatIndex(_FaissIndex):
    """Exact FAISS inner-product index: right for up to ~100k claims."""

    name = "faiss-flat"

    def _new(self, dimension: int) -> Any:
        import faiss

        return faiss.IndexFlatIP(dimension)


class FaissHNSWIndex(_FaissIndex):
    """Approximate FAISS HNSW index (inner product): for corpora beyond ~100k claims."""

    name = "faiss-hnsw"

    def _new(self, dimension: int) -> Any:
        import faiss

        index = faiss.IndexHNSWFlat(dimension, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 64
        return index


# Up to this many vectors an all-against-all search is exact; beyond it the n² products
# dominate the reuse stage (168,052 Reuters sentences: 80 s of flat search on 2 cores).
EXACT_SEARCH_MAX = 50_000
IVF_PROBES = 16
IVF_SEED = 1234


def nearest_to_each(vectors: np.ndarray, k: int, *, rows: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` nearest rows (itself usually first) by inner product.

    With ``rows``, only those rows are asked about (their neighbours still come from every
    row, through the same index, so each answer is the one the full search gives).

    Exact (FAISS flat) up to ``EXACT_SEARCH_MAX`` rows. Beyond that, an inverted-file index:
    k-means (fixed seed, so the same vectors give the same answer) splits the vectors into
    about ``4 * sqrt(n)`` cells, and each row is compared only with the rows of its
    ``IVF_PROBES`` nearest cells, so the cost grows as n·sqrt(n) instead of n². Close pairs
    (cosine 0.8 and up, what the reuse stage asks for) share a cell or a neighbouring one;
    ``benchmarks/eval_knn.py`` measures how many are kept.

    Args:
        vectors: float32 rows, L2-normalised for cosine similarity.
        k: neighbours per row, capped at the number of rows.
        rows: the rows to find neighbours for (None: all).

    Returns:
        ``(scores, ids)``, each of shape ``(len(rows), min(k, n))`` (``n`` rows without ``rows``);
        an id of -1 marks a missing neighbour.

    Raises:
        ValueError: if ``vectors`` is not a 2-d array or ``k`` is not positive.
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim != 2:
        raise ValueError(f"vectors must be a 2-d array (n, dimension), got shape {vectors.shape}")
    if k < 1:
        raise ValueError(f"k must be a positive integer, got {k}")
    import faiss

    n, dimension = vectors.shape
    k = min(k, n)
    if n <= EXACT_SEARCH_MAX:
        index = faiss.IndexFlatIP(dimension)
    else:
        cells = int(4 * np.sqrt(n))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, cells, faiss.METRIC_INNER_PRODUCT)
        index.cp.seed = IVF_SEED
        index.train(vectors)
        index.nprobe = IVF_PROBES
    index.add(vectors)
    queries = vectors if rows is None else np.ascontiguousarray(vectors[np.asarray(rows, dtype=np.int64)].reshape(-1, dimension))
    if not len(queries):
        return np.zeros((0, k), dtype=np.float32), np.zeros((0, k), dtype=np.int64)
    scores, ids = index.search(queries, k)
    return scores, ids.astype(np.int64)


def save_index(index: VectorIndex, folder: Path) -> None:
    """Write ``index`` to ``folder`` (created if needed) with a small manifest.

    Each file is written through a temporary file and a rename, the manifest last, so an
    interrupted save never leaves a half-written file.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    filename = "vectors.npy" if isinstance(index, NumpyIndex) else "index.faiss"
    index.save(folder / filename)
    manifest = {"kind": index.name, "dimension": index.dimension, "size": len(index), "file": filename}
    write_text_atomic(folder / "index.json", json.dumps(manifest, indent=2) + "\n")


def load_index(folder: Path) -> VectorIndex:
    """Read an index written by ``save_index``.

    Raises:
        FileNotFoundError: if ``folder`` holds no ``index.json``.
        ValueError: if the manifest names an unknown index kind.
    """
    manifest_path = Path(folder) / "index.json"
    if not manifest_path.exists():
        raise FileNotFoundError(f"{folder} holds no index (no index.json); build one with crosscheck.index.vectors.save_index(index, folder)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    path = Path(folder) / manifest["file"]
    if manifest["kind"] == "numpy":
        return NumpyIndex.load(path)
    import faiss

    kinds: dict[str, type[_FaissIndex]] = {"faiss-flat": FaissFlatIndex, "faiss-hnsw": FaissHNSWIndex}
    if manifest["kind"] not in kinds:
        raise ValueError(f"unknown index kind {manifest['kind']!r} in {manifest_path}; expected one of {sorted(kinds)} or 'numpy'")
    return kinds[manifest["kind"]](int(manifest["dimension"]), faiss.read_index(str(path)))
