"""Verify candidate claim pairs: NLI in both directions plus the explicit slot comparison.

All premise/hypothesis pairs are flattened into one deduplicated list and scored in
batches, so a sentence repeated across pairs costs one NLI call per partner, not more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from crosscheck.backends import NLIModel
from crosscheck.compare import different_events
from crosscheck.decide import decide
from crosscheck.types import NLI_LABELS, Claim, PairVerdict, Reason


@dataclass(frozen=True)
class CandidatePair:
    """Two claims to verify, their cosine similarity and the event they share, if any."""

    a: Claim
    b: Claim
    similarity: float
    cluster_id: str | None = None
    same_period: bool = True
    reused: bool = False


def verify_pairs(
    pairs: Sequence[CandidatePair],
    nli: NLIModel,
    *,
    compare: Callable[[Claim, Claim], Sequence[Reason]] | None = None,
    batch_size: int = 32,
    max_chars: int = 600,
    show_progress: bool = False,
) -> list[PairVerdict]:
    """Return one verdict per pair, in the order given.

    Args:
        pairs: the pairs to verify.
        nli: the NLI backend; each pair is scored as (a, b) and as (b, a).
        compare: explicit slot comparison returning reasons; None skips it.
        batch_size: NLI batch size.
        max_chars: claims are cut to this many characters before NLI.
        show_progress: show a progress bar while scoring.
    """
    texts: dict[tuple[str, str], int] = {}
    for pair in pairs:
        a, b = pair.a.text[:max_chars], pair.b.text[:max_chars]
        texts.setdefault((a, b), len(texts))
        texts.setdefault((b, a), len(texts))
    probs = nli.predict(list(texts), batch_size=batch_size, show_progress=show_progress) if texts else None
    verdicts = []
    for pair in pairs:
        a, b = pair.a.text[:max_chars], pair.b.text[:max_chars]
        ab, ba = probs[texts[(a, b)]], probs[texts[(b, a)]]
        reasons = list(compare(pair.a, pair.b)) if compare else []
        apart = _apart(pair, reasons)
        if apart is not None:
            # Two periods or two events: their differences are findings, not conflicts.
            reasons = [r.model_copy(update={"conflict": False}) for r in reasons] + [apart]
        label, probability = decide(ab, ba, reasons)
        if label == "conflict" and apart is not None:
            label = "related"
        verdicts.append(
            PairVerdict(
                a=pair.a.id,
                b=pair.b.id,
                cluster_id=pair.cluster_id,
                label=label,
                probability=round(probability, 4),
                similarity=round(pair.similarity, 4),
                nli_ab={name: round(float(p), 4) for name, p in zip(NLI_LABELS, ab)},
                nli_ba={name: round(float(p), 4) for name, p in zip(NLI_LABELS, ba)},
                reasons=tuple(reasons),
                reused=pair.reused,
            )
        )
    return verdicts


def _apart(pair: CandidatePair, reasons: Sequence[Reason]) -> Reason | None:
    """The reason the two claims cannot conflict (different periods or events), if any."""
    if not pair.same_period:
        return Reason(kind="period", message="the claims come from different periods: not compared as a conflict", conflict=False)
    return different_events(pair.a, pair.b, reasons)
