"""Explicit slot comparison on sentences written for these tests (not from the seed corpus)."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscheck.claims.slots.parse import extract_slots
from crosscheck.compare import days_apart, different_events, names_overlap, same_actor, slot_reasons
from crosscheck.types import Claim, Reason

DATE = dt.date(2022, 6, 15)  # a Wednesday


def claims(a: str, b: str, date_a: dt.date | None = DATE, date_b: dt.date | None = DATE) -> tuple[Claim, Claim]:
    sa, sb = extract_slots([a, b], [0, 0], [date_a, date_b])
    return (
        Claim(id="a", doc_id="A", sentence_index=0, start=0, end=len(a), text=a, **sa.as_claim_fields()),
        Claim(id="b", doc_id="B", sentence_index=0, start=0, end=len(b), text=b, **sb.as_claim_fields()),
    )


def conflicts(a: str, b: str, **kw: dt.date | None) -> list[Reason]:
    return [r for r in slot_reasons(*claims(a, b, **kw)) if r.conflict]


def test_count_differs() -> None:
    (r,) = conflicts("Police arrested 41 protesters outside the embassy.", "Police arrested 14 protesters outside the embassy.")
    assert r.kind == "count" and r.message == "count differs: 41 vs 14 protesters"
    assert r.a is not None and r.a.text == "41" and r.b is not None and r.b.text == "14"


def test_amount_differs_across_formats() -> None:
    (r,) = conflicts("The utility agreed to a $1.2bn settlement with regulators.", "The utility agreed to a 1.8 billion dollar settlement with regulators.")
    assert r.kind == "amount" and "$1.2bn vs 1.8 billion dollar" in r.message


def test_same_amount_in_other_format_is_consistent() -> None:
    a, b = claims("The utility agreed to a $1.2bn settlement.", "The utility agreed to a $1,200,000,000 settlement.")
    reasons = slot_reasons(a, b)
    assert not any(r.conflict for r in reasons)
    assert any(r.kind == "amount" and "consistent" in r.message for r in reasons)


def test_approximator_tolerance() -> None:
    assert not conflicts("About 500 families were evacuated from the valley.", "Some 540 families were evacuated from the valley.")
    assert conflicts("About 500 families were evacuated from the valley.", "About 900 families were evacuated from the valley.")
    assert not conflicts("More than 30 villages lost power in the storm.", "The storm cut power to 34 villages.")


def test_part_and_whole_is_not_a_conflict() -> None:
    # 9 judges are among the 40 officials: different counted nouns, never compared
    assert not conflicts("The sanctions name 40 officials, including senior judges.", "The sanctions name 9 judges and several prosecutors.")


def test_number_differs() -> None:
    (r,) = conflicts("The bill passed with a margin of 12 votes in the senate.", "The bill passed with a margin of 21 votes in the senate.")
    assert r.kind == "count"


def test_percent_differs() -> None:
    (r,) = conflicts("Turnout rose to 64% in the capital.", "Turnout rose to 46% in the capital.")
    assert r.kind == "percent"


def test_duration_differs() -> None:
    (r,) = conflicts("The standoff lasted more than an hour before police moved in.", "The standoff lasted more than three hours before police moved in.")
    assert r.kind == "duration"


def test_ordinal_differs() -> None:
    (r,) = conflicts("It was the governor's first official visit to the island.", "It was the governor's third official visit to the island.")
    assert "first vs third" in r.message


def test_weekday_differs() -> None:
    (r,) = conflicts("The union will strike on Tuesday at the northern plant.", "The union will strike on Thursday at the northern plant.")
    assert r.kind == "weekday" and r.message == "weekday differs: Tuesday vs Thursday"


def test_same_weekday_from_different_dates_agrees() -> None:
    assert not conflicts("The union will strike on Thursday.", "The union strikes on Thursday.", date_b=dt.date(2022, 6, 14))


def test_date_differs() -> None:
    (r,) = conflicts("It was the first visit by a foreign leader since March, when the prime minister came.",
                     "It was the first visit by a foreign leader since October, when the prime minister came.")
    assert r.kind == "date" and r.message == "date differs: March vs October"


def test_months_ago_is_consistent_with_since_month() -> None:
    a, b = claims("The two presidents last met more than eight months ago in Geneva.",
                  "The two presidents have not met since September, when they held talks in Geneva.")
    assert not any(r.conflict and r.kind == "date" for r in slot_reasons(a, b))


def test_year_differs() -> None:
    (r,) = conflicts("She has led the central bank since 2014, and critics say rates stayed too low.",
                     "She has led the central bank since 2017, and critics say rates stayed too low.")
    assert r.kind == "date"


def test_negation() -> None:
    (r,) = conflicts("The airline will not cancel the evening flights.", "The airline will cancel the evening flights.")
    assert r.kind == "polarity" and r.message.startswith("polarity differs")
    (r,) = conflicts("No ceasefire was announced.", "A ceasefire was announced.")
    assert r.kind == "polarity"


def test_both_negated_agree() -> None:
    assert not conflicts("The airline will not cancel the evening flights.", "The evening flights won’t be cancelled, the airline said.")


def test_negation_of_a_different_statement_is_not_a_conflict() -> None:
    assert not conflicts("Negotiators expect little from the round.", "No breakthrough is expected, and officials say the gap remains wide on tariffs and quotas.")


def test_antonym() -> None:
    (r,) = conflicts("The minister played down hopes of a quick deal with the unions.", "The minister raised hopes of a quick deal with the unions.")
    assert r.kind == "polarity" and "'played down' vs 'raised'" in r.message


def test_speaker_differs_for_the_same_quote() -> None:
    (r,) = conflicts("“We will rebuild every school,” Governor Maria Santos said.", "“We will rebuild every school,” Mayor Daniel Okoro said.")
    assert r.kind == "speaker" and r.message == "speaker differs: Governor Maria Santos vs Mayor Daniel Okoro"


def test_same_speaker_under_another_name_is_no_conflict() -> None:
    assert not conflicts("“We will rebuild every school,” Governor Maria Santos said.", "“We will rebuild every school,” Ms. Santos said.")


def test_pronoun_speaker_is_not_compared() -> None:
    assert not conflicts("“We will rebuild every school,” she said.", "“We will rebuild every school,” Mayor Daniel Okoro said.")


def test_actor_differs_in_the_same_role() -> None:
    (r,) = conflicts("Carlos Mendes, a former finance minister, will lead the commission.", "Ana Ribeiro, a former finance minister, will lead the commission.")
    assert r.kind == "actor" and "Carlos Mendes vs Ana Ribeiro" in r.message


def test_place_differs_but_sublist_is_compatible() -> None:
    (r,) = conflicts("The envoy will visit Kenya, Ghana and Senegal next month.", "The envoy will visit Kenya, Nigeria and Senegal next month.")
    assert r.kind == "place"
    assert not conflicts("The envoy will visit Kenya, Ghana and Senegal next month.", "The envoy will visit Kenya and Senegal next month.")


def test_a_person_does_not_conflict_with_the_state_they_act_for() -> None:
    assert not conflicts("Brazil rejected the proposal at the summit.", "Mauro Vieira rejected the proposal at the summit.")
    assert conflicts("Carlos Mendes rejected the proposal at the summit.", "Ana Ribeiro rejected the proposal at the summit.")


def events(a: str, b: str) -> str | None:
    ca, cb = claims(a, b)
    found = different_events(ca, cb, slot_reasons(ca, cb))
    assert found is None or (found.kind == "event" and not found.conflict)
    return found.message if found else None


def test_other_participants_and_another_detail_make_two_events() -> None:
    assert events("The prime minister met Angela Merkel in Paris on Monday.", "The prime minister met Giorgia Meloni in Rome on Thursday.") == (
        "different events: actor, weekday differ"
    )
    assert events("Toyota recalled 40,000 cars in Japan.", "Honda recalled 12,000 cars in Japan.") == "different events: actor, count differ"


def test_another_place_and_another_day_make_two_events() -> None:
    assert events("The envoy arrived in Nairobi on Thursday.", "The envoy arrived in Accra on Wednesday.") == (
        "different events: the place and the day differ"
    )
    # One changed detail is how a misreport looks: it stays a conflict.
    assert events("The envoy arrived in Nairobi on Thursday.", "The envoy arrived in Accra on Thursday.") is None
    assert events("The envoy arrived in Nairobi on Thursday.", "The envoy arrived in Nairobi on Wednesday.") is None


def test_different_names_in_otherwise_different_sentences_are_different_statements() -> None:
    # Only the actor or place differs, but the sentences share little else: two statements.
    assert events(
        "The minister will meet Carlos Mendes in the capital to discuss the new trade rules next month.",
        "Critics urged the minister to be firm when she travels north to meet Ana Ribeiro and the farmers' union.",
    ) == "different statements: they name different people or bodies and share little else"
    assert events(
        "The envoy arrived in Kenya on a visit to open the new embassy building.",
        "Officials said the envoy, who arrived in Ghana late, would not comment on the border dispute.",
    ) == "different statements: they name different places and share little else"
    # One name swapped in the same sentence is a conflict, not another statement.
    assert events("Carlos Mendes rejected the proposal at the summit.", "Ana Ribeiro rejected the proposal at the summit.") is None
    assert events(
        "The envoy arrived in Kenya on a visit to open the new embassy building.",
        "The envoy arrived in Ghana on a visit to open the new embassy building.",
    ) is None


def test_one_differing_detail_stays_a_conflict() -> None:
    assert events("Toyota recalled 40,000 cars in Japan.", "Toyota recalled 12,000 cars in Japan.") is None
    assert events("The prime minister met Angela Merkel in Paris on Monday.", "The prime minister met Giorgia Meloni in Paris on Monday.") is None
    assert events(
        "The State Department imposed sanctions on 24 Chinese officials over Hong Kong.",
        "Washington sanctioned 34 Chinese officials over Hong Kong on Wednesday.",
    ) is None


def test_figures_with_nothing_else_in_common_are_different_facts() -> None:
    assert events("The fixed-rate tranche totals 35.2 mln dlrs.", "As of February 25, it said there were outstanding 150 mln dlrs of notes.") == (
        "different facts: the claims share nothing but the kind of figure"
    )
    assert events("Police arrested 41 protesters outside the embassy.", "Police arrested 14 protesters outside the embassy.") is None


def test_parties_reporting_their_own_figures_are_different_facts() -> None:
    assert events("Acme Foods said its quarterly profit rose 12 pct.", "Borealis Mining said its quarterly profit rose 9 pct.") == (
        "different parties: Acme Foods and Borealis Mining each report their own figures"
    )
    # Two sources giving one toll is the conflict a fact-checker wants to see.
    assert events("Police said 24 people were killed in the blast.", "The health ministry said 34 people were killed in the blast.") is None
    # The same words given to two speakers is a misattribution, not two parties' figures.
    assert events("“We expect no quick deal,” Wang Yi said of his talks.", "“We expect no quick deal,” Cui Tiankai said of his talks.") is None


def test_figures_from_articles_naming_no_one_in_common_are_different_subjects() -> None:
    ca, cb = claims("The company said its dividend will be 28 cts a share.", "The company said its dividend will be five cts a share.")
    reasons = slot_reasons(ca, cb)
    assert different_events(ca, cb, reasons) is None
    assert different_events(ca, cb, reasons, documents_share_names=True) is None
    found = different_events(ca, cb, reasons, documents_share_names=False)
    assert found is not None and found.message.startswith("different subjects")


def test_names_overlap_matches_like_same_actor() -> None:
    assert names_overlap({"Antony Blinken", "China"}, {"Blinken"})
    assert names_overlap({"United States"}, {"United States", "Japan"})
    assert not names_overlap({"Wang Yi"}, {"Wang Chen"})
    assert not names_overlap({"Northwind Traders"}, {"Contoso Holdings"})


def test_aliases_are_one_actor() -> None:
    assert same_actor("Blinken", "Antony Blinken")
    assert same_actor("U.S.", "United States")
    assert not same_actor("Wang Yi", "Wang Chen")
    assert not conflicts("The proposal came from Washington, officials said.", "The proposal came from the United States, officials said.")


def test_quote_word_differs() -> None:
    reasons = conflicts("“We negotiate from a position of strength,” the chancellor said.", "“We negotiate from a position of weakness,” the chancellor said.")
    assert {r.kind for r in reasons} & {"quote", "polarity"}


def test_framing_conflict_is_attributed() -> None:
    (r,) = conflicts("The foreign ministry called the talks a “strategic dialogue,” its spokesman said.",
                     "A senior White House official called the talks “a one-off meeting,” Reuters reported.")
    assert r.kind == "framing"
    assert "strategic dialogue" in r.message and "one-off meeting" in r.message


@pytest.mark.parametrize("text", ["The harbour reopened on Monday after repairs.", "Rescuers found 12 survivors."])
def test_claim_against_itself_has_no_conflict(text: str) -> None:
    assert not conflicts(text, text)


def test_worded_alike_looks_past_the_figures_only() -> None:
    from crosscheck.compare import worded_alike

    assert worded_alike(*claims("Officials said 40 ships were stranded outside the harbour on Friday.",
                                "Officials said 45 ships were stranded outside the harbour on Saturday."))
    assert not worded_alike(*claims("Indonesia's raw sugar production is estimated at 1.8 mln tonnes this year.",
                                    "Indonesia's copra production is forecast to reach 1.32 mln tonnes this year."))


def test_actor_findings_follow_the_first_claims_word_order() -> None:
    # The roles once came from a set, whose order changes with the interpreter's hash seed:
    # the same corpus gave its reasons in a different order from run to run.
    a, b = claims("Acme Corp sued Globex Inc in a federal court on Monday.", "Initech Ltd sued Umbrella Group in a federal court on Monday.")
    found = [r.a.text for r in slot_reasons(a, b) if r.kind in ("actor", "place") and r.a is not None]
    assert found == ["Acme Corp", "Globex Inc"] == [x.span.text for x in a.actors]


def test_every_reason_kind_is_declared_once_with_its_confidence() -> None:
    from typing import get_args

    from crosscheck.compare import CONFIDENCE, actors, events, figures, pair, wording
    from crosscheck.types import ReasonKind
    from crosscheck.verify import pairs as verify_pairs

    families = [figures.REASONS, actors.REASONS, wording.REASONS, events.REASONS, pair.REASONS]
    declared = [kind for family in families for kind in family]
    assert set(declared) == set(CONFIDENCE)
    declared += list(verify_pairs.REASONS)  # the verdict stage's own finding: what NLI read
    assert len(declared) == len(set(declared))  # one rule family per kind
    assert set(declared) == set(get_args(ReasonKind))
    assert all(0.5 <= c <= 1.0 for c in [*CONFIDENCE.values(), *verify_pairs.REASONS.values()])


@pytest.mark.parametrize(("a", "b", "days"), [
    ("The dollar rose against the yen on Monday.", "The dollar fell against the yen on Tuesday.", "Monday vs Tuesday"),
    # June 13, 2022 was a Monday: the calendar says the two days differ.
    ("Shares of the airline jumped on June 13.", "Shares of the airline slid sharply on Wednesday.", "June 13 (2022-06-13) vs Wednesday"),
    # "yesterday" in an article of Wednesday, June 15, is Tuesday.
    ("The council voted yesterday to close the bridge.", "The council kept the bridge open on Friday.", "vs Friday"),
])
def test_claims_dated_to_different_days_are_apart(a: str, b: str, days: str) -> None:
    reason = days_apart(*claims(a, b))
    assert reason is not None and not reason.conflict and reason.kind == "event"
    assert days in reason.message


@pytest.mark.parametrize(("a", "b"), [
    ("The dollar rose against the yen on Tuesday.", "The dollar fell against the yen on Tuesday."),
    ("Shares of the airline jumped on June 13.", "Shares of the airline slid sharply on Monday."),  # June 13, 2022: a Monday
    ("The minister said on Friday that talks had begun on Tuesday.", "Talks collapsed on Tuesday."),  # one day in common
    ("The dollar rose against the yen on Monday.", "The dollar fell against the yen."),  # no day on one side
    ("The dollar rose against the yen in June.", "The dollar fell against the yen on Tuesday."),  # a month is not a day
])
def test_claims_that_may_report_one_day_are_not_apart(a: str, b: str) -> None:
    assert days_apart(*claims(a, b)) is None
