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
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import numpy as np

from crosscheck.index import nearest_to_each
from crosscheck.types import Document, ReuseLink, Sentence, Span

logger = logging.getLogger(__name__)

SHINGLE_CHARS = 5
CHAR_BANDS, CHAR_ROWS = 21, 3  # catches near copies (Jaccard >= 0.5) almost surely
SKELETON_BANDS, SKELETON_ROWS = 16, 2
MAX_BUCKET = 200  # larger LSH buckets are common text, not evidence
MAX_PARTNERS = 40  # candidate partners a sentence takes from its buckets
MINHASH_CHUNK_ITEMS = 50_000  # shingles hashed at once (a 50,000 x 63 uint64 matrix is 25 MB)
EMBED_NEIGHBOURS = 6
EMBED_MIN_COSINE = 0.80

MIN_CONTENT_WORDS = 5  # sentences with fewer words outside quotes are not compared or counted
STRONG_RUN = 5  # content words in one verbatim run outside quotes = reuse
RUN_GRAM = 4  # word n-grams indexed to find such runs
WEAK_RATIO = 0.5  # word-sequence similarity for a sentence pair to join a copy chain
WEAK_CHAR_JACCARD = 0.3
WEAK_SKELETON_JACCARD = 0.4
COPY_MIN_ALIGNED = 3
COPY_MIN_SHARE = 0.3  # share of the shorter document's sentences in an in-order chain
COPY_SHARE = 0.5  # a link at least this share means "copy" for source counting
TEMPLATE_MIN_DOCS = 3
IDENTICAL_RATIO = 0.95
MAX_EXAMPLES = 3

_QUOTED = re.compile(r"“[^”]{0,1000}”|\"[^\"\n]{0,1000}\"|«[^»]{0,1000}»")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_BOILERPLATE = re.compile(
    r"copyright|©|all rights reserved|\bwrite to\b.*@|contributed (reporting|research)|"
    r"^\s*(view source|source link|leave a reply|check also)\b",
    re.I,
)
_PRIME = np.uint64((1 << 31) - 1)
_FUNCTION_WORDS = frozenset(
    """a about above after against all also an and any are as at be because been before being
    between both but by can could did do does during each for from had has have he her hers him
    his how i if in into is it its itself may me might more most must my no nor not of off on
    once only or other our ours out over own same shall she should so some such than that the
    their them then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your""".split()
)


@dataclass(frozen=True)
class _Unit:
    """A sentence prepared for comparison."""

    row: int  # position in the ``sentences`` argument
    doc: int  # position of its document
    tokens: tuple[str, ...]  # lower-cased tokens outside quotations
    lexical: tuple[bool, ...]  # token is an ordinary content word: lower-case, not a number or function word
    shingles: frozenset[int]  # character shingles of the tokens
    skeleton: frozenset[int]  # shingles of function words, names and numbers (see _skeleton)
    key: str  # normalised text, to spot template sentences
    content: bool


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
) -> list[ReuseLink]:
    """Find documents that reuse another document's text.

    Args:
        documents: the documents; every sentence's ``doc_id`` must be among their ids.
        sentences: the sentences of those documents, as produced by the segmenter.
        embeddings: optional L2-normalised sentence embeddings, row-aligned with
            ``sentences``; their nearest neighbours add candidate pairs (useful for spun
            copies whose surface overlap is low).

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
    if embeddings is not None and len(units) > 1:
        candidates |= _embedding_candidates(units, embeddings)

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
        link = _decide(documents[da], documents[db], scores, units, sentences, content_count[da], content_count[db])
        if link is not None:
            links.append(link)
    logger.info("reuse: %d sentences, %d candidate pairs, %d links", len(units), len(candidates), len(links))
    return links


def _prepare(row: int, doc: int, text: str) -> _Unit:
    text = unicodedata.normalize("NFKC", text)
    residual = _QUOTED.sub(" \x00 ", text)
    raw = _TOKEN.findall(residual)
    tokens = tuple(t.lower().replace("’", "'") for t in raw)
    lexical = tuple(t.islower() and t not in _FUNCTION_WORDS for t in raw)
    joined = " ".join(tokens)
    shingles = _byte_shingles(joined.encode("utf-8"))
    full_key = " ".join(t.lower() for t in _TOKEN.findall(text))
    # Counted only if enough is left outside quotations: "'...,' she said" is not evidence.
    content = len(tokens) >= MIN_CONTENT_WORDS and not _BOILERPLATE.search(text)
    return _Unit(row, doc, tokens, lexical, shingles, _skeleton(raw), full_key, content)


def _byte_shingles(data: bytes) -> frozenset[int]:
    """Every ``SHINGLE_CHARS``-byte window, packed into one integer (exact, no hashing)."""
    if len(data) < SHINGLE_CHARS:
        return frozenset()
    arr = np.frombuffer(data, dtype=np.uint8).astype(np.uint64)
    packed = np.zeros(len(arr) - SHINGLE_CHARS + 1, dtype=np.uint64)
    for k in range(SHINGLE_CHARS):
        packed = (packed << np.uint64(8)) | arr[k : len(arr) - SHINGLE_CHARS + 1 + k]
    return frozenset(np.unique(packed).tolist())


def _skeleton(raw: Sequence[str]) -> frozenset[int]:
    """Shingles of what a synonym spinner leaves alone: function words, names, numbers.

    Every other word becomes a placeholder, so "will meet next week with two senior Chinese
    officials" and "will meet subsequent week with two senior Chinese language officers"
    share most of their shingles, while independent sentences rarely share even one.
    """
    skeleton = []
    for k, token in enumerate(raw):
        low = token.lower()
        if low in _FUNCTION_WORDS or token.isdigit() or (k > 0 and token[0].isupper()):
            skeleton.append(low)
        else:
            skeleton.append("_")
    grams = set()
    for k in range(len(skeleton) - 3):
        gram = skeleton[k : k + 4]
        if sum(g != "_" for g in gram) >= 3:
            grams.add(zlib.crc32("\x1f".join(gram).encode("utf-8")))
    return frozenset(grams)


def _minhash_buckets(
    units: Sequence[_Unit], sets: Sequence[frozenset[int]], bands: int, rows: int, *, seed: int
) -> list[list[int]]:
    """Units that share a MinHash band (LSH), one list per band value that two units or more share."""
    rng = np.random.default_rng(seed)
    num_perm = bands * rows
    a = rng.integers(1, int(_PRIME), size=num_perm, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME), size=num_perm, dtype=np.uint64)
    hashed = [k for k, (u, items) in enumerate(zip(units, sets)) if u.content and items]
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


def _embedding_candidates(units: Sequence[_Unit], embeddings: np.ndarray) -> set[tuple[int, int]]:
    scores, ids = nearest_to_each(embeddings, EMBED_NEIGHBOURS + 1)
    pairs: set[tuple[int, int]] = set()
    for p in range(len(units)):
        if not units[p].content:
            continue
        for score, q in zip(scores[p], ids[p]):
            if q < 0 or q == p or score < EMBED_MIN_COSINE or units[q].doc == units[p].doc:
                continue
            pairs.add((min(p, int(q)), max(p, int(q))))
    return pairs


def _template_keys(units: Sequence[_Unit]) -> set[str]:
    docs_by_key: dict[str, set[int]] = defaultdict(set)
    for u in units:
        docs_by_key[u.key].add(u.doc)
    return {key for key, docs in docs_by_key.items() if len(docs) >= TEMPLATE_MIN_DOCS}


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
    for token, lexical in zip(a.tokens, a.lexical):
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
) -> ReuseLink | None:
    shorter = max(min(n_a, n_b), 1)
    content = [s for s in scores if units[s.i].content and units[s.j].content]
    # Sentences shared by three or more documents are page templates, unless the
    # documents are copies: then every copy shares them, and most of the text too.
    chain = _best_ordered_chain(content)
    is_copy = len(chain) >= COPY_MIN_ALIGNED and len(chain) / shorter >= COPY_SHARE
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


# --- Using the links: copies and independent sources -------------------------------------


@dataclass
class CopyIndex:
    """What the reuse links say about which documents and sentences are copies.

    Documents joined by links whose share is at least ``copy_share`` form one source (their
    origin); below that share, only the aligned sentences are copies of each other.
    """

    links: Sequence[ReuseLink]
    copy_share: float = COPY_SHARE
    _parent: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _pairs: dict[tuple[str, int], set[tuple[str, int]]] = field(default_factory=lambda: defaultdict(set), init=False, repr=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.copy_share <= 1.0:
            raise ValueError(f"copy_share must be between 0 and 1, got {self.copy_share!r}")
        for link in self.links:
            if link.share >= self.copy_share:
                self._union(link.a, link.b)
            for i, j in link.sentence_pairs:
                self._pairs[(link.a, i)].add((link.b, j))
                self._pairs[(link.b, j)].add((link.a, i))

    def _find(self, doc_id: str) -> str:
        root = doc_id
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        while doc_id != root:  # path compression
            self._parent[doc_id], doc_id = root, self._parent.get(doc_id, root)
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            # The smaller id becomes the root, so the result does not depend on link order.
            self._parent[max(ra, rb)] = min(ra, rb)

    def documents_copied(self, a: str, b: str) -> bool:
        """True when documents ``a`` and ``b`` are copies of one origin (directly or via others)."""
        return a == b or self._find(a) == self._find(b)

    def sentences_copied(self, doc_a: str, index_a: int, doc_b: str, index_b: int) -> bool:
        """True when sentence ``index_a`` of ``doc_a`` and ``index_b`` of ``doc_b`` are not
        independent: an aligned copy of each other, or from documents that are copies."""
        if doc_a == doc_b:
            return index_a == index_b
        return (doc_b, index_b) in self._pairs.get((doc_a, index_a), ()) or self.documents_copied(doc_a, doc_b)

    def count_independent(self, doc_ids: Iterable[str], sentences: Iterable[tuple[str, int]] | None = None) -> int:
        """Count the independent sources among ``doc_ids``.

        Copies are collapsed onto their origin. If ``sentences`` (``(doc_id, sentence
        index)`` of the claims that support one side) is given, a document also stops
        counting when every sentence it contributes is a copy of a sentence of another
        counted source: partial reuse is handled at the sentence level.
        """
        docs = sorted(set(doc_ids))
        groups = {d: self._find(d) for d in docs}
        if sentences is None:
            return len(set(groups.values()))
        contributed: dict[str, set[tuple[str, int]]] = defaultdict(set)
        for doc_id, index in sentences:
            if doc_id in groups:
                contributed[groups[doc_id]].add((doc_id, index))
        parent = {g: g for g in groups.values()}

        def root(g: str) -> str:
            while parent[g] != g:
                g = parent[g]
            return g

        for group in sorted(parent):
            units = contributed.get(group)
            if not units:
                continue
            origins: set[str] = set()
            for unit in units:
                copied_from = {root(groups[o[0]]) for o in self._pairs.get(unit, ()) if o[0] in groups}
                copied_from.discard(root(group))
                if not copied_from:
                    break
                origins |= copied_from
            else:
                parent[root(group)] = min(origins)
        return len({root(g) for g in parent})


def sentence_copies(links: Sequence[ReuseLink], *, copy_share: float = COPY_SHARE) -> CopyIndex:
    """Build the lookup that tells whether two sentences or documents are copies.

    The verify stage sets ``PairVerdict.reused`` when
    ``index.sentences_copied(claim_a.doc_id, claim_a.sentence_index, claim_b.doc_id, claim_b.sentence_index)``.
    """
    return CopyIndex(links, copy_share)


def count_independent(
    doc_ids: Iterable[str],
    links: Sequence[ReuseLink],
    *,
    sentences: Iterable[tuple[str, int]] | None = None,
    copy_share: float = COPY_SHARE,
) -> int:
    """Count independent sources: documents left once copies are collapsed onto their origin.

    Args:
        doc_ids: the documents supporting one side of a cluster.
        links: reuse links from ``find_reuse``.
        sentences: optional ``(doc_id, sentence_index)`` of the supporting claims; with it,
            a document whose every contributed sentence is a copy of another counted
            document's sentence is not counted (partial reuse).
        copy_share: links with at least this share make their documents one source.

    Returns:
        The number of independent sources (0 for no documents).
    """
    return CopyIndex(links, copy_share).count_independent(doc_ids, sentences)
