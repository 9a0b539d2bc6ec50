"""The report stage: one view (``view``), formats that only format it (``markdown``, ``html``),
and the registry of formats by name (``formats``)."""

from __future__ import annotations

from crosscheck.report.formats import format_names, register_format, render, render_html, render_markdown
from crosscheck.report.view import ReportView, build_view

__all__ = ["ReportView", "build_view", "format_names", "register_format", "render", "render_html", "render_markdown"]
