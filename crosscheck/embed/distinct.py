"""The embed stage: every sentence embedded once; claims take their sentences' rows."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from crosscheck.protocols import Embedder
from crosscheck.types import Claim, Sentence


def embed_sentences(
    embedder: Embedder, sentences: Sequence[Sentence], claims: Sequence[Claim], *, batch_size: int, show_progress: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Vectors of every sentence (text reuse reads them all) and of every claim (its sentence's row).

    Returns:
        ``(sentence_vectors, claim_vectors)``, one row per sentence and per claim, in order.
    """
    sentence_vectors = encode_distinct(embedder, [s.text for s in sentences], batch_size=batch_size, show_progress=show_progress)
    row = {(s.doc_id, s.index): i for i, s in enumerate(sentences)}
    claim_vectors = sentence_vectors[[row[(c.doc_id, c.sentence_index)] for c in claims]].reshape(len(claims), -1)
    return sentence_vectors, claim_vectors


def encode_distinct(embedder: Embedder, texts: list[str], *, batch_size: int, show_progress: bool) -> np.ndarray:
    """Embeddings of ``texts``, one row each, computing each distinct text once: copies,
    credit lines and table labels recur across a corpus."""
    row_of: dict[str, int] = {}
    rows = np.fromiter((row_of.setdefault(text, len(row_of)) for text in texts), dtype=np.int64, count=len(texts))
    vectors = embedder.encode(list(row_of), batch_size=batch_size, show_progress=show_progress)
    return vectors[rows].reshape(len(texts), -1)
