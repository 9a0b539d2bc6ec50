"""The verify stage: candidate pairs (``candidates``), NLI (``nli``), the verdict rules (``decide``), verdicts (``pairs``)."""

from __future__ import annotations

from crosscheck.verify.candidates import CandidatePair, candidate_pairs
from crosscheck.verify.pairs import verify_pairs

__all__ = ["CandidatePair", "candidate_pairs", "verify_pairs"]
