"""The embed stage: sentence vectors (``distinct``) from the packaged MiniLM model (``minilm``)."""

from __future__ import annotations

from crosscheck.embed.distinct import embed_sentences, encode_distinct

__all__ = ["embed_sentences", "encode_distinct"]
