"""The report view: the ordered sections every format shows, computed once from a ``Report``.

Formats (``markdown``, ``html``) only format these sections; a new format walks
``ReportView.sections`` and needs no lookups of its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

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


def where(doc: Document, claim: Claim) -> str:
    """Where a claim is: ``file:line``, or ``file chars start-end`` without a line span."""
    line = claim_line(doc, claim)
    place = doc.path or doc.url or doc.source
    name = place.rsplit("/", 1)[-1]
    return f"{name}:{line}" if line is not None else f"{name} chars {claim.start}-{claim.end}"


def doc_label(doc: Document) -> str:
    """The outlet, then the title when there is one."""
    title = f" — {doc.title}" if doc.title else ""
    return f"{doc.source}{title}"


def one_line(text: str) -> str:
    """Line breaks of hard-wrapped text become spaces, so a quote stays on one line."""
    return " ".join(text.split())


def quoted(text: str) -> str:
    """Quote a sentence, unless it opens with a quotation of its own (no doubled marks)."""
    text = one_line(text)
    return text if text[:1] in "“\"" else f"“{text}”"


def percent(p: float) -> str:
    """A probability as a whole percentage."""
    return f"{100 * p:.0f}%"


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class Quote:
    """A claim as the report shows it: its document, where it is, its text."""

    source: str
    label: str
    where: str
    text: str


@dataclass(frozen=True)
class Summary:
    title = "Summary"
    documents: int
    claims: int
    events: int
    conflicts: int
    agreements: int
    related: int


@dataclass(frozen=True)
class Models:
    title = "Models"
    embedder: str | None
    nli: str | None


@dataclass(frozen=True)
class InputsNotRead:
    title = "Inputs not read"
    errors: tuple[str, ...]


@dataclass(frozen=True)
class InputsSkipped(InputsNotRead):
    """Inputs passed over on purpose, each with why; formatted as ``InputsNotRead`` is."""

    title = "Inputs skipped"


@dataclass(frozen=True)
class ReadWithWarnings(InputsNotRead):
    """Inputs read and checked with a caveat; formatted as ``InputsNotRead`` is."""

    title = "Read with warnings"


@dataclass(frozen=True)
class SourceRow:
    number: int
    label: str
    date: str
    lines: str


@dataclass(frozen=True)
class Sources:
    title = "Sources"
    rows: tuple[SourceRow, ...]


@dataclass(frozen=True)
class CopyRow:
    a: str
    b: str
    kind: str
    share: str
    aligned: int
    first: str | None  # the source that came first, when dates tell
    examples: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Copies:
    title = "Copies and reused text"
    rows: tuple[CopyRow, ...]


@dataclass(frozen=True)
class VerdictView:
    label: str
    probability: str
    reused: bool
    reasons: tuple[str, ...]
    a: Quote
    b: Quote


@dataclass(frozen=True)
class Verdicts:
    """The conflicts and agreements of a group of pairs (best first), and how many are only related."""

    conflicts: tuple[VerdictView, ...]
    agreements: tuple[VerdictView, ...]
    related: int


@dataclass(frozen=True)
class Event:
    number: int
    title: str
    period: str | None
    sources: int
    independent_sources: int
    claims: tuple[Quote, ...]
    verdicts: Verdicts


@dataclass(frozen=True)
class Events:
    title = "Events"
    events: tuple[Event, ...]


@dataclass(frozen=True)
class OtherConflicts:
    title = "Other conflicts (claims not grouped into one event)"
    verdicts: Verdicts


Section = Summary | Models | InputsNotRead | InputsSkipped | ReadWithWarnings | Sources | Copies | Events | OtherConflicts
SECTION_TYPES: tuple[type, ...] = (
    Summary, Models, InputsNotRead, InputsSkipped, ReadWithWarnings, Sources, Copies, Events, OtherConflicts,
)


@dataclass(frozen=True)
class ReportView:
    """The sections of a report, findings first; empty sections (no errors, no copies, no
    conflicts outside events) are left out."""

    sections: tuple[Section, ...]


def build_view(report: Report) -> ReportView:
    """The view of ``report``: every section a format shows, in order."""
    claims = {c.id: c for c in report.claims}
    docs = {d.id: d for d in report.documents}
    by_cluster: dict[str | None, list[PairVerdict]] = defaultdict(list)
    for v in report.verdicts:
        by_cluster[v.cluster_id].append(v)
    for group in by_cluster.values():
        group.sort(key=lambda v: (_LABEL_ORDER[v.label], -v.probability, v.a, v.b))

    def quote(claim_id: str) -> Quote:
        claim = claims[claim_id]
        doc = docs[claim.doc_id]
        return Quote(source=doc.source, label=doc_label(doc), where=where(doc, claim), text=claim.text)

    def verdicts(group: list[PairVerdict]) -> Verdicts:
        def views(label: str) -> tuple[VerdictView, ...]:
            return tuple(
                VerdictView(
                    label=v.label, probability=percent(v.probability), reused=v.reused,
                    reasons=tuple(r.message for r in v.reasons), a=quote(v.a), b=quote(v.b),
                )
                for v in group
                if v.label == label
            )

        return Verdicts(conflicts=views("conflict"), agreements=views("agree"), related=sum(1 for v in group if v.label == "related"))

    s = report.stats
    sections: list[Section] = [
        Summary(
            documents=s.get("documents", 0), claims=s.get("claims", 0), events=s.get("clusters", 0),
            conflicts=s.get("conflict", 0), agreements=s.get("agree", 0), related=s.get("related", 0),
        ),
        Models(embedder=report.models.get("embedder"), nli=report.models.get("nli")),
    ]
    if report.errors:
        sections.append(InputsNotRead(errors=tuple(report.errors)))
    if report.skipped:
        sections.append(InputsSkipped(errors=tuple(report.skipped)))
    if report.warnings:
        sections.append(ReadWithWarnings(errors=tuple(report.warnings)))
    sections.append(Sources(rows=tuple(
        SourceRow(
            number=number,
            label=doc_label(doc),
            date=f"{doc.date} ({doc.date_basis})" if doc.date else "unknown",
            lines=f"{(doc.path or '').rsplit('/', 1)[-1]}:{doc.line_start}-{doc.line_end}" if doc.line_start else "-",
        )
        for number, doc in enumerate(report.documents, start=1)
    )))
    if report.reuse:
        sections.append(Copies(rows=tuple(
            CopyRow(
                a=doc_label(docs[link.a]), b=doc_label(docs[link.b]), kind=link.kind, share=percent(link.share),
                aligned=link.aligned, first=docs[link.earlier].source if link.earlier else None,
                examples=tuple((ea.text, eb.text) for ea, eb in link.examples[:2]),
            )
            for link in report.reuse
        )))
    sections.append(Events(events=tuple(
        Event(
            number=number,
            title=shorten(claims[cluster.centroid_claim_id].text, 110),
            period=cluster.period,
            sources=cluster.sources,
            independent_sources=cluster.independent_sources,
            claims=tuple(quote(claim_id) for claim_id in cluster.claim_ids),
            verdicts=verdicts(by_cluster.get(cluster.id, [])),
        )
        for number, cluster in enumerate(report.clusters, start=1)
    )))
    loose = [v for v in by_cluster.get(None, []) if v.label == "conflict"]
    if loose:
        sections.append(OtherConflicts(verdicts=verdicts(loose)))
    return ReportView(sections=tuple(sections))
