"""Which claim pairs the judge reads: wide inside a story, near-duplicates only across stories.

Cosine similarity of two claims does not tell "same event" from "same topic" (measured on
the seed gold pairs: no threshold separates them), so inside a story (documents about one
happening, from the story stage) every claim gets up to ``budget`` partners from the
story's other documents, ranked by a hybrid score: the cosine of the two claims, plus the
TF-IDF cosine of their words with the inverse document frequency taken over the story's
claims (a word the whole story uses, "Alaska" in the Alaska talks, counts for little; one
few claims share, "joint statement", for much), and optionally the share of their checkable
details (named actors, figures, dates) that they have in common. Measured by
``benchmarks/eval_candidates.py`` on ECB+ train and dev and the gold-dev seed pairs, the words
term selects more same-event pairs at every budget and the details term fewer, so the defaults
(``Config``) weigh the words 1.0 and the details 0.
Across stories only near-duplicates are read: pairs whose cosine reaches
``near_duplicate`` and that are among each other's nearest neighbours (a copied sentence
in a story that went elsewhere, a wire template reused for another company), and pairs of
sentences the reuse stage aligned as copies (``copied``): an edited copy with one detail
changed ("There will not be a joint statement" / "There will be a joint statement", a name
swapped) is where a conflict shows, and one changed word can take the cosine well below
``near_duplicate`` (0.75-0.84 for those two). Each claim keeps its ``neighbours`` most
similar copies.

Cost: each claim is compared with the claims of its own story (a story of ``m`` claims
costs ``m * m`` similarity products of both kinds, in blocks; only the ``4 * budget + 16``
best are reranked with the shared details) and asks the corpus index for ``k`` neighbours, and
keeps at most ``k`` copies, so the pairs number at most ``n * (budget + 2k)`` and grow linearly
with the corpus. A store's add asks only for the pairs with a new claim (``fresh``): the
stories without one are skipped and the index is asked about the new claims and their
neighbours only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from crosscheck.protocols import VectorIndex
from crosscheck.stories import story_key
from crosscheck.types import Claim
from crosscheck.words.tfidf import set_tfidf

__all__ = ["Candidate", "claim_keys", "select_candidates"]

# Rows of a story's similarity matrix computed at once (bounds memory for large stories).
_BLOCK = 1024


@dataclass(frozen=True)
class Candidate:
    """A claim pair (row numbers, ``a < b``) from two documents, and why it is read.

    ``within_story`` is False for a near-duplicate found across stories. ``words`` is the
    TF-IDF cosine of the two claims' words with the IDF over their story's claims, for a pair
    ranked inside its story; None for a near-duplicate or copy pair found otherwise, or a story
    with no word outside the stop list.
    """

    a: int
    b: int
    similarity: float
    overlap: float
    within_story: bool
    words: float | None = None


def claim_keys(claim: Claim) -> frozenset[str]:
    """The checkable details of a claim as comparable keys: actors, figures with units, dates.

    A figure's key is its value and unit only, so "$400 billion" and "400 billion dollars"
    meet; a date's key is the resolved day when known, else its text.
    """
    keys: set[str] = {f"actor:{a.canonical.lower()}" for a in claim.actors}
    for q in claim.quantities:
        keys.add(f"qty:{q.value:g}:{(q.unit or '').lower()}")
    for t in claim.times:
        keys.add(f"time:{t.date.isoformat()}" if t.date else f"time:{t.span.text.lower()}")
    return frozenset(keys)


def _overlap(x: frozenset[str], y: frozenset[str]) -> float:
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


def select_candidates(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    story_of: Mapping[str, str],
    index: VectorIndex,
    *,
    budget: int,
    overlap_weight: float,
    near_duplicate: float,
    neighbours: int,
    lexical_weight: float = 0.0,
    copied: Sequence[tuple[int, int]] = (),
    fresh: Sequence[bool] | None = None,
) -> list[Candidate]:
    """Return the claim pairs to judge, each unordered pair once, sorted by ``(a, b)``.

    With ``fresh`` (one flag per claim: the claims an add brings to a store), only the pairs
    with a fresh claim are returned: exactly those of the full selection, at the cost of the
    stories that hold a fresh claim and the index searches around the fresh claims.

    Args:
        claims: the claims; row ``i`` of ``vectors`` is claim ``i``'s normalised embedding.
        vectors: float32 ``(len(claims), dim)``, rows of unit length.
        story_of: the story id of each document id; a document missing here is its own story.
        index: the corpus index holding ``vectors`` in row order (for near-duplicates).
        budget: partners per claim inside its story, at most (the best by hybrid score).
        overlap_weight: weight of the shared-detail share next to the cosine in the hybrid score.
        lexical_weight: weight of the story-level TF-IDF cosine of the two claims' words.
        near_duplicate: cosine a pair of claims from two stories needs to be read.
        neighbours: nearest claims each claim asks the corpus index for, for near-duplicates;
            a cross-story pair must be mutual (each among the other's nearest); also the most
            copies a claim is paired with.
        copied: claim pairs (row numbers) whose sentences the reuse stage aligned as copies.
        fresh: which claims are new; None: all of them.

    Raises:
        ValueError: if ``vectors`` or ``fresh`` does not have one row per claim, or a count is below 0.
    """
    if len(vectors) != len(claims):
        raise ValueError(f"vectors has {len(vectors)} rows for {len(claims)} claims; give one row per claim")
    if fresh is not None and len(fresh) != len(claims):
        raise ValueError(f"fresh has {len(fresh)} flags for {len(claims)} claims; give one flag per claim")
    if budget < 0 or neighbours < 0:
        raise ValueError(f"budget and neighbours must be 0 or more, got budget={budget}, neighbours={neighbours}")
    if not claims:
        return []
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    docs = [c.doc_id for c in claims]
    stories = [story_key(story_of, d) for d in docs]
    keys = [claim_keys(c) for c in claims]
    new = [True] * len(claims) if fresh is None else [bool(f) for f in fresh]
    found: dict[tuple[int, int], Candidate] = {}

    by_story: dict[str, list[int]] = {}
    for i, s in enumerate(stories):
        by_story.setdefault(s, []).append(i)
    for rows in by_story.values():
        if len({docs[i] for i in rows}) < 2 or budget == 0 or not any(new[i] for i in rows):
            continue
        lexical = _story_words(claims, rows)
        for i, j, sim, words in _within_story(rows, vectors, docs, keys, lexical, budget=budget,
                                              overlap_weight=overlap_weight, lexical_weight=lexical_weight):
            pair = (i, j) if i < j else (j, i)
            if new[i] or new[j]:
                found.setdefault(pair, Candidate(pair[0], pair[1], sim, _overlap(keys[i], keys[j]), True, words))

    queries = [i for i in range(len(claims)) if new[i]]
    for i, j, sim in _near_duplicates(vectors, index, docs, queries, k=neighbours, threshold=near_duplicate):
        if stories[i] != stories[j]:
            found.setdefault((i, j), Candidate(i, j, sim, _overlap(keys[i], keys[j]), False))
    for i, j, sim in _copies(copied, vectors, docs, k=neighbours):
        if new[i] or new[j]:
            found.setdefault((i, j), Candidate(i, j, sim, _overlap(keys[i], keys[j]), stories[i] == stories[j]))
    return [found[p] for p in sorted(found)]


def _story_words(claims: Sequence[Claim], rows: list[int]):
    """The TF-IDF rows of a story's claims (``crosscheck.words.tfidf.set_tfidf``), or None."""
    return set_tfidf([claims[i].text for i in rows])


def _within_story(
    rows: list[int], vectors: np.ndarray, docs: list[str], keys: list[frozenset[str]], lexical, *, budget: int,
    overlap_weight: float, lexical_weight: float,
) -> list[tuple[int, int, float, float | None]]:
    """Each claim's ``budget`` best partners from the story's other documents, ``(i, j, cosine, words)``.

    The cosine plus the weighted TF-IDF cosine (``words``, None without ``lexical``) picks the
    ``search`` best claims of the story, found in blocks of rows so memory stays bounded for a
    large story; the shared details rerank them.
    """
    sub = vectors[rows]
    search = min(len(rows), 4 * budget + 16)
    out: list[tuple[int, int, float, float | None]] = []
    for start in range(0, len(rows), _BLOCK):
        sims = sub[start : start + _BLOCK] @ sub.T
        words = (lexical[start : start + _BLOCK] @ lexical.T).toarray() if lexical is not None else None
        scores = sims + lexical_weight * words if words is not None and lexical_weight > 0 else sims
        top = np.argpartition(-scores, search - 1, axis=1)[:, :search] if search < len(rows) else np.tile(
            np.arange(len(rows)), (len(sims), 1))
        for r in range(len(sims)):
            i = rows[start + r]
            scored = []
            for c in top[r]:
                j = rows[int(c)]
                if docs[j] != docs[i]:
                    w = float(words[r, c]) if words is not None else None
                    scored.append((float(scores[r, c]) + overlap_weight * _overlap(keys[i], keys[j]), j, float(sims[r, c]), w))
            scored.sort(key=lambda t: (-t[0], t[1]))
            out.extend((i, j, sim, w) for _, j, sim, w in scored[:budget])
    return out


def _copies(copied: Sequence[tuple[int, int]], vectors: np.ndarray, docs: list[str], *, k: int) -> list[tuple[int, int, float]]:
    """The copied claim pairs of two documents, ``(a, b, cosine)`` with ``a < b``, each claim in at
    most ``k`` of them (its most similar copies)."""
    scored = sorted({(min(i, j), max(i, j)) for i, j in copied if i != j and docs[i] != docs[j]})
    if not scored or k == 0:
        return []
    sims = [float(vectors[i] @ vectors[j]) for i, j in scored]
    order = sorted(range(len(scored)), key=lambda n: (-sims[n], scored[n]))
    taken: dict[int, int] = {}
    out = []
    for n in order:
        i, j = scored[n]
        if taken.get(i, 0) < k and taken.get(j, 0) < k:
            taken[i], taken[j] = taken.get(i, 0) + 1, taken.get(j, 0) + 1
            out.append((i, j, sims[n]))
    return sorted(out)


def _near_duplicates(
    vectors: np.ndarray, index: VectorIndex, docs: list[str], queries: Sequence[int], *, k: int, threshold: float
) -> list[tuple[int, int, float]]:
    """Mutual nearest cross-document neighbours at or above ``threshold`` cosine, the pairs with
    a claim of ``queries`` (the index is asked about those claims and their neighbours only)."""
    if k == 0 or len(vectors) < 2 or not queries:
        return []
    depth = min(2 * k + 1, len(vectors))
    nearest: dict[int, dict[int, float]] = {}

    def search(rows: list[int]) -> None:
        if not rows:
            return
        scores, ids = index.search(np.ascontiguousarray(vectors[rows]), depth)
        for r, i in enumerate(rows):
            mine: dict[int, float] = {}
            for s, j in zip(scores[r], ids[r], strict=False):
                j = int(j)
                if len(mine) == k or s < threshold:
                    break
                if j >= 0 and j != i and docs[j] != docs[i]:
                    mine[j] = float(s)
            nearest[i] = mine

    search(list(queries))
    search(sorted({j for i in queries for j in nearest[i]} - nearest.keys()))
    pairs = {(min(i, j), max(i, j)) for i in queries for j in nearest[i] if i in nearest[j]}
    return [(a, b, nearest[a][b]) for a, b in sorted(pairs)]
