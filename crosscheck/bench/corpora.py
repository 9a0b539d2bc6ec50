"""The corpora the speed benchmark runs on: the seed articles, or slices of Reuters-21578."""

from __future__ import annotations

from pathlib import Path


def load_corpus(corpus: str, limit: int | None, reuters_dir: str | Path, seeds_dir: str | Path) -> list[object]:
    """Documents of ``corpus`` (``seeds`` or ``reuters``), the first ``limit`` of them.

    Raises:
        ValueError: if ``corpus`` is neither, or the seeds cannot be read.
    """
    if corpus == "reuters":
        from crosscheck.bench.reuters import load_reuters

        return list(load_reuters(reuters_dir, limit))
    if corpus == "seeds":
        from crosscheck.ingest import load_documents

        loaded = load_documents([seeds_dir])
        if loaded.errors or not loaded.documents:
            raise ValueError(f"cannot read seeds from {seeds_dir}: {'; '.join(loaded.errors) or 'no documents'}")
        return list(loaded.documents)[:limit] if limit else list(loaded.documents)
    raise ValueError(f"unknown corpus {corpus!r}; use 'seeds' or 'reuters'")
