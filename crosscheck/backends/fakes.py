"""Small deterministic stand-ins for the real models, for fast tests and dry runs.

They are registered as the backends named ``fake``. They are not models: the embedder
hashes words, and the NLI stand-in looks at word overlap, negation and numbers.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np

from crosscheck.types import NLI_LABELS

_WORD = re.compile(r"[a-z0-9$]+")
_NEGATION = frozenset({"not", "no", "never", "none", "didn't", "don't", "won't", "isn't", "wasn't"})
_STOP = frozenset("the a an of to in on and or for with at by from as is are was were be that this it its".split())


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower().replace("n't", " not")) if w not in _STOP]


class HashingEmbedder:
    """Bag-of-words vectors from hashed words (and word pairs), L2-normalised."""

    name = "fake-hashing"

    def __init__(self, dimension: int = 384) -> None:
        self.dimension = dimension

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            words = _words(text)
            for feature in words + [a + " " + b for a, b in zip(words, words[1:], strict=False)]:
                vectors[row, zlib.crc32(feature.encode()) % self.dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


class RuleNLI:
    """Entailment when the hypothesis' words are covered by the premise; contradiction when
    the overlap is high but negation or a number differs; neutral otherwise."""

    name = "fake-rules"

    def predict(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        out = np.zeros((len(pairs), len(NLI_LABELS)), dtype=np.float32)
        for row, (premise, hypothesis) in enumerate(pairs):
            p, h = set(_words(premise)), set(_words(hypothesis))
            coverage = len(h & p) / max(1, len(h))
            numbers_differ = {w for w in p if w.isdigit()} != {w for w in h if w.isdigit()}
            negation_differs = bool(p & _NEGATION) != bool(h & _NEGATION)
            if coverage >= 0.6 and (numbers_differ or negation_differs):
                probs = (0.05, 0.1, 0.85)
            elif coverage >= 0.8:
                probs = (0.85, 0.1, 0.05)
            else:
                probs = (0.1, 0.8, 0.1)
            out[row] = probs
        return out
