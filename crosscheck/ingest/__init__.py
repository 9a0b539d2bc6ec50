"""The ingest stage: files, folders and JSONL to ``Document``s (``files``; articles of a text file in ``articles``), each dated (``dating``)."""

from __future__ import annotations

from crosscheck.ingest.articles import make_document, split_articles
from crosscheck.ingest.files import IngestResult, load_documents

__all__ = ["IngestResult", "load_documents", "make_document", "split_articles"]
