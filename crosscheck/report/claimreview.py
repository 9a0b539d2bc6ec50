"""The ClaimReview format: schema.org ``ClaimReview`` JSON-LD, what fact-check desks' tools and
search engines read.

One ``ClaimReview`` per conflict (rating "Conflicting reports"; the review body names the
other source, what differs and both sentences) and one per corroboration (rating
"Corroborated by N independent sources"; every sentence that says it is an appearance of the
claim). Each appearance is the article: its URL, or the path it was read from, with its
outlet, headline and date when known. ``datePublished`` of a review is the day it is made (UTC)
unless the caller fixes it, so this is the one format that is not the same byte for byte on
every day.
"""

from __future__ import annotations

import datetime as dt
import json

from crosscheck.report.safe import escape_json
from crosscheck.report.view import (
    Conflicts,
    Corroborated,
    Quote,
    ReportView,
    quoted,
)
from crosscheck.report.wording import conflict_reason, corroboration_rating

CONFLICTING = "Conflicting reports"


def _appearance(q: Quote) -> dict[str, object]:
    work: dict[str, object] = {"@type": "CreativeWork"}
    if q.url:
        work["url"] = q.url
    title = q.label.removeprefix(q.source).removeprefix(" — ")
    if title:
        work["headline"] = title
    work["publisher"] = {"@type": "Organization", "name": q.source}
    if q.date:
        work["datePublished"] = q.date
    work["text"] = q.text
    return work


def _review(claim: str, appearances: list[Quote], rating: str, body: str, published: dt.date) -> dict[str, object]:
    item: dict[str, object] = {"@type": "Claim", "appearance": [_appearance(q) for q in appearances]}
    dates = sorted(q.date for q in appearances if q.date)
    if dates:
        item["datePublished"] = dates[0]
    return {
        "@type": "ClaimReview",
        "claimReviewed": claim,
        "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "alternateName": rating},
        "reviewBody": body,
        "author": {"@type": "Organization", "name": "crosscheck"},
        "datePublished": published.isoformat(),
    }


def claim_reviews(view: ReportView, *, published: dt.date | None = None) -> dict[str, object]:
    """The JSON-LD document (``@context`` schema.org, ``@graph`` of ``ClaimReview``s) of ``view``.

    Args:
        view: the report view.
        published: the reviews' ``datePublished``; today's date in UTC when None.
    """
    day = published or dt.datetime.now(dt.UTC).date()
    graph = []
    conflicts = view.section(Conflicts)
    for v in conflicts.verdicts if isinstance(conflicts, Conflicts) else ():
        body = (f"{conflict_reason(v)}. {v.a.source} ({v.a.where}) reports {quoted(v.a.text)}; "
                f"{v.b.source} ({v.b.where}) reports {quoted(v.b.text)}")
        graph.append(_review(v.a.text, [v.a, v.b], CONFLICTING, body, day))
    corroborated = view.section(Corroborated)
    for g in corroborated.groups if isinstance(corroborated, Corroborated) else ():
        rating = corroboration_rating(g.independent_sources)
        body = f"{rating} ({g.sources} documents; copies of one origin count once): " + "; ".join(
            f"{q.source} ({q.where})" for q in g.claims)
        graph.append(_review(g.claims[0].text, list(g.claims), rating, body, day))
    return {"@context": "https://schema.org", "@graph": graph}


def format_claimreview(view: ReportView, *, published: dt.date | None = None) -> str:
    """Return the view's ClaimReview JSON-LD as text (invisible characters written as escapes)."""
    return escape_json(json.dumps(claim_reviews(view, published=published), ensure_ascii=False, indent=2)) + "\n"
