"""The report view and its formats: findings first, every claim and verdict in every format,
hostile text made harmless."""

from __future__ import annotations

import csv
import io
import json

import pytest

from crosscheck.report import build_view, format_names, register_format, render
from crosscheck.report import formats as formats_module
from crosscheck.report.markdown import md
from crosscheck.report.table import COLUMNS
from crosscheck.report.view import (
    SECTION_TYPES,
    Conflicts,
    Corroborated,
    Events,
    OtherPairs,
    ReportView,
    SingleSource,
    one_line,
)
from crosscheck.types import PairVerdict, Report, ReuseLink


def _claim_ids(view: ReportView) -> set[str]:
    ids: set[str] = set()
    for s in view.sections:
        if isinstance(s, Conflicts):
            ids |= {q.claim_id for v in s.verdicts for q in (v.a, v.b)}
        elif isinstance(s, Corroborated):
            ids |= {q.claim_id for g in s.groups for q in g.claims}
        elif isinstance(s, SingleSource):
            ids |= {q.claim_id for d in s.documents for q in d.claims}
        elif isinstance(s, Events):
            ids |= {q.claim_id for e in s.events for q in e.claims}
        elif isinstance(s, OtherPairs):
            ids |= {q.claim_id for v in s.verdicts.all() for q in (v.a, v.b)}
    return ids


def _verdict_anchors(view: ReportView) -> list[str]:
    out: list[str] = []
    for s in view.sections:
        if isinstance(s, Conflicts):
            out += [v.anchor for v in s.verdicts if v.event is None]
        elif isinstance(s, Events):
            out += [v.anchor for e in s.events for v in e.verdicts.all()]
        elif isinstance(s, OtherPairs):
            out += [v.anchor for v in s.verdicts.all()]
    return out


def test_the_view_has_every_section_findings_first(full_report: Report) -> None:
    sections = build_view(full_report).sections
    assert [type(s) for s in sections] == list(SECTION_TYPES)


def test_every_claim_and_every_verdict_is_in_the_view_once(full_report: Report) -> None:
    view = build_view(full_report)
    assert _claim_ids(view) == {c.id for c in full_report.claims}
    anchors = _verdict_anchors(view)
    assert sorted(anchors) == sorted(f"pair-{v.a}-{v.b}" for v in full_report.verdicts)
    assert [v.anchor for v in view.verdicts] == [f"pair-{v.a}-{v.b}" for v in full_report.verdicts]


def test_single_source_claims_are_those_in_no_event_agreement_or_conflict(full_report: Report) -> None:
    view = build_view(full_report)
    single = view.section(SingleSource)
    assert isinstance(single, SingleSource)
    in_events = {c for k in full_report.clusters for c in k.claim_ids}
    confirmed = {c for v in full_report.verdicts if v.label != "related" for c in (v.a, v.b)}
    shown = {q.claim_id for d in single.documents for q in d.claims}
    assert shown == {c.id for c in full_report.claims} - in_events - confirmed
    assert all(q.source == d.source for d in single.documents for q in d.claims)


def test_events_come_most_in_need_of_attention_first(full_report: Report) -> None:
    events = build_view(full_report).section(Events)
    assert isinstance(events, Events) and len(events.events) > 3
    keys = [(-len(e.verdicts.conflicts), -e.independent_sources) for e in events.events]
    assert keys == sorted(keys)
    assert [e.number for e in events.events] == list(range(1, len(events.events) + 1))


def test_a_corroboration_counts_copies_once(fake_report: Report) -> None:
    # Two claims from different documents agree; once the documents are copies, one source is left.
    a = fake_report.claims[0]
    b = next(c for c in fake_report.claims if c.doc_id != a.doc_id)
    agree = PairVerdict(a=a.id, b=b.id, label="agree", probability=0.9, similarity=0.9)
    base = fake_report.model_copy(update={"verdicts": (agree,), "clusters": (), "reuse": ()})
    groups = build_view(base).section(Corroborated)
    assert isinstance(groups, Corroborated) and groups.groups[0].independent_sources == 2
    copied = base.model_copy(update={"reuse": (ReuseLink(a=a.doc_id, b=b.doc_id, kind="verbatim", share=0.9, aligned=9),)})
    assert build_view(copied).section(Corroborated) is None


@pytest.mark.parametrize("name", ["md", "html"])
def test_markdown_and_html_show_the_findings_first_and_every_section(full_report: Report, name: str) -> None:
    text = render(full_report, name)
    view = build_view(full_report)
    marks = {"md": "## {}", "html": "<h2>{}</h2>"}[name]
    positions = [text.index(marks.format(s.title)) for s in view.sections[1:]]
    assert positions == sorted(positions)
    assert "missing.txt: no such file" in text and "empty.txt: empty file" in text and "is a number (42)" in text


def test_markdown_shows_every_claim_and_every_verdict(full_report: Report) -> None:
    text = render(full_report, "md")
    for claim in full_report.claims[1:]:
        assert md(one_line(claim.text)) in text
    view = build_view(full_report)
    labels = [v.label for v in full_report.verdicts]
    in_events = sum(len(e.verdicts.conflicts) for e in view.section(Events).events)
    assert text.count("(conflict, ") == labels.count("conflict") + in_events  # listed first, then in their event
    assert text.count("(agree, ") == labels.count("agree")
    assert sum(line.startswith("- ") and "%: **" in line for line in text.splitlines()) == labels.count("related")


def test_html_has_every_claim_and_verdict_an_anchor_for_each_and_no_network(full_report: Report) -> None:
    page = render(full_report, "html")
    for claim in full_report.claims:
        assert f"data-claim='{claim.id}'" in page and f"id='claim-{claim.id}'" in page
    for v in full_report.verdicts:
        assert page.count(f"id='pair-{v.a}-{v.b}'") == 1
    for cluster in full_report.clusters:
        assert f"id='event-{cluster.id}'" in page and f"href='#event-{cluster.id}'" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert " src=" not in page and "href='http" not in page and "@import" not in page


def test_hostile_text_is_escaped_and_neutralised_in_every_format(full_report: Report) -> None:
    for name in format_names():
        text = render(full_report, name)
        assert "\x00" not in text and "\u202e" not in text and "\u202c" not in text, name
    page = render(full_report, "html")
    assert page.count("<script>") == 1 and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;#8238;" in page
    markdown = render(full_report, "md")
    assert "\\<script>" in markdown and "\\[worth\\](http://evil.example)" in markdown and "\\&#8238;" in markdown
    assert "Evil\ufffdTimes" in markdown and "the \ufffdtxt.exe\ufffd deal" in markdown
    rows = list(csv.DictReader(io.StringIO(render(full_report, "csv"))))
    hostile = next(r for r in rows if r["claim_a"] == full_report.claims[0].id or r["claim_b"] == full_report.claims[0].id)
    assert "'=HYPERLINK" in (hostile["text_a"] + hostile["text_b"])
    # JSON keeps the data: the invisible characters are escapes that parse back to themselves.
    assert "\\u202e" in render(full_report, "json")
    assert Report.model_validate(json.loads(render(full_report, "json"))) == full_report


def test_csv_has_one_row_per_verdict(full_report: Report) -> None:
    rows = list(csv.reader(io.StringIO(render(full_report, "csv"))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 1 + len(full_report.verdicts)
    body = [dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]]
    assert [(r["label"], r["claim_a"], r["claim_b"]) for r in body] == [(v.label, v.a, v.b) for v in full_report.verdicts]
    assert all(0.0 <= float(r["probability"]) <= 1.0 for r in body)


def test_every_registered_format_renders_and_json_is_the_report(full_report: Report) -> None:
    assert set(format_names()) >= {"md", "json", "html", "claimreview", "csv"}
    for name in format_names():
        assert render(full_report, name)
    assert Report.model_validate(json.loads(render(full_report, "json"))) == full_report


def test_a_registered_format_is_offered_and_unknown_names_list_the_valid_ones(
    full_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formats_module, "_FORMATS", dict(formats_module._FORMATS))
    register_format("count", lambda report: f"{len(report.claims)}\n")
    assert "count" in format_names()
    assert render(full_report, "count") == f"{len(full_report.claims)}\n"
    with pytest.raises(ValueError, match="choose one of"):
        render(full_report, "pdf")
