"""Render a ``Report`` for people: Markdown for editors, and a standalone HTML page."""

from __future__ import annotations

import html
from collections import defaultdict

from crosscheck.types import Claim, Document, PairVerdict, Report

_LABEL_ORDER = {"conflict": 0, "agree": 1, "related": 2}


def claim_line(doc: Document, claim: Claim) -> int | None:
    """The 1-based line of the source file where ``claim`` starts, if the document has a line span."""
    if doc.line_origins:
        return doc.line_origins[min(doc.text.count("\n", 0, claim.start), len(doc.line_origins) - 1)][0]
    if doc.line_start is None:
        return None
    line = doc.line_start + doc.text.count("\n", 0, claim.start)
    # A JSON Lines record is one line of its file, whatever line breaks its text holds.
    return min(line, doc.line_end) if doc.line_end is not None else line


def _where(doc: Document, claim: Claim) -> str:
    line = claim_line(doc, claim)
    place = doc.path or doc.url or doc.source
    name = place.rsplit("/", 1)[-1]
    return f"{name}:{line}" if line is not None else f"{name} chars {claim.start}-{claim.end}"


def _doc_label(doc: Document) -> str:
    title = f" — {doc.title}" if doc.title else ""
    return f"{doc.source}{title}"


def _q(text: str) -> str:
    """Quote a sentence, unless it opens with a quotation of its own (no doubled marks);
    line breaks of hard-wrapped text become spaces, so a quote stays on one line."""
    text = _one_line(text)
    return text if text[:1] in "“\"" else f"“{text}”"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _percent(p: float) -> str:
    return f"{100 * p:.0f}%"


class _View:
    """Lookups shared by the two renderers."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.claims = {c.id: c for c in report.claims}
        self.docs = {d.id: d for d in report.documents}
        self.by_cluster: dict[str | None, list[PairVerdict]] = defaultdict(list)
        for v in report.verdicts:
            self.by_cluster[v.cluster_id].append(v)
        for verdicts in self.by_cluster.values():
            verdicts.sort(key=lambda v: (_LABEL_ORDER[v.label], -v.probability, v.a, v.b))

    def quote(self, claim_id: str) -> tuple[Claim, Document]:
        claim = self.claims[claim_id]
        return claim, self.docs[claim.doc_id]


def render_markdown(report: Report) -> str:
    """Return the report as Markdown: per event, what the sources say, agreements and conflicts."""
    view = _View(report)
    s = report.stats
    out = [
        "# crosscheck report",
        "",
        f"{s.get('documents', 0)} documents · {s.get('claims', 0)} claims · {s.get('clusters', 0)} events · "
        f"{s.get('conflict', 0)} conflicts · {s.get('agree', 0)} agreements · {s.get('related', 0)} related pairs",
        "",
        f"Models: embedder `{report.models.get('embedder')}`, NLI `{report.models.get('nli')}`.",
        "",
    ]
    if report.errors:
        out += ["**Inputs not read:**", ""] + [f"- {e}" for e in report.errors] + [""]
    if report.skipped:
        out += ["**Inputs skipped:**", ""] + [f"- {e}" for e in report.skipped] + [""]
    if report.warnings:
        out += ["**Read with warnings:**", ""] + [f"- {e}" for e in report.warnings] + [""]
    out += ["## Sources", "", "| # | source | date | lines |", "|---|---|---|---|"]
    for number, doc in enumerate(report.documents, start=1):
        date = f"{doc.date} ({doc.date_basis})" if doc.date else "unknown"
        lines = f"{(doc.path or '').rsplit('/', 1)[-1]}:{doc.line_start}-{doc.line_end}" if doc.line_start else "-"
        out.append(f"| {number} | {_doc_label(doc).replace('|', '/')} | {date} | {lines} |")
    out.append("")
    if report.reuse:
        out += ["## Copies and reused text", ""]
        for link in report.reuse:
            a, b = view.docs[link.a], view.docs[link.b]
            first = f"; {view.docs[link.earlier].source} came first" if link.earlier else ""
            out.append(f"- {_doc_label(a)} ⟷ {_doc_label(b)}: {link.kind}, {_percent(link.share)} of sentences aligned ({link.aligned}){first}")
            for ea, eb in link.examples[:2]:
                out.append(f"    - {_q(ea.text)} ⟷ {_q(eb.text)}")
        out.append("")
    out += ["## Events", ""]
    for number, cluster in enumerate(report.clusters, start=1):
        centroid, _ = view.quote(cluster.centroid_claim_id)
        out.append(f"### {number}. {_shorten(centroid.text, 110)}")
        out.append("")
        period = f"period {cluster.period} · " if cluster.period else ""
        out.append(f"{period}{cluster.sources} sources, {cluster.independent_sources} independent")
        out.append("")
        out.append("What the sources say:")
        out.append("")
        for claim_id in cluster.claim_ids:
            claim, doc = view.quote(claim_id)
            out.append(f"- **{_doc_label(doc)}** ({_where(doc, claim)}): {_q(claim.text)}")
        out.append("")
        out += _markdown_verdicts(view, view.by_cluster.get(cluster.id, []))
    loose = [v for v in view.by_cluster.get(None, []) if v.label == "conflict"]
    if loose:
        out += ["## Other conflicts (claims not grouped into one event)", ""]
        out += _markdown_verdicts(view, loose)
    return "\n".join(out).rstrip() + "\n"


def _markdown_verdicts(view: _View, verdicts: list[PairVerdict]) -> list[str]:
    out = []
    for label, heading in (("conflict", "Conflicts"), ("agree", "Agreements")):
        chosen = [v for v in verdicts if v.label == label]
        if not chosen:
            continue
        out += [f"{heading}:", ""]
        for v in chosen:
            (a, da), (b, db) = view.quote(v.a), view.quote(v.b)
            copy = " — the two sentences are copies, not independent confirmation" if v.reused else ""
            out.append(f"- **{label}** ({_percent(v.probability)}){copy}")
            for r in v.reasons:
                if r.kind != "nli":
                    out.append(f"    - {r.message}")
            out.append(f"    - {da.source} ({_where(da, a)}): {_q(a.text)}")
            out.append(f"    - {db.source} ({_where(db, b)}): {_q(b.text)}")
        out.append("")
    related = sum(1 for v in verdicts if v.label == "related")
    if related:
        out += [f"{related} related pair(s): same topic, neither confirming nor contradicting.", ""]
    return out


def _shorten(text: str, limit: int) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#222}
h1{font-size:1.6rem} h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem} h3{font-size:1.1rem;margin-bottom:.3rem}
.meta{color:#555} table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
.claim{margin:.2rem 0} .where{color:#666;font-size:.85em} .verdict{border-left:4px solid #999;padding:.3rem .7rem;margin:.6rem 0}
.conflict{border-color:#c0392b;background:#fdf1f0} .agree{border-color:#27ae60;background:#f0faf3} .reason{font-weight:600}
"""


def render_html(report: Report) -> str:
    """Return the report as one standalone HTML page (no scripts, no external resources)."""
    view = _View(report)
    e = html.escape
    s = report.stats
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>crosscheck report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>crosscheck report</h1>",
        f"<p class='meta'>{s.get('documents', 0)} documents · {s.get('claims', 0)} claims · {s.get('clusters', 0)} events · "
        f"{s.get('conflict', 0)} conflicts · {s.get('agree', 0)} agreements</p>",
    ]
    for heading, lines in (("Inputs not read", report.errors), ("Inputs skipped", report.skipped), ("Read with warnings", report.warnings)):
        if lines:
            parts.append(f"<h2>{heading}</h2><ul>" + "".join(f"<li>{e(line)}</li>" for line in lines) + "</ul>")
    parts.append("<h2>Sources</h2><table><tr><th>source</th><th>date</th><th>lines</th></tr>")
    for doc in report.documents:
        date = f"{doc.date} ({doc.date_basis})" if doc.date else "unknown"
        parts.append(f"<tr><td>{e(_doc_label(doc))}</td><td>{e(date)}</td><td>{doc.line_start or ''}–{doc.line_end or ''}</td></tr>")
    parts.append("</table><h2>Events</h2>")
    for number, cluster in enumerate(report.clusters, start=1):
        centroid, _ = view.quote(cluster.centroid_claim_id)
        parts.append(f"<h3>{number}. {e(_shorten(centroid.text, 110))}</h3>")
        parts.append(f"<p class='meta'>{e(cluster.period or 'period unknown')} · {cluster.sources} sources, {cluster.independent_sources} independent</p>")
        for claim_id in cluster.claim_ids:
            claim, doc = view.quote(claim_id)
            parts.append(f"<p class='claim'><b>{e(doc.source)}</b> {e(_q(claim.text))} <span class='where'>{e(_where(doc, claim))}</span></p>")
        for v in view.by_cluster.get(cluster.id, []):
            if v.label == "related":
                continue
            (a, da), (b, db) = view.quote(v.a), view.quote(v.b)
            reasons = "".join(f"<div class='reason'>{e(r.message)}</div>" for r in v.reasons if r.kind != "nli")
            parts.append(
                f"<div class='verdict {v.label}'><b>{v.label}</b> ({_percent(v.probability)}){' · copies' if v.reused else ''}{reasons}"
                f"<div>{e(da.source)}: {e(_q(a.text))}</div><div>{e(db.source)}: {e(_q(b.text))}</div></div>"
            )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
