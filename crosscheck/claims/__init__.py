"""The claims stage: sentences (``segment``), check-worthy ones (``checkworthy``), their slots (``slots/``)."""

from __future__ import annotations

from crosscheck.claims.extract import claim_candidates, find_claims
from crosscheck.claims.segment import split_sentences

__all__ = ["claim_candidates", "find_claims", "split_sentences"]
