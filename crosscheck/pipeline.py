"""The ``Checker``: runs the stages in order, keeps models loaded, records stage timings."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from crosscheck.backends import Embedder, NLIModel, get_embedder, get_nli_model, new_index
from crosscheck.claims import extract_claims
from crosscheck.cluster import centroid, cluster_claims, find_neighbours
from crosscheck.compare import compare_claims, different_events, names_overlap
from crosscheck.config import Config
from crosscheck.dating import infer_document_dates, same_period
from crosscheck.reuse import CopyIndex, find_reuse, sentence_copies
from crosscheck.segment import split_sentences
from crosscheck.slots import extract_slots
from crosscheck.types import Claim, ClaimCluster, Document, Reason, Report, Sentence, stable_id
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

        with _timed(timings, "dating"):
            documents = infer_document_dates(documents)
        docs_by_id = {doc.id: doc for doc in documents}
        with _timed(timings, "segment"):
            sentences = [s for doc in documents for s in split_sentences(doc)]
        with _timed(timings, "claims"):
            claims = _claims_with_slots(documents, sentences, docs_by_id, self.config, show_progress=show_progress)
        logger.info("%d documents, %d sentences, %d claims", len(documents), len(sentences), len(claims))

        with _timed(timings, "embed"):
            # Every sentence is embedded once: claims use their rows, text reuse all of them.
            sentence_vectors = _encode_distinct(
                self.embedder, [s.text for s in sentences], batch_size=self.config.embed_batch_size, show_progress=show_progress
            )
            row = {(s.doc_id, s.index): i for i, s in enumerate(sentences)}
            vectors = sentence_vectors[[row[(c.doc_id, c.sentence_index)] for c in claims]].reshape(len(claims), -1)
        with _timed(timings, "index"):
            index = new_index(self.config.index, self.embedder.dimension)
            index.add(vectors)
        with _timed(timings, "reuse"):
            links = find_reuse(documents, sentences, sentence_vectors)
            copies = sentence_copies(links)

        gap = self.config.max_period_gap_days
        compatible = lambda a, b: same_period(docs_by_id[a], docs_by_id[b], gap)  # noqa: E731
        doc_ids = [c.doc_id for c in claims]
        with _timed(timings, "cluster"):
            neighbours = find_neighbours(
                vectors,
                index,
                doc_ids,
                k=self.config.neighbours,
                min_similarity=min(self.config.pair_threshold, self.config.cluster_threshold),
                compatible=compatible,
                mutual=self.config.mutual_neighbours,
            )
            names = _names_by_document(claims)
            compare = _remembered(compare_claims)
            one_event = _one_event_rule(claims, compatible, names, compare)
            groups = cluster_claims(
                len(claims), neighbours, doc_ids, threshold=self.config.cluster_threshold, compatible=one_event, vectors=vectors
            )
            clusters = [_make_cluster(g, claims, vectors, docs_by_id, copies) for g in groups]
        cluster_of = {claims[i].id: cluster.id for g, cluster in zip(groups, clusters) for i in g}

        with _timed(timings, "verify"):
            candidates = [
                _candidate(claims[p.a], claims[p.b], p.similarity, cluster_of, docs_by_id, copies, gap, names)
                for p in neighbours
                if p.similarity >= self.config.pair_threshold
            ]
            verdicts = verify_pairs(
                candidates,
                self.nli,
                compare=compare,
                batch_size=self.config.nli_batch_size,
                max_chars=self.config.max_claim_chars,
                show_progress=show_progress,
            )
        timings["total"] = round(time.perf_counter() - started, 3)

        labels = Counter(v.label for v in verdicts)
        stats = {
            "documents": len(documents),
            "sentences": len(sentences),
            "claims": len(claims),
            "clusters": len(clusters),
            "verdicts": len(verdicts),
            "nli_pairs": len({(c.a.text, c.b.text) for c, v in zip(candidates, verdicts) if v.nli_ab is not None}),
            "settled_by_slots": sum(1 for v in verdicts if v.nli_ab is None),
            **{label: labels.get(label, 0) for label in ("agree", "conflict", "related")},
        }
        return Report(
            config=self.config.model_dump(),
            models={"embedder": self.embedder.name, "nli": self.nli.name},
            documents=tuple(documents),
            claims=tuple(claims),
            clusters=tuple(clusters),
            verdicts=tuple(verdicts),
            reuse=tuple(links),
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


def _encode_distinct(embedder: Embedder, texts: list[str], *, batch_size: int, show_progress: bool) -> np.ndarray:
    """Embeddings of ``texts``, one row each, computing each distinct text once: copies,
    credit lines and table labels recur across a corpus."""
    row_of: dict[str, int] = {}
    rows = np.fromiter((row_of.setdefault(text, len(row_of)) for text in texts), dtype=np.int64, count=len(texts))
    vectors = embedder.encode(list(row_of), batch_size=batch_size, show_progress=show_progress)
    return vectors[rows].reshape(len(texts), -1)


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[stage] = round(time.perf_counter() - started, 3)
    logger.info("stage %s: %.2f s", stage, timings[stage])


def _remembered(compare: Callable[[Claim, Claim], list[Reason]]) -> Callable[[Claim, Claim], list[Reason]]:
    """``compare`` that works each ordered pair out once: the clustering rule and the
    verify stage ask about the same neighbour pairs."""
    seen: dict[tuple[str, str], list[Reason]] = {}

    def remembered(a: Claim, b: Claim) -> list[Reason]:
        key = (a.id, b.id)
        if key not in seen:
            seen[key] = compare(a, b)
        return seen[key]

    return remembered


def _one_event_rule(
    claims: list[Claim],
    same_period_docs: Callable[[str, str], bool],
    names: dict[str, frozenset[str]],
    compare: Callable[[Claim, Claim], list[Reason]],
) -> Callable[[int, int], bool]:
    """Claims can be about one event unless their documents are of different periods,
    they place the same act in different places ("met in Beijing" vs "met in Anchorage"),
    or their slots show two events (``compare.different_events``): such a pair is still
    verified, and reported as a conflict if it is one, but it does not make one event of two."""

    def compatible(i: int, j: int) -> bool:
        a, b = claims[i], claims[j]
        if not same_period_docs(a.doc_id, b.doc_id):
            return False
        where_a, where_b = _locations(a), _locations(b)
        if where_a and where_b and not where_a & where_b:
            return False
        reasons = compare(a, b)
        if any(r.kind == "place" and r.conflict for r in reasons):
            return False
        return different_events(a, b, reasons, documents_share_names=_share_names(names, a.doc_id, b.doc_id)) is None

    return compatible


def _locations(claim: Claim) -> set[str]:
    """Places the claim says something happened in ("met ... in Beijing"), as written:
    the surface form, because the alias table maps a capital to its government."""
    return {
        a.span.text.lower()
        for a in claim.actors
        if a.kind in ("place", "country") and a.role is not None and a.role.startswith(("pobj:in:", "pobj:to:", "pobj:at:"))
    }


def claim_candidates(documents: Sequence[Document], sentences: Sequence[Sentence], config: Config) -> list[Claim]:
    """The check-worthy sentences of ``documents``, before slots: the texts the slot stage
    parses (the speed benchmark times the parser on them)."""
    by_doc: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_doc.setdefault(sentence.doc_id, []).append(sentence)
    return [c for doc in documents for c in extract_claims(doc, by_doc.get(doc.id, []), config)]


def _claims_with_slots(
    documents: list[Document], sentences: list[Sentence], docs: dict[str, Document], config: Config, *, show_progress: bool = False
) -> list[Claim]:
    bare = claim_candidates(documents, sentences, config)
    slots = extract_slots(
        [c.text for c in bare], [c.start for c in bare], [docs[c.doc_id].date for c in bare],
        processes=config.parse_processes, show_progress=show_progress,
    )
    # A candidate with no verb asserts nothing ("Shr profit 42 cts vs loss 11 cts", a table
    # row or a label): without its document around it, nobody can check it against another.
    return [c.model_copy(update=s.as_claim_fields()) for c, s in zip(bare, slots) if s.has_verb]


def _names_by_document(claims: Sequence[Claim]) -> dict[str, frozenset[str]]:
    """The actors each document's claims name (people, bodies, countries, places)."""
    names: dict[str, set[str]] = {}
    for claim in claims:
        names.setdefault(claim.doc_id, set()).update(a.canonical for a in claim.actors)
    return {doc_id: frozenset(found) for doc_id, found in names.items()}


def _share_names(names: dict[str, frozenset[str]], doc_a: str, doc_b: str) -> bool | None:
    """Whether two documents name an actor in common; None when either names no one."""
    a, b = names.get(doc_a), names.get(doc_b)
    return names_overlap(a, b) if a and b else None


def _candidate(
    a: Claim,
    b: Claim,
    similarity: float,
    cluster_of: dict[str, str],
    docs: dict[str, Document],
    copies: CopyIndex,
    gap: int,
    names: dict[str, frozenset[str]],
) -> CandidatePair:
    cluster = cluster_of.get(a.id)
    return CandidatePair(
        a=a,
        b=b,
        similarity=similarity,
        cluster_id=cluster if cluster is not None and cluster == cluster_of.get(b.id) else None,
        # Document periods, not claim time slots: two claims giving different dates for one
        # event are a date conflict to report, not two periods.
        same_period=same_period(docs[a.doc_id], docs[b.doc_id], gap),
        reused=copies.sentences_copied(a.doc_id, a.sentence_index, b.doc_id, b.sentence_index),
        documents_share_names=_share_names(names, a.doc_id, b.doc_id),
    )


def _make_cluster(
    members: list[int], claims: list[Claim], vectors: np.ndarray, docs: dict[str, Document], copies: CopyIndex
) -> ClaimCluster:
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
        independent_sources=copies.count_independent(doc_ids, sentences=[(claims[i].doc_id, claims[i].sentence_index) for i in members]),
    )
