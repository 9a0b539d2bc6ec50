"""One verdict per claim pair from the two NLI directions and the explicit slot findings."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from crosscheck.types import NLI_LABELS, PairLabel, Reason

_E, _N, _C = (NLI_LABELS.index(name) for name in ("entailment", "neutral", "contradiction"))


def decide(nli_ab: np.ndarray, nli_ba: np.ndarray, reasons: Sequence[Reason]) -> tuple[PairLabel, float]:
    """Combine NLI probabilities (columns in ``NLI_LABELS`` order) and slot reasons.

    An explicit slot conflict outweighs NLI entailment; a missing slot is no conflict.

    Returns:
        The label and its probability.
    """
    if any(r.conflict for r in reasons):
        return "conflict", float(max(0.9, nli_ab[_C], nli_ba[_C]))
    contradiction = max(float(nli_ab[_C]), float(nli_ba[_C]))
    entailment = max(float(nli_ab[_E]), float(nli_ba[_E]))
    if contradiction >= 0.5 and contradiction > entailment:
        return "conflict", contradiction
    if entailment >= 0.5:
        return "agree", entailment
    return "related", float(1.0 - max(contradiction, entailment))
