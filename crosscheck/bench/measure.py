"""Measurement helpers: rates with a confidence interval, peak memory, the NLI calls and parsed texts of a run."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Sequence

# --------------------------------------------------------------------------- statistics


def mean_ci(values: Sequence[float]) -> dict[str, float | int | None]:
    """Mean and half-width of a 95% t-interval (None with fewer than two values)."""
    n = len(values)
    if n == 0:
        return {"mean": None, "ci95": None, "n": 0}
    mean = sum(values) / n
    if n < 2:
        return {"mean": mean, "ci95": None, "n": n}
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    t = {2: 12.706, 3: 4.303, 4: 3.182, 5: 2.776, 6: 2.571, 7: 2.447, 8: 2.365, 9: 2.306, 10: 2.262}.get(n, 1.96)
    return {"mean": mean, "ci95": t * sd / math.sqrt(n), "n": n}


def measure_rate(
    fn: Callable[[], object], items: int, repeats: int = 3, warm_up: Callable[[], object] | None = None
) -> dict[str, float | int | None]:
    """Items per second of ``fn`` over ``repeats`` timed calls after one warm-up call
    (``warm_up`` if given, e.g. one batch, else ``fn`` itself)."""
    (warm_up or fn)()
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        rates.append(items / max(time.perf_counter() - started, 1e-9))
    return {**mean_ci(rates), "items": items}


def nli_calls(report: object, max_chars: int) -> list[tuple[str, str]]:
    """The distinct (premise, hypothesis) pairs the verify stage scored for ``report``.

    Mirrors ``crosscheck.verify.verify_pairs``: both directions of every verdict the NLI
    model scored (not those the slots settled), claims cut to ``max_chars``, duplicates
    scored once.
    """
    text = {c.id: c.text[:max_chars] for c in report.claims}  # type: ignore[attr-defined]
    calls: dict[tuple[str, str], None] = {}
    for v in report.verdicts:  # type: ignore[attr-defined]
        if v.nli_ab is None:
            continue
        a, b = text[v.a], text[v.b]
        calls.setdefault((a, b), None)
        calls.setdefault((b, a), None)
    return list(calls)


def parsed_texts(documents: Sequence[object], config: object) -> list[str]:
    """The distinct texts the slot stage parses for ``documents``: every claim candidate,
    before the filter that drops candidates without a verb."""
    from crosscheck.claims import claim_candidates
    from crosscheck.claims.segment import split_sentences

    sentences = [s for doc in documents for s in split_sentences(doc)]  # type: ignore[arg-type]
    return list(dict.fromkeys(c.text for c in claim_candidates(documents, sentences, config)))  # type: ignore[arg-type]


def peak_rss_bytes(children: bool = False) -> int:
    """Peak resident memory of this process so far, or with ``children`` that of the
    largest of its finished child processes (the slot extraction's parsing workers)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)
