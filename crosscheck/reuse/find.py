"""Text reuse between documents: which articles copy, edit or "spin" another's sentences.

Two articles about the same event share names, numbers and quotations, but not their own
sentences. A copy shares sentences. So the unit of evidence is an aligned sentence pair, and
the test of a link is what the aligned pairs look like across the two documents:

- Partial reuse: at least one sentence shares a verbatim run of at least ``STRONG_RUN``
  content words (lower-case words other than function words; one fewer if most of the
  sentence matches) outside quotation marks. Names and titles ("Secretary of State Antony
  Blinken and National Security Adviser Jake Sullivan") are formulaic and shared by
  independent reporters, so they do not count towards the run; neither do words inside
  quotation marks, since two reporters quoting one official is not copying.
- Copy (verbatim, edited or machine-spun): many sentences align, one to one and mostly in the
  same order. A spinner swaps words for synonyms ("Chinese" -> "Chinese language"), which
  lowers word and character overlap per sentence, but keeps sentence count, order, length,
  function words and names; a long in-order chain of moderately similar sentences is what
  independent articles do not produce.

Candidate pairs come from three indexes: MinHash locality-sensitive hashing over character
shingles (near copies) and over "skeleton" shingles of function words, names and numbers
(spun copies), and an inverted index of word 4-grams (shared runs); plus the nearest
neighbours in the sentence embedding space when embeddings are given. Each sentence takes
at most ``MAX_PARTNERS`` candidates from the indexes, so the cost grows with the corpus, not
with the number of sentence pairs. Sentences that recur in three or more
documents that are not otherwise copies (page templates: reader prompts, credit lines) are
not evidence on their own.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from crosscheck.reuse.candidates import (
    _bucket_pairs,
    _embedding_candidates,
    _minhash_buckets,
    _run_buckets,
    _template_keys,
)
from crosscheck.reuse.units import (
    CHAR_BANDS,
    CHAR_ROWS,
    COPY_MIN_ALIGNED,
    COPY_MIN_SHARE,
    COPY_SHARE,
    IDENTICAL_RATIO,
    MAX_EXAMPLES,
    SKELETON_BANDS,
    SKELETON_ROWS,
    STRONG_RUN,
    WEAK_CHAR_JACCARD,
    WEAK_RATIO,
    WEAK_SKELETON_JACCARD,
    _prepare,
    _Unit,
)
from crosscheck.types import Document, ReuseLink, Sentence, Span

logger = logging.getLogger(__name__)


@dataclass
class _PairScore:
    i: int  # unit index in the first document
    j: int
    ratio: float  # word-sequence similarity of the residual texts
    jaccard: float  # character shingle Jaccard
    skeleton: float  # skeleton shingle Jaccard
    run: int  # most content words in one verbatim run
    template: bool = False

    @property
    def strong(self) -> bool:
        if self.template:
            return False
        return self.run >= STRONG_RUN or (self.run >= STRONG_RUN - 1 and self.ratio >= WEAK_RATIO)

    @property
    def weak(self) -> bool:
        return (
            self.ratio >= WEAK_RATIO
            or self.jaccard >= WEAK_CHAR_JACCARD
            or self.skeleton >= WEAK_SKELETON_JACCARD
            or self.run >= STRONG_RUN
        )


def find_reuse(
    documents: Sequence[Document],
    sentences: Sequence[Sentence],
    embeddings: np.ndarray | None = None,
    *,
    copy_share: float = COPY_SHARE,
    fresh: Collection[str] | None = None,
) -> list[ReuseLink]:
    """Find documents that reuse another document's text.

    With ``fresh`` (the ids of the documents an add brings to a store), only the links with
    a fresh document are returned, the links a run over all the documents finds for them:
    the candidate pairs with a fresh sentence are the ones that run takes (the MinHash and
    word-run buckets still cover every sentence; embedding neighbours are searched around the
    fresh sentences, ``_embedding_candidates``), and only those pairs are aligned.

    Args:
        documents: the documents; every sentence's ``doc_id`` must be among their ids.
        sentences: the sentences of those documents, as produced by the segmenter.
        embeddings: optional L2-normalised sentence embeddings, row-aligned with
            ``sentences``; their nearest neighbours add candidate pairs (useful for spun
            copies whose surface overlap is low).
        copy_share: aligned share from which a link is a copy (``Config.copy_share``).
        fresh: the new documents' ids; None: all documents are new.

    Returns:
        One ``ReuseLink`` per pair of documents with reused text, ``a`` before ``b`` in the
        order of ``documents``. ``share`` is the share of the shorter document's content
        sentences that are aligned; ``sentence_pairs`` lists every aligned pair by sentence
        index; ``earlier`` is set when both documents are dated and the dates differ.

    Raises:
        ValueError: a sentence refers to an unknown document, or ``embeddings`` does not
            have one row per sentence.
    """
    doc_pos = {d.id: k for k, d in enumerate(documents)}
    for s in sentences:
        if s.doc_id not in doc_pos:
            raise ValueError(f"sentence {s.index} has doc_id {s.doc_id!r}, which is not among `documents`; pass the documents the sentences came from")
    if embeddings is not None:
        embeddings = np.asarray(embeddings, dtype=np.float32)
        if embeddings.ndim != 2 or embeddings.shape[0] != len(sentences):
            raise ValueError(
                f"embeddings has shape {embeddings.shape}, expected ({len(sentences)}, dimension): one row per sentence, in the same order"
            )
    units = [_prepare(row, doc_pos[s.doc_id], s.text) for row, s in enumerate(sentences)]
    if len({u.doc for u in units}) < 2:
        return []

    buckets = _minhash_buckets(units, [u.shingles for u in units], CHAR_BANDS, CHAR_ROWS, seed=1)
    buckets += _minhash_buckets(units, [u.skeleton for u in units], SKELETON_BANDS, SKELETON_ROWS, seed=2)
    buckets += _run_buckets(units)
    candidates = _bucket_pairs(units, buckets)
    new_units = None
    if fresh is not None:
        new_docs = {doc_pos[d] for d in fresh if d in doc_pos}
        candidates = {(p, q) for p, q in candidates if units[p].doc in new_docs or units[q].doc in new_docs}
        new_units = [k for k, u in enumerate(units) if u.doc in new_docs]
    if embeddings is not None and len(units) > 1:
        candidates |= _embedding_candidates(units, embeddings, new_units)
    template_keys = _template_keys(units)
    by_docs: dict[tuple[int, int], list[_PairScore]] = defaultdict(list)
    for p, q in candidates:
        up, uq = units[p], units[q]
        if up.doc > uq.doc:
            up, uq = uq, up
        score = _score(up, uq)
        if score is None:
            continue
        score.template = up.key in template_keys or uq.key in template_keys
        if score.weak:
            by_docs[(up.doc, uq.doc)].append(score)

    content_count: dict[int, int] = defaultdict(int)
    for u in units:
        content_count[u.doc] += u.content

    links = []
    for (da, db), scores in sorted(by_docs.items()):
        link = _decide(documents[da], documents[db], scores, units, sentences, content_count[da], content_count[db], copy_share)
        if link is not None:
            links.append(link)
    logger.info("reuse: %d sentences, %d candidate pairs, %d links", len(units), len(candidates), len(links))
    return links


def _score(a: _Unit, b: _Unit) -> _PairScore | None:
    """Score a candidate pair; None when cheap upper bounds show it cannot be ``weak``
    evidence, so that the word alignment (the costly part) runs only where it can matter."""
    jaccard, skeleton = _jaccard(a.shingles, b.shingles), _jaccard(a.skeleton, b.skeleton)
    if jaccard < WEAK_CHAR_JACCARD and skeleton < WEAK_SKELETON_JACCARD and not _may_align(a, b):
        return None
    matcher = SequenceMatcher(None, a.tokens, b.tokens, autojunk=False)
    run = 0
    for block in matcher.get_matching_blocks():
        run = max(run, sum(a.lexical[block.a : block.a + block.size]))
    return _PairScore(a.row, b.row, matcher.ratio(), jaccard, skeleton, run)


def _may_align(a: _Unit, b: _Unit) -> bool:
    """False only if the word alignment cannot reach ``WEAK_RATIO`` or a run of ``STRONG_RUN``."""
    if not a.tokens or not b.tokens:
        return True
    # A verbatim run counts content words of ``a`` that also occur in ``b``.
    in_b = set(b.tokens)
    shared = shared_lexical = 0
    for token, lexical in zip(a.tokens, a.lexical, strict=True):
        if token in in_b:
            shared += 1
            shared_lexical += lexical
    # Such a run is a stretch of at least ``STRONG_RUN`` words that both have verbatim.
    if shared_lexical >= STRONG_RUN and _share_stretch(a.tokens, b.tokens, STRONG_RUN):
        return True
    # The word-sequence ratio is at most the share of words the two have in common, and
    # ``shared`` is at least that count; the exact count is needed only near the bar.
    total = len(a.tokens) + len(b.tokens)
    if 2 * shared < WEAK_RATIO * total:
        return False
    common = sum((Counter(a.tokens) & Counter(b.tokens)).values())
    return 2 * common / total >= WEAK_RATIO


def _share_stretch(a: tuple[str, ...], b: tuple[str, ...], n: int) -> bool:
    """True if some ``n`` consecutive tokens of ``a`` occur consecutively in ``b``."""
    stretches = {b[k : k + n] for k in range(len(b) - n + 1)}
    return any(a[k : k + n] in stretches for k in range(len(a) - n + 1))


def _jaccard(x: frozenset[int], y: frozenset[int]) -> float:
    common = len(x & y)
    union = len(x) + len(y) - common
    return common / union if union else 0.0


def _decide(
    doc_a: Document,
    doc_b: Document,
    scores: list[_PairScore],
    units: Sequence[_Unit],
    sentences: Sequence[Sentence],
    n_a: int,
    n_b: int,
    copy_share: float,
) -> ReuseLink | None:
    shorter = max(min(n_a, n_b), 1)
    content = [s for s in scores if units[s.i].content and units[s.j].content]
    # Sentences shared by three or more documents are page templates, unless the
    # documents are copies: then every copy shares them, and most of the text too.
    chain = _best_ordered_chain(content)
    is_copy = len(chain) >= COPY_MIN_ALIGNED and len(chain) / shorter >= copy_share
    if not is_copy:
        chain = _best_ordered_chain([s for s in content if not s.template])
        is_copy = len(chain) >= COPY_MIN_ALIGNED and len(chain) / shorter >= COPY_MIN_SHARE
    # The chain is one-to-one; strong pairs outside it (moved paragraphs, partial reuse)
    # join when their sentences are still free.
    aligned = list(chain) if is_copy else []
    used_a = {s.i for s in aligned}
    used_b = {s.j for s in aligned}
    for s in sorted(scores, key=lambda s: (-s.run, -s.ratio, s.i, s.j)):
        if s.strong and s.i not in used_a and s.j not in used_b:
            aligned.append(s)
            used_a.add(s.i)
            used_b.add(s.j)
    if not aligned:
        return None
    aligned.sort(key=lambda s: (sentences[s.i].index, sentences[s.j].index))
    counted = sum(1 for s in aligned if units[s.i].content and units[s.j].content)
    share = min(counted / shorter, 1.0)
    identical = sum(s.ratio >= IDENTICAL_RATIO for s in aligned) / len(aligned)
    if is_copy and identical >= 0.9:
        kind = "verbatim"
    elif is_copy and identical < 0.3 and _median([s.ratio for s in aligned]) < 0.85:
        kind = "spun"
    else:
        kind = "edited"
    best = sorted(aligned, key=lambda s: (-s.run, -s.ratio, sentences[s.i].index))[:MAX_EXAMPLES]
    examples = tuple((_span(sentences[s.i]), _span(sentences[s.j])) for s in sorted(best, key=lambda s: sentences[s.i].index))
    earlier = None
    if doc_a.date is not None and doc_b.date is not None and doc_a.date != doc_b.date:
        earlier = doc_a.id if doc_a.date < doc_b.date else doc_b.id
    return ReuseLink(
        a=doc_a.id,
        b=doc_b.id,
        kind=kind,
        share=round(share, 4),
        aligned=len(aligned),
        examples=examples,
        earlier=earlier,
        sentence_pairs=tuple((sentences[s.i].index, sentences[s.j].index) for s in aligned),
    )


def _best_ordered_chain(pairs: list[_PairScore]) -> list[_PairScore]:
    """The longest chain of pairs increasing in both documents (so one-to-one), best
    similarity first among chains of equal length. Quadratic in the number of candidate
    pairs of one document pair, which stays small for articles; past ``_QUADRATIC_CHAIN_MAX``
    pairs (two long tables or lists of near-identical lines: 1,400 sentences a document gave
    56,000 pairs, hours of this loop) the same rule runs in O(P log P)."""
    pairs = sorted(pairs, key=lambda s: (s.i, s.j))
    if len(pairs) > _QUADRATIC_CHAIN_MAX:
        return _best_ordered_chain_fast(pairs)
    best: list[tuple[int, float]] = []
    parent: list[int] = []
    for k, s in enumerate(pairs):
        value, back = (1, s.ratio), -1
        for m in range(k):
            p = pairs[m]
            if p.i < s.i and p.j < s.j:
                candidate = (best[m][0] + 1, best[m][1] + s.ratio)
                if candidate > value:
                    value, back = candidate, m
        best.append(value)
        parent.append(back)
    if not pairs:
        return []
    k = max(range(len(pairs)), key=lambda m: best[m])
    chain = []
    while k >= 0:
        chain.append(pairs[k])
        k = parent[k]
    return chain[::-1]


_QUADRATIC_CHAIN_MAX = 2_000


def _best_ordered_chain_fast(pairs: list[_PairScore]) -> list[_PairScore]:
    """``_best_ordered_chain`` for many pairs (sorted by ``(i, j)``): the best chain ending
    before a pair in both documents is a prefix maximum over ``j`` in a Fenwick tree, filled
    one ``i`` at a time so that two pairs of one sentence never chain. Among chains of equal
    length and similarity it may pick another than the quadratic loop would."""
    rank = {j: r for r, j in enumerate(sorted({s.j for s in pairs}), start=1)}
    size = len(rank)
    tree: list[tuple[int, float, int]] = [(0, 0.0, -1)] * (size + 1)  # (length, similarity, last pair)
    best: list[tuple[int, float]] = [(0, 0.0)] * len(pairs)
    parent = [-1] * len(pairs)
    start = 0
    while start < len(pairs):
        end = start
        while end < len(pairs) and pairs[end].i == pairs[start].i:
            end += 1
        for k in range(start, end):
            found, r = (0, 0.0, -1), rank[pairs[k].j] - 1
            while r > 0:
                if tree[r][:2] > found[:2]:
                    found = tree[r]
                r -= r & -r
            best[k], parent[k] = (found[0] + 1, found[1] + pairs[k].ratio), found[2]
        for k in range(start, end):
            r = rank[pairs[k].j]
            while r <= size:
                if best[k] > tree[r][:2]:
                    tree[r] = (*best[k], k)
                r += r & -r
        start = end
    k = max(range(len(pairs)), key=lambda m: best[m])
    chain = []
    while k >= 0:
        chain.append(pairs[k])
        k = parent[k]
    return chain[::-1]


def _median(values: list[float]) -> float:
    return float(np.median(values)) if values else 0.0


def _span(sentence: Sentence) -> Span:
    return Span(start=sentence.start, end=sentence.end, text=sentence.text)
