"""The verify stage: pair selection (``select``, ``candidates``), the judge (``nli``, ``judge``),
the verdict rules (``decide``, ``differences``), verdicts (``pairs``)."""

from __future__ import annotations

from crosscheck.verify.candidates import CandidatePair, EventLinks, candidate_pairs, event_links, with_events
from crosscheck.verify.judge import Judgement, judge_pairs
from crosscheck.verify.pairs import verify_pairs

__all__ = ["CandidatePair", "EventLinks", "Judgement", "candidate_pairs", "event_links", "judge_pairs", "verify_pairs", "with_events"]
