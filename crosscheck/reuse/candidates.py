"""Candidate sentence pairs for reuse: MinHash buckets, shared word runs, embedding neighbours; a budget per sentence."""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

import numpy as np

from crosscheck.index.vectors import nearest_to_each
from crosscheck.reuse.units import _PRIME, RUN_GRAM, TEMPLATE_MIN_DOCS, _Unit

MAX_BUCKET = 200  # larger LSH buckets are common text, not evidence
MAX_PARTNERS = 40  # candidate partners a sentence takes from its buckets
MINHASH_CHUNK_ITEMS = 50_000  # shingles hashed at once (a 50,000 x 63 uint64 matrix is 25 MB)
EMBED_NEIGHBOURS = 6
EMBED_MIN_COSINE = 0.80
FRESH_DEPTH = 64  # neighbours a fresh unit is searched for, to find the stored units it is close to


def _minhash_buckets(
    units: Sequence[_Unit], sets: Sequence[frozenset[int]], bands: int, rows: int, *, seed: int
) -> list[list[int]]:
    """Units that share a MinHash band (LSH), one list per band value that two units or more share."""
    rng = np.random.default_rng(seed)
    num_perm = bands * rows
    a = rng.integers(1, int(_PRIME), size=num_perm, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME), size=num_perm, dtype=np.uint64)
    hashed = [k for k, (u, items) in enumerate(zip(units, sets, strict=True)) if u.content and items]
    if not hashed:
        return []
    signatures = []
    for chunk in _chunks_of_items(hashed, sets, MINHASH_CHUNK_ITEMS):
        x = np.fromiter((v for k in chunk for v in sets[k]), dtype=np.uint64) % _PRIME
        starts = np.cumsum([0] + [len(sets[k]) for k in chunk[:-1]])
        # Universal hashing (a*x + b) mod p; all factors < 2**31, so no uint64 overflow.
        hashes = (a[None, :] * x[:, None] + b[None, :]) % _PRIME
        signatures.append(np.minimum.reduceat(hashes, starts, axis=0).astype(np.uint32))
    return _band_groups(np.asarray(hashed), np.concatenate(signatures), bands, rows)


def _band_groups(keys: np.ndarray, signatures: np.ndarray, bands: int, rows: int) -> list[list[int]]:
    """The keys whose signatures agree on all ``rows`` values of a band, one list per band
    value shared by two keys or more, its keys in input order; lists ordered by first
    appearance, reading the keys in order and each key's bands in order."""
    n = len(keys)
    bytes_per_band = np.dtype((np.void, rows * signatures.dtype.itemsize))
    groups = np.empty((n, bands), dtype=np.int64)
    offset = 0
    for band in range(bands):
        values = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows]).view(bytes_per_band).ravel()
        _, inverse = np.unique(values, return_inverse=True)
        groups[:, band] = inverse.ravel() + offset
        offset += int(inverse.max()) + 1
    flat = groups.ravel()  # key-major: key 0's bands, then key 1's, ...
    order = np.argsort(flat, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(flat[order]) != 0])
    sizes = np.diff(np.r_[starts, len(order)])
    shared = np.flatnonzero(sizes >= 2)
    shared = shared[np.argsort(order[starts[shared]], kind="stable")]
    members = keys[order // bands]
    return [members[starts[g] : starts[g] + sizes[g]].tolist() for g in shared]


def _chunks_of_items(keys: list[int], sets: Sequence[frozenset[int]], limit: int) -> Iterable[list[int]]:
    """Split ``keys`` into runs whose sets hold about ``limit`` items in all (at least one key
    each), so that one chunk's hash matrix stays small."""
    chunk: list[int] = []
    size = 0
    for k in keys:
        if chunk and size + len(sets[k]) > limit:
            yield chunk
            chunk, size = [], 0
        chunk.append(k)
        size += len(sets[k])
    if chunk:
        yield chunk


def _run_buckets(units: Sequence[_Unit]) -> list[list[int]]:
    """Units that share a run of ``RUN_GRAM`` words outside quotes, one list per run: a pair
    that can be strong evidence (a verbatim run with ``STRONG_RUN`` content words) shares one."""
    buckets: dict[int, list[int]] = defaultdict(list)
    for k, u in enumerate(units):
        if not u.content:
            continue
        grams = {
            zlib.crc32(" ".join(u.tokens[m : m + RUN_GRAM]).encode("utf-8"))
            for m in range(len(u.tokens) - RUN_GRAM + 1)
            if any(u.lexical[m : m + RUN_GRAM])
        }
        for gram in grams:
            buckets[gram].append(k)
    return list(buckets.values())


def _bucket_pairs(units: Sequence[_Unit], buckets: Iterable[list[int]]) -> set[tuple[int, int]]:
    """Pairs of units from different documents that share a bucket, at most ``MAX_PARTNERS``
    chosen by each unit, so that the count grows with the corpus, not with its square.

    A unit takes its partners from its smallest buckets first (a rare band or word run is
    more specific evidence than a common one) and, within a bucket, in corpus order. A
    sentence syndicated to more than ``MAX_PARTNERS`` documents is then paired with the
    first of them only, and its copies are joined through those.
    """
    kept = sorted((m for m in buckets if 2 <= len(m) <= MAX_BUCKET), key=len)
    of_unit: dict[int, list[int]] = defaultdict(list)
    for b, members in enumerate(kept):
        for p in members:
            of_unit[p].append(b)
    pairs: set[tuple[int, int]] = set()
    for p, own in of_unit.items():
        doc = units[p].doc
        partners: set[int] = set()
        for b in own:
            for q in kept[b]:
                if q not in partners and units[q].doc != doc:
                    partners.add(q)
                    if len(partners) == MAX_PARTNERS:
                        break
            if len(partners) == MAX_PARTNERS:
                break
        pairs.update((p, q) if p < q else (q, p) for q in partners)
    return pairs


def _embedding_candidates(
    units: Sequence[_Unit], embeddings: np.ndarray, fresh: Collection[int] | None = None,
) -> set[tuple[int, int]]:
    """Pairs of a content unit and one of its ``EMBED_NEIGHBOURS`` nearest units of another
    document at ``EMBED_MIN_COSINE`` or more.

    With ``fresh`` (units of the documents an add brings), only the pairs with a fresh unit:
    each fresh unit's own neighbours, and the stored units that have a fresh one among theirs.
    Those are found among the units within ``EMBED_MIN_COSINE`` of a fresh unit (up to
    ``FRESH_DEPTH`` of them), so the answer is the full one unless a fresh sentence has more
    than ``FRESH_DEPTH`` close copies.
    """
    pairs: set[tuple[int, int]] = set()

    def take(rows: Sequence[int], scores: np.ndarray, ids: np.ndarray, wanted: Collection[int] | None = None) -> None:
        for p, row_scores, row_ids in zip(rows, scores, ids, strict=True):
            if not units[p].content:
                continue
            for score, q in zip(row_scores[: EMBED_NEIGHBOURS + 1], row_ids[: EMBED_NEIGHBOURS + 1], strict=True):
                if q < 0 or q == p or score < EMBED_MIN_COSINE or units[q].doc == units[p].doc:
                    continue
                if wanted is None or int(q) in wanted:
                    pairs.add((min(p, int(q)), max(p, int(q))))

    if fresh is None:
        scores, ids = nearest_to_each(embeddings, EMBED_NEIGHBOURS + 1)
        take(range(len(units)), scores, ids)
        return pairs
    new = set(fresh)
    rows = sorted(new)
    scores, ids = nearest_to_each(embeddings, FRESH_DEPTH, rows=rows)
    take(rows, scores, ids)
    close = sorted({int(q) for row_scores, row_ids in zip(scores, ids, strict=True)
                    for score, q in zip(row_scores, row_ids, strict=True) if q >= 0 and score >= EMBED_MIN_COSINE} - new)
    if close:
        scores, ids = nearest_to_each(embeddings, EMBED_NEIGHBOURS + 1, rows=close)
        take(close, scores, ids, wanted=new)
    return pairs


def _template_keys(units: Sequence[_Unit]) -> set[str]:
    docs_by_key: dict[str, set[int]] = defaultdict(set)
    for u in units:
        docs_by_key[u.key].add(u.doc)
    return {key for key, docs in docs_by_key.items() if len(docs) >= TEMPLATE_MIN_DOCS}
