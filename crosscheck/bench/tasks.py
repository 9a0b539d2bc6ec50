"""Worker side of the speed benchmark: one timed task per subprocess (``python -m crosscheck.bench.tasks --worker``)."""

from __future__ import annotations

import json
import logging
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from crosscheck.bench.corpora import load_corpus
from crosscheck.bench.measure import mean_ci, measure_rate, nli_calls, parsed_texts, peak_rss_bytes


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


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        sys.exit(_worker_main(sys.argv[2:]))
    sys.exit("usage: python -m crosscheck.bench.tasks --worker SPEC.json OUT.json (run `crosscheck bench speed` instead)")
