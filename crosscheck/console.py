"""What the commands (``crosscheck check``, ``crosscheck store ...``, ``crosscheck bench ...``)
share at the terminal: a one-line error exit, logging for progress, and one line per input
the input stage read, skipped, warned about or could not read."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path

    from crosscheck.config import Config
    from crosscheck.ingest import IngestResult

__all__ = ["check_models", "echo_inputs", "fail", "load_config", "setup_logging"]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``crosscheck: error: message`` on stderr; the caller raises the returned exit."""
    typer.echo(f"crosscheck: error: {message}", err=True)
    return typer.Exit(code)


def check_models(*, embedder: str | None, nli_model: str | None, config_file: Path | None = None,
                 options: Collection[str] = ("embedder", "nli_model")) -> None:
    """Raise the exit for an unknown embedder or NLI model name, before any input is read or model
    imported (a model folder that exists is accepted as a name). The message names where the
    name came from: the command's ``--embedder`` / ``--nli-model`` (the fields in ``options``),
    else the ``--config`` file."""
    from crosscheck.backends.registry import check_backend_names

    def where(field: str, flag: str) -> str:
        return f"unknown {flag}" if field in options or config_file is None else f"unknown {field} in --config {config_file}:"

    try:
        check_backend_names(embedder=embedder, nli_model=nli_model)
    except ValueError as exc:
        message = str(exc).replace("unknown embedder", where("embedder", "--embedder"))
        raise fail(message.replace("unknown NLI model", where("nli_model", "--nli-model"))) from exc


def load_config(path: Path | None, overrides: dict[str, object], base: Config | None = None) -> Config:
    """The run settings: ``base`` (default ``Config()``), then the ``Config`` fields in ``path`` (a
    JSON object, or TOML for a ``.toml`` file; a report's ``config`` object works as it is), then
    ``overrides`` (the command's own options) on top; a nested group (``stories``) is merged field
    by field. Raises the exit (code 2) for a file that is missing, unreadable, not an object, or
    names a field ``Config`` does not have or a value it refuses."""
    import json
    import tomllib

    from pydantic import ValidationError

    from crosscheck.config import Config

    fields: dict[str, object] = {}
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
            fields = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
        except FileNotFoundError:
            raise fail(f"--config {path}: no such file") from None
        except (OSError, UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError and TOMLDecodeError are ValueErrors
            raise fail(f"--config {path}: cannot read it as {'TOML' if path.suffix.lower() == '.toml' else 'JSON'}: {exc}") from exc
        if not isinstance(fields, dict):
            raise fail(f"--config {path}: expected an object of settings, got {type(fields).__name__}")
    merged = (base or Config()).model_dump()
    for key, value in {**fields, **overrides}.items():
        merged[key] = {**merged[key], **value} if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    try:
        return Config(**merged)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'config'}: {e['msg']}" for e in exc.errors())
        raise fail(f"--config {path}: {problems}" if path is not None else problems) from exc


def setup_logging(quiet: bool) -> None:
    """Progress (INFO) on stderr unless ``quiet``; the model libraries' own chatter off."""
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(message)s", stream=sys.stderr)
    # transformers draws a bar for each sub-second weight load, even with -q; the
    # progress worth showing (embedding, NLI) comes from crosscheck's own bars.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    for noisy in ("sentence_transformers", "transformers", "faiss", "httpx", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def echo_inputs(loaded: IngestResult, *, quiet: bool) -> None:
    """One stderr line per input: read (unless ``quiet``), skipped, read with a warning, or not read."""
    for kind, lines in (("read", loaded.read if not quiet else []), ("skipped", loaded.skipped), ("warning", loaded.warnings), ("error", loaded.errors)):
        for line in lines:
            typer.echo(f"crosscheck: {kind}: {line}", err=True)
