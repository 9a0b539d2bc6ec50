"""The HTML format: the report view as one standalone page (no scripts, no external resources)."""

from __future__ import annotations

from html import escape as e

from crosscheck.report.view import (
    Copies,
    Events,
    InputsNotRead,
    Models,
    OtherConflicts,
    ReportView,
    Section,
    Sources,
    Summary,
    Verdicts,
    quoted,
)

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#222}
h1{font-size:1.6rem} h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem} h3{font-size:1.1rem;margin-bottom:.3rem}
.meta{color:#555} table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
.claim{margin:.2rem 0} .where{color:#666;font-size:.85em} .verdict{border-left:4px solid #999;padding:.3rem .7rem;margin:.6rem 0}
.conflict{border-color:#c0392b;background:#fdf1f0} .agree{border-color:#27ae60;background:#f0faf3} .reason{font-weight:600}
"""


def format_html(view: ReportView) -> str:
    """Return the view as one standalone HTML page."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>crosscheck report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>crosscheck report</h1>",
    ]
    for section in view.sections:
        parts += _section(section)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _section(section: Section) -> list[str]:
    if isinstance(section, Summary):
        s = section
        return [f"<p class='meta'>{s.documents} documents · {s.claims} claims · {s.events} events · "
                f"{s.conflicts} conflicts · {s.agreements} agreements · {s.related} related pairs</p>"]
    if isinstance(section, Models):
        return [f"<p class='meta'>Models: embedder <code>{e(str(section.embedder))}</code>, NLI <code>{e(str(section.nli))}</code>.</p>"]
    if isinstance(section, InputsNotRead):
        return [f"<h2>{e(section.title)}</h2><ul>", *(f"<li>{e(err)}</li>" for err in section.errors), "</ul>"]
    if isinstance(section, Sources):
        out = [f"<h2>{e(section.title)}</h2><table><tr><th>#</th><th>source</th><th>date</th><th>lines</th></tr>"]
        out += [f"<tr><td>{r.number}</td><td>{e(r.label)}</td><td>{e(r.date)}</td><td>{e(r.lines)}</td></tr>" for r in section.rows]
        return out + ["</table>"]
    if isinstance(section, Copies):
        out = [f"<h2>{e(section.title)}</h2><ul>"]
        for r in section.rows:
            first = f"; {e(r.first)} came first" if r.first else ""
            examples = "".join(f"<div class='claim'>{e(quoted(a))} ⟷ {e(quoted(b))}</div>" for a, b in r.examples)
            out.append(f"<li>{e(r.a)} ⟷ {e(r.b)}: {e(r.kind)}, {e(r.share)} of sentences aligned ({r.aligned}){first}{examples}</li>")
        return out + ["</ul>"]
    if isinstance(section, Events):
        out = [f"<h2>{e(section.title)}</h2>"]
        for ev in section.events:
            out.append(f"<h3>{ev.number}. {e(ev.title)}</h3>")
            out.append(f"<p class='meta'>{e(ev.period or 'period unknown')} · {ev.sources} sources, {ev.independent_sources} independent</p>")
            out += [f"<p class='claim'><b>{e(q.source)}</b> {e(quoted(q.text))} <span class='where'>{e(q.where)}</span></p>" for q in ev.claims]
            out += _verdicts(ev.verdicts)
        return out
    if isinstance(section, OtherConflicts):
        return [f"<h2>{e(section.title)}</h2>", *_verdicts(section.verdicts)]
    raise TypeError(f"no HTML for section {type(section).__name__}")


def _verdicts(verdicts: Verdicts) -> list[str]:
    out = []
    for v in (*verdicts.conflicts, *verdicts.agreements):
        reasons = "".join(f"<div class='reason'>{e(message)}</div>" for message in v.reasons)
        out.append(
            f"<div class='verdict {v.label}'><b>{v.label}</b> ({v.probability}){' · copies' if v.reused else ''}{reasons}"
            f"<div>{e(v.a.source)}: {e(quoted(v.a.text))}</div><div>{e(v.b.source)}: {e(quoted(v.b.text))}</div></div>"
        )
    if verdicts.related:
        out.append(f"<p class='meta'>{verdicts.related} related pair(s): same topic, neither confirming nor contradicting.</p>")
    return out
