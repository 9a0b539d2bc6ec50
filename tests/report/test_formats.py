"""The report view and its formats: every registered format shows every section of the view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosscheck import Checker, Config, load_documents
from crosscheck.report import build_view, format_names, register_format, render
from crosscheck.report import formats as formats_module
from crosscheck.report.view import SECTION_TYPES, Copies, InputsNotRead, OtherConflicts
from crosscheck.types import PairVerdict, Report, ReuseLink


@pytest.fixture(scope="module")
def full_report(seeds_dir: Path) -> Report:
    """A report on the seeds (fake models) with every optional section filled: an input not
    read, a copy, and a conflict outside any event."""
    report = Checker(Config(embedder="fake", nli_model="fake")).check(load_documents([seeds_dir]).documents)
    a, b = report.claims[0], next(c for c in report.claims if c.doc_id != report.claims[0].doc_id)
    loose = PairVerdict(a=a.id, b=b.id, label="conflict", probability=0.9, similarity=0.7)
    link = ReuseLink(a=a.doc_id, b=b.doc_id, kind="edited", share=0.4, aligned=3)
    return report.model_copy(update={
        "errors": ("missing.txt: no such file",),
        "skipped": ("empty.txt: empty file",),
        "warnings": ("r.jsonl:1: field 'title' is a number (42), not a string; kept the record without it",),
        "verdicts": (*report.verdicts, loose),
        "reuse": (*report.reuse, link),
    })


def test_the_view_has_every_section_in_order(full_report: Report) -> None:
    sections = build_view(full_report).sections
    assert [type(s) for s in sections] == list(SECTION_TYPES)
    assert any(isinstance(s, InputsNotRead) for s in sections)
    assert any(isinstance(s, Copies) for s in sections)
    assert any(isinstance(s, OtherConflicts) for s in sections)


@pytest.mark.parametrize("name", ["md", "html"])
def test_every_view_format_shows_every_section(full_report: Report, name: str) -> None:
    text = render(full_report, name)
    for section in build_view(full_report).sections:
        shown = {"Summary": "documents ·", "Models": "Models: embedder"}.get(section.title, section.title)
        assert shown in text, f"{name} lacks the section {section.title!r}"
    assert "missing.txt: no such file" in text and "empty.txt: empty file" in text and "is a number (42)" in text


def test_every_registered_format_renders_and_json_is_the_report(full_report: Report) -> None:
    assert set(format_names()) >= {"md", "json", "html"}
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
