"""The Markdown format: the report view for editors, findings first.

Text from the articles is escaped (``md``), so a sentence cannot become a link, a table cell
break or raw HTML in a Markdown viewer.
"""

from __future__ import annotations

import re

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

# What could turn text into markup: a backslash or backtick, link brackets, a table cell break,
# the start of an HTML tag or autolink, an HTML entity (``&#8238;`` is a right-to-left override).
# Emphasis marks are left alone: they cannot hide or add anything, and escaping them would
# litter the report as read in a terminal.
_SPECIAL = re.compile(r"[\\`\[\]|]|<(?=[A-Za-z/!?])|&(?=#?\w+;)")


def md(text: str) -> str:
    """``text`` with what Markdown would read as markup backslash-escaped (shown as itself)."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(), text)


def slug(title: str) -> str:
    """The anchor a Markdown viewer gives a heading (GitHub's rule: lower case, punctuation dropped, spaces to hyphens)."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def format_markdown(view: ReportView) -> str:
    """Return the view as Markdown: findings, then events, then the reference sections."""
    out = ["# crosscheck report", ""]
    titles = [s.title for s in view.sections if not isinstance(s, Summary)]
    for section in view.sections:
        out += _section(section)
        if isinstance(section, Summary):
            out += ["Contents: " + " · ".join(f"[{t}](#{slug(t)})" for t in titles), ""]
    return "\n".join(out).rstrip() + "\n"


def _quote(q: Quote) -> str:
    return f"**{md(q.label)}** ({md(q.where)}): {md(quoted(q.text))}"


def _verdict(v: VerdictView, number: str = "-") -> list[str]:
    event = f"; event {v.event.number}" if v.event else ""
    copy = " — the two sentences are copies, not independent confirmation" if v.reused else ""
    head = md(conflict_reason(v)) if v.label == "conflict" else "agree"
    return [f"{number} **{head}** ({v.label}, {percent(v.probability)}{event}){copy}", f"    - {_quote(v.a)}", f"    - {_quote(v.b)}"]


def _related(v: VerdictView) -> str:
    why = f" — {md('; '.join(v.reasons))}" if v.reasons else ""
    return (f"- {percent(v.probability)}: **{md(v.a.source)}** ({md(v.a.where)}) {md(excerpt(v.a.text, 70))} ⟷ "
            f"**{md(v.b.source)}** ({md(v.b.where)}) {md(excerpt(v.b.text, 70))}{why}")


def _section(section: Section) -> list[str]:
    if isinstance(section, Summary):
        return [summary_line(section), ""]
    out = [f"## {section.title}", ""]
    if isinstance(section, Conflicts):
        if not section.verdicts:
            return out + ["No conflicts found.", ""]
        for n, v in enumerate(section.verdicts, 1):
            out += _verdict(v, f"{n}.")
        return out + [""]
    if isinstance(section, Corroborated):
        out += ["Claims that agree with one another; copies of one origin count once.", ""]
        for g in section.groups:
            out.append(f"- **{corroboration_rating(g.independent_sources)}** ({g.sources} documents)")
            out += [f"    - {_quote(q)}" for q in g.claims]
        return out + [""]
    if isinstance(section, SingleSource):
        out += [f"{sum(len(d.claims) for d in section.documents)} claims no other source makes, in no event and no agreement or conflict.", ""]
        for d in section.documents:
            out += [f"### {md(d.label)} ({len(d.claims)})", ""]
            out += [f"- ({md(q.where)}) {md(quoted(q.text))}" for q in d.claims]
            out.append("")
        return out
    if isinstance(section, Copies):
        for r in section.rows:
            first = f"; {md(r.first)} came first" if r.first else ""
            out.append(f"- {md(r.a)} ⟷ {md(r.b)}: {r.kind}, {r.share} of sentences aligned ({r.aligned}){first}")
            out += [f"    - {md(quoted(a))} ⟷ {md(quoted(b))}" for a, b in r.examples]
        return out + [""]
    if isinstance(section, Events):
        out += [f"{len(section.events)} events: those with conflicts first, then by the number of independent sources.", ""]
        for e in section.events:
            period = f"period {e.period} · " if e.period else ""
            conflicts = f" · {len(e.verdicts.conflicts)} conflict(s)" if e.verdicts.conflicts else ""
            out += [f"### {e.number}. {md(e.title)}", "", f"{period}{e.sources} sources, {e.independent_sources} independent{conflicts}", "",
                    "What the sources say:", ""]
            out += [f"- {_quote(q)}" for q in e.claims]
            out += [""] + _verdicts(e.verdicts.conflicts, e.verdicts.agreements, e.verdicts.related)
        return out
    if isinstance(section, OtherPairs):
        return out + ["Pairs of claims in no event (conflicts among them are listed under Conflicts).", ""] + _verdicts(
            (), section.verdicts.agreements, section.verdicts.related)
    if isinstance(section, Sources):
        out += ["| # | source | date | lines |", "|---|---|---|---|"]
        out += [f"| {r.number} | {md(r.label)} | {r.date} | {md(r.lines)} |" for r in section.rows]
        return out + [""]
    if isinstance(section, InputsNotRead):
        return out + [f"- {md(line)}" for line in section.errors] + [""]
    if isinstance(section, Models):
        return out + [f"Embedder {md(str(section.embedder))}, NLI {md(str(section.nli))}.", ""]
    raise TypeError(f"no Markdown for section {type(section).__name__}")


def _verdicts(conflicts: tuple[VerdictView, ...], agreements: tuple[VerdictView, ...], related: tuple[VerdictView, ...]) -> list[str]:
    out: list[str] = []
    for heading, chosen in (("Conflicts", conflicts), ("Agreements", agreements)):
        if chosen:
            out += [f"{heading}:", ""]
            for v in chosen:
                out += _verdict(v)
            out.append("")
    if related:
        out += ["Related pairs (same topic, neither confirming nor contradicting):", ""]
        out += [_related(v) for v in related]
        out.append("")
    return out
