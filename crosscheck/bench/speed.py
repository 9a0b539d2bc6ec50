"""Speed and scale: per-stage and end-to-end time, peak memory, pure model throughput.

Every measured run is its own subprocess (``python -m crosscheck.bench.tasks --worker``, started by ``runner``),
so its peak memory is its own and a run that goes over its time or memory limit can be
stopped without losing the others. The parent watches each worker's resident memory and
wall time, and skips a slice whose time, extrapolated from the previous slice, would not
fit in what is left of the total budget.

What one pipeline run records:

- ``read_seconds`` (files -> Documents), ``load_seconds`` (model weights, warm-up),
  ``check_seconds`` (``Checker.check`` with warm models) and their sum ``end_to_end_seconds``;
- ``stages``: ``Report.timings``; ``stats``: ``Report.stats`` plus ``nli_calls`` (the
  distinct premise/hypothesis pairs scored: both directions of every verified pair);
- ``peak_rss_bytes`` (``ru_maxrss`` of the worker, models included) and
  ``parse_worker_peak_rss_bytes`` (that of the largest parsing process the slot stage
  forked; while they run they share the worker's pages, so the two do not simply add);
- ``throughput``: embedder sentences/s and NLI pairs/s at the pipeline's batch sizes,
  measured on a sample of this run's own sentences and pairs after a warm-up, repeated,
  with a 95% interval; ``pure_model_seconds`` = sentences / embed rate + NLI calls / NLI
  rate, and ``overhead_ratio`` = ``check_seconds`` / ``pure_model_seconds``;
- the slot stage's spaCy parser is a model too: ``parse_texts_per_second_per_process`` is
  its rate alone in one process on a sample of the texts the slot stage parses (claim
  candidates, distinct), ``pure_parse_seconds`` = those texts / (rate x the parsing
  processes the stage starts), and ``overhead_ratio_with_parser`` = ``check_seconds`` /
  (``pure_model_seconds`` + ``pure_parse_seconds``).
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from crosscheck.bench.runner import Limits, run_worker

logger = logging.getLogger(__name__)

DEFAULT_REUTERS = Path("../shared/nli-data/news/reuters21578")
TARGETS = {
    "all_end_to_end_seconds": 20 * 60,
    "peak_memory_bytes": 6 * 10**9,
    "scaling_all_over_5k": 4.5,
    "overhead_ratio": 1.3,
    "baseline_call_reduction": 20.0,
    "baseline_conflict_share": 0.90,
}


def _parse_sizes(sizes: Sequence[str]) -> list[int | None]:
    out: list[int | None] = []
    for raw in sizes:
        raw = raw.strip().lower()
        if raw == "all":
            out.append(None)
        elif raw.endswith("k") and raw[:-1].isdigit():
            out.append(int(raw[:-1]) * 1000)
        elif raw.isdigit() and int(raw) > 0:
            out.append(int(raw))
        else:
            raise ValueError(f"slice size {raw!r} is not a positive number, '5k' or 'all'")
    return out


def run_speed(
    *,
    sizes: Sequence[str] = ("1k", "5k", "all"),
    reuters_dir: str | Path = DEFAULT_REUTERS,
    seeds_dir: str | Path | None = None,
    baseline_docs: int = 300,
    seed_repeats: int = 3,
    config: dict[str, object] | None = None,
    budget_seconds: float = 3600.0,
    run_limit_seconds: float = 1800.0,
    memory_limit_bytes: int = 12 * 2**30,
    workdir: str | Path | None = None,
    note: str | None = None,
    on_result: Callable[[str, dict[str, object]], None] | None = None,
) -> dict[str, object]:
    """Run the speed benchmark: seeds, the brute-force baseline, then growing Reuters slices.

    A slice is skipped (``status: skipped_over_budget``, with its estimated time) when its
    time, extrapolated linearly in documents from the last finished slice, exceeds what is
    left of ``budget_seconds``; larger slices after a failed one are skipped too.

    Raises:
        ValueError: on a bad slice size or a non-positive limit.
        FileNotFoundError: if the Reuters folder has no SGML files.
    """
    from crosscheck.bench.machine import load_average, machine_info
    from crosscheck.bench.reuters import find_sgml_files

    if budget_seconds <= 0 or run_limit_seconds <= 0 or memory_limit_bytes <= 0:
        raise ValueError("budget_seconds, run_limit_seconds and memory_limit_bytes must be positive")
    if baseline_docs < 0 or seed_repeats < 1:
        raise ValueError(f"baseline_docs must be >= 0 and seed_repeats >= 1, got {baseline_docs} and {seed_repeats}")
    slice_sizes = _parse_sizes(sizes)
    find_sgml_files(reuters_dir)
    seeds = Path(seeds_dir) if seeds_dir else Path(__file__).resolve().parents[2] / "seeds"
    workdir = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="crosscheck-speed-"))
    common = {"reuters_dir": str(Path(reuters_dir).resolve()), "seeds_dir": str(seeds.resolve()), "config": config or {}}
    deadline = time.perf_counter() + budget_seconds
    limits = lambda: Limits(max(1.0, min(run_limit_seconds, deadline - time.perf_counter())), memory_limit_bytes)  # noqa: E731
    results: dict[str, object] = {
        "machine": machine_info(),
        "note": note,
        "settings": {
            "sizes": list(sizes),
            "baseline_docs": baseline_docs,
            "seed_repeats": seed_repeats,
            "budget_seconds": budget_seconds,
            "run_limit_seconds": run_limit_seconds,
            "memory_limit_bytes": memory_limit_bytes,
            "config": config or {},
        },
        "targets": TARGETS,
        "runs": {},
    }
    runs: dict[str, dict[str, object]] = results["runs"]  # type: ignore[assignment]

    def record(name: str, result: dict[str, object]) -> None:
        result["load_average_after"] = load_average()
        runs[name] = result
        logger.info("%s: %s", name, result.get("status"))
        if on_result:
            on_result(name, result)

    record("seeds", run_worker({"name": "seeds", "kind": "pipeline", "corpus": "seeds", "repeats": seed_repeats, **common}, limits(), workdir))
    if baseline_docs:
        name = f"baseline-reuters-{baseline_docs}"
        record(name, run_worker({"name": name, "kind": "baseline", "corpus": "reuters", "limit": baseline_docs, **common}, limits(), workdir))

    previous: dict[str, object] | None = None
    previous_name: str | None = None
    failed: str | None = None
    total_docs = None
    for size in slice_sizes:
        name = f"reuters-{'all' if size is None else size}"
        estimate = None
        if previous is not None:
            if total_docs is None:
                from crosscheck.bench.reuters import read_stories

                total_docs = len(read_stories(reuters_dir))
            docs = total_docs if size is None else min(size, total_docs)
            estimate = estimate_seconds(previous, docs)
        if failed == "skipped_over_budget" and estimate is not None:
            record(name, {"status": failed, "documents": docs, "estimated_seconds": estimate, "estimated_from": previous_name})
            continue
        if failed:
            record(name, {"status": "skipped_after_failure"})
            continue
        if estimate is not None:
            left = deadline - time.perf_counter()
            if estimate > left:
                record(name, {"status": "skipped_over_budget", "documents": docs, "estimated_seconds": estimate, "estimated_from": previous_name, "budget_left_seconds": left})
                failed = "skipped_over_budget"
                continue
        result = run_worker({"name": name, "kind": "pipeline", "corpus": "reuters", "limit": size, "repeats": 1, **common}, limits(), workdir)
        record(name, result)
        if result.get("status") == "ok":
            previous, previous_name = result, name
        else:
            failed = str(result.get("status"))
    results["summary"] = summarise(runs)
    return results


def estimate_seconds(finished: dict[str, object], documents: int) -> float:
    """End-to-end seconds of a run on ``documents``, extrapolated from a finished run:
    model loading is constant, reading and checking grow linearly with documents (the
    pipeline's design: index neighbourhoods, so cost grows with n*k, not n^2)."""
    scale = documents / max(1, int(finished["documents"]))  # type: ignore[arg-type]
    return float(finished["load_seconds"]) + (float(finished["read_seconds"]) + float(finished["check_seconds"])) * scale  # type: ignore[arg-type]


def summarise(runs: dict[str, dict[str, object]]) -> dict[str, object]:
    """Targets met or missed, with the measured figure and the margin, from ``runs``."""
    ok = {k: v for k, v in runs.items() if v.get("status") == "ok"}
    summary: dict[str, object] = {}

    def target(
        key: str, value: float | None, limit: float, higher_is_better: bool = False, note: str = "", estimate: float | None = None
    ) -> None:
        if value is None:
            summary[key] = {"value": None, "target": limit, "met": None, "note": note or "not measured"}
            if estimate is not None:
                summary[key].update(estimated_value=estimate, estimated_ratio_to_target=estimate / limit)  # type: ignore[union-attr]
            return
        met = value >= limit if higher_is_better else value <= limit
        summary[key] = {"value": value, "target": limit, "met": met, "ratio_to_target": value / limit, "note": note}

    full = runs.get("reuters-all", {})
    five = runs.get("reuters-5000", {})
    target(
        "all_end_to_end_seconds",
        full.get("end_to_end_seconds") if full.get("status") == "ok" else None,  # type: ignore[arg-type]
        TARGETS["all_end_to_end_seconds"],
        note="" if full.get("status") == "ok" else f"reuters-all {full.get('status', 'not run')}"
        + (f"; estimated {full['estimated_seconds']:.0f} s from {full.get('estimated_from')}" if full.get("estimated_seconds") else ""),
        estimate=full.get("estimated_seconds"),  # type: ignore[arg-type]
    )
    peaks = [int(v["peak_rss_bytes"]) for v in ok.values() if v.get("peak_rss_bytes")]  # type: ignore[arg-type]
    target("peak_memory_bytes", max(peaks) if peaks else None, TARGETS["peak_memory_bytes"], note="largest over finished runs")
    scaling = None
    if full.get("status") == "ok" and five.get("status") == "ok":
        scaling = float(full["check_seconds"]) / float(five["check_seconds"])  # type: ignore[arg-type]
    target(
        "scaling_all_over_5k",
        scaling,
        TARGETS["scaling_all_over_5k"],
        note="check_seconds(all) / check_seconds(5k)" if scaling else "needs finished reuters-5000 and reuters-all runs",
    )
    ratios = {k: v["overhead_ratio"] for k, v in ok.items() if v.get("overhead_ratio")}
    largest = max((k for k in ratios if k.startswith("reuters-") and not k.startswith("baseline")), key=lambda k: int(ok[k]["documents"]), default=None)  # type: ignore[arg-type]
    target("overhead_ratio", ratios.get(largest) if largest else None, TARGETS["overhead_ratio"], note=f"on {largest}" if largest else "")
    target(
        "overhead_ratio_with_parser",
        ok[largest].get("overhead_ratio_with_parser") if largest else None,  # type: ignore[arg-type]
        TARGETS["overhead_ratio"],
        note=f"on {largest}, the spaCy parser counted as a model too" if largest else "",
    )
    baseline = next((v for k, v in ok.items() if k.startswith("baseline")), None)
    target(
        "baseline_call_reduction",
        baseline.get("call_reduction") if baseline else None,  # type: ignore[arg-type]
        TARGETS["baseline_call_reduction"],
        higher_is_better=True,
    )
    target(
        "baseline_conflict_share",
        baseline.get("confident_conflicts_found_share") if baseline else None,  # type: ignore[arg-type]
        TARGETS["baseline_conflict_share"],
        higher_is_better=True,
        note=f"{baseline.get('confident_conflicts_found')}/{baseline.get('confident_conflicts')} confident conflicts" if baseline else "",
    )
    return summary


def format_table(results: dict[str, object]) -> str:
    """Plain-text tables: one row per run, then the targets."""
    runs: dict[str, dict[str, object]] = results["runs"]  # type: ignore[assignment]

    def num(x: object, fmt: str = "{:.1f}") -> str:
        return "-" if x is None else fmt.format(x)

    head = f"{'run':<22}{'status':<12}{'docs':>7}{'sents':>8}{'claims':>8}{'NLI':>8}{'e2e s':>9}{'check s':>9}{'peak GB':>9}{'emb/s':>8}{'nli/s':>8}{'overhd':>8}"
    lines = [head]
    for name, r in runs.items():
        stats = r.get("stats") or {}
        tp = r.get("throughput") or {}
        emb = (tp.get("embed_sentences_per_second") or {}).get("mean")  # type: ignore[union-attr]
        nli = (tp.get("nli_pairs_per_second") or {}).get("mean")  # type: ignore[union-attr]
        peak = r.get("peak_rss_bytes") or r.get("peak_rss_bytes_seen")
        lines.append(
            f"{name:<22}{str(r.get('status')):<12}{num(r.get('documents'), '{}'):>7}{num(stats.get('sentences'), '{}'):>8}"  # type: ignore[union-attr]
            f"{num(stats.get('claims'), '{}'):>8}{num(stats.get('nli_calls'), '{}'):>8}"  # type: ignore[union-attr]
            f"{num(r.get('end_to_end_seconds') or r.get('estimated_seconds')):>9}{num(r.get('check_seconds')):>9}"
            f"{num(peak / 1e9 if peak else None, '{:.2f}'):>9}{num(emb, '{:.0f}'):>8}{num(nli, '{:.0f}'):>8}{num(r.get('overhead_ratio'), '{:.2f}'):>8}"  # type: ignore[operator]
        )
    stage_names = sorted({s for r in runs.values() for s in (r.get("stages") or {})} - {"total"})  # type: ignore[union-attr]
    if stage_names:
        lines += ["", f"{'stage seconds':<22}" + "".join(f"{s:>9}" for s in stage_names)]
        for name, r in runs.items():
            if r.get("stages"):
                lines.append(f"{name:<22}" + "".join(f"{num(r['stages'].get(s)):>9}" for s in stage_names))  # type: ignore[union-attr]
    baseline = next((r for k, r in runs.items() if k.startswith("baseline") and r.get("status") == "ok"), None)
    if baseline:
        lines += [
            "",
            f"brute force on {baseline['documents']} docs: {baseline['baseline_nli_calls']} NLI calls in {baseline['baseline_seconds']:.0f} s; "
            f"pipeline {baseline['pipeline_nli_calls']} calls in {baseline['pipeline_seconds']:.1f} s "
            f"-> {num(baseline.get('call_reduction'), '{:.0f}')}x fewer calls, {num(baseline.get('time_reduction'), '{:.0f}')}x less time; "
            f"confident conflicts found {baseline['confident_conflicts_found']}/{baseline['confident_conflicts']}"
            + (
                f" ({baseline['confident_conflicts_both_directions_found']}/{baseline['confident_conflicts_both_directions']}"
                " of those contradicted in both directions)"
                if "confident_conflicts_both_directions" in baseline else ""
            ),
        ]
    lines += ["", f"{'target':<26}{'value':>14}{'target':>12}  met"]
    for key, t in (results.get("summary") or {}).items():  # type: ignore[union-attr]
        value = t["value"]
        shown = "-" if value is None else f"{value / 1e9:.2f} GB" if "bytes" in key else f"{value:.3g}"
        if value is None and t.get("estimated_value") is not None:
            shown = f"~{t['estimated_value']:.3g} (est.)"
        limit = f"{t['target'] / 1e9:.0f} GB" if "bytes" in key else f"{t['target']:g}"
        met = {True: "yes", False: "NO", None: "n/a"}[t["met"]]
        lines.append(f"{key:<26}{shown:>14}{limit:>12}  {met}  {t.get('note') or ''}")
    return "\n".join(lines)
