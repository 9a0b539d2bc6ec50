"""The rewrites the NLI training data uses to teach news invariances (models/news_paraphrases.py)."""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models"))
import news_paraphrases as np_  # noqa: E402
import synthetic_pairs  # noqa: E402

MONTHS = np_.MONTHS


def _date_in(text: str, year: int) -> dt.date:
    m = re.search(rf"on (?:({'|'.join(MONTHS)}) (\d+)|(\d+) ({'|'.join(MONTHS)}))", text)
    assert m, text
    month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    return dt.date(year, MONTHS.index(month) + 1, int(day))


@pytest.mark.parametrize("seed", range(5))
def test_weekday_becomes_a_date_on_that_weekday_of_the_sentences_year(seed: int) -> None:
    s = "The 2021 talks in Alaska began on Thursday with a sharp exchange."
    out = np_.weekday_as_date(s, random.Random(seed))
    assert out and "Thursday" not in out
    assert _date_in(out, 2021).weekday() == 3


def test_date_becomes_its_weekday() -> None:
    out = np_.date_as_weekday("In 2021 the two sides met on March 18 in Anchorage.", random.Random(0))
    assert out == "In 2021 the two sides met on Thursday in Anchorage."
    assert np_.date_as_weekday("They met on February 30 in 2021.", random.Random(0)) is None


def test_figures_are_rewritten_without_changing_their_value() -> None:
    rng = random.Random(3)
    seen = {np_.reformat_figure("The plan costs $1.9 trillion and cut rates by 5%.", rng) for _ in range(30)}
    assert "The plan costs 1.9 trillion dollars and cut rates by 5%." in seen
    assert any("5 per cent" in s or "5 percent" in s for s in seen)
    assert all("1.9" in s for s in seen)
    assert np_.reformat_figure("It cost £5m.", random.Random(0)) in {"It cost 5 million pounds.", "It cost £5 million."}


def test_direct_speech_becomes_reported_speech() -> None:
    out = np_.direct_as_reported('"We will not back down," Mr Smith said.', random.Random(1))
    assert out in {"Mr Smith said we will not back down.", "Mr Smith said that we will not back down."}
    assert np_.direct_as_reported("No quote here, he said.", random.Random(1)) is None


def test_paraphrase_pairs_are_never_labelled_contradiction_unless_a_detail_changed() -> None:
    docs = [["Officials met on Tuesday to discuss the $5bn plan, the ministry said.",
             '"We expect a deal soon," Mr Brown said.',
             "Sales rose 12% to £40m in 2004, the company said.",
             "The company said it would cut three jobs in Paris."]] * 3
    pairs = synthetic_pairs.make_pairs(docs, n_pairs=60, seed=1, paraphrase_share=1.0)
    para = [p for p in pairs if p.kind.startswith("para-")]
    assert para
    for p in para:
        assert (p.label == "contradiction") == ("+" in p.kind), p


def test_no_rewrites_without_a_paraphrase_share() -> None:
    docs = [["Officials met on Tuesday to discuss the $5bn plan, the ministry said.",
             "Sales rose 12% to £40m in 2004, the company said."]] * 4
    pairs = synthetic_pairs.make_pairs(docs, n_pairs=20, seed=2)
    assert not any(p.kind.startswith("para-") for p in pairs)
