"""The store under faults, with real processes: SIGKILL in the middle of an add, two writers at once.

Each writer is a separate Python process (the fake backends, the real parser, real SQLite
and FAISS files), so what is checked is what a crash or a second desk really leaves on disk.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from crosscheck import Config, load_documents
from crosscheck.store import Store

FAKE = Config(embedder="fake", nli_model="fake")
ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def _without_timings(report) -> dict:
    data = report.model_dump(mode="json")
    data.pop("timings")
    return data


# A writer that kills itself (SIGKILL: no cleanup, no atexit) after ``kill_after`` SQLite
# progress callbacks of its add, i.e. part-way through some write of that add.
_KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from crosscheck import Config, Store, load_documents
    store_path, seeds, kill_after = sys.argv[1], sys.argv[2], int(sys.argv[3])
    documents = load_documents([seeds]).documents
    store = Store(store_path, create=True, config=Config(embedder="fake", nli_model="fake"))
    calls = 0
    def progress():
        global calls
        calls += 1
        if calls >= kill_after:
            os.kill(os.getpid(), signal.SIGKILL)
        return 0
    store._db.set_progress_handler(progress, 200)
    store.add(documents[7:])
    print("finished without being killed")
    """
)


@pytest.fixture(scope="module")
def documents(seeds_dir: Path):
    return load_documents([seeds_dir]).documents


@pytest.fixture(scope="module")
def two_parts(tmp_path_factory: pytest.TempPathFactory, documents):
    """The report of a store given the first 7 seed documents, then the other 7, uninterrupted."""
    with Store(tmp_path_factory.mktemp("uninterrupted") / "store", create=True, config=FAKE) as store:
        store.add(documents[:7])
        store.add(documents[7:])
        return store.report()


@pytest.mark.parametrize("kill_after", [1, 400])  # while committing the new documents; later, in the caches or the result
def test_a_writer_killed_mid_add_leaves_a_store_that_opens_answers_and_holds_its_committed_documents(
    tmp_path: Path, seeds_dir: Path, documents, two_parts, kill_after: int
) -> None:
    path = tmp_path / "store"
    with Store(path, create=True, config=FAKE) as store:
        store.add(documents[:7])
        committed = {d.id for d in store.report().documents}
    done = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(path), str(seeds_dir), str(kill_after)],
                          env=_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr
    with Store(path, config=FAKE) as store:
        stats = store.stats()
        assert stats["documents"] in (7, 14)  # the new documents are committed together or not at all
        report = store.report()  # the last completed add
        assert committed <= {d.id for d in report.documents}
        hits = store.query(report.claims[0].text, top=3)
        assert hits and hits[0].claim.id == report.claims[0].id
        # The next add finishes the killed one's work: every document checked, as if never interrupted.
        store.add(documents)
        assert store.stats()["unchecked_documents"] == 0
        assert _without_timings(store.report()) == _without_timings(two_parts)


def test_a_cli_add_killed_at_any_moment_leaves_a_working_store(tmp_path: Path, seeds_dir: Path, documents) -> None:
    path = tmp_path / "store"
    with Store(path, create=True, config=FAKE) as store:
        store.add(documents[:3])
    folder = tmp_path / "more"
    folder.mkdir()
    for name in sorted(os.listdir(seeds_dir))[1:]:
        (folder / name).write_bytes((seeds_dir / name).read_bytes())
    command = [sys.executable, "-c", "from crosscheck.cli import app; app()", "store", "add", str(folder), "--store", str(path)]
    writer = subprocess.Popen(command, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert writer.stdout is not None
    for line in writer.stdout:  # wait until it is checking, then kill it in the middle
        if "checking" in line:
            break
    time.sleep(1.0)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=60)
    with Store(path, config=FAKE) as store:
        report = store.report()
        assert {d.id for d in documents[:3]} <= {d.id for d in report.documents}
        assert store.query("China will invest $400 billion in Iran", top=2)


def test_two_writers_at_once_both_succeed(tmp_path: Path, seeds_dir: Path, documents) -> None:
    path = tmp_path / "store"
    halves = [tmp_path / "a", tmp_path / "b"]
    names = sorted(os.listdir(seeds_dir))
    for half, chosen in zip(halves, (names[: len(names) // 2], names[len(names) // 2 :]), strict=True):
        half.mkdir()
        for name in chosen:
            (half / name).write_bytes((seeds_dir / name).read_bytes())
    command = [sys.executable, "-c", "from crosscheck.cli import app; app()", "store", "add", "--store", str(path),
               "--embedder", "fake", "--nli-model", "fake"]
    writers = [subprocess.Popen([*command, str(half)], env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
               for half in halves]
    outputs = [w.communicate(timeout=600)[0] for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    with Store(path) as store:
        report = store.report()
        stored = [d.id for d in report.documents]
    assert sorted(stored) == sorted(d.id for d in documents)
    # Whichever went first, the store's report is that of the two adds one after the other.
    loaded = [load_documents([half]).documents for half in halves]
    first = 0 if stored[0] in {d.id for d in loaded[0]} else 1
    with Store(tmp_path / "in-turn", create=True, config=FAKE) as in_turn:
        in_turn.add(loaded[first])
        in_turn.add(loaded[1 - first])
        expected = _without_timings(in_turn.report())
    got = _without_timings(report)
    # The reading notes (a boilerplate file skipped, repeated lines blanked) come from whichever half held the file.
    assert (len(got.pop("skipped")), len(got.pop("warnings"))) == (1, 2)
    expected.pop("skipped"), expected.pop("warnings")
    assert got == expected
