"""The ``crosscheck`` command line. Commands are thin: they parse, call the library, print.

Exit codes: 0 all inputs read and checked (inputs skipped on purpose, or read with a
warning, do not change it); 1 an unexpected failure; 2 bad usage or inputs that could not
be read (the readable ones are still checked and reported).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from crosscheck.bench.cli import bench_app  # light: no model imports at module level
from crosscheck.report.formats import format_names, render
from crosscheck.store.cli import store_app  # light: the store and its models load inside the commands

app = typer.Typer(help="Cross-check news claims across sources.", no_args_is_help=True, add_completion=False)
app.add_typer(bench_app, name="bench")
app.add_typer(store_app, name="store")


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"crosscheck: error: {message}", err=True)
    return typer.Exit(code)


def _setup_logging(quiet: bool) -> None:
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(message)s", stream=sys.stderr)
    # transformers draws a bar for each sub-second weight load, even with -q; the
    # progress worth showing (embedding, NLI) comes from crosscheck's own bars.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    for noisy in ("sentence_transformers", "transformers", "faiss", "httpx", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt, .md, .html, .jsonl) or folders of them.")],
    format: Annotated[str, typer.Option("--format", "-f", help=f"Report format: {', '.join(format_names())}.")] = "md",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --output if it exists.")] = False,
    nli_model: Annotated[str | None, typer.Option(help="NLI backend name or model folder.")] = None,
    embedder: Annotated[str | None, typer.Option(help="Embedder backend name.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Cross-check the articles under PATHS and write a consistency report."""
    from crosscheck.atomic import write_text_atomic
    from crosscheck.config import Config
    from crosscheck.ingest import load_documents
    from crosscheck.pipeline import Checker

    if format not in format_names():
        raise _fail(f"unknown --format {format!r}; choose one of {', '.join(format_names())}")
    _setup_logging(quiet)
    if output is not None and output.exists() and not force:
        raise _fail(f"{output} exists; pass --force to overwrite it or choose another --output")
    loaded = load_documents(paths)
    for kind, lines in (("read", loaded.read if not quiet else []), ("skipped", loaded.skipped), ("warning", loaded.warnings), ("error", loaded.errors)):
        for line in lines:
            typer.echo(f"crosscheck: {kind}: {line}", err=True)
    if not loaded.documents:
        raise _fail("no articles to check in the given paths")
    overrides = {k: v for k, v in {"nli_model": nli_model, "embedder": embedder}.items() if v}
    try:
        config = Config(**overrides)
        report = Checker(config).check(loaded.documents)
    except (ValueError, FileNotFoundError) as exc:
        raise _fail(str(exc)) from exc
    report = report.model_copy(
        update={"errors": tuple(loaded.errors), "skipped": tuple(loaded.skipped), "warnings": tuple(loaded.warnings)}
    )
    text = render(report, format)
    if output is None:
        typer.echo(text, nl=False)
    else:
        # Through a temporary file and a rename: an interrupted run leaves no half report.
        write_text_atomic(output, text)
        s = report.stats
        typer.echo(
            f"wrote {output}: {s['documents']} documents, {s['claims']} claims, {s['clusters']} events, "
            f"{s['conflict']} conflicts, {s['agree']} agreements ({report.timings.get('total', 0):.1f} s)",
            err=True,
        )
    if loaded.errors:
        raise typer.Exit(2)


def main() -> None:  # pragma: no cover - console entry point
    app()
