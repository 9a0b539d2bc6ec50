from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from crosscheck.backends.fakes import HashingEmbedder
from crosscheck.config import StoryConfig
from crosscheck.ingest import make_document
from crosscheck.stories import extract_evidence, group_stories
from crosscheck.types import Document, Story

# Two earthquakes, two ferry sinkings: each pair is one kind of happening, with its own place,
# day and people. Three or two outlets report each.
ARTICLES: dict[str, list[str]] = {
    "quake-peru": [
        "A magnitude 7.1 earthquake struck southern Peru near Arequipa on Tuesday, March 4, 2019, killing at least "
        "12 people. President Martin Vizcarra flew to Arequipa. The Geophysical Institute of Peru said the quake "
        "was centred 40 kilometres south of the city. Rescue teams searched collapsed adobe homes in Camana.",
        "Peru's President Martin Vizcarra visited Arequipa after Tuesday's earthquake, which the Geophysical "
        "Institute of Peru measured at 7.1. Twelve people died in Camana and nearby villages, officials said on "
        "March 4, 2019. Adobe houses collapsed and roads to Arequipa were cut by landslides.",
        "At least a dozen people were killed when a strong earthquake shook the Arequipa region of Peru on "
        "March 4, 2019. Vizcarra said the army would help rescuers in Camana, where adobe homes fell. The "
        "Geophysical Institute of Peru put the magnitude at 7.1.",
    ],
    "quake-japan": [
        "A magnitude 6.4 earthquake hit Kumamoto in southern Japan on Thursday, April 14, 2016, killing nine "
        "people. Prime Minister Shinzo Abe sent troops to Mashiki. The Japan Meteorological Agency warned of "
        "aftershocks as wooden houses collapsed.",
        "Nine people died after the earthquake in Kumamoto on April 14, 2016, the Japan Meteorological Agency "
        "said, and the town of Mashiki was the worst hit. Shinzo Abe said soldiers would search the collapsed "
        "wooden houses through the night.",
        "Soldiers searched Mashiki for survivors of Thursday's 6.4 earthquake in Kumamoto, Japan. Abe told "
        "reporters on April 14, 2016 that nine people had died. The Japan Meteorological Agency expects strong "
        "aftershocks.",
    ],
    "ferry-korea": [
        "The ferry Sewol sank off Jindo island in South Korea on April 16, 2014 with 476 people aboard, most of "
        "them students from Danwon High School. President Park Geun-hye ordered the coast guard to rescue every "
        "passenger. Captain Lee Joon-seok was among the first to leave the ship.",
        "Divers searched the sunken Sewol off Jindo on April 16, 2014. Park Geun-hye said the coast guard would "
        "not stop until every Danwon High School student was found. The captain, Lee Joon-seok, was arrested.",
    ],
    "ferry-bangladesh": [
        "The ferry Pinak-6 capsized in the Padma river near Munshiganj in Bangladesh on August 4, 2014, with "
        "about 250 passengers. Prime Minister Sheikh Hasina ordered the navy to join the search. The Bangladesh "
        "Inland Water Transport Authority said the ferry was overloaded.",
        "Rescuers on the Padma river looked for the Pinak-6 after it capsized near Munshiganj on August 4, 2014. "
        "Sheikh Hasina sent navy divers; the Bangladesh Inland Water Transport Authority blamed overloading.",
    ],
}

_NAMES = {
    "PERSON": ["Martin Vizcarra", "Vizcarra", "Shinzo Abe", "Abe", "Park Geun-hye", "Lee Joon-seok", "Sheikh Hasina"],
    "ORG": ["Geophysical Institute of Peru", "Japan Meteorological Agency", "Danwon High School",
            "Bangladesh Inland Water Transport Authority"],
    "GPE": ["Peru", "Arequipa", "Camana", "Japan", "Kumamoto", "Mashiki", "South Korea", "Jindo", "Bangladesh",
            "Munshiganj"],
    "LOC": ["Padma river"],
}


def fake_recogniser(texts: Sequence[str]) -> list[list[tuple[str, str]]]:
    """A dictionary recogniser: longest known names first, so 'Shinzo Abe' is not also 'Abe'."""
    names = sorted(((n, label) for label, ns in _NAMES.items() for n in ns), key=lambda x: -len(x[0]))
    out = []
    for text in texts:
        found, taken = [], []
        for name, label in names:
            for m in re.finditer(re.escape(name), text):
                if not any(m.start() < e and s < m.end() for s, e in taken):
                    taken.append((m.start(), m.end()))
                    found.append((m.start(), name, label))
        out.append([(n, label) for _, n, label in sorted(found)])
    return out


def _corpus() -> tuple[list[Document], dict[str, str]]:
    docs, gold = [], {}
    for happening, texts in ARTICLES.items():
        for k, text in enumerate(texts):
            doc = make_document(text, source=f"outlet-{k}")
            docs.append(doc)
            gold[doc.id] = happening
    return docs, gold


def _happenings(stories: list[Story], gold: dict[str, str]) -> list[set[str]]:
    return [{gold[i] for i in s.doc_ids} for s in stories]


def _group(docs: list[Document], **kwargs: object) -> list[Story]:
    return group_stories(docs, embedder=HashingEmbedder(), recogniser=fake_recogniser, **kwargs)  # type: ignore[arg-type]


def test_two_happenings_of_one_kind_are_split_and_reports_of_one_are_joined() -> None:
    docs, gold = _corpus()
    stories = _group(docs)
    # each story holds one happening, and each happening is one story
    assert all(len(h) == 1 for h in _happenings(stories, gold))
    assert sorted(next(iter(h)) for h in _happenings(stories, gold)) == sorted(ARTICLES)
    assert sorted(len(s.doc_ids) for s in stories) == [2, 2, 3, 3]


def test_names_places_and_dates_split_happenings_told_in_the_same_words() -> None:
    # Two fires reported from one template: the words are the same, the happening is not.
    template = [
        "A fire destroyed a warehouse in {place} on {date}, and {person} of the {org} said three workers were hurt.",
        "Three workers were hurt when fire swept through a warehouse in {place}, {person} of the {org} said on {date}.",
    ]
    fills = {
        "fire-a": {"place": "Arequipa", "date": "March 4, 2019", "person": "Martin Vizcarra", "org": "Geophysical Institute of Peru"},
        "fire-b": {"place": "Kumamoto", "date": "April 14, 2016", "person": "Shinzo Abe", "org": "Japan Meteorological Agency"},
    }
    docs, gold = [], {}
    for happening, fill in fills.items():
        for k, text in enumerate(template):
            doc = make_document(text.format(**fill), source=f"outlet-{k}")
            docs.append(doc)
            gold[doc.id] = happening
    stories = _group(docs)
    assert sorted(sorted(h) for h in _happenings(stories, gold)) == [["fire-a"], ["fire-b"]]
    (fire_a,) = [s for s in stories if gold[s.doc_ids[0]] == "fire-a"]
    assert "Arequipa" in fire_a.places and "2019-03-04" in fire_a.dates


def test_a_story_lists_what_its_documents_share_and_has_an_id_from_its_members() -> None:
    docs, gold = _corpus()
    stories = _group(docs)
    peru = next(s for s in stories if gold[s.doc_ids[0]] == "quake-peru")
    assert {"Arequipa", "Camana"} <= set(peru.places)
    assert any("Vizcarra" in p for p in peru.participants)
    assert "2019-03-04" in peru.dates
    assert "adobe" in peru.terms
    assert "Kumamoto" not in peru.places
    # the id depends only on the members, not on the input order
    again = _group(list(reversed(docs)))
    assert {s.id: set(s.doc_ids) for s in again} == {s.id: set(s.doc_ids) for s in stories}


def test_one_document_is_one_story_with_no_shared_evidence() -> None:
    docs, _ = _corpus()
    (story,) = _group(docs[:1])
    assert story.doc_ids == (docs[0].id,)
    assert story.places == () and story.cohesion == 1.0
    assert group_stories([]) == []


def test_the_candidate_pair_path_for_large_corpora_gives_the_same_stories() -> None:
    docs, gold = _corpus()
    dense = _group(docs)
    sparse = _group(docs, config=StoryConfig(dense_limit=2, neighbours=2, rare_max_docs=3))
    assert {s.id for s in sparse} == {s.id for s in dense}


def test_stories_without_embeddings_still_split_the_happenings() -> None:
    docs, gold = _corpus()
    stories = group_stories(docs, recogniser=fake_recogniser)
    assert all(len(h) == 1 for h in _happenings(stories, gold))


def test_a_lone_shared_name_does_not_join_different_happenings() -> None:
    docs, gold = _corpus()
    evidence = extract_evidence(docs, recogniser=fake_recogniser)
    # every document also names one common body: it must not glue the stories together
    from dataclasses import replace

    glued = [replace(e, participants=e.participants + ("O:united nations",)) for e in evidence]
    stories = group_stories(docs, embedder=HashingEmbedder(), evidence=glued)
    assert all(len(h) == 1 for h in _happenings(stories, gold))


def test_bad_input_is_refused_with_the_fix() -> None:
    docs, _ = _corpus()
    with pytest.raises(ValueError, match="unique ids"):
        group_stories([docs[0], docs[0]], recogniser=fake_recogniser)
    with pytest.raises(ValueError, match=r"doc_vectors must have shape \(10, dimension\)"):
        group_stories(docs, doc_vectors=np.zeros((3, 4)), recogniser=fake_recogniser)
    with pytest.raises(ValueError, match="one entry per document"):
        group_stories(docs, evidence=[], recogniser=fake_recogniser)
    with pytest.raises(ValueError):
        StoryConfig(threshold=1.5)


@pytest.fixture(scope="session")
def real_embedder() -> object:
    from crosscheck.embed.minilm import MiniLMEmbedder

    return MiniLMEmbedder(precision="fp32")


@pytest.fixture(scope="session")
def seed_stories(seeds_dir: Path, real_embedder: object) -> tuple[list[Document], list[Story]]:
    from crosscheck.ingest import load_documents
    from crosscheck.ingest.dating import infer_document_dates

    seeds = infer_document_dates(load_documents([seeds_dir]).documents)
    return seeds, group_stories(seeds, embedder=real_embedder)  # type: ignore[arg-type]


@pytest.mark.slow
def test_real_models_split_happenings_of_one_kind_and_join_the_deal_reports(
    real_embedder: object, seed_stories: tuple[list[Document], list[Story]]
) -> None:
    docs, gold = _corpus()
    stories = group_stories(docs, embedder=real_embedder)  # type: ignore[arg-type]
    assert all(len(h) == 1 for h in _happenings(stories, gold))
    assert len(stories) == len(ARTICLES)

    seeds, found = seed_stories
    story_of = {i: s for s in found for i in s.doc_ids}
    deal = [d for d in seeds if "Iran" in (d.title or "") and "China" in (d.title or "")]
    assert len(deal) >= 2 and len({story_of[d.id].id for d in deal}) == 1
    assert "Iran" in story_of[deal[0].id].places
    # the deal is not mixed with the Alaska talks
    assert not any(re.search(r"\bAnchorage\b", d.text) for d in seeds if d.id in story_of[deal[0].id].doc_ids)


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "measured with the ECB+-train defaults: 002 (Beijing, Xi, April 2024; no year in its text) has mean "
    "similarity 0.357 to the ten Alaska-talks documents, whose own mean is 0.380, so average linkage at 0.3 "
    "joins it. Places separate it (0.27 against 0.47 inside the Alaska group) but weigh 0.5 of 9.25 on ECB+ train"
))
def test_the_2024_beijing_visit_is_not_the_story_of_the_2021_alaska_talks(
    seed_stories: tuple[list[Document], list[Story]]
) -> None:
    seeds, found = seed_stories
    story_of = {i: s for s in found for i in s.doc_ids}
    visit_2024 = next(d for d in seeds if Path(d.path or "").name.startswith("002_"))
    alaska = [d for d in seeds if re.search(r"\bAnchorage\b|\bAlaska\b", d.text) and d.id != visit_2024.id]
    assert len(alaska) >= 5
    assert all(story_of[d.id] is not story_of[visit_2024.id] for d in alaska)
