"""The store with the real models on the seeds: its report is ``crosscheck check seeds/``'s, and a
query for a reported figure finds the articles that report it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosscheck import Checker, Store, load_documents
from crosscheck.cli import app
from crosscheck.report import render
from crosscheck.types import Report

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def checked(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    loaded = load_documents([seeds_dir])
    checker = Checker()
    scratch = checker.check(loaded.documents).model_copy(
        update={"errors": tuple(loaded.errors), "skipped": tuple(loaded.skipped), "warnings": tuple(loaded.warnings)}
    )
    path = tmp_path_factory.mktemp("real") / "store"
    store = Store(path, create=True, checker=checker)
    added = store.add(loaded.documents, errors=loaded.errors, skipped=loaded.skipped, warnings=loaded.warnings)
    yield {"scratch": scratch, "store": store, "path": path, "added": added}
    store.close()


def _without_timings(report: Report) -> dict:
    data = report.model_dump(mode="json")
    data.pop("timings")
    return data


def test_the_store_report_on_the_seeds_is_the_check_report(checked: dict) -> None:
    stored = checked["store"].report()
    assert stored.models["nli"].startswith("crosscheck-nli")
    assert _without_timings(stored) == _without_timings(checked["scratch"])
    assert render(stored, "md") == render(checked["scratch"], "md")


def test_cli_store_report_prints_the_check_report(checked: dict) -> None:
    result = CliRunner().invoke(app, ["store", "report", "--store", str(checked["path"]), "-f", "md"])
    assert result.exit_code == 0
    assert result.stdout == render(checked["scratch"], "md")


def test_a_query_for_the_iran_deal_finds_the_articles_that_report_it(checked: dict) -> None:
    hits = checked["store"].query("China agreed to invest $400 billion in Iran over 25 years", top=10)
    assert len(hits) == 10
    about_the_deal = [h for h in hits if "400 billion" in h.claim.text]
    assert about_the_deal, [h.claim.text for h in hits]
    assert all(h.where.split(":")[0].endswith(".txt") for h in hits)
    assert {h.label for h in hits} <= {"agree", "conflict", "related"}
    # The same figure, worded otherwise, is not read as a conflict.
    assert all(h.label != "conflict" for h in about_the_deal)


def test_a_query_with_another_figure_is_a_conflict_with_the_stored_one(checked: dict) -> None:
    # Worded as the stored sentence, so the figures measure one thing (a differently worded
    # query leaves the amount for NLI to confirm: crosscheck.verify.pairs._unsettled).
    hits = checked["store"].query(
        "China agreed to invest $300 billion in Iran over 25 years in exchange for a steady supply of oil to fuel its growing economy", top=10
    )
    deal = [h for h in hits if "400 billion" in h.claim.text and "invest" in h.claim.text]
    assert deal
    assert any(h.label == "conflict" and any("amount" == r.kind for r in h.reasons) for h in deal), [(h.label, h.claim.text) for h in deal]
