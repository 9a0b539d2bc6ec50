"""The CSV format: one row per verdict, for spreadsheets.

A cell that a spreadsheet would read as a formula (it opens with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) is prefixed with an apostrophe, so an article cannot run a formula
on the desk's machine.
"""

from __future__ import annotations

import csv
import io

from crosscheck.report.view import Quote, ReportView, VerdictView

COLUMNS = (
    "label", "probability", "reasons", "event", "reused",
    "claim_a", "outlet_a", "where_a", "date_a", "text_a",
    "claim_b", "outlet_b", "where_b", "date_b", "text_b",
)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _side(q: Quote) -> list[object]:
    return [q.claim_id, q.source, q.where, q.date, q.text]


def _row(v: VerdictView) -> list[str]:
    values: list[object] = [v.label, f"{v.probability:.3f}", "; ".join(v.reasons), v.event.number if v.event else "",
                            "yes" if v.reused else "no", *_side(v.a), *_side(v.b)]
    return [_cell(x) for x in values]


def format_csv(view: ReportView) -> str:
    """Return every verdict of the view as CSV (a header row, then one row per verdict in report order)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(v) for v in view.verdicts)
    return out.getvalue()
