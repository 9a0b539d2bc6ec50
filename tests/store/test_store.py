"""The store on the seeds with the fake backends: real SQLite, real FAISS, the real parser.

What a store must do: its report is the check's, a second add reads the new pairs a check of
all would read and computes only what is new, a full add gives the check's report again,
re-adding is a no-op, queries find stored claims, and a missing, locked, newer or damaged
store is refused with a clear error.
"""

from __future__ import annotations

import fcntl
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosscheck import Checker, Config, load_documents
from crosscheck.cli import app
from crosscheck.store import (
    Store,
    StoreDamagedError,
    StoreError,
    StoreLockedError,
    StoreNotFoundError,
    StoreVersionError,
)
from crosscheck.store.store import DB_NAME, LOCK_NAME
from crosscheck.store.vectors import MAGIC, read_vectors
from crosscheck.types import Document, Report

FAKE = Config(embedder="fake", nli_model="fake")
runner = CliRunner()


def without_timings(report: Report) -> dict:
    data = report.model_dump(mode="json")
    data.pop("timings")
    return data


@pytest.fixture(scope="module")
def documents(seeds_dir: Path) -> list[Document]:
    return load_documents([seeds_dir]).documents


@pytest.fixture(scope="module")
def scratch(documents: list[Document]) -> Report:
    return Checker(FAKE).check(documents)


class RecordingNLI:
    """The fake NLI model, recording every pair it is asked to score."""

    def __init__(self) -> None:
        from crosscheck.backends.fakes import RuleNLI

        self.inner, self.name, self.asked = RuleNLI(), "fake-rules", []

    def predict(self, pairs, *, batch_size=32, show_progress=False):
        self.asked.extend(pairs)
        return self.inner.predict(pairs)


class RecordingEmbedder:
    def __init__(self) -> None:
        from crosscheck.backends.fakes import HashingEmbedder

        self.inner, self.asked = HashingEmbedder(), []
        self.name, self.dimension = self.inner.name, self.inner.dimension

    def encode(self, texts, *, batch_size=64, show_progress=False):
        self.asked.extend(texts)
        return self.inner.encode(texts)


@pytest.fixture(scope="module")
def two_part_store(tmp_path_factory: pytest.TempPathFactory, documents: list[Document]):
    """A store filled in two adds (7 seed documents, then the other 7), with recording backends."""
    path = tmp_path_factory.mktemp("two-part") / "store"
    nli, embedder = RecordingNLI(), RecordingEmbedder()
    checker = Checker(FAKE, embedder=embedder, nli=nli)
    with Store(path, create=True, checker=checker) as store:
        first = store.add(documents[:7])
        first_report = store.report()
        asked_before = (len(embedder.asked), len(nli.asked))
        second = store.add(documents[7:])
        report = store.report()
    return {"path": path, "first": first, "second": second, "first_report": first_report, "report": report,
            "embedded": embedder.asked[asked_before[0]:], "judged": nli.asked[asked_before[1]:]}


def test_the_store_report_is_the_check_report(tmp_path: Path, documents: list[Document], scratch: Report) -> None:
    with Store(tmp_path / "store", create=True, config=FAKE) as store:
        result = store.add(documents)
        stored = store.report()
    assert result.added == len(documents) and result.checked
    assert without_timings(stored) == without_timings(scratch)
    with Store(tmp_path / "store") as reopened:  # and from disk, in a new connection
        assert without_timings(reopened.report()) == without_timings(scratch)


def new_pair_verdicts(report: Report, new_docs: set[str]) -> dict[tuple[str, str], dict]:
    doc_of = {c.id: c.doc_id for c in report.claims}
    return {(v.a, v.b): v.model_dump(mode="json", exclude={"cluster_id"}) for v in report.verdicts
            if doc_of[v.a] in new_docs or doc_of[v.b] in new_docs}


def test_a_second_add_reads_the_new_pairs_one_check_of_all_would_read(
    two_part_store: dict, documents: list[Document], scratch: Report,
) -> None:
    second, report = two_part_store["second"], two_part_store["report"]
    assert second.added == 7 and second.documents == len(scratch.documents) and not second.full
    new_docs = {d.id for d in documents[7:]}
    # The pairs with a new claim, and their verdicts, are those of one check of all 14.
    assert new_pair_verdicts(report, new_docs) == new_pair_verdicts(scratch, new_docs)
    assert new_pair_verdicts(scratch, new_docs)
    # The pairs of two old claims the first add read are all still read.
    first_pairs = {(v.a, v.b) for v in two_part_store["first_report"].verdicts}
    assert first_pairs <= {(v.a, v.b) for v in report.verdicts}
    assert {c.id for c in report.claims} == {c.id for c in scratch.claims}
    assert {(r.a, r.b) for r in report.reuse} == {(r.a, r.b) for r in scratch.reuse}


def test_a_full_add_gives_the_report_of_one_check_of_all(
    tmp_path: Path, two_part_store: dict, documents: list[Document], scratch: Report,
) -> None:
    import shutil

    path = tmp_path / "copy"
    shutil.copytree(two_part_store["path"], path)
    with Store(path, config=FAKE) as store:
        result = store.add(documents, full=True)
        assert (result.added, result.checked, result.full) == (0, True, True)
        assert without_timings(store.report()) == without_timings(scratch)


def test_the_second_add_embeds_parses_and_judges_only_what_is_new(two_part_store: dict, documents: list[Document]) -> None:
    first_report: Report = two_part_store["first_report"]
    old_texts = {c.text for c in first_report.claims}
    from crosscheck.claims import split_sentences

    old_sentences = {s.text for d in first_report.documents for s in split_sentences(d)}
    embedded = two_part_store["embedded"]
    assert embedded, "the new documents' sentences were embedded"
    assert not set(embedded) & old_sentences, "a sentence already stored was embedded again"
    assert len(embedded) == len(set(embedded))
    assert two_part_store["second"].parsed_documents == 7
    assert two_part_store["second"].embeddings_reused > 0 and two_part_store["second"].judgements_reused >= 0
    cut = Config().max_claim_chars
    old_cut = {t[:cut] for t in old_texts}
    judged = two_part_store["judged"]
    assert judged
    # A pair of two old claims judged before is never judged again.
    old_pairs = {(v_a, v_b) for v_a, v_b in judged if v_a in old_cut and v_b in old_cut}
    first_pairs = set()
    claim_text = {c.id: c.text[:cut] for c in first_report.claims}
    for v in first_report.verdicts:
        first_pairs |= {(claim_text[v.a], claim_text[v.b]), (claim_text[v.b], claim_text[v.a])}
    assert not old_pairs & first_pairs


def test_a_store_of_schema_version_1_is_migrated_and_its_next_add_checks_everything(
    tmp_path: Path, documents: list[Document], scratch: Report,
) -> None:
    from crosscheck.store.schema import _V1, SCHEMA_VERSION

    path = tmp_path / "old"
    path.mkdir()
    db = sqlite3.connect(path / DB_NAME)
    db.executescript(_V1)
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Store(path, config=FAKE) as store:
        store.add(documents[:7])
    # As a version-1 store would hold it: verdicts without the one-event flag, no version noted.
    db = sqlite3.connect(path / DB_NAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.execute("UPDATE verdicts SET one_event = NULL")
    db.execute("DELETE FROM meta WHERE key = 'crosscheck_version'")
    db.commit()
    db.close()
    with Store(path, config=FAKE) as store:
        result = store.add(documents[7:])
        assert result.full and result.added == 7
        assert without_timings(store.report()) == without_timings(scratch)


def test_re_adding_is_a_no_op(two_part_store: dict, documents: list[Document]) -> None:
    path = two_part_store["path"]
    db = sqlite3.connect(path / DB_NAME)
    before = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone(), db.execute("SELECT count(*) FROM verdicts").fetchone()
    db.close()
    with Store(path, config=FAKE) as store:
        again = store.add(documents)
    assert (again.added, again.already_stored, again.checked) == (0, len(documents), False)
    db = sqlite3.connect(path / DB_NAME)
    after = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone(), db.execute("SELECT count(*) FROM verdicts").fetchone()
    assert after == before
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == len(documents)


def test_a_query_finds_a_stored_claim_and_says_where_it_is(two_part_store: dict) -> None:
    report: Report = two_part_store["report"]
    claim = next(c for c in report.claims if "400 billion" in c.text)
    with Store(two_part_store["path"], config=FAKE) as store:
        hits = store.query(claim.text, top=5)
    assert len(hits) == 5
    assert hits[0].claim.id == claim.id and hits[0].similarity == pytest.approx(1.0, abs=1e-4)
    assert hits[0].label == "agree"
    assert hits[0].where.split(":")[0] == Path(report.document(claim.doc_id).path or "").name
    assert [h.similarity for h in hits] == sorted((h.similarity for h in hits), reverse=True)


def test_cli_add_query_report_stats(tmp_path: Path, seeds_dir: Path, scratch: Report) -> None:
    store = str(tmp_path / "cli-store")
    added = runner.invoke(app, ["store", "add", str(seeds_dir), "--store", store, "--embedder", "fake", "--nli-model", "fake", "-q"])
    assert added.exit_code == 0, added.output
    assert "added 14 documents" in added.output
    again = runner.invoke(app, ["store", "add", str(seeds_dir), "--store", store, "-q"])
    assert again.exit_code == 0 and "nothing new" in again.output
    full = runner.invoke(app, ["store", "add", str(seeds_dir), "--store", store, "-q", "--full"])
    assert full.exit_code == 0 and "added 0 documents (14 already stored)" in full.output
    assert "re-checked every stored document" in full.output
    stats = runner.invoke(app, ["store", "stats", "--store", store, "--json"])
    assert stats.exit_code == 0 and '"documents": 14' in stats.output
    query = runner.invoke(app, ["store", "query", "China will invest $400 billion in Iran", "--store", store, "--top", "3"])
    assert query.exit_code == 0, query.output
    assert query.output.count("sim ") == 3 and ".txt:" in query.output
    report = runner.invoke(app, ["store", "report", "--store", store, "-f", "json"])
    assert report.exit_code == 0
    loaded = Report.model_validate_json(report.stdout)
    assert loaded.stats == scratch.stats and len(loaded.skipped) == 1  # the check's reading notes come along


def test_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFoundError, match="no crosscheck store"):
        Store(tmp_path / "nowhere")
    result = runner.invoke(app, ["store", "stats", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.output.startswith("crosscheck: error: no crosscheck store") and result.output.count("\n") == 1
    assert not (tmp_path / "nowhere").exists()


def test_an_empty_store_says_so(tmp_path: Path) -> None:
    with Store(tmp_path / "s", create=True) as store, pytest.raises(StoreError, match="no checked documents yet"):
        store.report()


def test_a_store_from_a_newer_crosscheck_is_refused(two_part_store: dict, tmp_path: Path) -> None:
    import shutil

    path = tmp_path / "newer"
    shutil.copytree(two_part_store["path"], path)
    db = sqlite3.connect(path / DB_NAME)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(StoreVersionError, match="schema version 99"):
        Store(path)
    result = runner.invoke(app, ["store", "report", "--store", str(path)])
    assert result.exit_code == 2 and "upgrade crosscheck" in result.output and "Traceback" not in result.output


def test_a_damaged_vector_file_is_refused(two_part_store: dict, tmp_path: Path) -> None:
    import shutil

    path = tmp_path / "damaged"
    shutil.copytree(two_part_store["path"], path)
    (vector_file,) = [p for p in path.glob("claims-*.faiss") if p.name.endswith("-2.faiss")]
    data = bytearray(vector_file.read_bytes())
    data[-100] ^= 0xFF  # one flipped byte in the vectors
    vector_file.write_bytes(bytes(data))
    with Store(path, config=FAKE) as store, pytest.raises(StoreDamagedError, match="checksum"):
        store.query("China will invest $400 billion in Iran")
    result = runner.invoke(app, ["store", "query", "China", "--store", str(path)])
    assert result.exit_code == 1 and "damaged" in result.output and result.output.count("\n") == 1
    vector_file.write_bytes(bytes(data[: len(data) // 2]))  # truncated
    with pytest.raises(StoreDamagedError):
        read_vectors(vector_file)
    vector_file.write_bytes(b"not a vector file at all")
    with pytest.raises(StoreDamagedError, match="header"):
        read_vectors(vector_file)


def test_a_vector_file_of_a_newer_format_is_refused(two_part_store: dict, tmp_path: Path) -> None:
    import json
    import struct

    vector_file = next(Path(two_part_store["path"]).glob("claims-2.faiss"))
    data = vector_file.read_bytes()
    (length,) = struct.unpack("<I", data[len(MAGIC): len(MAGIC) + 4])
    header = json.loads(data[len(MAGIC) + 4: len(MAGIC) + 4 + length])
    header["format"] = 7
    raw = json.dumps(header).encode()
    newer = tmp_path / "newer.faiss"
    newer.write_bytes(MAGIC + struct.pack("<I", len(raw)) + raw + data[len(MAGIC) + 4 + length:])
    with pytest.raises(StoreVersionError, match="format 7"):
        read_vectors(newer)


def test_a_damaged_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "garbage"
    path.mkdir()
    (path / DB_NAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreDamagedError, match="damaged or not a crosscheck store"):
        Store(path)
    result = runner.invoke(app, ["store", "stats", "--store", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_a_store_locked_by_another_writer_waits_then_says_so(tmp_path: Path, documents: list[Document]) -> None:
    with Store(tmp_path / "s", create=True, config=FAKE, lock_timeout=0.5) as store:
        with open(tmp_path / "s" / LOCK_NAME, "a+") as held:
            fcntl.flock(held.fileno(), fcntl.LOCK_EX)
            with pytest.raises(StoreLockedError, match="locked by a writer"):
                store.add(documents[:2])
            fcntl.flock(held.fileno(), fcntl.LOCK_UN)
        # Nothing was written while the lock was held elsewhere; with it free, the add goes through.
        assert store.stats()["documents"] == 0
        assert store.add(documents[:2]).added == 2


def test_cli_add_takes_settings_on_top_of_the_stores(tmp_path: Path, seeds_dir: Path) -> None:
    store = tmp_path / "configured"
    settings = tmp_path / "narrow.json"
    settings.write_text('{"candidate_budget": 3, "stories": {"threshold": 0.35}}', encoding="utf-8")
    added = runner.invoke(app, ["store", "add", str(seeds_dir / "001_b7dc2951eaabda80.txt"), "--store", str(store),
                                "--embedder", "fake", "--nli-model", "fake", "--config", str(settings), "-q"])
    assert added.exit_code == 0, added.output
    report = runner.invoke(app, ["store", "report", "--store", str(store), "-f", "json"])
    config = Report.model_validate_json(report.stdout).config
    assert config["candidate_budget"] == 3 and config["stories"]["threshold"] == 0.35 and config["nli_model"] == "fake"
    bad = tmp_path / "bad.json"
    bad.write_text('{"candidate_budgett": 3}', encoding="utf-8")
    refused = runner.invoke(app, ["store", "add", str(seeds_dir), "--store", str(tmp_path / "never"), "--config", str(bad), "-q"])
    assert refused.exit_code == 2 and "candidate_budgett: Extra inputs are not permitted" in refused.output
    assert not (tmp_path / "never").exists()


def test_query_words_weigh_what_the_hits_documents_do_not_all_say() -> None:
    from crosscheck.store.store import _query_words

    context = {
        0: "The Alaska talks between the two delegations began on Thursday in Anchorage.",
        1: "The delegations in Alaska issued a joint statement on climate cooperation.",
        2: "Both sides in Alaska traded sharp words over trade.",
        3: "The Alaska meeting was the first of the two delegations since January.",
    }
    words = _query_words("Alaska delegations agreed a joint statement on climate", [1, 2], context)
    # "joint statement ... climate" is said once in the context; "Alaska" everywhere.
    assert words[0] is not None and words[1] is not None
    assert words[0] > 0.5 > 0.2 > words[1]
    assert _query_words("the and of", [0], {0: "a an the"}) == [None]
