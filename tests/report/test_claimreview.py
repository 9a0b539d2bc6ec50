"""The ClaimReview export against schema.org: every property is one the vocabulary defines for
the node's type, and every value has a type the property takes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from crosscheck.report import build_view, render
from crosscheck.report.claimreview import CONFLICTING, format_claimreview
from crosscheck.report.view import Conflicts, Corroborated
from crosscheck.types import Report

# From the schema.org vocabulary (https://schema.org/ClaimReview and the pages of its parents):
# each type's own properties; a type also takes those of the types it extends.
_OWN = {
    "Thing": {"name", "alternateName", "description", "url", "identifier", "image", "sameAs", "additionalType"},
    "CreativeWork": {"author", "datePublished", "dateCreated", "dateModified", "headline", "publisher", "text", "about",
                     "inLanguage", "keywords", "creator", "isPartOf"},
    "Review": {"itemReviewed", "reviewRating", "reviewBody", "reviewAspect", "positiveNotes", "negativeNotes", "associatedClaimReview"},
    "ClaimReview": {"claimReviewed"},
    "Claim": {"appearance", "firstAppearance", "claimInterpreter"},
    "Rating": {"ratingValue", "bestRating", "worstRating", "author", "reviewAspect", "ratingExplanation"},
    "Organization": {"legalName", "address", "email", "logo"},
}
_PARENT = {"CreativeWork": "Thing", "Review": "CreativeWork", "ClaimReview": "Review", "Claim": "CreativeWork",
           "Rating": "Thing", "Organization": "Thing"}
# The types each property's range allows (subtypes included) for the properties that take a node.
_RANGE = {
    "itemReviewed": {"Claim", "CreativeWork", "Thing"}, "reviewRating": {"Rating"},
    "appearance": {"CreativeWork", "Claim", "Review", "ClaimReview"}, "firstAppearance": {"CreativeWork"},
    "publisher": {"Organization"}, "author": {"Organization"},
}


def _properties(kind: str) -> set[str]:
    out: set[str] = set()
    while kind:
        out |= _OWN[kind]
        kind = _PARENT.get(kind, "")
    return out


def _nodes(value: object) -> Iterator[dict]:
    if isinstance(value, dict):
        if "@type" in value:
            yield value
        for v in value.values():
            yield from _nodes(v)
    elif isinstance(value, list):
        for v in value:
            yield from _nodes(v)


def _check_against_schema_org(doc: dict) -> None:
    assert doc["@context"] == "https://schema.org"
    for node in _nodes(doc["@graph"]):
        kind = node["@type"]
        assert kind in _OWN, f"type {kind} is not one the export should use"
        for key, value in node.items():
            if key.startswith("@"):
                continue
            assert key in _properties(kind), f"{kind} has no schema.org property {key!r}"
            if key in _RANGE:
                for item in value if isinstance(value, list) else [value]:
                    assert isinstance(item, dict) and item["@type"] in _RANGE[key], f"{kind}.{key} cannot take {item!r}"
            if key == "datePublished":
                dt.date.fromisoformat(value)


def test_the_export_uses_only_schema_org_properties_and_holds_each_finding(full_report: Report) -> None:
    doc = json.loads(render(full_report, "claimreview"))
    _check_against_schema_org(doc)
    view = build_view(full_report)
    conflicts, corroborated = view.section(Conflicts), view.section(Corroborated)
    assert isinstance(conflicts, Conflicts) and isinstance(corroborated, Corroborated)
    reviews = doc["@graph"]
    assert len(reviews) == len(conflicts.verdicts) + len(corroborated.groups)
    ratings = [r["reviewRating"]["alternateName"] for r in reviews]
    assert ratings[: len(conflicts.verdicts)] == [CONFLICTING] * len(conflicts.verdicts)
    assert ratings[len(conflicts.verdicts):] == [f"Corroborated by {g.independent_sources} independent sources" for g in corroborated.groups]
    for review, v in zip(reviews, conflicts.verdicts, strict=False):
        assert review["claimReviewed"] == v.a.text
        assert v.b.text in review["reviewBody"] and v.b.where in review["reviewBody"]
        assert [a["publisher"]["name"] for a in review["itemReviewed"]["appearance"]] == [v.a.source, v.b.source]
    for review in reviews:
        assert review["claimReviewed"] and review["itemReviewed"]["appearance"]
        assert all(a.get("url") for a in review["itemReviewed"]["appearance"])  # the article's URL or path


def test_the_review_date_is_the_day_given(full_report: Report) -> None:
    doc = json.loads(format_claimreview(build_view(full_report), published=dt.date(2021, 3, 19)))
    assert {r["datePublished"] for r in doc["@graph"]} == {"2021-03-19"}
