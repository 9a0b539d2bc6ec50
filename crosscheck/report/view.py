"""The report view: the ordered sections every format shows, computed once from a ``Report``.

Findings come first: conflicts, claims corroborated by several independent sources, claims
only one source makes, copies between outlets; then the events, most in need of attention
first; then the reference (pairs outside events, sources, inputs, models). Every claim and
every verdict of the report is in the view, and every text in it has been through
``safe.neutralise``. Formats (``markdown``, ``html``, ``claimreview``, ``csv``) only format
these sections and need no lookups of their own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from crosscheck.report.findings import corroborations, event_order, single_source_claims
from crosscheck.report.safe import neutralise
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
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters; a quotation
    the cut leaves open is closed."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    short = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return short + "”" if short.count("“") > short.count("”") else short


def excerpt(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters and quoted, its quotation marks still paired."""
    return quoted(shorten(text, limit))


@dataclass(frozen=True)
class Quote:
    """A claim as the report shows it: its id, outlet, document, where it is, its text (one line)."""

    claim_id: str
    source: str
    label: str
    where: str
    text: str
    url: str | None = None  # the article's URL, or its path
    date: str | None = None  # the article's date (ISO), when known


@dataclass(frozen=True)
class EventRef:
    """The event a verdict belongs to: its number in the Events section and its anchor."""

    number: int
    anchor: str


@dataclass(frozen=True)
class VerdictView:
    anchor: str
    label: str
    probability: float
    reused: bool
    reasons: tuple[str, ...]
    a: Quote
    b: Quote
    event: EventRef | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({self.a.source, self.b.source}))


@dataclass(frozen=True)
class Summary:
    title = "Summary"
    documents: int
    claims: int
    events: int
    conflicts: int
    agreements: int
    related: int
    corroborated: int  # corroborations: claim groups confirmed by two or more independent sources
    single_source: int  # claims only one source makes
    copies: int  # reuse links
    not_read: int  # inputs that could not be read


@dataclass(frozen=True)
class Conflicts:
    title = "Conflicts"
    verdicts: tuple[VerdictView, ...]


@dataclass(frozen=True)
class Corroboration:
    """Claims that agree, from ``sources`` documents, ``independent_sources`` of them once copies count once."""

    anchor: str
    independent_sources: int
    sources: int
    claims: tuple[Quote, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(sorted({q.source for q in self.claims}))


@dataclass(frozen=True)
class Corroborated:
    title = "Corroborated by independent sources"
    groups: tuple[Corroboration, ...]


@dataclass(frozen=True)
class SourceClaims:
    """The claims of one document that no other source makes."""

    source: str
    label: str
    claims: tuple[Quote, ...]


@dataclass(frozen=True)
class SingleSource:
    title = "Claims only one source makes"
    documents: tuple[SourceClaims, ...]


@dataclass(frozen=True)
class CopyRow:
    a: str
    b: str
    source_a: str
    source_b: str
    kind: str
    share: str
    aligned: int
    first: str | None  # the source that came first, when dates tell
    examples: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Copies:
    title = "Copies between outlets"
    rows: tuple[CopyRow, ...]


@dataclass(frozen=True)
class Verdicts:
    """The verdicts of a group of pairs by label, best first."""

    conflicts: tuple[VerdictView, ...]
    agreements: tuple[VerdictView, ...]
    related: tuple[VerdictView, ...]

    def all(self) -> tuple[VerdictView, ...]:
        return (*self.conflicts, *self.agreements, *self.related)


@dataclass(frozen=True)
class Event:
    anchor: str
    number: int
    title: str
    period: str | None
    sources: int
    independent_sources: int
    claims: tuple[Quote, ...]
    verdicts: Verdicts

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(sorted({q.source for q in self.claims}))


@dataclass(frozen=True)
class Events:
    title = "Events"
    events: tuple[Event, ...]


@dataclass(frozen=True)
class OtherPairs:
    """Agreements and related pairs of claims that are in no event (their conflicts are under Conflicts)."""

    title = "Pairs outside events"
    verdicts: Verdicts


@dataclass(frozen=True)
class SourceRow:
    number: int
    source: str
    label: str
    date: str
    lines: str


@dataclass(frozen=True)
class Sources:
    title = "Sources"
    rows: tuple[SourceRow, ...]


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
class Models:
    title = "Models"
    embedder: str | None
    nli: str | None


Section = (
    Summary | Conflicts | Corroborated | SingleSource | Copies | Events | OtherPairs | Sources
    | InputsNotRead | InputsSkipped | ReadWithWarnings | Models
)
SECTION_TYPES: tuple[type, ...] = (
    Summary, Conflicts, Corroborated, SingleSource, Copies, Events, OtherPairs, Sources,
    InputsNotRead, InputsSkipped, ReadWithWarnings, Models,
)


@dataclass(frozen=True)
class ReportView:
    """The sections of a report, findings first; empty sections are left out (Summary, Conflicts
    and Events always stay, so a reader sees that there were none).

    ``verdicts`` holds every verdict once, in the report's order, for formats with a row per verdict.
    """

    sections: tuple[Section, ...]
    verdicts: tuple[VerdictView, ...]

    def section(self, kind: type) -> Section | None:
        """The section of type ``kind``, or None when the view leaves it out."""
        return next((s for s in self.sections if type(s) is kind), None)


def build_view(report: Report) -> ReportView:
    """The view of ``report``: every section a format shows, in order."""
    claims = {c.id: c for c in report.claims}
    docs = {d.id: d for d in report.documents}
    order = event_order(report)
    refs = {report.clusters[i].id: EventRef(number=n, anchor=f"event-{report.clusters[i].id}") for n, i in enumerate(order, 1)}

    def quote(claim_id: str) -> Quote:
        claim = claims[claim_id]
        doc = docs[claim.doc_id]
        return Quote(
            claim_id=claim_id, source=neutralise(doc.source), label=neutralise(doc_label(doc)),
            where=neutralise(where(doc, claim)), text=neutralise(one_line(claim.text)),
            url=neutralise(doc.url or doc.path) if (doc.url or doc.path) else None,
            date=doc.date.isoformat() if doc.date else None,
        )

    def verdict_view(v: PairVerdict) -> VerdictView:
        return VerdictView(
            anchor=f"pair-{v.a}-{v.b}", label=v.label, probability=v.probability, reused=v.reused,
            reasons=tuple(neutralise(r.message) for r in v.reasons), a=quote(v.a), b=quote(v.b),
            event=refs.get(v.cluster_id) if v.cluster_id else None,
        )

    every = tuple(verdict_view(v) for v in report.verdicts)
    by_cluster: dict[str | None, list[VerdictView]] = defaultdict(list)
    for raw, view in zip(report.verdicts, every, strict=True):
        by_cluster[raw.cluster_id if raw.cluster_id in refs else None].append(view)

    def grouped(group: list[VerdictView]) -> Verdicts:
        ranked = sorted(group, key=lambda v: (_LABEL_ORDER[v.label], -v.probability, v.a.claim_id, v.b.claim_id))
        return Verdicts(*(tuple(v for v in ranked if v.label == label) for label in ("conflict", "agree", "related")))

    events = tuple(
        Event(
            anchor=refs[cluster.id].anchor, number=refs[cluster.id].number,
            title=neutralise(shorten(claims[cluster.centroid_claim_id].text, 110)), period=cluster.period,
            sources=cluster.sources, independent_sources=cluster.independent_sources,
            claims=tuple(quote(claim_id) for claim_id in cluster.claim_ids), verdicts=grouped(by_cluster.get(cluster.id, [])),
        )
        for cluster in (report.clusters[i] for i in order)
    )
    loose = grouped(by_cluster.get(None, []))
    conflicts = tuple(sorted(
        (v for v in every if v.label == "conflict"),
        key=lambda v: (v.event.number if v.event else len(events) + 1, -v.probability, v.a.claim_id, v.b.claim_id),
    ))
    groups = tuple(
        Corroboration(anchor=f"agree-{group.id}", independent_sources=group.independent, sources=len(group.doc_ids),
                      claims=tuple(quote(c) for c in group.claim_ids))
        for group in corroborations(report)
    )
    single = tuple(
        SourceClaims(source=neutralise(docs[doc_id].source), label=neutralise(doc_label(docs[doc_id])), claims=tuple(quote(c) for c in ids))
        for doc_id, ids in single_source_claims(report)
    )
    copies = tuple(
        CopyRow(
            a=neutralise(doc_label(docs[link.a])), b=neutralise(doc_label(docs[link.b])),
            source_a=neutralise(docs[link.a].source), source_b=neutralise(docs[link.b].source),
            kind=link.kind, share=percent(link.share), aligned=link.aligned,
            first=neutralise(docs[link.earlier].source) if link.earlier else None,
            examples=tuple((neutralise(one_line(ea.text)), neutralise(one_line(eb.text))) for ea, eb in link.examples[:2]),
        )
        for link in report.reuse
    )
    s = report.stats
    sections: list[Section] = [Summary(
        documents=s.get("documents", len(report.documents)), claims=s.get("claims", len(report.claims)), events=len(events),
        conflicts=len(conflicts), agreements=sum(v.label == "agree" for v in every), related=sum(v.label == "related" for v in every),
        corroborated=len(groups), single_source=sum(len(d.claims) for d in single), copies=len(copies), not_read=len(report.errors),
    ), Conflicts(verdicts=conflicts)]
    if groups:
        sections.append(Corroborated(groups=groups))
    if single:
        sections.append(SingleSource(documents=single))
    if copies:
        sections.append(Copies(rows=copies))
    sections.append(Events(events=events))
    if loose.agreements or loose.related:
        sections.append(OtherPairs(verdicts=Verdicts(conflicts=(), agreements=loose.agreements, related=loose.related)))
    sections.append(Sources(rows=tuple(
        SourceRow(
            number=number, source=neutralise(doc.source), label=neutralise(doc_label(doc)),
            date=f"{doc.date} ({doc.date_basis})" if doc.date else "unknown",
            lines=neutralise(f"{(doc.path or '').rsplit('/', 1)[-1]}:{doc.line_start}-{doc.line_end}") if doc.line_start else "-",
        )
        for number, doc in enumerate(report.documents, start=1)
    )))
    for kind, lines in ((InputsNotRead, report.errors), (InputsSkipped, report.skipped), (ReadWithWarnings, report.warnings)):
        if lines:
            sections.append(kind(errors=tuple(neutralise(line) for line in lines)))
    sections.append(Models(
        embedder=neutralise(report.models["embedder"]) if "embedder" in report.models else None,
        nli=neutralise(report.models["nli"]) if "nli" in report.models else None,
    ))
    return ReportView(sections=tuple(sections), verdicts=every)
