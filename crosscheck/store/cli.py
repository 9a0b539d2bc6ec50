"""``crosscheck store add|query|report|stats``: thin commands over ``crosscheck.store.Store``.

Exit codes as ``crosscheck check``: 0 done; 1 the store is locked or damaged, or an
unexpected failure; 2 bad usage, a missing store, a store from a newer crosscheck, or inputs
that could not be read (the readable ones are still added).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from crosscheck.console import check_models, echo_inputs, fail, load_config, setup_logging
from crosscheck.store.errors import StoreDamagedError, StoreError, StoreLockedError

store_app = typer.Typer(help="A persistent store: add articles, query a claim, report everything stored.", no_args_is_help=True)

StoreOption = Annotated[
    Path, typer.Option("--store", "-s", envvar="CROSSCHECK_STORE", help="The store's folder (env CROSSCHECK_STORE).")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")]
_DEFAULT = Path("crosscheck-store")


def _store_failure(exc: StoreError) -> typer.Exit:
    return fail(str(exc), 1 if isinstance(exc, StoreLockedError | StoreDamagedError) else 2)


@store_app.command("add")
def add(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt, .md, .html, .jsonl) or folders of them.")],
    store: StoreOption = _DEFAULT,
    nli_model: Annotated[str | None, typer.Option(help="NLI backend name or model folder (default: the store's).")] = None,
    embedder: Annotated[str | None, typer.Option(help="Embedder backend name (default: the store's).")] = None,
    wait: Annotated[float, typer.Option(help="Seconds to wait for another process writing to the store.")] = 600.0,
    config_file: Annotated[Path | None, typer.Option(
        "--config", help="Settings to change (JSON, or TOML for .toml): fields of crosscheck.Config, on top of the store's; "
        "the next add then re-checks every stored document with them.", metavar="FILE")] = None,
    full: Annotated[bool, typer.Option(
        "--full", help="Re-check every stored document from scratch, as `crosscheck check` would, not only what the new ones bring "
        "(model work done before still comes from the store).")] = False,
    quiet: QuietOption = False,
) -> None:
    """Add the articles under PATHS to the store (created if needed) and check them against what it holds."""
    # The file and the names are checked before any input is read or model loaded (the store's own
    # settings are the base once it is open).
    given = {k: v for k, v in {"nli_model": nli_model, "embedder": embedder}.items() if v}
    wanted = load_config(config_file, given)
    check_models(embedder=wanted.embedder, nli_model=wanted.nli_model, config_file=config_file, options=given)
    from crosscheck.ingest import load_documents
    from crosscheck.store.store import Store

    setup_logging(quiet)
    loaded = load_documents(paths)
    echo_inputs(loaded, quiet=quiet)
    if not loaded.documents:
        raise fail("no articles to add in the given paths")
    try:
        with Store(store, create=True, lock_timeout=wait) as opened:
            if given or config_file is not None:
                opened.configure(load_config(config_file, given, base=opened.checker.config))
            result = opened.add(loaded.documents, errors=loaded.errors, skipped=loaded.skipped, warnings=loaded.warnings, full=full)
    except StoreError as exc:
        raise _store_failure(exc) from exc
    except (ValueError, FileNotFoundError) as exc:
        raise fail(str(exc)) from exc
    if result.checked:
        typer.echo(
            f"added {result.added} documents ({result.already_stored} already stored) to {store}"
            f"{' and re-checked every stored document' if result.full and result.documents > result.added else ''}: "
            f"{result.documents} documents, "
            f"{result.claims} claims; embedded {result.embedded} new texts ({result.embeddings_reused} from the store), judged "
            f"{result.judged} new pairs ({result.judgements_reused} from the store) in {result.seconds:.1f} s",
            err=True,
        )
    else:
        typer.echo(f"nothing new: all {result.already_stored} documents are already in {store}", err=True)
    if loaded.errors:
        raise typer.Exit(2)


@store_app.command("query")
def query(
    text: Annotated[str, typer.Argument(help="The claim to look up.")],
    store: StoreOption = _DEFAULT,
    top: Annotated[int, typer.Option("--top", "-k", min=1, help="How many stored claims to show.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per hit instead of text.")] = False,
    quiet: QuietOption = True,
) -> None:
    """The stored claims closest to TEXT, each with its verdict against it (agree / conflict / related)."""
    from crosscheck.report.view import one_line, shorten
    from crosscheck.store.store import Store

    setup_logging(quiet)
    try:
        with Store(store) as opened:
            hits = opened.query(text, top=top)
    except StoreError as exc:
        raise _store_failure(exc) from exc
    except ValueError as exc:
        raise fail(str(exc)) from exc
    for rank, hit in enumerate(hits, 1):
        doc = hit.document
        date = doc.date.isoformat() if doc.date else "undated"
        if as_json:
            typer.echo(json.dumps({
                "rank": rank, "label": hit.label, "probability": hit.probability, "similarity": hit.similarity,
                "claim": hit.claim.text, "claim_id": hit.claim.id, "source": doc.source, "date": doc.date.isoformat() if doc.date else None,
                "where": hit.where, "reasons": [r.message for r in hit.reasons],
            }))
            continue
        typer.echo(f"{rank:>2}. {hit.label:<8} {hit.probability:.2f}  sim {hit.similarity:.2f}  {doc.source}, {date}, {hit.where}")
        typer.echo(f"    {shorten(one_line(hit.claim.text), 200)}")
        for reason in hit.reasons:
            typer.echo(f"    - {reason.message}")
    if not hits and not as_json:
        typer.echo("no stored claims", err=True)


@store_app.command("report")
def report(
    store: StoreOption = _DEFAULT,
    format: Annotated[str, typer.Option("--format", "-f", help="Report format: md, html, json or any registered one.")] = "md",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --output if it exists.")] = False,
) -> None:
    """The report of everything in the store (as `crosscheck check` gives for the same articles)."""
    from crosscheck.atomic import write_text_atomic
    from crosscheck.report.formats import format_names, render
    from crosscheck.store.store import Store

    if format not in format_names():
        raise fail(f"unknown --format {format!r}; choose one of {', '.join(format_names())}")
    if output is not None and output.exists() and not force:
        raise fail(f"{output} exists; pass --force to overwrite it or choose another --output")
    try:
        with Store(store) as opened:
            text = render(opened.report(), format)
    except StoreError as exc:
        raise _store_failure(exc) from exc
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
        typer.echo(f"wrote {output}", err=True)


@store_app.command("stats")
def stats(
    store: StoreOption = _DEFAULT,
    as_json: Annotated[bool, typer.Option("--json", help="As one JSON object.")] = False,
) -> None:
    """What the store holds: documents, claims, events, verdicts, caches, files."""
    from crosscheck.store.store import Store

    try:
        with Store(store) as opened:
            numbers = opened.stats()
    except StoreError as exc:
        raise _store_failure(exc) from exc
    if as_json:
        typer.echo(json.dumps(numbers, indent=2))
        return
    width = max(len(k) for k in numbers)
    for key, value in numbers.items():
        typer.echo(f"{key.replace('_', ' '):<{width}}  {value}")
