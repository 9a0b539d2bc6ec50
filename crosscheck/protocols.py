"""The backend interfaces, as ``typing.Protocol``s: the stages depend on these, never on the registry."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of shape ``(len(texts), dimension)``."""

    name: str
    dimension: int

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, show_progress: bool = False) -> np.ndarray: ...


@runtime_checkable
class NLIModel(Protocol):
    """Scores premise/hypothesis pairs.

    ``predict`` returns probabilities of shape ``(len(pairs), 3)`` with columns in the
    order of ``crosscheck.types.NLI_LABELS`` (entailment, neutral, contradiction),
    whatever order the underlying model uses.
    """

    name: str

    def predict(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray: ...


@runtime_checkable
class VectorIndex(Protocol):
    """Inner-product search over normalised vectors; ids are positions in insertion order."""

    name: str
    dimension: int

    def add(self, vectors: np.ndarray) -> None: ...

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(scores, ids)``, each ``(len(vectors), k)``; missing neighbours have id -1."""
        ...

    def save(self, path: Path) -> None: ...

    def __len__(self) -> int: ...
