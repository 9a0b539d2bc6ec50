"""What a report's findings are, before any format: which claims independent sources
corroborate, which claims only one source makes, and which events need attention first."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass

from crosscheck.types import Report, stable_id


@dataclass(frozen=True)
class AgreeingClaims:
    """A claim (the first id) and the claims of other documents that agree with it;
    ``independent`` of their documents are independent sources."""

    id: str
    claim_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]
    independent: int


def corroborations(report: Report, *, min_independent: int = 2) -> list[AgreeingClaims]:
    """The claims that several independent sources make: each claim with the claims that an
    ``agree`` verdict (in an event or not) pairs it with, when their documents hold at least
    ``min_independent`` independent sources.

    Agreement is not chained: a group is one claim and its own partners, so two claims that
    each agree with a broad third are not taken to say the same. A claim is shown in at most
    one group, under the claim with the most independent sources. Copies count once, as for
    events (``CopyIndex.count_independent``, with the copy share the report was made with).
    Most independent sources first, then most documents, then report order.
    """
    # Here, not at module level: the reuse stage imports numpy, and the CLI imports the formats.
    from crosscheck.reuse import CopyIndex
    from crosscheck.reuse.units import COPY_SHARE

    claims = {c.id: c for c in report.claims}
    position = {c.id: i for i, c in enumerate(report.claims)}
    partners: dict[str, set[str]] = {}
    for v in report.verdicts:
        if v.label == "agree" and v.a in claims and v.b in claims:
            partners.setdefault(v.a, set()).add(v.b)
            partners.setdefault(v.b, set()).add(v.a)
    share = report.config.get("copy_share", COPY_SHARE)
    copies = CopyIndex(report.reuse, copy_share=float(share) if isinstance(share, int | float) else COPY_SHARE)

    def group(claim_id: str, taken: set[str]) -> AgreeingClaims:
        ids = (claim_id, *sorted(partners[claim_id] - taken, key=position.__getitem__))
        doc_ids = tuple(sorted({claims[c].doc_id for c in ids}))
        independent = copies.count_independent(doc_ids, sentences=[(claims[c].doc_id, claims[c].sentence_index) for c in ids])
        return AgreeingClaims(id=stable_id(*ids), claim_ids=ids, doc_ids=doc_ids, independent=independent)

    def rank(g: AgreeingClaims) -> tuple[int, int, int]:
        return (-g.independent, -len(g.doc_ids), position[g.claim_ids[0]])

    # Greedy, with lazy re-ranking: a group only loses partners as others are shown, so a
    # group whose rank, recomputed, still beats the next one's stored rank is the best.
    taken: set[str] = set()
    groups: list[AgreeingClaims] = []
    heap = [(rank(g), g.claim_ids[0]) for g in (group(c, taken) for c in partners)]
    heapq.heapify(heap)
    while heap:
        _, claim_id = heapq.heappop(heap)
        if claim_id in taken:
            continue
        current = group(claim_id, taken)
        if heap and rank(current) > heap[0][0]:
            heapq.heappush(heap, (rank(current), claim_id))
            continue
        if current.independent < min_independent:
            break
        groups.append(current)
        taken |= set(current.claim_ids)
    return groups


def single_source_claims(report: Report) -> list[tuple[str, tuple[str, ...]]]:
    """``(document id, claim ids)`` for each document with claims that no other source makes:
    claims in no event and in no agreement or conflict (a pair only related does not count).
    Documents and claims in report order."""
    taken = {c for cluster in report.clusters for c in cluster.claim_ids}
    taken |= {c for v in report.verdicts if v.label != "related" for c in (v.a, v.b)}
    by_doc: dict[str, list[str]] = {}
    for claim in report.claims:
        if claim.id not in taken:
            by_doc.setdefault(claim.doc_id, []).append(claim.id)
    return [(d.id, tuple(by_doc[d.id])) for d in report.documents if d.id in by_doc]


def event_order(report: Report) -> list[int]:
    """Indexes into ``report.clusters``, what needs attention first: most conflicts, then most
    independent sources, then most documents, then the report's order."""
    conflicts = Counter(v.cluster_id for v in report.verdicts if v.label == "conflict" and v.cluster_id)
    return sorted(
        range(len(report.clusters)),
        key=lambda i: (-conflicts[report.clusters[i].id], -report.clusters[i].independent_sources, -report.clusters[i].sources, i),
    )
