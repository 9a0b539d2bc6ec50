"""Caches in the store's database, so a re-check computes only what is new.

- ``CachedEmbedder``: sentence vectors by (embedder name, sha256 of the text).
- ``CachedNLI``: judge scores by (model name, sha256 of premise and hypothesis).
- ``CachingChecker``: a ``Checker`` whose claims stage reuses each document's stored claims.

Each wraps the real backend behind the same protocol, so the pipeline runs unchanged and a
store's report is the report ``Checker.check`` gives for the same documents. What was not in
the cache is computed in one call to the real backend, in the order the pipeline asked for
it, and written to the cache in one transaction straight away: a run killed half-way keeps
the work done before the kill.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from crosscheck.claims import find_claims
from crosscheck.pipeline import Checker
from crosscheck.protocols import Embedder, NLIModel
from crosscheck.types import Claim, Document, Sentence
from crosscheck.verify.nli import PairScores

logger = logging.getLogger(__name__)

# SQLite's default limit on bound parameters is 32,766 since 3.32; stay well under it.
_CHUNK = 900


def text_hash(text: str) -> str:
    """The cache key of one text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pair_hash(premise: str, hypothesis: str) -> str:
    """The cache key of one ordered (premise, hypothesis) pair."""
    return hashlib.sha256(f"{len(premise)}:{premise}\x1f{hypothesis}".encode()).hexdigest()


@dataclass
class CacheCounts:
    """How many lookups each cache answered (``hits``) and passed to the model (``misses``)."""

    hits: int = 0
    misses: int = 0


def _lookup(db: sqlite3.Connection, sql: str, model: str, keys: list[str]) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(sql.format(marks=marks), [model, *chunk]):
            found[row[0]] = row[1:]
    return found


def _write(db: sqlite3.Connection, sql: str, rows: list[tuple]) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany(sql, rows)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


class CachedEmbedder:
    """An ``Embedder`` that reads vectors from the store and embeds only texts it has not seen."""

    def __init__(self, inner: Embedder, db: sqlite3.Connection) -> None:
        self.inner, self._db, self.counts = inner, db, CacheCounts()

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        keys = [text_hash(t) for t in texts]
        found = _lookup(
            self._db, "SELECT text_hash, vector FROM embedding_cache WHERE model = ? AND text_hash IN ({marks})",
            self.name, sorted(set(keys)),
        )
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found:
                missing.setdefault(key, text)
        self.counts.hits += len(texts) - len(missing)
        self.counts.misses += len(missing)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        fresh: dict[str, np.ndarray] = {}
        if missing:
            logger.info("embedding %d new texts (%d from the store)", len(missing), len(texts) - len(missing))
            vectors = np.asarray(self.inner.encode(list(missing.values()), batch_size=batch_size, show_progress=show_progress), dtype=np.float32)
            fresh = dict(zip(missing, vectors, strict=True))
            _write(self._db, "INSERT OR REPLACE INTO embedding_cache (model, text_hash, vector) VALUES (?, ?, ?)",
                   [(self.name, key, vector.tobytes()) for key, vector in fresh.items()])
        for row, key in enumerate(keys):
            out[row] = fresh[key] if key in fresh else np.frombuffer(found[key][0], dtype=np.float32)
        return out


class CachedNLI:
    """An ``NLIModel`` (with ``score``) that reads judge scores from the store and scores only new pairs.

    A backend without ``score`` (a plain 3-way NLI model) gives ``same_event`` None, as the
    judge would make of it.
    """

    def __init__(self, inner: NLIModel, db: sqlite3.Connection) -> None:
        self.inner, self._db, self.counts = inner, db, CacheCounts()

    @property
    def name(self) -> str:
        return self.inner.name

    def predict(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        return self.score(pairs, batch_size=batch_size, show_progress=show_progress).nli

    def score(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, show_progress: bool = False) -> PairScores:
        pairs = [(str(p), str(h)) for p, h in pairs]
        keys = [pair_hash(p, h) for p, h in pairs]
        found = _lookup(
            self._db,
            "SELECT pair_hash, entailment, neutral, contradiction, same_event FROM judge_cache WHERE model = ? AND pair_hash IN ({marks})",
            self.name, sorted(set(keys)),
        )
        missing: dict[str, tuple[str, str]] = {}
        for key, pair in zip(keys, pairs, strict=True):
            if key not in found:
                missing.setdefault(key, pair)
        self.counts.hits += len(pairs) - len(missing)
        self.counts.misses += len(missing)
        if missing:
            logger.info("judging %d new pairs (%d from the store)", len(missing), len(pairs) - len(missing))
            scorer = getattr(self.inner, "score", None)
            if callable(scorer):
                scored = scorer(list(missing.values()), batch_size=batch_size, show_progress=show_progress)
                probs, same = scored.nli, scored.same_event
            else:
                probs, same = self.inner.predict(list(missing.values()), batch_size=batch_size, show_progress=show_progress), None
            rows = []
            for i, key in enumerate(missing):
                p_same = None if same is None else float(same[i])
                found[key] = (*(float(x) for x in probs[i]), p_same)
                rows.append((self.name, key, *found[key]))
            _write(self._db, "INSERT OR REPLACE INTO judge_cache (model, pair_hash, entailment, neutral, contradiction, same_event) "
                   "VALUES (?, ?, ?, ?, ?, ?)", rows)
        nli = np.array([found[k][:3] for k in keys], dtype=np.float32).reshape(len(keys), 3)
        sames = [found[k][3] for k in keys]
        same_out = None if any(s is None for s in sames) or not keys else np.array(sames, dtype=np.float32)
        if not keys and callable(getattr(self.inner, "score", None)):
            same_out = np.zeros((0,), dtype=np.float32)
        return PairScores(nli, same_out)


class CachingChecker(Checker):
    """A ``Checker`` over cached backends whose claims stage reuses each document's stored claims.

    A document's claims depend only on the (dated) document and the config, so the key is a
    hash of both and of the crosscheck version that found them.
    """

    def __init__(self, base: Checker, db: sqlite3.Connection) -> None:
        # ``base.embedder`` and ``base.nli`` build the backends without loading weights (they load on first use).
        super().__init__(base.config, embedder=CachedEmbedder(base.embedder, db), nli=CachedNLI(base.nli, db))
        self._db = db
        self.claim_counts = CacheCounts()

    def _claims_key(self, doc: Document) -> str:
        from crosscheck import __version__

        return hashlib.sha256(f"{__version__}\x1f{self.config.model_dump_json()}\x1f{doc.model_dump_json()}".encode()).hexdigest()

    def find_claims(self, documents: Sequence[Document], sentences: Sequence[Sentence], *, show_progress: bool = False) -> list[Claim]:
        keys = {doc.id: self._claims_key(doc) for doc in documents}
        found: dict[str, tuple] = {}
        ordered = list(keys.values())
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            rows = self._db.execute(f"SELECT key, data FROM claims_cache WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            found.update({key: (data,) for key, data in rows})
        new_docs = [doc for doc in documents if keys[doc.id] not in found]
        self.claim_counts.hits += len(documents) - len(new_docs)
        self.claim_counts.misses += len(new_docs)
        fresh: dict[str, list[Claim]] = {doc.id: [] for doc in new_docs}
        if new_docs:
            logger.info("finding the claims of %d new documents (%d from the store)", len(new_docs), len(documents) - len(new_docs))
            wanted = set(fresh)
            for claim in find_claims(new_docs, [s for s in sentences if s.doc_id in wanted], self.config, show_progress=show_progress):
                fresh[claim.doc_id].append(claim)
            _write(self._db, "INSERT OR REPLACE INTO claims_cache (key, doc_id, data) VALUES (?, ?, ?)",
                   [(keys[doc_id], doc_id, json.dumps([c.model_dump(mode="json") for c in claims])) for doc_id, claims in fresh.items()])
        out: list[Claim] = []
        for doc in documents:
            if doc.id in fresh:
                out.extend(fresh[doc.id])
            else:
                out.extend(Claim.model_validate(item) for item in json.loads(found[keys[doc.id]][0]))
        return out
