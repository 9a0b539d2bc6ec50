"""``Store``: a desk's running corpus on disk: add articles, query a claim, report everything stored.

A store is a folder:

- ``store.sqlite``: documents, claims with their slots, stories, events, verdicts, reuse
  links, the caches of embeddings, judge scores and claims (``schema``), in WAL mode;
- ``claims-<generation>.faiss``: the claim vectors (``vectors``), one file per completed add,
  named in the database, so the vectors and the rows always come from the same run;
- ``write.lock``: held (``flock``) by the one process writing; a second writer waits.

``add`` first commits the new documents, then checks them against what is stored, with
backends that read the caches (``cache``): only new documents are parsed, only new sentences
embedded. The stored documents' reuse links and the verdicts of the claim pairs the last
check read stand; the new documents' links and the pairs with a new claim are found as one
check of every stored document would find them, and only those pairs are judged. Stories and
events are then worked out again over everything (a stored verdict gets its new event and
copy status, ``crosscheck.verify.kept``). So a store filled in several adds can
hold pairs of two old claims that one check of all its documents would no longer read (a new
document took their place in a claim's budget); ``add(..., full=True)`` re-checks every
stored document from scratch (still from the caches), and so does the first add after a
change of settings, models or crosscheck version. The result replaces the previous one in one
transaction. Killed at any point, the store opens at its last completed add (plus any
documents committed since, which the next ``add`` checks).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from crosscheck.config import Config
from crosscheck.pipeline import Checker, Prior
from crosscheck.store.cache import CachingChecker
from crosscheck.store.errors import StoreDamagedError, StoreError, StoreLockedError, StoreNotFoundError
from crosscheck.store.schema import SCHEMA_VERSION, connect
from crosscheck.store.vectors import read_vectors, write_vectors
from crosscheck.types import (
    Claim,
    ClaimCluster,
    Document,
    PairLabel,
    PairVerdict,
    Reason,
    Report,
    ReuseLink,
    Story,
    stable_id,
)

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path("crosscheck-store")
DB_NAME = "store.sqlite"
LOCK_NAME = "write.lock"
NOTE_KINDS = ("errors", "skipped", "warnings")


@dataclass(frozen=True)
class AddResult:
    """What one ``Store.add`` did.

    Attributes:
        added: documents new to the store.
        already_stored: documents given that the store already held (re-adding is a no-op).
        checked: whether the stored documents were re-checked (False when nothing was new).
        full: whether every stored document was checked from scratch (the first add, ``full=True``,
            or new settings, models or crosscheck version), not only what the new ones bring.
        documents, claims: totals in the store after the add.
        embedded, embeddings_reused: sentence texts embedded by the model / read from the store.
        judged, judgements_reused: premise/hypothesis pairs scored by the model / read from the store.
        parsed_documents: documents whose claims were found anew (the others' came from the store).
        seconds: wall time of the add.
    """

    added: int
    already_stored: int
    checked: bool
    documents: int
    claims: int
    embedded: int = 0
    embeddings_reused: int = 0
    judged: int = 0
    judgements_reused: int = 0
    parsed_documents: int = 0
    seconds: float = 0.0
    full: bool = False


@dataclass(frozen=True)
class QueryHit:
    """A stored claim close to a query, with its verdict against the query.

    Attributes:
        claim, document: the stored claim and its (dated) document.
        similarity: cosine similarity of the two embeddings.
        label: ``agree``, ``conflict`` or ``related``; probability: its calibrated probability.
        reasons: the findings behind the label (what differs, where).
        where: ``file:line`` of the claim.
    """

    claim: Claim
    document: Document
    similarity: float
    label: PairLabel
    probability: float
    reasons: tuple[Reason, ...]
    where: str


class Store:
    """A persistent corpus at ``path`` (default ``./crosscheck-store/``).

    Args:
        path: the store's folder.
        create: create the store if it does not exist (else a missing store is an error).
        checker: the ``Checker`` whose models (and config) to use; one is built when needed,
            with ``config`` or the config the store was last checked with.
        config: run settings when no ``checker`` is given.
        lock_timeout: seconds ``add`` waits for another writer before ``StoreLockedError``.

    Raises:
        StoreNotFoundError: if there is no store at ``path`` and ``create`` is False.
        StoreVersionError: if the store was written by a newer crosscheck.
        StoreDamagedError: if the database is unreadable.
    """

    def __init__(
        self, path: str | Path = DEFAULT_PATH, *, create: bool = False, checker: Checker | None = None,
        config: Config | None = None, lock_timeout: float = 600.0,
    ) -> None:
        self.path = Path(path)
        db_path = self.path / DB_NAME
        if not db_path.exists():
            if not create:
                raise StoreNotFoundError(
                    f"no crosscheck store at {self.path} (no {DB_NAME}); create one with `crosscheck store add --store {self.path} PATH...`"
                )
            self.path.mkdir(parents=True, exist_ok=True)
        self._db = connect(db_path, create=create)
        self._checker = checker
        self._config = config
        self.lock_timeout = lock_timeout
        self._vectors: tuple[int, Any] | None = None

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- settings and models ---------------------------------------------------------

    @property
    def checker(self) -> Checker:
        """The ``Checker`` (models load on first use) with the store's config unless one was given."""
        if self._checker is None:
            config = self._config
            if config is None:
                stored = self._meta("config")
                config = Config.model_validate_json(stored) if stored else Config()
            self._checker = Checker(config)
        return self._checker

    def configure(self, config: Config) -> None:
        """Check with ``config`` from now on; the next ``add`` re-checks every stored document
        with it (embeddings and judge scores of the same models still come from the store)."""
        self._checker, self._config = Checker(config), config

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # --- writing -------------------------------------------------------------------

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        import fcntl

        lock_path = self.path / LOCK_NAME
        with open(lock_path, "a+") as handle:
            deadline = time.monotonic() + self.lock_timeout
            waited = False
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        handle.seek(0)
                        holder = handle.read().strip() or "another process"
                        raise StoreLockedError(
                            f"the store {self.path} is locked by a writer ({holder}) for over {self.lock_timeout:g} s; "
                            "wait for it to finish or pass a longer lock timeout"
                        ) from exc
                    if not waited:
                        logger.info("another process is writing to %s; waiting for it", self.path)
                        waited = True
                    time.sleep(0.2)
            try:
                handle.seek(0)
                handle.truncate()
                handle.write(f"pid {os.getpid()}")
                handle.flush()
                yield
            finally:
                handle.seek(0)
                handle.truncate()
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def add(
        self, documents: Sequence[Document], *, errors: Sequence[str] = (), skipped: Sequence[str] = (), warnings: Sequence[str] = (),
        full: bool = False,
    ) -> AddResult:
        """Add ``documents`` and check them against the store so its report covers them.

        Documents already stored (same id: same source, title and text) are passed over; when
        nothing is new and nothing is waiting to be checked, the store is left as it is.
        ``errors``, ``skipped`` and ``warnings`` are the reading notes (``load_documents``)
        that the store's report lists, as ``crosscheck check`` lists them. With ``full``,
        every stored document is checked from scratch, as ``crosscheck check`` would check
        them (the caches still spare the models work they did before), even if nothing is new.

        Raises:
            TypeError: if ``documents`` holds something that is not a ``Document``.
            StoreLockedError: if another writer holds the store for longer than ``lock_timeout``.
        """
        started = time.perf_counter()
        for position, doc in enumerate(documents):
            if not isinstance(doc, Document):
                raise TypeError(f"documents[{position}] is a {type(doc).__name__}, not a crosscheck.Document; "
                                "read files with crosscheck.load_documents(paths).documents")
        with self._write_lock():
            stored = {row[0] for row in self._db.execute("SELECT id FROM documents")}
            new: dict[str, Document] = {}
            for doc in documents:
                if doc.id not in stored:
                    new.setdefault(doc.id, doc)
            already = sum(1 for doc in documents if doc.id in stored)
            self._record(list(new.values()), {"errors": errors, "skipped": skipped, "warnings": warnings})
            pending = self._db.execute("SELECT count(*) FROM documents WHERE checked = 0").fetchone()[0]
            total = self._db.execute("SELECT count(*) FROM documents").fetchone()[0]
            if not pending and (self._meta("generation") is not None or not total) and not (full and total):
                logger.info("nothing new to check (%d documents already stored)", already)
                claims = self._db.execute("SELECT count(*) FROM claims").fetchone()[0]
                return AddResult(0, already, False, total, claims, seconds=round(time.perf_counter() - started, 3))
            prior = None if full else self._prior()
            logger.info("%d new documents (%d already stored); checking %s", len(new), already,
                        f"all {total}" if prior is None else f"{total - len(prior.doc_ids)} against {len(prior.doc_ids)}")
            checker = CachingChecker(self.checker, self._db)
            run = checker.run(self._stored_documents(), prior=prior)
            generation = int(self._meta("generation") or 0) + 1
            vector_file = f"claims-{generation}.faiss"
            self._write_vectors(self.path / vector_file, run.claim_vectors, run.report.models["embedder"])
            self._write_result(run.report, run.one_event, generation, vector_file)
            self._remove_old_vector_files(keep={generation, generation - 1})
            embedder, nli = checker.embedder, checker.nli
        return AddResult(
            added=len(new), already_stored=already, checked=True, documents=len(run.report.documents), claims=len(run.report.claims),
            embedded=embedder.counts.misses, embeddings_reused=embedder.counts.hits,  # type: ignore[attr-defined]
            judged=nli.counts.misses, judgements_reused=nli.counts.hits,  # type: ignore[attr-defined]
            parsed_documents=checker.claim_counts.misses, seconds=round(time.perf_counter() - started, 3), full=prior is None,
        )

    def _prior(self) -> Prior | None:
        """The last check's documents, verdicts and reuse links, if it ran with the settings,
        models and crosscheck version of this one (else None: check everything)."""
        from crosscheck import __version__

        if self._meta("generation") is None or self._meta("crosscheck_version") != __version__:
            return None
        checker = self.checker
        stored_models = json.loads(self._meta("report") or "{}").get("models")
        if json.loads(self._meta("config") or "null") != json.loads(json.dumps(checker.config.model_dump())):
            return None
        if stored_models != {"embedder": checker.embedder.name, "nli": checker.nli.name}:
            return None
        rows = self._db.execute("SELECT data, one_event FROM verdicts ORDER BY position").fetchall()
        if any(single is None for _, single in rows):
            return None  # verdicts from a store of schema version 1
        return Prior(
            doc_ids=frozenset(row[0] for row in self._db.execute("SELECT id FROM documents WHERE checked = 1")),
            verdicts=tuple(PairVerdict.model_validate_json(data) for data, _ in rows),
            one_event=tuple(bool(single) for _, single in rows),
            reuse=tuple(ReuseLink.model_validate_json(row[0]) for row in self._db.execute("SELECT data FROM reuse ORDER BY position")),
        )

    def _record(self, documents: list[Document], notes: dict[str, Sequence[str]]) -> None:
        """Commit the new documents (unchecked) and the reading notes, before any checking."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._transaction() as db:
            position = db.execute("SELECT coalesce(max(position), -1) FROM documents").fetchone()[0]
            db.executemany(
                "INSERT INTO documents (id, position, source, date, path, added_at, checked, data) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                [(d.id, position + 1 + i, d.source, d.date.isoformat() if d.date else None, d.path, now, d.model_dump_json())
                 for i, d in enumerate(documents)],
            )
            note_position = db.execute("SELECT coalesce(max(position), -1) FROM notes").fetchone()[0]
            rows = [(kind, line) for kind in NOTE_KINDS for line in notes.get(kind, ())]
            db.executemany("INSERT OR IGNORE INTO notes (kind, line, position) VALUES (?, ?, ?)",
                           [(kind, line, note_position + 1 + i) for i, (kind, line) in enumerate(rows)])

    def _stored_documents(self) -> list[Document]:
        return [Document.model_validate_json(data) for (data,) in self._db.execute("SELECT data FROM documents ORDER BY position")]

    def _write_vectors(self, path: Path, vectors: np.ndarray, embedder: str) -> None:
        write_vectors(path, vectors, embedder=embedder)

    def _write_result(self, report: Report, one_event: Sequence[bool], generation: int, vector_file: str) -> None:
        """Replace the stored result with ``report``'s, in one transaction."""
        from crosscheck import __version__

        meta = report.model_dump(mode="json", include={"schema_version", "config", "models", "stats", "timings"})
        with self._transaction() as db:
            for table in ("verdicts", "reuse", "events", "stories", "claims"):
                db.execute(f"DELETE FROM {table}")  # the table names are constants
            db.executemany("UPDATE documents SET checked = 1, dated = ? WHERE id = ?", [(d.model_dump_json(), d.id) for d in report.documents])
            db.executemany("INSERT INTO claims (id, position, doc_id, text, data) VALUES (?, ?, ?, ?, ?)",
                           [(c.id, i, c.doc_id, c.text, c.model_dump_json()) for i, c in enumerate(report.claims)])
            db.executemany("INSERT INTO stories (id, position, data) VALUES (?, ?, ?)",
                           [(s.id, i, s.model_dump_json()) for i, s in enumerate(report.stories)])
            db.executemany("INSERT INTO events (id, position, data) VALUES (?, ?, ?)",
                           [(k.id, i, k.model_dump_json()) for i, k in enumerate(report.clusters)])
            db.executemany("INSERT INTO verdicts (position, a, b, label, data, one_event) VALUES (?, ?, ?, ?, ?, ?)",
                           [(i, v.a, v.b, v.label, v.model_dump_json(), int(single))
                            for i, (v, single) in enumerate(zip(report.verdicts, one_event, strict=True))])
            db.executemany("INSERT INTO reuse (position, a, b, data) VALUES (?, ?, ?, ?)",
                           [(i, r.a, r.b, r.model_dump_json()) for i, r in enumerate(report.reuse)])
            values = {"report": json.dumps(meta, sort_keys=True), "config": json.dumps(report.config, sort_keys=True),
                      "generation": str(generation), "vector_file": vector_file, "crosscheck_version": __version__,
                      "checked_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(values.items()))

    def _remove_old_vector_files(self, keep: set[int]) -> None:
        # The previous generation stays, for a reader that read the old name just before the commit.
        for path in self.path.glob("claims-*.faiss"):
            try:
                generation = int(path.stem.split("-", 1)[1])
            except ValueError:
                continue
            if generation not in keep:
                path.unlink(missing_ok=True)

    # --- reading -------------------------------------------------------------------

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query inside sees the same completed add."""
        self._db.execute("BEGIN")
        try:
            yield self._db
        finally:
            self._db.execute("COMMIT")

    def _require_result(self) -> None:
        if self._meta("generation") is None:
            raise StoreError(f"the store {self.path} holds no checked documents yet; add some with `crosscheck store add --store {self.path} PATH...`")

    def report(self) -> Report:
        """The report of everything stored at the last completed add: the report
        ``Checker.check`` gives for the same documents, apart from timings.

        Raises:
            StoreError: if nothing has been checked yet.
        """
        with self._snapshot() as db:
            self._require_result()
            meta = json.loads(self._meta("report") or "{}")

            def rows(sql: str) -> list[str]:
                return [row[0] for row in db.execute(sql)]

            notes: dict[str, tuple[str, ...]] = {kind: () for kind in NOTE_KINDS}
            for kind in NOTE_KINDS:
                notes[kind] = tuple(row[0] for row in db.execute("SELECT line FROM notes WHERE kind = ? ORDER BY position", (kind,)))
            try:
                return Report(
                    **meta,
                    documents=tuple(Document.model_validate_json(d) for d in rows("SELECT dated FROM documents WHERE checked = 1 ORDER BY position")),
                    claims=tuple(Claim.model_validate_json(d) for d in rows("SELECT data FROM claims ORDER BY position")),
                    stories=tuple(Story.model_validate_json(d) for d in rows("SELECT data FROM stories ORDER BY position")),
                    clusters=tuple(ClaimCluster.model_validate_json(d) for d in rows("SELECT data FROM events ORDER BY position")),
                    verdicts=tuple(PairVerdict.model_validate_json(d) for d in rows("SELECT data FROM verdicts ORDER BY position")),
                    reuse=tuple(ReuseLink.model_validate_json(d) for d in rows("SELECT data FROM reuse ORDER BY position")),
                    **notes,
                )
            except ValueError as exc:
                raise StoreDamagedError(f"the store {self.path} holds a record this crosscheck cannot read ({exc})") from exc

    def _vector_index(self) -> Any:
        generation = int(self._meta("generation") or 0)
        if self._vectors is None or self._vectors[0] != generation:
            _, index = read_vectors(self.path / (self._meta("vector_file") or ""))
            self._vectors = (generation, index)
        return self._vectors[1]

    def query(self, text: str, *, top: int = 10) -> list[QueryHit]:
        """The ``top`` stored claims closest to ``text``, each with its verdict against it, closest first.

        Raises:
            ValueError: if ``text`` is empty or ``top`` is below 1.
            StoreError: if nothing has been checked yet.
            StoreDamagedError: if the vector file is damaged.
        """
        if not text.strip():
            raise ValueError("text must be a claim to look up, got an empty string")
        if top < 1:
            raise ValueError(f"top must be at least 1, got {top}")
        from crosscheck.claims.slots.parse import extract_slots
        from crosscheck.compare.pair import compare_claims
        from crosscheck.report.view import where
        from crosscheck.verify import CandidatePair, judge_pairs, verify_pairs

        checker = self.checker
        with self._snapshot() as db:
            self._require_result()
            index = self._vector_index()
            vector = checker.embedder.encode([text], batch_size=1)
            scores, ids = index.search(np.ascontiguousarray(vector, dtype=np.float32), min(top, max(1, index.ntotal)))
            positions = [int(i) for i in ids[0] if i >= 0]
            marks = ",".join("?" * len(positions))
            claims = {p: Claim.model_validate_json(d) for p, d in db.execute(f"SELECT position, data FROM claims WHERE position IN ({marks})", positions)}
            doc_ids = sorted({c.doc_id for c in claims.values()})
            doc_marks = ",".join("?" * len(doc_ids))
            docs = {d.id: d for d in (Document.model_validate_json(row[0]) for row in db.execute(
                f"SELECT dated FROM documents WHERE id IN ({doc_marks})", doc_ids))}
            # The words' IDF is taken over every claim of the hits' documents (a check takes it
            # over the claims of one story, which a query has not got).
            context = dict(db.execute(
                f"SELECT position, text FROM claims WHERE doc_id IN ({doc_marks}) ORDER BY position", doc_ids))
        if len(claims) != len(positions):
            raise StoreDamagedError(f"the store {self.path}'s vector file and database disagree; re-add a document to rebuild it")
        slots = extract_slots([text], [0], [None])[0]
        asked = Claim(id=stable_id("query", text), doc_id="query", sentence_index=0, start=0, end=len(text), text=text, **slots.as_claim_fields())
        words = _query_words(text, positions, context)
        pairs = [CandidatePair(a=asked, b=claims[p], similarity=float(s), comparison=compare_claims(asked, claims[p]), words=w)
                 for p, s, w in zip(positions, scores[0], words, strict=False)]
        verdicts = verify_pairs(pairs, judge_pairs(pairs, checker.nli, config=checker.config), config=checker.config)
        return [
            QueryHit(claim=pair.b, document=docs[pair.b.doc_id], similarity=round(pair.similarity, 4), label=v.label,
                     probability=v.probability, reasons=v.reasons, where=where(docs[pair.b.doc_id], pair.b))
            for pair, v in zip(pairs, verdicts, strict=True)
        ]

    def stats(self) -> dict[str, object]:
        """Counts of what the store holds, its schema version and files."""
        with self._snapshot() as db:

            def count(sql: str) -> int:
                return int(db.execute(sql).fetchone()[0])

            labels = dict(db.execute("SELECT label, count(*) FROM verdicts GROUP BY label").fetchall())
            vector_file = self._meta("vector_file")
            return {
                "path": str(self.path),
                "schema_version": SCHEMA_VERSION,
                "documents": count("SELECT count(*) FROM documents"),
                "unchecked_documents": count("SELECT count(*) FROM documents WHERE checked = 0"),
                "claims": count("SELECT count(*) FROM claims"),
                "stories": count("SELECT count(*) FROM stories"),
                "events": count("SELECT count(*) FROM events"),
                "verdicts": count("SELECT count(*) FROM verdicts"),
                **{label: int(labels.get(label, 0)) for label in ("agree", "conflict", "related")},
                "reuse_links": count("SELECT count(*) FROM reuse"),
                "cached_embeddings": count("SELECT count(*) FROM embedding_cache"),
                "cached_judgements": count("SELECT count(*) FROM judge_cache"),
                "checked_at": self._meta("checked_at"),
                "vector_file": vector_file,
                "bytes_on_disk": sum(p.stat().st_size for p in self.path.iterdir() if p.is_file()),
            }


def _query_words(text: str, hits: list[int], context: dict[int, str]) -> list[float | None]:
    """The TF-IDF cosine of ``text`` with each hit (a claim position in ``context``), the IDF
    over ``text`` and the claims of ``context`` (``crosscheck.words.tfidf``); all None when
    there are no words to weigh."""
    from crosscheck.words.tfidf import set_tfidf

    order = list(context)
    rows = set_tfidf([text, *(context[p] for p in order)])
    if rows is None:
        return [None] * len(hits)
    row_of = {p: 1 + i for i, p in enumerate(order)}
    cosines = (rows[[row_of[p] for p in hits]] @ rows[0].T).toarray().ravel()
    return [round(float(c), 4) for c in cosines]
