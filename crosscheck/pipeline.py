"""The ``Checker``: runs the stages in order, keeps models loaded, records stage timings.

Every rule lives in its stage; this module only calls them in pipeline order.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from crosscheck.backends import Embedder, NLIModel, get_embedder, get_nli_model, new_index
from crosscheck.claims import find_claims, split_sentences
from crosscheck.cluster import find_events
from crosscheck.compare import Comparisons
from crosscheck.config import Config
from crosscheck.embed import embed_sentences
from crosscheck.ingest.dating import infer_document_dates
from crosscheck.reuse import CopyIndex, find_reuse
from crosscheck.stories import find_stories
from crosscheck.types import Claim, Document, PairVerdict, Report, Sentence
from crosscheck.verify import CandidatePair, candidate_pairs, event_links, judge_pairs, verify_pairs, with_events

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckRun:
    """What ``Checker.run`` returns: the report, and the claim vectors (row ``i`` for ``report.claims[i]``)."""

    report: Report
    claim_vectors: np.ndarray


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
        return self.run(documents).report

    def find_claims(self, documents: Sequence[Document], sentences: Sequence[Sentence], *, show_progress: bool = False) -> list[Claim]:
        """The claims stage (``crosscheck.claims.find_claims``); a subclass may cache it per
        document, since a document's claims depend only on that document and the config."""
        return find_claims(documents, sentences, self.config, show_progress=show_progress)

    def run(self, documents: Sequence[Document]) -> CheckRun:
        """``check``, also returning the claim vectors (what a store indexes).

        Raises:
            TypeError: as ``check``.
        """
        config, documents = self.config, _validated(documents)
        timings: dict[str, float] = {}
        progress = logger.isEnabledFor(logging.INFO)
        started = time.perf_counter()
        with _timed(timings, "dating"):
            documents = infer_document_dates(documents)
        docs = {doc.id: doc for doc in documents}
        with _timed(timings, "segment"):
            sentences = [s for doc in documents for s in split_sentences(doc)]
        with _timed(timings, "claims"):
            claims = self.find_claims(documents, sentences, show_progress=progress)
        logger.info("%d documents, %d sentences, %d claims", len(documents), len(sentences), len(claims))
        with _timed(timings, "embed"):
            sentence_vectors, vectors = embed_sentences(
                self.embedder, sentences, claims, batch_size=config.embed_batch_size, show_progress=progress
            )
        with _timed(timings, "index"):
            index = new_index(config.index, self.embedder.dimension)
            index.add(vectors)
        with _timed(timings, "reuse"):
            links = find_reuse(documents, sentences, sentence_vectors, copy_share=config.copy_share)
            copies = CopyIndex(links, config.copy_share)
        with _timed(timings, "stories"):
            stories = find_stories(documents, sentences, sentence_vectors, claims, config.stories)
            story_of = {doc_id: story.id for story in stories for doc_id in story.doc_ids}
        with _timed(timings, "candidates"):
            comparisons = Comparisons(claims, docs, config)
            candidates = candidate_pairs(claims, vectors, index, story_of, comparisons, copies, config)
        with _timed(timings, "judge"):
            judgements = judge_pairs(candidates, self.nli, config=config, show_progress=progress)
        with _timed(timings, "cluster"):
            graph = event_links(candidates, [j.same_event for j in judgements], config)
            events = find_events(claims, vectors, graph.links, story_of, copies, docs, threshold=graph.threshold,
                                 unread=graph.unread)
        with _timed(timings, "verify"):
            candidates = with_events(candidates, events.cluster_of)
            verdicts = verify_pairs(candidates, judgements, config=config)
        timings["total"] = round(time.perf_counter() - started, 3)
        report = Report(
            config=config.model_dump(),
            models={"embedder": self.embedder.name, "nli": self.nli.name},
            documents=tuple(documents),
            claims=tuple(claims),
            stories=tuple(stories),
            clusters=tuple(events.clusters),
            verdicts=tuple(verdicts),
            reuse=tuple(links),
            stats=_stats(len(documents), len(sentences), len(claims), len(stories), len(events.clusters), candidates, verdicts),
            timings=timings,
        )
        return CheckRun(report, vectors)


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


def _stats(
    documents: int, sentences: int, claims: int, stories: int, clusters: int, candidates: Sequence[CandidatePair],
    verdicts: Sequence[PairVerdict],
) -> dict[str, int]:
    labels = Counter(v.label for v in verdicts)
    return {
        "documents": documents,
        "sentences": sentences,
        "claims": claims,
        "stories": stories,
        "clusters": clusters,
        "candidates_within_stories": sum(1 for c in candidates if c.within_story),
        "verdicts": len(verdicts),
        "nli_pairs": len({(c.a.text, c.b.text) for c in candidates}),
        "settled_by_slots": sum(1 for v in verdicts if v.nli_ab is None),
        **{label: labels.get(label, 0) for label in ("agree", "conflict", "related")},
    }
