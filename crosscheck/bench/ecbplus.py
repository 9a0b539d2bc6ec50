"""ECB+ as a crosscheck corpus: its documents, the gold story of each, and the event chains of claims.

ECB+ (``../shared/eval-external/ecbplus/documents.jsonl``) holds news documents split into
sentences; an annotated (``selected``) sentence lists the cross-document event chains it
mentions. Each sentence becomes one paragraph, so the pipeline's sentences are ECB+'s and a
claim maps back to its sentence by position.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crosscheck.ingest.dating import infer_document_dates
from crosscheck.types import Claim, Document

__all__ = ["SentenceChains", "claim_chains", "load_ecbplus"]


@dataclass(frozen=True)
class SentenceChains:
    """Where each sentence of one document starts, and its event chains (None: not annotated)."""

    starts: tuple[int, ...]
    chains: tuple[frozenset[str] | None, ...]


def load_ecbplus(path: str | Path, split: str) -> tuple[list[Document], dict[str, str], dict[str, SentenceChains]]:
    """The dated documents of one split, the gold subtopic (story) of each, and their sentences' chains.

    Singleton chains (an event only one sentence mentions) are dropped.

    Raises:
        FileNotFoundError: if ``path`` does not exist.
        ValueError: if no document has the split.
    """
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["split"] == split]
    if not rows:
        raise ValueError(f"{path} has no documents of split {split!r}")
    documents, story_of, chains = [], {}, {}
    for r in rows:
        text = "\n\n".join(s["text"] for s in r["sentences"])
        documents.append(Document(id=r["doc_id"], source=r["doc_id"], text=text))
        story_of[r["doc_id"]] = r["subtopic"]
        starts, offset = [], 0
        for s in r["sentences"]:
            starts.append(offset)
            offset += len(s["text"]) + 2
        chains[r["doc_id"]] = SentenceChains(
            tuple(starts),
            tuple(frozenset(c for c in s["event_clusters"] if not c.startswith("SINGLETON")) if s["selected"] else None
                  for s in r["sentences"]),
        )
    return infer_document_dates(documents), story_of, chains


def claim_chains(claims: Sequence[Claim], chains: dict[str, SentenceChains]) -> dict[str, frozenset[str]]:
    """The event chains of each claim whose sentence is annotated and names at least one chain."""
    out: dict[str, frozenset[str]] = {}
    for c in claims:
        doc = chains.get(c.doc_id)
        if doc is None:
            continue
        line = int(np.searchsorted(doc.starts, c.start, side="right")) - 1
        if 0 <= line < len(doc.chains) and doc.chains[line]:
            out[c.id] = doc.chains[line]
    return out
