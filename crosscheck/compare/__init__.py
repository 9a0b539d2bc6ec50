"""Compare two claims: one rule family per module, one :class:`Comparison` per pair.

- ``figures``: amounts, counts, percentages, durations, dates, weekdays
- ``actors``: people, bodies, places, speakers
- ``wording``: polarity and antonyms, quotes, framing
- ``events``: whether the findings show two events (the one-event rule clustering reads)
- ``pair``: ``compare_claims`` runs them all once per pair; ``Comparisons`` remembers pairs
"""

from __future__ import annotations

from crosscheck.compare import actors, events, figures, pair, wording
from crosscheck.compare.actors import names_overlap, same_actor
from crosscheck.compare.events import FIGURES_AND_TIMES, days_apart, different_events, worded_alike
from crosscheck.compare.pair import Comparison, Comparisons, compare_claims, slot_reasons

# Every reason kind, with the confidence its rule family declares next to the rule.
CONFIDENCE: dict[str, float] = {**figures.REASONS, **actors.REASONS, **wording.REASONS, **events.REASONS, **pair.REASONS}

__all__ = [
    "CONFIDENCE",
    "FIGURES_AND_TIMES",
    "Comparison",
    "Comparisons",
    "compare_claims",
    "days_apart",
    "different_events",
    "names_overlap",
    "same_actor",
    "slot_reasons",
    "worded_alike",
]
