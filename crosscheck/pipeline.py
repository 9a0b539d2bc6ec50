"""The ``Checker``: runs the stages in order, keeps models loaded, records stage timings."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from crosscheck.backends import Embedder, NLIModel, get_embedder, get_nli_model, new_index
from crosscheck.claims import extract_claims
from crosscheck.cluster import centroid, cluster_claims, find_neighbours
from crosscheck.config import Config
from crosscheck.segment import split_sentences
from crosscheck.types import Claim, ClaimCluster, Document, Report, Sentence, stable_id
from crosscheck.verify import CandidatePair, verify_pairs

logger = logging.getLogger(__name__)


class Checker:
    """Cross-checks documents; reuse one ``Checker`` to keep its models loaded between calls.

    Args:
        config: run settings (defaults: the packaged MiniLM embedder and the project's NLI model).
        embedder: an embedder object to use instead of ``config.embedder``.
        nli: an NLI model object to use instead of ``config.nli_model``.
    """

    def __init__(self, config: Config | None = None, *, embedder: Embedder | None = None, nli: NLIModel | None = None) -> None:
        self.config = config or Config()
        self._embedder = embedder
        self._nli = nli

    @property
    def embedder(self) -> Embedder:
        """The embedding backend (built on first use)."""
        if self._embedder is None:
            self._embedder = get_embedder(self.config.embedder)
        return self._embedder

    @property
    def nli(self) -> NLIModel:
        """The NLI backend (built on first use)."""
        if self._nli is None:
            self._nli = get_nli_model(self.config.nli_model)
        return self._nli

    def check(self, documents: Sequence[Document]) -> Report:
        """Cross-check ``documents`` and return the report.

        Raises:
            TypeError: if ``documents`` is not a sequence of ``Document`` (read files with
                ``crosscheck.load_documents`` first).
        """
        documents = _validated(documents)
        timings: dict[str, float] = {}
        show_progress = logger.isEnabledFor(logging.INFO)
        started = time.perf_counter()

        with _timed(timings, "segment"):
            sentences = {doc.id: split_sentences(doc) for doc in documents}
        with _timed(timings, "claims"):
            claims = [c for doc in documents for c in extract_claims(doc, sentences[doc.id], self.config)]
        logger.info("%d documents, %d sentences, %d claims", len(documents), sum(map(len, sentences.values())), len(claims))

        with _timed(timings, "embed"):
            vectors = self.embedder.encode([c.text for c in claims], batch_size=self.config.embed_batch_size, show_progress=show_progress)
        with _timed(timings, "index"):
            index = new_index(self.config.index, vectors.shape[1] if len(vectors) else self.embedder.dimension)
            index.add(vectors)

        docs_by_id = {doc.id: doc for doc in documents}
        compatible = _period_rule(docs_by_id, self.config.max_period_gap_days)
        doc_ids = [c.doc_id for c in claims]
        with _timed(timings, "cluster"):
            neighbours = find_neighbours(
                vectors, index, doc_ids, k=self.config.neighbours, min_similarity=self.config.pair_threshold, compatible=compatible
            )
            groups = cluster_claims(len(claims), neighbours, doc_ids, threshold=self.config.cluster_threshold, compatible=compatible)
            clusters = [_make_cluster(g, claims, vectors, docs_by_id) for g in groups]
        cluster_of = {claims[i].id: cluster.id for g, cluster in zip(groups, clusters) for i in g}

        with _timed(timings, "verify"):
            candidates = [
                CandidatePair(
                    a=claims[p.a],
                    b=claims[p.b],
                    similarity=p.similarity,
                    cluster_id=cluster_of.get(claims[p.a].id) if cluster_of.get(claims[p.a].id) == cluster_of.get(claims[p.b].id) else None,
                )
                for p in neighbours
            ]
            verdicts = verify_pairs(
                candidates, self.nli, batch_size=self.config.nli_batch_size, max_chars=self.config.max_claim_chars, show_progress=show_progress
            )
        timings["total"] = round(time.perf_counter() - started, 3)

        labels = Counter(v.label for v in verdicts)
        stats = {
            "documents": len(documents),
            "sentences": sum(map(len, sentences.values())),
            "claims": len(claims),
            "clusters": len(clusters),
            "verdicts": len(verdicts),
            "nli_pairs": len({(c.a.text, c.b.text) for c in candidates}),
            **{label: labels.get(label, 0) for label in ("agree", "conflict", "related")},
        }
        return Report(
            config=self.config.model_dump(),
            models={"embedder": self.embedder.name, "nli": self.nli.name},
            documents=tuple(documents),
            claims=tuple(claims),
            clusters=tuple(clusters),
            verdicts=tuple(verdicts),
            stats=stats,
            timings=timings,
        )


def check(documents: Sequence[Document], config: Config | None = None) -> Report:
    """Cross-check ``documents`` with a fresh ``Checker`` (see ``Checker.check``)."""
    return Checker(config).check(documents)


def _validated(documents: Sequence[Document]) -> list[Document]:
    if isinstance(documents, (str, bytes)) or not isinstance(documents, Sequence):
        raise TypeError(
            f"documents must be a sequence of crosscheck.Document, got {type(documents).__name__}; "
            "read files with crosscheck.load_documents(paths).documents"
        )
    unique: dict[str, Document] = {}
    for position, doc in enumerate(documents):
        if not isinstance(doc, Document):
            raise TypeError(f"documents[{position}] is a {type(doc).__name__}, not a crosscheck.Document")
        if doc.id in unique:
            logger.warning("document %s (%s) appears twice; checking it once", doc.id, doc.title or doc.source)
        unique.setdefault(doc.id, doc)
    return list(unique.values())


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[stage] = round(time.perf_counter() - started, 3)
    logger.info("stage %s: %.2f s", stage, timings[stage])


def _period_rule(docs: dict[str, Document], max_gap_days: int):  # noqa: ANN202 - a small closure
    def compatible(a: str, b: str) -> bool:
        da, db = docs[a].date, docs[b].date
        return da is None or db is None or abs((da - db).days) <= max_gap_days

    return compatible


def _make_cluster(members: list[int], claims: list[Claim], vectors: np.ndarray, docs: dict[str, Document]) -> ClaimCluster:
    ids = tuple(claims[i].id for i in members)
    doc_ids = tuple(sorted({claims[i].doc_id for i in members}))
    months = Counter(docs[d].date.strftime("%Y-%m") for d in doc_ids if docs[d].date)
    return ClaimCluster(
        id=stable_id(*ids),
        claim_ids=ids,
        centroid_claim_id=claims[centroid(members, vectors)].id,
        doc_ids=doc_ids,
        period=months.most_common(1)[0][0] if months else None,
        sources=len(doc_ids),
        independent_sources=len(doc_ids),
    )
