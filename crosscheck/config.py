"""Run settings, with defaults chosen for news text on a laptop CPU."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# No sentence is longer than this: a longer stretch without a sentence end (a scraped page
# flattened onto one line, a table) is cut at white space into pieces of at most this many
# characters (claims/segment.py), so that the parser never sees a text over its limit (spaCy's
# E088), and ingest says which lines that happened to.
MAX_SENTENCE_CHARS = 2_000


class Config(BaseModel):
    """Settings of one run; recorded in every report."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    embedder: str = Field(default="minilm", description="Registered embedder name (see crosscheck.backends).")
    nli_model: str = Field(default="crosscheck-nli", description="Registered NLI model name or a model folder.")
    index: str = Field(default="faiss-flat", description="Vector index kind: faiss-flat, faiss-hnsw or numpy.")
    neighbours: int = Field(default=10, ge=1, le=200, description="Nearest claims from other documents considered per claim.")
    mutual_neighbours: bool = Field(
        default=True, description="Verify a pair only when each claim is among the other's nearest neighbours (keeps pairs linear in corpus size)."
    )
    cluster_threshold: float = Field(default=0.55, ge=-1.0, le=1.0, description="Mean cosine similarity a claim needs to the members of an event to join it (average linkage).")
    pair_threshold: float = Field(default=0.6, ge=-1.0, le=1.0, description="Cosine similarity for a pair to be verified by NLI.")
    max_period_gap_days: int = Field(default=60, ge=0, description="Documents dated further apart than this are different periods.")
    parse_processes: int = Field(default=2, ge=1, description="Parsing processes for slot extraction when there are 2,000 distinct claim texts or more (capped at the CPU count; one inside a daemonic process, which cannot start processes).")
    contradiction_threshold: float = Field(
        default=0.8, ge=0.0, le=1.0,
        description="NLI contradiction needed in both directions (and above entailment) for a conflict without an explicit slot conflict.",
    )
    soft_contradiction_margin: float = Field(
        default=0.2, ge=0.0, le=1.0,
        description="How much lower the contradiction may be when a soft finding (quote wording, framing, speaker, or an unconfirmed figure) backs it.",
    )
    entailment_threshold: float = Field(default=0.5, ge=0.0, le=1.0, description="NLI entailment (either direction, above contradiction) needed for agreement.")
    consistent_entailment_margin: float = Field(
        default=0.1, ge=0.0, le=1.0, description="How much lower the entailment may be when figures or dates match (consistent slots)."
    )
    copy_share: float = Field(
        default=0.5, ge=0.0, le=1.0,
        description="Share of the shorter document's sentences aligned, mostly in order, from which two documents are copies of one source (one source when counting independent sources).",
    )
    same_statement: float = Field(
        default=0.5, ge=0.0, le=1.0,
        description="Content-word overlap (Jaccard, figures or names aside) from which two claims read as one statement: only then does a differing figure conflict by itself, or a different name stay a conflict rather than two statements.",
    )
    embed_batch_size: int = Field(default=64, ge=1)
    nli_batch_size: int = Field(default=32, ge=1)
    min_claim_chars: int = Field(default=30, ge=1, description="Shorter sentences are never claims.")
    max_claim_chars: int = Field(default=600, ge=1, description="Longer sentences are cut to this for NLI.")
