"""Story grouping: document similarity over the evidence kinds, and average-linkage clustering."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from crosscheck.config import StoryConfig
from crosscheck.stories.evidence import (
    DocumentEvidence,
    Recogniser,
    claim_entities,
    document_vectors,
    extract_evidence,
    lead_vectors,
    normalise,
)
from crosscheck.types import Claim, Document, Sentence, Story, stable_id

if TYPE_CHECKING:
    from crosscheck.protocols import Embedder

logger = logging.getLogger(__name__)


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
        matrices["embedding"] = normalise(np.asarray(vectors, dtype=np.float32))
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

        dense = normalise(TruncatedSVD(n_components=128, random_state=0).fit_transform(blocks.matrices["terms"]))
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


def story_key(story_of: Mapping[str, str], doc_id: str) -> str:
    """The story id of ``doc_id`` in ``story_of`` (document id -> story id); a document missing
    there is a story of its own."""
    return story_of.get(doc_id, f"doc:{doc_id}")


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



def find_stories(
    documents: Sequence[Document], sentences: Sequence[Sentence], sentence_vectors: np.ndarray,
    claims: Sequence[Claim], config: StoryConfig,
) -> list[Story]:
    """The pipeline's story stage: :func:`group_stories` on the lead-sentence embeddings and the
    names the claims carry (see :func:`lead_vectors`, :func:`claim_entities`)."""
    evidence = extract_evidence(documents, recogniser=claim_entities(documents, claims))
    return group_stories(documents, doc_vectors=lead_vectors(documents, sentences, sentence_vectors),
                         evidence=evidence, config=config)

