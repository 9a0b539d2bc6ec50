"""The ``crosscheck`` command line. Commands are thin: they parse, call the library, print.

Exit codes: 0 all inputs read and checked (inputs skipped on purpose, or read with a
warning, do not change it); 1 an unexpected failure; 2 bad usage or inputs that could not
be read (the readable ones are still checked and reported).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crosscheck import __version__
from crosscheck.backends.registry import embedder_names, nli_model_names
from crosscheck.bench.cli import bench_app  # light: no model imports at module level
from crosscheck.console import check_models, echo_inputs, fail, load_config, setup_logging
from crosscheck.report.formats import format_names, render
from crosscheck.store.cli import store_app  # light: the store and its models load inside the commands

# Plain help (click's layout): the metavars read as words (PATH..., FORMAT, NAME), not Python types.
app = typer.Typer(help="Cross-check news claims across sources.", no_args_is_help=True, add_completion=False, rich_markup_mode=None)
app.add_typer(bench_app, name="bench")
app.add_typer(store_app, name="store")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"crosscheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", callback=_print_version, is_eager=True)
    ] = False,
) -> None:
    """Cross-check news claims across sources."""


def _name_list(what: str, names: list[str], tail: str = "") -> str:
    """Option help listing backend names whole, a few per line: click would otherwise wrap the
    text at the hyphens inside a name ("minilm-" / "onnx-fp32")."""
    lines, line = [], ""
    for name in names:
        if line and len(line) + len(name) + 2 > 48:
            lines.append(line + ",")
            line = name
        else:
            line = f"{line}, {name}" if line else name
    lines.append(line + ("," if tail else "."))
    # A paragraph that starts with \b is printed as written (click's help formatter).
    return f"{what} (default: the first, in the fastest path for this CPU):\n\n\b\n" + "\n".join(lines) + (f"\n{tail}" if tail else "")


@app.command()
def check(
    # Described in the docstring, not in an Arguments table: typer would label it with its Python type.
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", hidden=True)],
    format: Annotated[str, typer.Option("--format", "-f", help=f"Report format: {', '.join(format_names())}.", metavar="FORMAT")] = "md",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here instead of stdout.", metavar="FILE")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --output if it exists.")] = False,
    nli_model: Annotated[str | None, typer.Option(
        help=_name_list("NLI model", nli_model_names(), "or a Hugging Face model folder."), metavar="NAME")] = None,
    embedder: Annotated[str | None, typer.Option(help=_name_list("Embedder", embedder_names()), metavar="NAME")] = None,
    config_file: Annotated[Path | None, typer.Option(
        "--config", help="Run settings (JSON, or TOML for .toml): any field of crosscheck.Config, e.g. "
        '{"candidate_budget": 12}; a report\'s "config" object works as it is. --nli-model and --embedder win.',
        metavar="FILE")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Cross-check the articles in each PATH (.txt, .md, .html or .jsonl files, or folders of them) and write a report."""
    if format not in format_names():
        raise fail(f"unknown --format {format!r}; choose one of {', '.join(format_names())}")
    overrides = {k: v for k, v in {"nli_model": nli_model, "embedder": embedder}.items() if v}
    config = load_config(config_file, overrides)
    # Before any input is read or model loaded.
    check_models(embedder=config.embedder, nli_model=config.nli_model, config_file=config_file, options=overrides)
    # Imported after the checks, so that a wrong name fails at once.
    from crosscheck.atomic import write_text_atomic
    from crosscheck.ingest import load_documents
    from crosscheck.pipeline import Checker
    setup_logging(quiet)
    if output is not None and output.exists() and not force:
        raise fail(f"{output} exists; pass --force to overwrite it or choose another --output")
    loaded = load_documents(paths)
    echo_inputs(loaded, quiet=quiet)
    if not loaded.documents:
        raise fail("no articles to check in the given paths")
    try:
        report = Checker(config).check(loaded.documents)
    except (ValueError, FileNotFoundError) as exc:
        raise fail(str(exc)) from exc
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


@app.command()
def schema() -> None:
    """Print the JSON schema of the report (``--format json``); the same as docs/report.schema.json."""
    from crosscheck.report.schema import report_schema

    typer.echo(report_schema(), nl=False)


def main() -> None:  # pragma: no cover - console entry point
    app()
