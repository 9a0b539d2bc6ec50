"""The claims stage: check-worthy sentences, then their slots; claims the parser finds no verb in are dropped."""

from __future__ import annotations

from collections.abc import Sequence

from crosscheck.claims.checkworthy import extract_claims
from crosscheck.claims.slots.parse import extract_slots
from crosscheck.config import Config
from crosscheck.types import Claim, Document, Sentence


def claim_candidates(documents: Sequence[Document], sentences: Sequence[Sentence], config: Config) -> list[Claim]:
    """The check-worthy sentences of ``documents``, before slots: the texts the slot stage
    parses (the speed benchmark times the parser on them)."""
    by_doc: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_doc.setdefault(sentence.doc_id, []).append(sentence)
    return [c for doc in documents for c in extract_claims(doc, by_doc.get(doc.id, []), config)]


def find_claims(
    documents: Sequence[Document], sentences: Sequence[Sentence], config: Config, *, show_progress: bool = False
) -> list[Claim]:
    """The claims of ``documents`` with their slots filled.

    Args:
        documents: the dated documents.
        sentences: their sentences (``split_sentences``).
        config: run settings (``min_claim_chars``, ``parse_processes``).
        show_progress: show a progress bar while parsing.
    """
    docs = {doc.id: doc for doc in documents}
    bare = claim_candidates(documents, sentences, config)
    slots = extract_slots(
        [c.text for c in bare], [c.start for c in bare], [docs[c.doc_id].date for c in bare],
        processes=config.parse_processes, show_progress=show_progress,
    )
    # A candidate with no verb asserts nothing ("Shr profit 42 cts vs loss 11 cts", a table
    # row or a label): without its document around it, nobody can check it against another.
    return [c.model_copy(update=s.as_claim_fields()) for c, s in zip(bare, slots, strict=True) if s.has_verb]
