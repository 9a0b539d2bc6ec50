"""The pipeline on the deterministic fakes: wiring, determinism, validation."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscheck import Checker, Config, check, make_document
from crosscheck.report import render
from crosscheck.types import Report

FAKES = Config(embedder="fake", nli_model="fake")

A = """Storm Shuts Harbour

A storm closed the harbour of Port Ellis for two days, port officials said on Friday.
Officials said 40 ships were stranded outside the harbour and 3 crew members were hurt.
The mayor said repairs would cost about 3 million euros and would take until next month."""

B = """Harbour Closed After Storm

A storm closed the harbour of Port Ellis for two days, port officials said on Friday.
Officials said 45 ships were stranded outside the harbour and 3 crew members were hurt.
Fishermen said it was the worst storm they had seen in a decade on this coast."""


def _docs() -> list:
    return [
        make_document(A, source="Coast Daily", title="Storm Shuts Harbour", date=dt.date(2021, 3, 5)),
        make_document(B, source="Harbour News", title="Harbour Closed After Storm", date=dt.date(2021, 3, 5)),
    ]


def test_pipeline_finds_the_event_the_agreement_and_the_conflict() -> None:
    report = check(_docs(), FAKES)
    assert report.stats["documents"] == 2 and report.stats["clusters"] >= 1
    by_text = {c.id: c.text for c in report.claims}
    conflicts = [v for v in report.verdicts if v.label == "conflict"]
    assert any("40 ships" in by_text[v.a] + by_text[v.b] and "45 ships" in by_text[v.a] + by_text[v.b] for v in conflicts)
    assert any(r.kind == "count" and "40" in r.message and "45" in r.message for v in conflicts for r in v.reasons)
    assert set(report.timings) >= {"segment", "claims", "embed", "index", "cluster", "verify", "reuse", "total"}


def test_same_input_gives_the_same_report_apart_from_timings() -> None:
    first = check(_docs(), FAKES).model_copy(update={"timings": {}})
    second = check(list(reversed(_docs()))[::-1], FAKES).model_copy(update={"timings": {}})
    assert first.to_json() == second.to_json()


def test_documents_of_different_periods_are_never_clustered() -> None:
    old, new = _docs()
    old = make_document(A, source="Coast Daily", date=dt.date(2019, 3, 5))
    report = check([old, new], FAKES)
    assert report.clusters == ()
    assert all(v.label != "conflict" for v in report.verdicts)


def test_check_rejects_paths_with_a_fix() -> None:
    with pytest.raises(TypeError, match="load_documents"):
        check("seeds/", FAKES)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"documents\[0\]"):
        check(["seeds/"], FAKES)  # type: ignore[list-item]


def test_checker_keeps_its_models_and_reports_validate() -> None:
    checker = Checker(FAKES)
    first = checker.check(_docs())
    assert checker.embedder is checker.embedder and checker.nli is checker.nli
    assert Report.model_validate_json(first.to_json()) == first


def test_unknown_backend_names_list_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="choose one of"):
        _ = Checker(Config(embedder="nope")).embedder


def test_hard_wrapped_articles_give_whole_sentences_quoted_on_one_line() -> None:
    wrap = lambda text: text.replace(" of Port", " of\nPort").replace(" were stranded", "\nwere stranded")  # noqa: E731
    docs = [
        make_document(wrap(A), source="Coast Daily", date=dt.date(2021, 3, 5)),
        make_document(wrap(B), source="Harbour News", date=dt.date(2021, 3, 5)),
    ]
    report = check(docs, FAKES)
    texts = [c.text for c in report.claims]
    assert "Officials said 40 ships\nwere stranded outside the harbour and 3 crew members were hurt." in texts
    assert any(v.label == "conflict" for v in report.verdicts)
    for line in render(report, "md").splitlines():
        assert line.count("“") == line.count("”"), line


def test_table_rows_are_not_claims_but_headlines_are() -> None:
    table = "Quarterly Results\n\nNorthwind Traders said its quarterly profit rose to 4.1 mln dlrs on Tuesday.\nShr profit 42 cts vs loss 11 cts\nNet 4,100,000 vs 3,900,000"
    docs = [
        make_document(table, source="Wire A", date=dt.date(2021, 3, 5)),
        make_document("OFFICIALS CLOSE PORT ELLIS HARBOUR FOR TWO DAYS\n\n" + A, source="Wire B", date=dt.date(2021, 3, 5)),
    ]
    texts = [c.text for c in check(docs, FAKES).claims]
    assert "Northwind Traders said its quarterly profit rose to 4.1 mln dlrs on Tuesday." in texts
    assert not any(t.startswith(("Shr profit", "Net 4,100,000")) for t in texts)
    assert "OFFICIALS CLOSE PORT ELLIS HARBOUR FOR TWO DAYS" in texts


def test_figures_of_articles_about_different_companies_are_not_a_conflict() -> None:
    def article(company: str, cents: int, source: str) -> object:
        text = f"{company} said on Monday it would pay shareholders a special dividend.\nThe company said the quarterly dividend will be {cents} cents a share."
        return make_document(text, source=source, date=dt.date(2021, 3, 5))

    def dividend_verdicts(docs: list) -> list:
        report = check(docs, FAKES)
        dividend = {c.id for c in report.claims if "quarterly dividend" in c.text}
        return [v for v in report.verdicts if {v.a, v.b} <= dividend]

    (other,) = dividend_verdicts([article("Northwind Traders", 28, "Wire A"), article("Contoso Holdings", 5, "Wire B")])
    assert other.label == "related" and any(r.message.startswith("different subjects") for r in other.reasons)
    (same,) = dividend_verdicts([article("Northwind Traders", 28, "Wire A"), article("Northwind Traders", 5, "Wire B")])
    assert same.label == "conflict"


def test_each_distinct_sentence_is_embedded_once() -> None:
    from crosscheck.backends import get_embedder

    class Counting:
        def __init__(self) -> None:
            self.inner = get_embedder("fake")
            self.name, self.dimension = self.inner.name, self.inner.dimension
            self.texts: list[str] = []

        def encode(self, texts, **kwargs):
            self.texts += texts
            return self.inner.encode(texts, **kwargs)

    counting = Counting()
    report = Checker(FAKES, embedder=counting).check(_docs())
    assert len(counting.texts) == len(set(counting.texts)) < report.stats["sentences"]
    assert report.model_copy(update={"timings": {}}).to_json() == check(_docs(), FAKES).model_copy(update={"timings": {}}).to_json()
