"""The judge: one forward pass of the pair model per direction gives NLI and same-event scores.

Every candidate pair is scored as (a, b) and as (b, a); the premise/hypothesis pairs are
flattened into one deduplicated list and scored in batches, so a sentence repeated across
pairs costs one call per partner. A model with a ``same_event`` output (the shipped one)
also says how likely the two claims report the same real-world event: the mean of the two
directions. A plain 3-way NLI model gives no same-event score (``same_event`` is None), and
the cluster stage then falls back on cosine similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from crosscheck.config import Config
from crosscheck.protocols import NLIModel
from crosscheck.verify.candidates import CandidatePair


@dataclass(frozen=True)
class Judgement:
    """What the judge says of one pair: NLI both ways (``NLI_LABELS`` order) and p(same event)."""

    nli_ab: np.ndarray
    nli_ba: np.ndarray
    same_event: float | None


def judge_pairs(
    pairs: Sequence[CandidatePair], nli: NLIModel, *, config: Config | None = None, show_progress: bool = False
) -> list[Judgement]:
    """Score every pair both ways; one ``Judgement`` per pair, in order.

    Args:
        pairs: the candidate pairs.
        nli: the pair model; its ``score`` method is used when it has one (NLI and
            same-event from one pass), else ``predict`` (NLI only).
        config: ``nli_batch_size`` and ``max_claim_chars`` (claims are cut to this first).
        show_progress: show a progress bar while scoring.
    """
    config = config or Config()
    cut = config.max_claim_chars
    texts: dict[tuple[str, str], int] = {}
    for pair in pairs:
        a, b = pair.a.text[:cut], pair.b.text[:cut]
        texts.setdefault((a, b), len(texts))
        texts.setdefault((b, a), len(texts))
    if not texts:
        return []
    score = getattr(nli, "score", None)
    if callable(score):
        scored = score(list(texts), batch_size=config.nli_batch_size, show_progress=show_progress)
        probs, same = scored.nli, scored.same_event
    else:
        probs, same = nli.predict(list(texts), batch_size=config.nli_batch_size, show_progress=show_progress), None
    out = []
    for pair in pairs:
        a, b = pair.a.text[:cut], pair.b.text[:cut]
        i, j = texts[(a, b)], texts[(b, a)]
        p_same = None if same is None else round(float(same[i] + same[j]) / 2, 4)
        out.append(Judgement(probs[i], probs[j], p_same))
    return out
