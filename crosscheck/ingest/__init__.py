"""The ingest stage: files, folders and JSONL to ``Document``s (``files``), each dated (``dating``)."""

from __future__ import annotations

from crosscheck.ingest.files import IngestResult, load_documents, make_document, split_articles

__all__ = ["IngestResult", "load_documents", "make_document", "split_articles"]
