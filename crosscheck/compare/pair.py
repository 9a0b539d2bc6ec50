"""One comparison per claim pair: every rule family run once, read by clustering and verification.

``compare_claims`` gives a :class:`Comparison`: the slot findings of the rule families
(``figures``, ``actors``, ``wording``), whether the documents are of one period, and what
tells two events apart (``events``). Clustering reads ``one_event``; verification reads
the reasons and ``apart``. :class:`Comparisons` remembers each ordered pair, so the two
stages share one comparison per pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crosscheck.compare.actors import _compare_actors, _compare_speakers, names_overlap
from crosscheck.compare.events import SAME_STATEMENT, different_events, places_differ
from crosscheck.compare.figures import _compare_quantities, _compare_times
from crosscheck.compare.text import _dedupe
from crosscheck.compare.wording import _compare_framing, _compare_polarity, _compare_quotes
from crosscheck.config import Config
from crosscheck.ingest.dating import same_period
from crosscheck.types import Claim, Document, Reason

# The reason kind ``Comparison.apart`` makes for documents of different periods.
REASONS: dict[str, float] = {"period": 0.8}


@dataclass(frozen=True)
class Comparison:
    """What the comparison of two claims found.

    Attributes:
        reasons: the slot findings, in rule-family order (figures, times, actors, speakers,
            polarity, quotes, framing); ``conflict=True`` marks findings that alone rule out
            both claims holding.
        same_period: the two documents are of one period (``Config.max_period_gap_days``).
        documents_share_names: the two documents name an actor in common; None when either
            names no one.
        event: the non-conflict ``event`` reason when the slots show two events, else None.
        places_differ: the claims place the act in different places ("met in Beijing" vs
            "met in Anchorage").
    """

    reasons: tuple[Reason, ...]
    same_period: bool = True
    documents_share_names: bool | None = None
    event: Reason | None = None
    places_differ: bool = False

    @property
    def one_event(self) -> bool:
        """Whether the two claims can be about one event: documents of one period, the act
        placed in one place, and no sign of two events. A pair that fails is still verified,
        and reported as a conflict if it is one, but it does not make one event of two."""
        return self.same_period and not self.places_differ and self.event is None

    @property
    def apart(self) -> Reason | None:
        """The reason the two claims cannot conflict (different periods or events), if any."""
        if not self.same_period:
            return Reason(kind="period", message="the claims come from different periods: not compared as a conflict", conflict=False)
        return self.event


def compare_claims(
    a: Claim,
    b: Claim,
    *,
    same_period: bool = True,
    documents_share_names: bool | None = None,
    same_statement: float = SAME_STATEMENT,
) -> Comparison:
    """Compare two claims: their slots, and whether they can be about one event.

    Args:
        a, b: the claims.
        same_period: whether their documents are of one period.
        documents_share_names: whether their documents name an actor in common (None: unknown).
        same_statement: ``Config.same_statement``.

    Returns:
        The :class:`Comparison`.
    """
    reasons = slot_reasons(a, b)
    return Comparison(
        reasons=tuple(reasons),
        same_period=same_period,
        documents_share_names=documents_share_names,
        event=different_events(a, b, reasons, documents_share_names=documents_share_names, same_statement=same_statement),
        places_differ=places_differ(a, b, reasons),
    )


class Comparisons:
    """Comparisons of the claims of one run, each ordered pair worked out once.

    Args:
        claims: the run's claims (their documents' names decide ``documents_share_names``).
        documents: the run's documents by id.
        config: run settings (``max_period_gap_days``, ``same_statement``).
    """

    def __init__(self, claims: Sequence[Claim], documents: dict[str, Document], config: Config) -> None:
        self._docs = documents
        self._gap = config.max_period_gap_days
        self._same_statement = config.same_statement
        self._names = names_by_document(claims)
        self._seen: dict[tuple[str, str], Comparison] = {}

    def __call__(self, a: Claim, b: Claim) -> Comparison:
        key = (a.id, b.id)
        if key not in self._seen:
            self._seen[key] = compare_claims(
                a,
                b,
                same_period=self.same_period(a.doc_id, b.doc_id),
                documents_share_names=self.share_names(a.doc_id, b.doc_id),
                same_statement=self._same_statement,
            )
        return self._seen[key]

    def same_period(self, doc_a: str, doc_b: str) -> bool:
        """Whether two documents of the run are of one period."""
        return same_period(self._docs[doc_a], self._docs[doc_b], self._gap)

    def share_names(self, doc_a: str, doc_b: str) -> bool | None:
        """Whether two documents name an actor in common; None when either names no one."""
        a, b = self._names.get(doc_a), self._names.get(doc_b)
        return names_overlap(a, b) if a and b else None


def names_by_document(claims: Sequence[Claim]) -> dict[str, frozenset[str]]:
    """The actors each document's claims name (people, bodies, countries, places)."""
    names: dict[str, set[str]] = {}
    for claim in claims:
        names.setdefault(claim.doc_id, set()).update(a.canonical for a in claim.actors)
    return {doc_id: frozenset(found) for doc_id, found in names.items()}


def slot_reasons(a: Claim, b: Claim) -> list[Reason]:
    """Compare the slots of two claims about one event.

    Figures are compared when they count or measure the same thing (same counted noun,
    same surrounding words, or the only figure of that kind on each side) and differ
    beyond what their approximators allow; times when they modify the same word;
    actors when they fill the same syntactic slot of the same verb and neither list
    contains the other; speakers when both claims carry one statement; polarity when the
    claims say nearly the same thing with and without a negation, or with an antonym.

    Returns:
        Reasons in a fixed order (figures, times, actors, speakers, polarity, quotes,
        framing); ``conflict=True`` marks findings that alone rule out both claims holding.
    """
    reasons: list[Reason] = []
    for rule in (_compare_quantities, _compare_times, _compare_actors, _compare_speakers, _compare_polarity,
                 _compare_quotes, _compare_framing):
        reasons.extend(rule(a, b))
    return _dedupe(reasons)
