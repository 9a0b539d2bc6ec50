from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from crosscheck.atomic import atomic_folder, atomic_path, write_text_atomic
from crosscheck.index.vectors import NumpyIndex, load_index, save_index


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as temporary:
            temporary.write_text("half a rep")
            raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    write_text_atomic(target, "new")
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_folder_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "model"
    target.mkdir()
    (target / "a.txt").write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_folder(target) as staging:
            (staging / "a.txt").write_text("partial")
            raise RuntimeError("interrupted")
    assert (target / "a.txt").read_text() == "old"
    with atomic_folder(target) as staging:
        (staging / "b.txt").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == ["b.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


@pytest.mark.parametrize("kind", ["numpy", "faiss-flat"])
def test_saved_indexes_load_and_leave_no_temporaries(tmp_path: Path, kind: str) -> None:
    from crosscheck.backends import new_index

    index = NumpyIndex(4) if kind == "numpy" else new_index(kind, 4)
    vectors = np.eye(4, dtype=np.float32)
    index.add(vectors)
    save_index(index, tmp_path / "ix")
    assert not [p for p in (tmp_path / "ix").iterdir() if p.name.startswith(".")]
    loaded = load_index(tmp_path / "ix")
    assert len(loaded) == 4
    _, ids = loaded.search(vectors[:1], 1)
    assert ids[0, 0] == 0


def test_staged_files_move_in_whole_and_keep_other_files(tmp_path: Path) -> None:
    from crosscheck.atomic import staged_files

    target = tmp_path / "model"
    target.mkdir()
    (target / "README.md").write_text("model card")
    (target / "weights.bin").write_text("old")
    with pytest.raises(RuntimeError):
        with staged_files(target) as staging:
            (staging / "weights.bin").write_text("half")
            raise RuntimeError("interrupted")
    assert (target / "weights.bin").read_text() == "old"
    with staged_files(target, last=("manifest.json",)) as staging:
        (staging / "weights.bin").write_text("new")
        (staging / "manifest.json").write_text("{}")
    assert {p.name: p.read_text() for p in target.iterdir()} == {"README.md": "model card", "weights.bin": "new", "manifest.json": "{}"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]
