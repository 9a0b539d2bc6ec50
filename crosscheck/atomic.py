"""Write files so that a reader sees the old file or the new one, never half of one.

Each writer puts the data in a temporary file in the target's folder (same file system,
so the final ``os.replace`` is atomic on POSIX and Windows), flushes it to disk, and only
then renames it over the target. An interrupted run leaves the previous file, or none,
plus at most a ``.<name>.*.tmp`` file that the next write does not depend on.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: str | Path, *, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path``.

    For writers that want a file name rather than a file object (``faiss.write_index``,
    ``numpy.save``). ``suffix`` keeps an extension a writer insists on (``numpy.save``
    appends ``.npy`` to a name without it). On an exception the temporary file is removed
    and ``path`` is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp" + suffix, dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)


def write_text_atomic(path: str | Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    write_bytes_atomic(path, text.encode(encoding))


@contextmanager
def atomic_folder(path: str | Path) -> Iterator[Path]:
    """Yield a fresh temporary folder next to ``path``; on success it takes ``path``'s place.

    For model folders written file by file (``save_pretrained``). The old folder, if any,
    is renamed aside first and removed only once the new one is in place, so at every
    moment ``path`` is either the complete old folder or the complete new one (between
    the two renames it is briefly absent, never partial).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def stage_folder(folder: str | Path) -> Path:
    """A new temporary folder next to ``folder``, to write files into before ``publish_staged``."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))


def publish_staged(staging: str | Path, folder: str | Path, *, last: tuple[str, ...] = ()) -> None:
    """Move each file under ``staging`` into ``folder`` with an atomic rename (the names in
    ``last`` after the others), then remove ``staging``.

    For a folder that also holds files the writer does not make (a model folder's
    hand-written model card): those stay, and each new file appears whole or not at all.
    Moving the manifest ``last`` means a folder whose manifest is new has all its new files.
    """
    staging, target = Path(staging), Path(folder)
    written = sorted((p for p in staging.rglob("*") if p.is_file()), key=lambda p: (p.name in last, str(p)))
    for path in written:
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
    for path in written:
        destination = target / path.relative_to(staging)
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, destination)
    shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def staged_files(folder: str | Path, *, last: tuple[str, ...] = ()) -> Iterator[Path]:
    """``stage_folder`` and ``publish_staged`` around a block; on an exception nothing in ``folder`` changes."""
    staging = stage_folder(folder)
    try:
        yield staging
        publish_staged(staging, folder, last=last)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
