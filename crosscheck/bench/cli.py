"""``crosscheck bench``: accuracy against a gold folder, and speed and scale on CPU.

Thin commands: they parse options, call ``crosscheck.bench.accuracy`` /
``crosscheck.bench.speed``, print a table and write JSON. Heavy imports happen inside.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from crosscheck.atomic import write_text_atomic
from crosscheck.console import fail

bench_app = typer.Typer(help="Benchmarks: accuracy against gold labels, speed and scale on CPU.", no_args_is_help=True)


def _setup_logging(quiet: bool) -> None:
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(message)s", stream=sys.stderr)
    for noisy in ("sentence_transformers", "transformers", "faiss", "httpx", "urllib3", "crosscheck.pipeline", "crosscheck.verify.nli", "crosscheck.embed"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _check_output(path: Path | None, force: bool) -> None:
    if path is not None and path.exists() and not force:
        raise fail(f"{path} exists; pass --force to overwrite it or choose another --out")


def _config_overrides(embedder: str | None, nli_model: str | None) -> dict[str, object]:
    return {k: v for k, v in (("embedder", embedder), ("nli_model", nli_model)) if v is not None}


@bench_app.command()
def accuracy(
    gold: Annotated[Path, typer.Option("--gold", help="Gold folder (schema: ../shared/eval/README.md).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the results JSON here.")] = None,
    corpus: Annotated[list[Path] | None, typer.Option("--corpus", help="Folder holding the files documents.jsonl names (default: seeds/).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    nli_model: Annotated[str | None, typer.Option(help="NLI backend name or model folder.")] = None,
    embedder: Annotated[str | None, typer.Option(help="Embedder backend name.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Run the pipeline on the gold folder's corpus and score claims, clusters, pairs and synthetic conflicts."""
    from crosscheck.bench.accuracy import format_table, run_accuracy
    from crosscheck.config import Config

    _setup_logging(quiet)
    _check_output(out, force)
    try:
        run = run_accuracy(gold, corpus or [], Config(**_config_overrides(embedder, nli_model)))
    except (FileNotFoundError, ValueError) as exc:
        raise fail(str(exc)) from exc
    typer.echo(format_table(run.results))
    if out is not None:
        write_text_atomic(out, json.dumps(run.results, indent=2, default=str) + "\n")
        typer.echo(f"\nwrote {out}")


@bench_app.command()
def speed(
    out: Annotated[Path, typer.Option("--out", "-o", help="Results JSON.")] = Path("benchmarks/results/speed.json"),
    plot: Annotated[Path | None, typer.Option("--plot", help="PNG of time and memory against corpus size (needs matplotlib).")] = Path(
        "benchmarks/results/speed.png"
    ),
    sizes: Annotated[str, typer.Option(help="Reuters slices, comma-separated: numbers, '5k', 'all'.")] = "1k,5k,all",
    reuters: Annotated[Path, typer.Option(help="Folder holding the Reuters-21578 reut2-*.sgm files.")] = Path(
        "../shared/nli-data/news/reuters21578"
    ),
    seeds: Annotated[Path | None, typer.Option(help="Seed corpus folder (default: the checkout's seeds/).")] = None,
    baseline_docs: Annotated[int, typer.Option(help="Reuters documents for the brute-force baseline (0 skips it).")] = 300,
    seed_repeats: Annotated[int, typer.Option(help="Timed pipeline runs on the seeds (the first includes spaCy loading).")] = 3,
    budget_minutes: Annotated[float, typer.Option(help="Total time budget; a slice that would not fit is skipped.")] = 60.0,
    run_limit_minutes: Annotated[float, typer.Option(help="Wall-time limit of each run.")] = 30.0,
    memory_limit_gb: Annotated[float, typer.Option(help="Resident memory limit of each run.")] = 12.0,
    note: Annotated[str | None, typer.Option(help="Free text recorded in the results (e.g. what else ran on the machine).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out and --plot if they exist.")] = False,
    nli_model: Annotated[str | None, typer.Option(help="NLI backend name or model folder.")] = None,
    embedder: Annotated[str | None, typer.Option(help="Embedder backend name.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Time each stage and the whole pipeline on the seeds and growing Reuters slices, with peak memory,
    pure model throughput and a brute-force NLI baseline."""
    from crosscheck.bench.speed import format_table, run_speed

    _setup_logging(quiet)
    _check_output(out, force)
    _check_output(plot, force)
    if budget_minutes <= 0 or run_limit_minutes <= 0 or memory_limit_gb <= 0:
        raise fail("--budget-minutes, --run-limit-minutes and --memory-limit-gb must be positive")

    def progress(name: str, result: dict[str, object]) -> None:
        typer.echo(f"{name}: {result.get('status')} ({result.get('worker_wall_seconds', 0):.0f} s)", err=True)

    try:
        results = run_speed(
            sizes=[s for s in sizes.split(",") if s.strip()],
            reuters_dir=reuters,
            seeds_dir=seeds,
            baseline_docs=baseline_docs,
            seed_repeats=seed_repeats,
            config=_config_overrides(embedder, nli_model),
            budget_seconds=budget_minutes * 60,
            run_limit_seconds=run_limit_minutes * 60,
            memory_limit_bytes=int(memory_limit_gb * 2**30),
            note=note,
            on_result=progress,
        )
    except (FileNotFoundError, ValueError) as exc:
        raise fail(str(exc)) from exc
    write_text_atomic(out, json.dumps(results, indent=2, default=str) + "\n")
    typer.echo(format_table(results))
    typer.echo(f"\nwrote {out}")
    if plot is not None:
        from crosscheck.bench.plot import plot_speed

        try:
            typer.echo(f"wrote {plot_speed(results, plot)}")
        except (ImportError, ValueError) as exc:
            typer.echo(f"crosscheck: warning: no plot: {exc}", err=True)
