"""The typed objects that the pipeline stages pass to one another.

Every model is a frozen pydantic v2 model. Character offsets (``start``/``end``) are
always offsets into the owning ``Document.text`` (end exclusive), so a reader can find
any sentence, claim or slot in the original article.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DateBasis = Literal["metadata", "stated", "inferred", "unknown"]
PairLabel = Literal["agree", "conflict", "related"]
NLI_LABELS: tuple[str, str, str] = ("entailment", "neutral", "contradiction")


def stable_id(*parts: str, length: int = 16) -> str:
    """Return a short hex id that depends only on ``parts`` (stable across runs)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    """A piece of a document's text: ``text == document.text[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Document(_Frozen):
    """One article.

    ``id`` is a hash of the text and source, so the same article read twice gets the
    same id. ``line_start``/``line_end`` (1-based, inclusive) locate it in ``path``.
    """

    id: str
    source: str = Field(description="Outlet or origin the article is attributed to.")
    title: str | None = None
    date: dt.date | None = None
    date_basis: DateBasis = "unknown"
    date_evidence: str | None = None
    date_earliest: dt.date | None = Field(default=None, description="Lower bound on the date when the exact date is unknown (e.g. the latest past year the text mentions).")
    path: str | None = None
    url: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    line_origins: tuple[tuple[int, int], ...] | None = Field(
        default=None,
        description="For text extracted from markup (HTML): (1-based line, 0-based character offset) in the file where each line of text starts. "
        "None when line k of text is line line_start + k of the file.",
    )
    text: str

    def __repr__(self) -> str:
        preview = self.text[:60].replace("\n", " ")
        return f"Document(id={self.id!r}, source={self.source!r}, title={self.title!r}, text={preview!r}...)"


class Sentence(_Frozen):
    """A sentence of a document, located by its character span."""

    doc_id: str
    index: int = Field(ge=0, description="Position of the sentence in its document.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


Approximator = Literal["exact", "about", "more_than", "at_least", "less_than", "at_most", "up_to"]


class Quantity(_Frozen):
    """A figure in a claim: ``$400 billion`` -> value 4e11, unit ``USD``."""

    span: Span
    value: float
    unit: str | None = Field(default=None, description="Currency code, 'percent', 'year', ... or None for a count.")
    counted: str | None = Field(default=None, description="What is counted or measured, e.g. 'Chinese officials'.")
    approx: Approximator = "exact"
    kind: Literal["amount", "count", "number", "percent", "duration", "ordinal"] = "number"


class TimeRef(_Frozen):
    """A time expression, resolved against the document date when possible."""

    span: Span
    kind: Literal["date", "month", "year", "weekday", "relative", "duration"]
    date: dt.date | None = Field(default=None, description="Resolved calendar date, if known.")
    year: int | None = None
    month: int | None = None
    weekday: int | None = Field(default=None, ge=0, le=6, description="Monday=0 ... Sunday=6.")
    until: dt.date | None = Field(default=None, description="Latest calendar date the expression allows ('June' -> June 30); 'date' is the earliest.")
    anchor: str | None = Field(default=None, description="Lemma of the word the expression modifies ('meet' in 'will meet on Friday').")


class Actor(_Frozen):
    """A named person, organisation or place, with a canonical name for comparison."""

    span: Span
    canonical: str
    kind: Literal["person", "org", "country", "place", "other"] = "other"
    role: str | None = Field(default=None, description="Syntactic slot the actor fills, e.g. 'nsubj:say' or 'pobj:from:come'.")


class Attribution(_Frozen):
    """Who is said to say or claim something."""

    speaker: str
    span: Span | None = None
    cue: str | None = Field(default=None, description="The reporting verb, e.g. 'said'.")
    quoted: bool = False


class Slots(_Frozen):
    """The structured slots of a claim: what the slot stage (``crosscheck.claims.slots``) fills in.

    ``Claim`` extends this model, so a slot added here is a field of every claim.
    """

    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeRef, ...] = ()
    actors: tuple[Actor, ...] = ()
    attribution: Attribution | None = None
    negated: bool = False
    hedge: str | None = Field(default=None, description="Modal or hedging cue ('plans to', 'would'), if any.")

    def slot_fields(self) -> dict[str, object]:
        """The slots as keyword arguments for ``Claim(...)`` or ``claim.model_copy(update=...)``."""
        return {name: getattr(self, name) for name in Slots.model_fields}


class _Located(_Frozen):
    """Where a claim is: its document, its sentence and its span (the first fields of a ``Claim``)."""

    id: str
    doc_id: str
    sentence_index: int = Field(ge=0)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Claim(Slots, _Located):
    """A check-worthy sentence with its structured slots (fields: those of ``_Located``, then ``Slots``)."""

    reasons: tuple[str, ...] = Field(default=(), description="Why the sentence was kept as a claim.")

    def __repr__(self) -> str:
        return f"Claim(id={self.id!r}, doc_id={self.doc_id!r}, text={self.text[:60]!r}...)"


class Story(BaseModel):
    """Documents about one real-world happening, with what they share.

    ``id`` is a hash of the member document ids, so the same documents give the same id.
    The evidence lists hold what at least two members share, most distinctive first (empty
    for a one-document story).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    doc_ids: tuple[str, ...]
    period: str | None = Field(default=None, description="'YYYY-MM' most member documents are dated in, when known.")
    participants: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    cohesion: float = Field(default=1.0, description="Mean similarity of the member pairs (1.0 for one document).")


class ClaimCluster(_Frozen):
    """Claims about one event from two or more documents."""

    id: str
    claim_ids: tuple[str, ...]
    centroid_claim_id: str
    doc_ids: tuple[str, ...]
    period: str | None = Field(default=None, description="'YYYY-MM' of the documents, when known.")
    sources: int = Field(ge=0, description="Distinct documents in the cluster.")
    independent_sources: int = Field(ge=0, description="Documents left once copies are collapsed onto their origin.")


# The kinds of finding, for the report's schema; each is made by one rule family of
# ``crosscheck.compare``, which declares it there with its confidence (a test checks the two agree).
ReasonKind = Literal[
    "amount", "count", "number", "percent", "date", "weekday", "duration", "actor", "place",
    "polarity", "speaker", "framing", "period", "event", "quote", "nli",
]


class Reason(_Frozen):
    """One finding behind a verdict, with the spans it compares."""

    kind: ReasonKind
    message: str
    a: Span | None = None
    b: Span | None = None
    conflict: bool = Field(description="True when this finding alone says the claims cannot both hold.")


class PairVerdict(_Frozen):
    """The verdict on two claims from different documents."""

    a: str = Field(description="Claim id.")
    b: str = Field(description="Claim id.")
    cluster_id: str | None = None
    label: PairLabel
    probability: float = Field(ge=0.0, le=1.0, description="Calibrated probability of the label.")
    similarity: float = Field(description="Cosine similarity of the two claim embeddings.")
    same_event: float | None = Field(
        default=None, ge=0.0, le=1.0,
        description="The judge's probability that both claims report the same real-world event; None for a model without that output.",
    )
    nli_ab: dict[str, float] | None = Field(
        default=None, description="NLI probabilities with a as premise, b as hypothesis; None when the slots settled the pair without NLI."
    )
    nli_ba: dict[str, float] | None = Field(
        default=None, description="NLI probabilities with b as premise, a as hypothesis; None when the slots settled the pair without NLI."
    )
    reasons: tuple[Reason, ...] = ()
    reused: bool = Field(default=False, description="The two sentences are copies of each other, not independent.")


class ReuseLink(_Frozen):
    """Evidence that one document reuses another's text."""

    a: str = Field(description="Document id.")
    b: str = Field(description="Document id.")
    kind: Literal["verbatim", "edited", "spun"]
    share: float = Field(ge=0.0, le=1.0, description="Share of the shorter document's sentences aligned to the other.")
    aligned: int = Field(ge=0, description="Number of aligned sentence pairs.")
    examples: tuple[tuple[Span, Span], ...] = ()
    earlier: str | None = Field(default=None, description="Id of the document that came first, when dates tell.")
    sentence_pairs: tuple[tuple[int, int], ...] = Field(default=(), description="(sentence index in a, sentence index in b) of every aligned pair.")


class Report(_Frozen):
    """Everything a run found, with the configuration and models that produced it."""

    schema_version: str = "1"
    config: dict[str, object]
    models: dict[str, str]
    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    stories: tuple[Story, ...] = Field(default=(), description="Documents grouped by the real-world happening they report.")
    clusters: tuple[ClaimCluster, ...]
    verdicts: tuple[PairVerdict, ...]
    reuse: tuple[ReuseLink, ...] = ()
    stats: dict[str, int] = Field(default_factory=dict)
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds per stage; the only part that varies between identical runs.")
    errors: tuple[str, ...] = Field(default=(), description="Inputs that could not be read, one line each.")
    skipped: tuple[str, ...] = Field(default=(), description="Inputs passed over on purpose (not an article, too short, empty), one line each with why.")
    warnings: tuple[str, ...] = Field(default=(), description="Inputs read and checked with a caveat (a field dropped, lines blanked or split), one line each.")

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialise to JSON (see ``Report.model_json_schema()`` for the schema); other formats
        are in ``crosscheck.report`` (``render(report, "md")``)."""
        return self.model_dump_json(indent=indent)

    def claim(self, claim_id: str) -> Claim:
        """Return the claim with ``claim_id``; raise KeyError if absent."""
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(f"no claim with id {claim_id!r} in this report")

    def document(self, doc_id: str) -> Document:
        """Return the document with ``doc_id``; raise KeyError if absent."""
        for d in self.documents:
            if d.id == doc_id:
                return d
        raise KeyError(f"no document with id {doc_id!r} in this report")
