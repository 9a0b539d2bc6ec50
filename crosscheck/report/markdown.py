"""The Markdown format: the report view for editors."""

from __future__ import annotations

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


def format_markdown(view: ReportView) -> str:
    """Return the view as Markdown: per event, what the sources say, agreements and conflicts."""
    out = ["# crosscheck report", ""]
    for section in view.sections:
        out += _section(section)
    return "\n".join(out).rstrip() + "\n"


def _section(section: Section) -> list[str]:
    if isinstance(section, Summary):
        s = section
        return [f"{s.documents} documents · {s.claims} claims · {s.events} events · {s.conflicts} conflicts · "
                f"{s.agreements} agreements · {s.related} related pairs", ""]
    if isinstance(section, Models):
        return [f"Models: embedder `{section.embedder}`, NLI `{section.nli}`.", ""]
    if isinstance(section, InputsNotRead):
        return [f"**{section.title}:**", ""] + [f"- {e}" for e in section.errors] + [""]
    if isinstance(section, Sources):
        out = [f"## {section.title}", "", "| # | source | date | lines |", "|---|---|---|---|"]
        out += [f"| {r.number} | {r.label.replace('|', '/')} | {r.date} | {r.lines} |" for r in section.rows]
        return out + [""]
    if isinstance(section, Copies):
        out = [f"## {section.title}", ""]
        for r in section.rows:
            first = f"; {r.first} came first" if r.first else ""
            out.append(f"- {r.a} ⟷ {r.b}: {r.kind}, {r.share} of sentences aligned ({r.aligned}){first}")
            out += [f"    - {quoted(a)} ⟷ {quoted(b)}" for a, b in r.examples]
        return out + [""]
    if isinstance(section, Events):
        out = [f"## {section.title}", ""]
        for e in section.events:
            period = f"period {e.period} · " if e.period else ""
            out += [f"### {e.number}. {e.title}", "", f"{period}{e.sources} sources, {e.independent_sources} independent", "",
                    "What the sources say:", ""]
            out += [f"- **{q.label}** ({q.where}): {quoted(q.text)}" for q in e.claims]
            out += [""] + _verdicts(e.verdicts)
        return out
    if isinstance(section, OtherConflicts):
        return [f"## {section.title}", ""] + _verdicts(section.verdicts)
    raise TypeError(f"no Markdown for section {type(section).__name__}")


def _verdicts(verdicts: Verdicts) -> list[str]:
    out = []
    for heading, chosen in (("Conflicts", verdicts.conflicts), ("Agreements", verdicts.agreements)):
        if not chosen:
            continue
        out += [f"{heading}:", ""]
        for v in chosen:
            copy = " — the two sentences are copies, not independent confirmation" if v.reused else ""
            out.append(f"- **{v.label}** ({v.probability}){copy}")
            out += [f"    - {message}" for message in v.reasons]
            out.append(f"    - {v.a.source} ({v.a.where}): {quoted(v.a.text)}")
            out.append(f"    - {v.b.source} ({v.b.where}): {quoted(v.b.text)}")
        out.append("")
    if verdicts.related:
        out += [f"{verdicts.related} related pair(s): same topic, neither confirming nor contradicting.", ""]
    return out
