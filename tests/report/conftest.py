"""Reports for the format tests: the seeds on the fake models, and the same with every optional
section filled and hostile text in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck import Checker, Config, load_documents
from crosscheck.types import PairVerdict, Report, ReuseLink

HOSTILE = "Officials said \x00 the \u202etxt.exe\u202c deal was <script>alert(1)</script> [worth](http://evil.example) &#8238;400 billion"


@pytest.fixture(scope="module")
def fake_report(seeds_dir: Path) -> Report:
    return Checker(Config(embedder="fake", nli_model="fake")).check(load_documents([seeds_dir]).documents)


@pytest.fixture(scope="module")
def full_report(fake_report: Report) -> Report:
    """The seeds (fake models) with every optional section filled: inputs not read, skipped and
    with warnings, a copy, a conflict and an agreement outside any event, and hostile text."""
    report = fake_report
    a, b = report.claims[0], next(c for c in report.claims if c.doc_id != report.claims[0].doc_id)
    loose = PairVerdict(a=a.id, b=b.id, label="conflict", probability=0.9, similarity=0.7)
    c = next(c for c in report.claims if c.doc_id not in (a.doc_id, b.doc_id))
    loose_agree = PairVerdict(a=a.id, b=c.id, label="agree", probability=0.8, similarity=0.9)
    link = ReuseLink(a=a.doc_id, b=b.doc_id, kind="edited", share=0.4, aligned=3)
    claims = (report.claims[0].model_copy(update={"text": "=HYPERLINK(\"x\") " + HOSTILE}), *report.claims[1:])
    docs = tuple(d.model_copy(update={"source": "Evil\u202eTimes"}) if d.id == a.doc_id else d for d in report.documents)
    return report.model_copy(update={
        "claims": claims, "documents": docs,
        "errors": ("missing.txt: no such file",),
        "skipped": ("empty.txt: empty file",),
        "warnings": ("r.jsonl:1: field 'title' is a number (42), not a string; kept the record without it",),
        "verdicts": (*report.verdicts, loose, loose_agree),
        "reuse": (*report.reuse, link),
    })
