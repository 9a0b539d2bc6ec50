"""The store's SQLite database: its tables, the schema version and the migrations between versions.

The version lives in ``PRAGMA user_version``. ``MIGRATIONS[v]`` takes a database from version
``v - 1`` to ``v``; opening an older store applies the missing steps in one transaction, and a
store written by a newer crosscheck (a version above ``SCHEMA_VERSION``) is refused rather than
read wrongly. Every record of the pipeline is kept as its pydantic JSON (``data``) beside the
columns that are searched or ordered on, so the stored report is the checked report, field for
field, and nothing is pickled.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crosscheck.store.errors import StoreDamagedError, StoreVersionError

SCHEMA_VERSION = 2

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    source TEXT NOT NULL,
    date TEXT,
    path TEXT,
    added_at TEXT NOT NULL,
    checked INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL,
    dated TEXT
);
CREATE TABLE notes (kind TEXT NOT NULL, line TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (kind, line));
CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX claims_doc ON claims(doc_id);
CREATE TABLE stories (id TEXT PRIMARY KEY, position INTEGER NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE events (id TEXT PRIMARY KEY, position INTEGER NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE verdicts (
    position INTEGER PRIMARY KEY,
    a TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    b TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX verdicts_a ON verdicts(a);
CREATE INDEX verdicts_b ON verdicts(b);
CREATE TABLE reuse (
    position INTEGER PRIMARY KEY,
    a TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    b TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    data TEXT NOT NULL
);
CREATE TABLE embedding_cache (model TEXT NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, text_hash)) WITHOUT ROWID;
CREATE TABLE judge_cache (
    model TEXT NOT NULL, pair_hash TEXT NOT NULL,
    entailment REAL NOT NULL, neutral REAL NOT NULL, contradiction REAL NOT NULL, same_event REAL,
    PRIMARY KEY (model, pair_hash)
) WITHOUT ROWID;
CREATE TABLE claims_cache (key TEXT PRIMARY KEY, doc_id TEXT NOT NULL, data TEXT NOT NULL) WITHOUT ROWID;
"""

# Version 2: whether the comparison of a verdict's two claims allowed them to be one event
# (``Comparison.one_event``), which an add needs to link the stored pairs into events again
# without comparing them anew. NULL in a store from version 1: its next add checks everything.
_V2 = """
ALTER TABLE verdicts ADD COLUMN one_event INTEGER;
"""

MIGRATIONS: dict[int, str] = {1: _V1, 2: _V2}

# Seconds a connection waits for another process's write lock on the database before failing.
BUSY_TIMEOUT_S = 60.0


def connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """Open the store database at ``path``, migrated to ``SCHEMA_VERSION`` (created when ``create``).

    WAL mode lets readers go on while one process writes; foreign keys are enforced.

    Raises:
        StoreVersionError: if the database was written by a newer crosscheck.
        StoreDamagedError: if the file is not a readable SQLite database.
    """
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            db.close()
            raise StoreVersionError(
                f"the store database {path} has schema version {version}, newer than this crosscheck reads "
                f"({SCHEMA_VERSION}); upgrade crosscheck to open it"
            )
        if version < SCHEMA_VERSION:
            if version == 0 and not create and not _has_tables(db):
                db.close()
                raise StoreDamagedError(f"{path} is an empty database, not a crosscheck store")
            migrate(db, version)
    except sqlite3.DatabaseError as exc:
        raise StoreDamagedError(f"the store database {path} is damaged or not a crosscheck store ({exc})") from exc
    return db


def _has_tables(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Apply ``MIGRATIONS[version + 1 ... SCHEMA_VERSION]`` in one transaction (another process
    migrating at the same time waits, then finds nothing left to do)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another process may have migrated meanwhile.
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {step}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
