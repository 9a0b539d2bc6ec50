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
from crosscheck.types import Claim, Document, PairVerdict, Report, ReuseLink, Sentence
from crosscheck.verify import candidate_pairs, event_links, judge_pairs, verify_pairs, with_events
from crosscheck.verify.kept import kept_pairs, with_kept

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prior:
    """What an earlier check of some of the documents found, so a run checks only what is new.

    A store's add (``crosscheck.Store.add``) passes it: the documents of ``doc_ids`` were
    checked before, with the same settings and models; their reuse links stand, and so do
    the verdicts of the claim pairs that check read (``crosscheck.verify.kept``), each with
    its comparison's ``one_event`` flag (``CheckRun.one_event``). Only pairs with a claim of a
    new document are selected and judged.
    """

    doc_ids: frozenset[str]
    verdicts: tuple[PairVerdict, ...] = ()
    one_event: tuple[bool, ...] = ()
    reuse: tuple[ReuseLink, ...] = ()


@dataclass(frozen=True)
class CheckRun:
    """What ``Checker.run`` returns: the report, the claim vectors (row ``i`` for ``report.claims[i]``),
    and whether the comparison of each verdict's two claims allowed them to be one event (what a
    store keeps for its next add, ``Prior.one_event``)."""

    report: Report
    claim_vectors: np.ndarray
    one_event: tuple[bool, ...] = ()


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

    def run(self, documents: Sequence[Document], *, prior: Prior | None = None) -> CheckRun:
        """``check``, also returning the claim vectors (what a store indexes).

        With ``prior`` (an earlier check of some of ``documents``), the reuse links and the
        verdicts of the documents checked before are taken from it, and only what a new
        document brings is found anew: its reuse links, and the claim pairs with its claims,
        selected as a check of all the documents would select them, and judged. Stories and
        events are worked out again over every document.

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
        fresh_docs = None if prior is None else {doc.id for doc in documents} - prior.doc_ids
        with _timed(timings, "reuse"):
            links = find_reuse(documents, sentences, sentence_vectors, copy_share=config.copy_share, fresh=fresh_docs)
            if prior is not None:
                links = _merged_links(documents, prior.reuse, links)
            copies = CopyIndex(links, config.copy_share)
        with _timed(timings, "stories"):
            stories = find_stories(documents, sentences, sentence_vectors, claims, config.stories)
            story_of = {doc_id: story.id for story in stories for doc_id in story.doc_ids}
        with _timed(timings, "candidates"):
            comparisons = Comparisons(claims, docs, config)
            fresh = None if fresh_docs is None else [c.doc_id in fresh_docs for c in claims]
            candidates = candidate_pairs(claims, vectors, index, story_of, comparisons, copies, config, fresh=fresh)
            kept = [] if prior is None else kept_pairs(prior.verdicts, prior.one_event, claims, story_of, copies)
        with _timed(timings, "judge"):
            judgements = judge_pairs(candidates, self.nli, config=config, show_progress=progress)
        with _timed(timings, "cluster"):
            graph = event_links(candidates, [j.same_event for j in judgements], config, kept=kept)
            events = find_events(claims, vectors, graph.links, story_of, copies, docs, threshold=graph.threshold,
                                 unread=graph.unread)
        with _timed(timings, "verify"):
            candidates = with_events(candidates, events.cluster_of)
            verdicts = verify_pairs(candidates, judgements, config=config)
            one_event = [pair.comparison.one_event for pair in candidates]
            if prior is not None:
                verdicts, one_event = with_kept(verdicts, one_event, kept, claims, events.cluster_of)
        timings["total"] = round(time.perf_counter() - started, 3)
        within_story = sum(1 for c in candidates if c.within_story) + sum(1 for k in kept if k.within_story)
        report = Report(
            config=config.model_dump(),
            models={"embedder": self.embedder.name, "nli": self.nli.name},
            documents=tuple(documents),
            claims=tuple(claims),
            stories=tuple(stories),
            clusters=tuple(events.clusters),
            verdicts=tuple(verdicts),
            reuse=tuple(links),
            stats=_stats(documents, sentences, claims, stories, events.clusters, verdicts, within_story),
            timings=timings,
        )
        return CheckRun(report, vectors, tuple(one_event))


def check(documents: Sequence[Document], config: Config | None = None) -> Report:
    """Cross-check ``documents`` with a fresh ``Checker`` (see ``Checker.check``)."""
    return Checker(config).check(documents)


def _merged_links(documents: Sequence[Document], earlier: Sequence[ReuseLink], found: Sequence[ReuseLink]) -> list[ReuseLink]:
    """The earlier links between documents of the run and the new ones, in the order ``find_reuse``
    gives (by the two documents' positions)."""
    position = {doc.id: k for k, doc in enumerate(documents)}
    links = {(link.a, link.b): link for link in earlier if link.a in position and link.b in position}
    links.update({(link.a, link.b): link for link in found})
    return [links[key] for key in sorted(links, key=lambda k: (position[k[0]], position[k[1]]))]


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
    documents: Sequence[Document], sentences: Sequence[Sentence], claims: Sequence[Claim], stories: Sequence[object],
    clusters: Sequence[object], verdicts: Sequence[PairVerdict], within_story: int,
) -> dict[str, int]:
    labels = Counter(v.label for v in verdicts)
    text = {c.id: c.text for c in claims}
    return {
        "documents": len(documents),
        "sentences": len(sentences),
        "claims": len(claims),
        "stories": len(stories),
        "clusters": len(clusters),
        "candidates_within_stories": within_story,
        "verdicts": len(verdicts),
        "nli_pairs": len({(text[v.a], text[v.b]) for v in verdicts}),
        "settled_by_slots": sum(1 for v in verdicts if v.nli_ab is None),
        **{label: labels.get(label, 0) for label in ("agree", "conflict", "related")},
    }
