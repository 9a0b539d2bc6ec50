"""The format registry: each report format by name; the CLI offers what is registered here.

A format is a function from a ``Report`` to text. Markdown, HTML, ClaimReview and CSV format the
report view (``crosscheck.report.view``); JSON is the report itself (the characters a reader
cannot see written as escapes; the data is unchanged).
"""

from __future__ import annotations

from collections.abc import Callable

from crosscheck.report.claimreview import format_claimreview
from crosscheck.report.html import format_html
from crosscheck.report.markdown import format_markdown
from crosscheck.report.safe import escape_json
from crosscheck.report.table import format_csv
from crosscheck.report.view import build_view
from crosscheck.types import Report

Formatter = Callable[[Report], str]

_FORMATS: dict[str, Formatter] = {
    "md": lambda report: format_markdown(build_view(report)),
    "json": lambda report: escape_json(report.to_json()),
    "html": lambda report: format_html(build_view(report)),
    "claimreview": lambda report: format_claimreview(build_view(report)),
    "csv": lambda report: format_csv(build_view(report)),
}


def register_format(name: str, formatter: Formatter) -> None:
    """Make ``formatter`` available as report format ``name`` (``crosscheck check --format name``)."""
    _FORMATS[name] = formatter


def format_names() -> list[str]:
    """The registered format names, in registration order."""
    return list(_FORMATS)


def render(report: Report, format: str = "md") -> str:
    """Return ``report`` in the registered ``format``.

    Raises:
        ValueError: if no format has that name (the message lists the valid ones).
    """
    if format not in _FORMATS:
        raise ValueError(f"unknown report format {format!r}; choose one of {format_names()}")
    return _FORMATS[format](report)


def render_markdown(report: Report) -> str:
    """The editor-facing Markdown report."""
    return render(report, "md")


def render_html(report: Report) -> str:
    """The report as a standalone HTML page."""
    return render(report, "html")
