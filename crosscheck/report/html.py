"""The HTML format: the report view as one self-contained page.

No external resource of any kind: the styles and the one script are inline, and the page's
Content-Security-Policy allows nothing else (``default-src 'none'``; the script is allowed by its
hash), so opening a report never reaches the network. The page has a table of contents, an
anchor on every section, event, verdict and claim (``#event-…``, ``#pair-…``, ``#claim-…``, on
its first appearance), and two filters: only conflicts, and one outlet. Without JavaScript the
filters stay hidden and everything shows. Every text is escaped; the view has already
neutralised control and bidirectional-control characters.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape

from crosscheck.report.view import (
    Conflicts,
    Copies,
    Corroborated,
    Events,
    InputsNotRead,
    Models,
    OtherPairs,
    Quote,
    ReportView,
    Section,
    SingleSource,
    Sources,
    Summary,
    VerdictView,
    excerpt,
    percent,
    quoted,
)
from crosscheck.report.wording import conflict_reason, corroboration_rating, summary_line

_CSS = """
body{font-family:system-ui,sans-serif;max-width:62rem;margin:1rem auto;padding:0 1rem;line-height:1.4;color:#222}
h1{font-size:1.5rem;margin:.2rem 0} h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin:1.4rem 0 .6rem} h3{font-size:1.05rem;margin:1rem 0 .3rem}
.meta{color:#555;margin:.3rem 0} .bar{margin:.3rem 0;font-size:.92em} .bar a{margin-right:.2rem}
table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
.claim{margin:.15rem 0} .where{color:#666;font-size:.85em} .outlet{font-weight:600}
.verdict,.group{border-left:4px solid #999;padding:.3rem .7rem;margin:.5rem 0}
.conflict{border-color:#c0392b;background:#fdf1f0} .agree{border-color:#27ae60;background:#f0faf3} .related{border-color:#bbb}
.reason{font-weight:600} summary{cursor:pointer} [hidden]{display:none!important}
"""

_SCRIPT = """(function(){
var form=document.getElementById('filters'),only=document.getElementById('only-conflicts'),outlet=document.getElementById('outlet');
function shown(el){var outs=JSON.parse(el.getAttribute('data-outlets')||'[]');
return !(only.checked&&el.getAttribute('data-conflict')!=='1')&&(outlet.value===''||outs.indexOf(outlet.value)>=0);}
function apply(){
document.querySelectorAll('[data-item],[data-sub]').forEach(function(el){el.hidden=!shown(el);});
document.querySelectorAll('[data-section]').forEach(function(sec){var items=sec.querySelectorAll('[data-item]');
if(items.length){sec.hidden=!Array.prototype.some.call(items,function(el){return !el.hidden;});}});}
form.hidden=false;only.addEventListener('change',apply);outlet.addEventListener('change',apply);apply();
})();"""
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
CSP = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'"


def e(text: object) -> str:
    """``text`` escaped for HTML text and quoted attribute values."""
    return escape(str(text), quote=True)


def section_id(section: Section) -> str:
    """The anchor of a section: its title in lower case, words joined by hyphens."""
    return "-".join(section.title.lower().replace("(", "").replace(")", "").split())


def format_html(view: ReportView) -> str:
    """Return the view as one self-contained HTML page."""
    return _Page(view).render()


class _Page:
    def __init__(self, view: ReportView) -> None:
        self.view = view
        self.seen: set[str] = set()  # anchors already given: an id goes on the first appearance only

    def anchor(self, name: str) -> str:
        if name in self.seen:
            return ""
        self.seen.add(name)
        return f" id='{e(name)}'"

    def render(self) -> str:
        view = self.view
        sources = view.section(Sources)
        outlets = sorted({r.source for r in sources.rows}) if isinstance(sources, Sources) else []
        parts = [
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
            f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">",
            "<meta name='viewport' content='width=device-width, initial-scale=1'><title>crosscheck report</title>",
            f"<style>{_CSS}</style></head><body>",
            "<h1>crosscheck report</h1>",
        ]
        for section in view.sections:
            if isinstance(section, Summary):
                parts.append(f"<p class='meta' id='summary'>{e(summary_line(section))}</p>")
                parts.append(
                    "<form id='filters' class='bar' hidden><label><input type='checkbox' id='only-conflicts'> only conflicts</label> · "
                    "<label>outlet <select id='outlet'><option value=''>all outlets</option>"
                    + "".join(f"<option value='{e(o)}'>{e(o)}</option>" for o in outlets) + "</select></label></form>"
                )
                parts.append(self.contents())
            else:
                parts.append(f"<section id='{section_id(section)}' data-section><h2>{e(section.title)}</h2>")
                parts += self.section(section)
                parts.append("</section>")
        parts.append(f"<script>{_SCRIPT}</script></body></html>")
        return "\n".join(parts) + "\n"

    def contents(self) -> str:
        links = []
        events = None
        for s in self.view.sections:
            if isinstance(s, Summary):
                continue
            count = len(s.verdicts) if isinstance(s, Conflicts) else len(s.groups) if isinstance(s, Corroborated) else (
                len(s.events) if isinstance(s, Events) else None)
            links.append(f"<a href='#{section_id(s)}'>{e(s.title)}</a>" + (f" ({count})" if count is not None else ""))
            if isinstance(s, Events):
                events = s
        out = "<nav id='contents' class='bar'>Contents: " + " · ".join(links)
        if events and events.events:
            out += ("<details><summary>every event</summary><ol>"
                    + "".join(f"<li><a href='#{e(ev.anchor)}'>{e(ev.title)}</a></li>" for ev in events.events) + "</ol></details>")
        return out + "</nav>"

    def quote(self, q: Quote, *, sub: bool = False, conflict: bool = True, full: bool = True) -> str:
        attrs = f" data-sub data-conflict='{int(conflict)}' data-outlets='{e(json.dumps([q.source]))}'" if sub else ""
        text = quoted(q.text) if full else excerpt(q.text, 90)
        return (f"<div class='claim' data-claim='{e(q.claim_id)}'{self.anchor('claim-' + q.claim_id)}{attrs}>"
                f"<span class='outlet'>{e(q.label)}</span> <span class='where'>{e(q.where)}</span> {e(text)}</div>")

    def verdict(self, v: VerdictView, *, item: str = "data-item") -> str:
        conflict = v.label == "conflict"
        event = f" · <a href='#{e(v.event.anchor)}'>event {v.event.number}</a>" if v.event else ""
        copy = " · the two sentences are copies, not independent confirmation" if v.reused else ""
        if conflict:
            head = f"<div class='reason'>{e(conflict_reason(v))}</div>"
        else:
            head = "".join(f"<div class='reason'>{e(r)}</div>" for r in v.reasons)
        return (
            f"<div class='verdict {e(v.label)}'{self.anchor(v.anchor)} {item} data-conflict='{int(conflict)}' "
            f"data-outlets='{e(json.dumps(list(v.sources)))}'>{head}"
            f"{self.quote(v.a, full=v.label != 'related')}{self.quote(v.b, full=v.label != 'related')}"
            f"<div class='meta'>{e(v.label)}, {percent(v.probability)}{event}{copy}</div></div>"
        )

    def section(self, section: Section) -> list[str]:
        if isinstance(section, Conflicts):
            if not section.verdicts:
                return ["<p>No conflicts found.</p>"]
            return [self.verdict(v) for v in section.verdicts]
        if isinstance(section, Corroborated):
            out = ["<p class='meta'>Claims that agree with one another; copies of one origin count once.</p>"]
            for g in section.groups:
                out.append(f"<div class='group agree'{self.anchor(g.anchor)} data-item data-conflict='0' data-outlets='{e(json.dumps(list(g.outlets)))}'>"
                           f"<div class='reason'>{e(corroboration_rating(g.independent_sources))}</div>"
                           f"<div class='meta'>{g.sources} documents</div>" + "".join(self.quote(q) for q in g.claims) + "</div>")
            return out
        if isinstance(section, SingleSource):
            out = [f"<p class='meta'>{sum(len(d.claims) for d in section.documents)} claims no other source makes, in no event and no agreement or conflict.</p>"]
            for d in section.documents:
                out.append(f"<details data-item data-conflict='0' data-outlets='{e(json.dumps([d.source]))}'><summary>{e(d.label)} "
                           f"({len(d.claims)})</summary>" + "".join(self.quote(q) for q in d.claims) + "</details>")
            return out
        if isinstance(section, Copies):
            out = ["<ul>"]
            for r in section.rows:
                first = f"; {e(r.first)} came first" if r.first else ""
                examples = "".join(f"<div class='claim'>{e(quoted(a))} ⟷ {e(quoted(b))}</div>" for a, b in r.examples)
                out.append(f"<li data-item data-conflict='0' data-outlets='{e(json.dumps(sorted({r.source_a, r.source_b})))}'>"
                           f"{e(r.a)} ⟷ {e(r.b)}: {e(r.kind)}, {e(r.share)} of sentences aligned ({r.aligned}){first}{examples}</li>")
            return out + ["</ul>"]
        if isinstance(section, Events):
            out = [f"<p class='meta'>{len(section.events)} events: those with conflicts first, then by the number of independent sources.</p>"]
            for ev in section.events:
                has_conflict = bool(ev.verdicts.conflicts)
                out.append(f"<article{self.anchor(ev.anchor)} data-item data-conflict='{int(has_conflict)}' data-outlets='{e(json.dumps(list(ev.outlets)))}'>")
                out.append(f"<h3>{ev.number}. {e(ev.title)}</h3>")
                conflicts = f" · {len(ev.verdicts.conflicts)} conflict(s)" if has_conflict else ""
                out.append(f"<p class='meta'>{e(ev.period or 'period unknown')} · {ev.sources} sources, {ev.independent_sources} independent{conflicts}</p>")
                out += [self.quote(q, sub=True) for q in ev.claims]
                out += [self.verdict(v, item="data-sub") for v in (*ev.verdicts.conflicts, *ev.verdicts.agreements)]
                out += self.related(ev.verdicts.related)
                out.append("</article>")
            return out
        if isinstance(section, OtherPairs):
            out = ["<p class='meta'>Pairs of claims in no event (conflicts among them are listed under Conflicts).</p>"]
            return out + [self.verdict(v) for v in section.verdicts.agreements] + self.related(section.verdicts.related, item="data-item")
        if isinstance(section, Sources):
            out = ["<table><tr><th>#</th><th>source</th><th>date</th><th>lines</th></tr>"]
            out += [f"<tr><td>{r.number}</td><td>{e(r.label)}</td><td>{e(r.date)}</td><td>{e(r.lines)}</td></tr>" for r in section.rows]
            return out + ["</table>"]
        if isinstance(section, InputsNotRead):
            return ["<ul>", *(f"<li>{e(line)}</li>" for line in section.errors), "</ul>"]
        if isinstance(section, Models):
            return [f"<p class='meta'>Embedder <code>{e(section.embedder)}</code>, NLI <code>{e(section.nli)}</code>.</p>"]
        raise TypeError(f"no HTML for section {type(section).__name__}")

    def related(self, related: tuple[VerdictView, ...], *, item: str = "data-sub") -> list[str]:
        if not related:
            return []
        return [f"<details><summary>{len(related)} related pair(s): same topic, neither confirming nor contradicting</summary>",
                *(self.verdict(v, item=item) for v in related), "</details>"]
