"""Speed and scale: per-stage and end-to-end time, peak memory, pure model throughput.

Every measured run is its own subprocess (``python -m crosscheck.bench.speed --worker``),
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

import json
import logging
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

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


# --------------------------------------------------------------------------- worker side


def load_corpus(corpus: str, limit: int | None, reuters_dir: str | Path, seeds_dir: str | Path) -> list[object]:
    """Documents of ``corpus`` (``seeds`` or ``reuters``), the first ``limit`` of them.

    Raises:
        ValueError: if ``corpus`` is neither, or the seeds cannot be read.
    """
    if corpus == "reuters":
        from crosscheck.bench.reuters import load_reuters

        return list(load_reuters(reuters_dir, limit))
    if corpus == "seeds":
        from crosscheck.ingest import load_documents

        loaded = load_documents([seeds_dir])
        if loaded.errors or not loaded.documents:
            raise ValueError(f"cannot read seeds from {seeds_dir}: {'; '.join(loaded.errors) or 'no documents'}")
        return list(loaded.documents)[:limit] if limit else list(loaded.documents)
    raise ValueError(f"unknown corpus {corpus!r}; use 'seeds' or 'reuters'")


class _StageLog(logging.Handler):
    """Appends each 'stage X: t s' log line of the pipeline to a progress file, so a run
    stopped by its time limit still tells how far it got."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.INFO)
        self.path = path
        self.started = time.perf_counter()

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "crosscheck.pipeline" and record.getMessage().startswith("stage "):
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps({"at": round(time.perf_counter() - self.started, 2), "log": record.getMessage()}) + "\n")


def _progress_logging(progress: Path | None) -> None:
    if progress is None:
        return
    pipeline_logger = logging.getLogger("crosscheck.pipeline")
    pipeline_logger.setLevel(logging.INFO)
    pipeline_logger.addHandler(_StageLog(progress))
    # INFO on the pipeline logger would switch its progress bars on; keep them off.
    for name in ("crosscheck.verify.nli", "crosscheck.embed"):
        logging.getLogger(name).setLevel(logging.WARNING)


def run_pipeline_task(spec: dict[str, object]) -> dict[str, object]:
    """Run one timed pipeline job (worker side); see the module docstring for the fields."""
    from crosscheck.claims.segment import split_sentences
    from crosscheck.claims.slots.parse import parse_only, parsing_processes
    from crosscheck.config import Config
    from crosscheck.pipeline import Checker

    config = Config(**spec.get("config", {}))  # type: ignore[arg-type]
    started = time.perf_counter()
    documents = load_corpus(str(spec["corpus"]), spec.get("limit"), spec["reuters_dir"], spec["seeds_dir"])  # type: ignore[arg-type]
    read_seconds = time.perf_counter() - started

    checker = Checker(config)
    started = time.perf_counter()
    checker.embedder.encode(["Warm-up sentence."], batch_size=config.embed_batch_size)
    checker.nli.predict([("A warm-up premise.", "A warm-up hypothesis.")], batch_size=config.nli_batch_size)
    load_seconds = time.perf_counter() - started

    runs = []
    report = None
    for _ in range(int(spec.get("repeats", 1))):  # type: ignore[call-overload]
        started = time.perf_counter()
        report = checker.check(documents)  # type: ignore[arg-type]
        runs.append(time.perf_counter() - started)
    if report is None:
        raise ValueError(f"repeats must be at least 1, got {spec.get('repeats')}")
    peak = peak_rss_bytes()
    calls = nli_calls(report, config.max_claim_chars)
    stats = {**report.stats, "nli_calls": len(calls)}

    rng = random.Random(0)
    sample_docs = rng.sample(list(report.documents), min(len(report.documents), 200))
    sentences = [s.text for d in sample_docs for s in split_sentences(d)]
    sentences = rng.sample(sentences, min(len(sentences), int(spec.get("sample_sentences", 768))))  # type: ignore[call-overload]
    pairs = rng.sample(calls, min(len(calls), int(spec.get("sample_pairs", 192))))  # type: ignore[call-overload]
    repeats = int(spec.get("throughput_repeats", 3))  # type: ignore[call-overload]
    embed_rate = measure_rate(
        lambda: checker.embedder.encode(sentences, batch_size=config.embed_batch_size),
        len(sentences),
        repeats,
        warm_up=lambda: checker.embedder.encode(sentences[: config.embed_batch_size], batch_size=config.embed_batch_size),
    )
    nli_rate = (
        measure_rate(
            lambda: checker.nli.predict(pairs, batch_size=config.nli_batch_size),
            len(pairs),
            repeats,
            warm_up=lambda: checker.nli.predict(pairs[: config.nli_batch_size], batch_size=config.nli_batch_size),
        )
        if pairs
        else {"mean": None, "ci95": None, "n": 0, "items": 0}
    )
    pure = None
    if embed_rate["mean"] and (nli_rate["mean"] or not calls):
        pure = stats["sentences"] / embed_rate["mean"] + (len(calls) / nli_rate["mean"] if calls else 0.0)  # type: ignore[operator]
    parsed = parsed_texts(report.documents, config)
    parse_sample = rng.sample(parsed, min(len(parsed), int(spec.get("sample_parse_texts", 512))))  # type: ignore[call-overload]
    parse_rate = (
        measure_rate(lambda: parse_only(parse_sample), len(parse_sample), repeats, warm_up=lambda: parse_only(parse_sample[:64]))
        if parse_sample
        else {"mean": None, "ci95": None, "n": 0, "items": 0}
    )
    processes = parsing_processes(len(parsed), config.parse_processes)
    pure_parse = len(parsed) / (parse_rate["mean"] * processes) if parse_rate["mean"] else (0.0 if not parsed else None)  # type: ignore[operator]
    with_parser = pure + pure_parse if pure is not None and pure_parse is not None else None
    check_seconds = runs[0]
    return {
        "status": "ok",
        "documents": len(documents),
        "read_seconds": read_seconds,
        "load_seconds": load_seconds,
        "check_seconds": check_seconds,
        "check_seconds_repeats": mean_ci(runs) if len(runs) > 1 else None,
        "end_to_end_seconds": read_seconds + load_seconds + check_seconds,
        "stages": dict(report.timings),
        "stats": stats,
        "peak_rss_bytes": peak,
        "parse_worker_peak_rss_bytes": peak_rss_bytes(children=True),
        "throughput": {
            "embed_sentences_per_second": embed_rate,
            "nli_pairs_per_second": nli_rate,
            "parse_texts_per_second_per_process": parse_rate,
            "embed_batch_size": config.embed_batch_size,
            "nli_batch_size": config.nli_batch_size,
            "parse_processes": processes,
            "parsed_texts": len(parsed),
        },
        "pure_model_seconds": pure,
        "overhead_ratio": check_seconds / pure if pure else None,
        "pure_parse_seconds": pure_parse,
        "overhead_ratio_with_parser": check_seconds / with_parser if with_parser else None,
        "models": dict(report.models),
    }


def _worker_main(argv: Sequence[str]) -> int:
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    out = Path(argv[1])
    progress = Path(spec["progress"]) if spec.get("progress") else None
    _progress_logging(progress)
    if spec["kind"] == "pipeline":
        result = run_pipeline_task(spec)
    elif spec["kind"] == "baseline":
        from crosscheck.bench.baseline import run_baseline_task

        result = run_baseline_task(spec)
    else:
        raise ValueError(f"unknown task kind {spec['kind']!r}")
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


# --------------------------------------------------------------------------- parent side


@dataclass(frozen=True)
class Limits:
    """Bounds on each worker: wall seconds and resident memory."""

    seconds: float
    memory_bytes: int


def _rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def run_worker(spec: dict[str, object], limits: Limits, workdir: Path) -> dict[str, object]:
    """Run one task in a subprocess under ``limits``; never raises for a failed task.

    Returns:
        The worker's result, or ``{"status": "timeout" | "memory_limit" | "error", ...}``
        with the stages it finished (from its progress file) and the peak memory seen.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    name = str(spec["name"]).replace("/", "_")
    spec_path, out_path, progress = workdir / f"{name}.spec.json", workdir / f"{name}.out.json", workdir / f"{name}.progress.jsonl"
    for p in (out_path, progress):
        p.unlink(missing_ok=True)
    spec_path.write_text(json.dumps({**spec, "progress": str(progress)}), encoding="utf-8")
    log_path = workdir / f"{name}.log"
    started = time.perf_counter()
    peak_seen = 0
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "crosscheck.bench.speed", "--worker", str(spec_path), str(out_path)], stdout=log, stderr=log
        )
        status = None
        while proc.poll() is None:
            time.sleep(0.5)
            peak_seen = max(peak_seen, _rss_bytes(proc.pid))
            if peak_seen > limits.memory_bytes:
                status = "memory_limit"
            elif time.perf_counter() - started > limits.seconds:
                status = "timeout"
            if status:
                proc.kill()
                proc.wait()
                break
    wall = time.perf_counter() - started
    if status is None and proc.returncode == 0 and out_path.is_file():
        result = json.loads(out_path.read_text(encoding="utf-8"))
        result["worker_wall_seconds"] = wall
        return result
    stages = []
    if progress.is_file():
        stages = [json.loads(line) for line in progress.read_text(encoding="utf-8").splitlines() if line.strip()]
    tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:] if log_path.is_file() else ""
    return {
        "status": status or "error",
        "worker_wall_seconds": wall,
        "limit_seconds": limits.seconds,
        "limit_memory_bytes": limits.memory_bytes,
        "peak_rss_bytes_seen": peak_seen,
        "stages_finished": stages,
        "log_tail": tail if status is None else "",
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


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        sys.exit(_worker_main(sys.argv[2:]))
    sys.exit("usage: python -m crosscheck.bench.speed --worker SPEC.json OUT.json (run `crosscheck bench speed` instead)")
