"""Slot extraction with spaCy: spans shifted to document offsets, counted nouns, actors, speakers."""

from __future__ import annotations

import datetime as dt
import multiprocessing

import pytest

import crosscheck.claims.slots.parse as slots_module
from crosscheck.claims.slots.actors import canonical_actor
from crosscheck.claims.slots.parse import ClaimSlots, extract_slots

DOC = (
    "Lead paragraph. The ministry penalized 31 regional banks $2.5bn on Tuesday, a senior regulator said. "
    "Ms. Okafor did not attend the hearing. The agency plans to publish the report, according to Reuters."
)
DATE = dt.date(2023, 5, 11)  # a Thursday


@pytest.fixture(scope="module")
def doc_slots() -> list[ClaimSlots]:
    sentences = [
        "The ministry penalized 31 regional banks $2.5bn on Tuesday, a senior regulator said.",
        "Ms. Okafor did not attend the hearing.",
        "The agency plans to publish the report, according to Reuters.",
    ]
    offsets = [DOC.index(s) for s in sentences]
    return extract_slots(sentences, offsets, [DATE] * len(sentences))


def test_spans_are_document_offsets(doc_slots: list[ClaimSlots]) -> None:
    for slots in doc_slots:
        spans = [q.span for q in slots.quantities] + [t.span for t in slots.times] + [a.span for a in slots.actors]
        if slots.attribution and slots.attribution.span:
            spans.append(slots.attribution.span)
        for sp in spans:
            assert DOC[sp.start : sp.end] == sp.text


def test_quantity_counts_its_noun(doc_slots: list[ClaimSlots]) -> None:
    qs = {q.span.text: q for q in doc_slots[0].quantities}
    assert qs["31"].counted == "regional banks" and qs["31"].kind == "count"
    assert qs["$2.5bn"].value == pytest.approx(2.5e9) and qs["$2.5bn"].unit == "USD"


def test_weekday_resolved_with_anchor(doc_slots: list[ClaimSlots]) -> None:
    (t,) = doc_slots[0].times
    assert (t.weekday, t.date, t.anchor) == (1, dt.date(2023, 5, 9), "penalize")


def test_speaker_of_reporting_verb(doc_slots: list[ClaimSlots]) -> None:
    att = doc_slots[0].attribution
    assert att is not None and att.speaker == "a senior regulator" and att.cue == "said"
    att = doc_slots[2].attribution
    assert att is not None and att.speaker == "Reuters" and att.cue == "according to"


def test_negation_and_hedge(doc_slots: list[ClaimSlots]) -> None:
    assert doc_slots[1].negated and not doc_slots[0].negated
    assert doc_slots[2].hedge == "plans to"


def test_actors_with_aliases() -> None:
    (s,) = extract_slots(["Beijing rejected the demand, while the U.S. said Secretary of State Antony J. Blinken would travel."], [0], [None])
    canon = {a.canonical for a in s.actors}
    assert "China" in canon and "United States" in canon
    assert any(a.canonical.endswith("Blinken") and a.kind == "person" for a in s.actors)


def test_canonical_actor_aliases() -> None:
    assert canonical_actor("U.S.", "GPE") == ("United States", "country")
    assert canonical_actor("the United States", "GPE")[0] == "United States"
    assert canonical_actor("Beijing", "GPE")[0] == "China"
    assert canonical_actor("Mr. Blinken", "PERSON")[0] == "Blinken"
    assert canonical_actor("Secretary of State Antony J. Blinken", "PERSON")[0] == "Antony Blinken"


def test_time_inside_figure_is_not_a_quantity() -> None:
    (s,) = extract_slots(["The plant closed more than eight months ago."], [0], [DATE])
    assert s.quantities == () and s.times[0].kind == "relative"


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError, match="same length"):
        extract_slots(["a"], [0, 1], [None])


def test_figure_spans_that_hold_the_sentence_root_do_not_hang() -> None:
    # Wire-style price lists parse with the root inside a figure's span; spaCy makes a
    # new Token object on each access, so an identity test there never ended.
    import signal

    def give_up(*_: object) -> None:
        raise TimeoutError("extract_slots did not finish")

    texts = ["2.27 and 2.28 times New York Sept and Oct/Dec at 4,480 dlrs and", "1.5 to 1.75 pct up 3,200 tonnes and"]
    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(20)
    try:
        slots = extract_slots(texts, [0, 0], [None, None])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert len(slots) == 2 and all(s.quantities for s in slots)


@pytest.mark.parametrize(
    ("text", "has_verb"),
    [
        ("The council approved the budget on Monday.", True),
        ("U.S. Punishes 24 Chinese Officials on Eve of Talks", True),
        ("REFINERY RAISES FUEL PRICES BY 3 PCT", True),
        ("Shr profit 42 cts vs loss 11 cts", False),
        ("Revenue 1.59 billion vs 997.1 million", False),
        ("Avg shrs 2,332,397 vs 1,428,000", False),  # "Avg" parses as a verb with no subject
        ("Shares fell 3 pct in early trading.", True),
        ("Expect more than 40,000 runners at the start, organisers said.", True),
    ],
)
def test_has_verb_tells_assertions_from_table_rows(text: str, has_verb: bool) -> None:
    (slots,) = extract_slots([text], [0], [None])
    assert slots.has_verb is has_verb


def test_parallel_parsing_gives_the_same_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [
        "The council approved a budget of $4.2 million on Monday, the mayor said.",
        "Police arrested 41 protesters outside the embassy in Lima.",
        "The minister did not attend the summit in Geneva on Friday.",
        "Shr profit 42 cts vs loss 11 cts",
        "Acme Foods said its quarterly profit rose 12 pct to 80 mln dlrs.",
    ]
    texts += texts[:2]  # repeated texts, placed and dated per occurrence
    offsets = list(range(0, 100 * len(texts), 100))
    dates = [dt.date(2022, 6, 15)] * 5 + [dt.date(2019, 1, 2)] * 2
    alone = extract_slots(texts, offsets, dates)
    monkeypatch.setattr(slots_module, "PARALLEL_MIN_TEXTS", 2)
    monkeypatch.setattr(slots_module, "TASK_TEXTS", 2)  # several tasks per worker, results in order
    assert extract_slots(texts, offsets, dates, processes=2, batch_size=2) == alone
    assert alone[5].quantities[0].span.start == 500 + texts[0].index("$4.2")


def _parse_in_pool_worker(texts: list[str]) -> list[ClaimSlots]:
    slots_module.PARALLEL_MIN_TEXTS = 2  # this forked worker's own copy of the module
    return extract_slots(texts, [0] * len(texts), [None] * len(texts), processes=2)


def test_a_daemonic_process_parses_alone_instead_of_failing() -> None:
    # A pool worker (or a task-queue worker) is daemonic and may not start processes: the
    # parsing pool used to fail there with "daemonic processes are not allowed to have children".
    texts = ["Police arrested 41 protesters outside the embassy in Lima.", "The minister did not attend the summit in Geneva on Friday."]
    with multiprocessing.get_context("fork").Pool(1) as pool:
        in_worker = pool.apply(_parse_in_pool_worker, (texts,))
    assert in_worker == extract_slots(texts, [0, 0], [None, None])
    assert in_worker[0].quantities


def test_units_and_words_of_a_capitalised_headline_are_not_actors() -> None:
    lower, shouted = extract_slots(
        ["Qtly div 15 cts vs 15 cts prior, the company said.", "U.S. ASKS JAPAN TO END FARM IMPORT CONTROLS, WHITTAKER CORP SAYS"],
        [0, 100],
        [None, None],
    )
    assert all(a.canonical != "cts" for a in lower.actors)
    assert {a.canonical for a in shouted.actors} <= {"United States", "Japan"}
    assert {a.canonical for a in shouted.actors} >= {"United States"}


def test_a_repeated_text_is_parsed_once_but_placed_and_dated_per_occurrence() -> None:
    text = "The council met on Tuesday and approved 24 projects, the mayor said."
    other = "Heavy rain closed two schools in the valley on Monday."
    dates = [dt.date(2022, 6, 15), dt.date(2021, 3, 18), dt.date(2023, 1, 5)]
    together = extract_slots([text, other, text], [0, 100, 500], dates)
    alone = [extract_slots([t], [o], [d])[0] for t, o, d in zip([text, other, text], [0, 100, 500], dates, strict=True)]
    assert together == alone
    first, _, last = together
    assert (first.quantities[0].span.start, last.quantities[0].span.start) == (text.index("24"), 500 + text.index("24"))
    assert first.times[0].date != last.times[0].date  # "Tuesday" resolved against each document's date


def test_progress_bar_counts_distinct_texts_and_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    texts = ["The council approved 24 projects on Monday.", "Heavy rain closed two schools.", "The council approved 24 projects on Monday."]
    quiet = extract_slots(texts, [0, 50, 100], [None] * 3)
    shown = extract_slots(texts, [0, 50, 100], [None] * 3, show_progress=True)
    assert shown == quiet
    err = capsys.readouterr().err
    assert "Parse" in err and "2/2" in err  # two distinct texts
