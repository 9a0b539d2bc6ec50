"""Reuse links on a corpus with planted copies, and source counting that collapses them.

The corpus: two independent reports of one event (same names, figures and a shared
quotation, but their own sentences), an unrelated report, and three copies of the first
report: verbatim, a third of its sentences edited, and machine-spun by ``spin`` below.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from crosscheck.reuse import CopyIndex, find_reuse
from crosscheck.types import Document, ReuseLink, Sentence, stable_id

ORIGINAL = """\
The Riverside city council voted 7 to 2 on Tuesday night to approve a $48 million plan to replace the aging Harbor Street bridge, ending a dispute that had dragged on for nearly three years.
Mayor Elena Ruiz, who had pushed for the project since her first campaign, called the vote "a promise kept to every family that crosses that river twice a day."
The new bridge will carry four lanes of traffic and a protected bicycle path, and construction is expected to begin next spring.
Engineers warned last year that the steel supports of the old structure were corroding faster than expected and that heavy trucks might have to be banned within five years.
Two council members, Mark Delaney and Priya Shah, voted against the plan, arguing that the city should first repair the existing bridge at a lower cost.
Delaney said the council was rushing a decision that would burden taxpayers for decades.
About half of the money will come from a state transportation grant, and the rest will be raised through municipal bonds over the next two years.
Local business owners on both sides of the river have complained that the frequent lane closures hurt their sales during the holiday season.
The city expects the work to take about thirty months, during which a temporary ferry service will run every fifteen minutes at peak hours.
Residents who spoke at the meeting were divided, with several older people asking the council to preserve the historic lamp posts on the old span.
The council agreed to study whether the lamps could be moved to a riverside park once the demolition is complete.
A final design will be presented to the public at a series of meetings in the autumn.
"""

INDEPENDENT = """\
After years of delays, Riverside will get a new Harbor Street bridge.
Council members approved the $48 million replacement on Tuesday by a margin of 7 to 2, handing Mayor Elena Ruiz a victory on her signature infrastructure promise.
Ruiz told supporters the decision was "a promise kept to every family that crosses that river twice a day."
Opponents led by Mark Delaney wanted to patch the current span instead, saying a full replacement would saddle residents with debt.
Inspectors had found serious corrosion in the steel beams in a report released last year.
Half of the funding is expected from a state grant, with bonds covering the remainder.
Work could start as soon as next spring and last roughly two and a half years.
During construction, commuters will be able to cross by ferry, the city said.
Shop owners near the river, who have suffered through repeated closures, welcomed the certainty but asked for help with parking.
The mayor said the historic lamp posts might find a new home in a park.
Public meetings on the design are planned for the autumn.
"""

UNRELATED = """\
The county school board on Monday delayed a decision on a new four-day week for its elementary schools.
Parents packed the auditorium, and more than forty of them signed up to speak during the public comment period.
Supporters said a shorter week would help the district recruit teachers, who have been leaving for higher-paying jobs in neighboring counties.
Critics worried about child care on the fifth day and asked whether test scores would fall.
The superintendent, Laura Chen, said the district would survey families over the summer before bringing the plan back for a vote.
A similar schedule was adopted two years ago by a rural district to the north, where attendance has since improved.
The board also approved a contract for new school buses and a small raise for cafeteria workers.
"""

# Four of twelve sentences rewritten by an editor: same facts, new wording.
_EDITS = {
    1: 'Mayor Elena Ruiz, a longtime champion of the project, described the result as "a promise kept to every family that crosses that river twice a day."',
    4: "Council members Mark Delaney and Priya Shah opposed it, saying repairs to the current bridge would cost the city far less.",
    7: "Merchants on both banks say repeated lane closures have cut into their holiday sales.",
    10: "Officials will look into relocating the lamps to a park by the river after the old bridge comes down.",
}

_SYNONYMS = {
    "city": "metropolis", "council": "assembly", "voted": "balloted", "night": "evening",
    "approve": "endorse", "plan": "scheme", "replace": "substitute", "aging": "growing old",
    "bridge": "overpass", "ending": "concluding", "dispute": "quarrel", "dragged": "hauled",
    "nearly": "virtually", "years": "yrs", "pushed": "pressed", "project": "venture",
    "first": "preliminary", "campaign": "marketing campaign", "called": "known as",
    "new": "brand new", "carry": "convey", "traffic": "site visitors", "protected": "safeguarded",
    "construction": "development", "expected": "anticipated", "begin": "start", "next": "subsequent",
    "spring": "springtime", "engineers": "engineers", "warned": "cautioned", "last": "final",
    "year": "yr", "supports": "helps", "old": "outdated", "structure": "construction",
    "corroding": "rusting", "faster": "quicker", "heavy": "hefty", "trucks": "vans",
    "banned": "prohibited", "within": "inside", "five": "5", "members": "participants",
    "against": "towards", "arguing": "contending", "should": "ought to", "repair": "restore",
    "existing": "present", "lower": "decrease", "cost": "price", "said": "mentioned",
    "rushing": "speeding", "decision": "determination", "would": "would possibly",
    "burden": "load", "taxpayers": "tax payers", "decades": "many years", "about": "roughly",
    "half": "fifty percent", "money": "cash", "come": "arrive", "state": "state-owned",
    "transportation": "transport", "grant": "award", "rest": "remainder", "raised": "elevated",
    "through": "by way of", "municipal": "civic", "bonds": "bonds", "local": "native",
    "business": "enterprise", "owners": "homeowners", "sides": "facets", "river": "stream",
    "complained": "grumbled", "frequent": "common", "closures": "shutdowns", "hurt": "harm",
    "sales": "gross sales", "holiday": "vacation", "season": "period", "expects": "anticipates",
    "work": "job", "take": "require", "months": "mos", "temporary": "short-term",
    "service": "provider", "run": "function", "every": "each", "minutes": "min",
    "peak": "height", "hours": "hrs", "residents": "inhabitants", "spoke": "talked",
    "meeting": "assembly", "divided": "break up", "several": "a number of", "older": "aged",
    "people": "individuals", "asking": "requesting", "preserve": "protect", "historic": "historical",
    "lamp": "lamp", "posts": "poles", "span": "stretch", "agreed": "concurred", "study": "research",
    "whether": "whether or not", "lamps": "lamps", "moved": "relocated", "park": "playground",
    "once": "as soon as", "demolition": "destruction", "complete": "full", "final": "last",
    "design": "layout", "presented": "offered", "public": "general public", "series": "collection",
    "meetings": "conferences", "autumn": "fall", "lanes": "lanes", "bicycle": "bike", "path": "pathway",
}


def spin(text: str) -> str:
    """A word spinner of the kind content farms use: swap every word it has a synonym for."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        new = _SYNONYMS.get(word.lower())
        if new is None:
            return word
        return new[0].upper() + new[1:] if word[0].isupper() else new

    return re.sub(r"[A-Za-z]+", swap, text)


def edit(text: str) -> str:
    """Rewrite the sentences listed in ``_EDITS`` (a third of them), keep the rest."""
    lines = text.splitlines()
    return "\n".join(_EDITS.get(k, line) for k, line in enumerate(lines)) + "\n"


def make_document(text: str, source: str, *, date: str | None = None) -> Document:
    return Document(
        id=stable_id(source, text),
        source=source,
        text=text,
        date=dt.date.fromisoformat(date) if date else None,
        date_basis="metadata" if date else "unknown",
    )


def split(document: Document) -> list[Sentence]:
    """One sentence per line (the corpus is written that way)."""
    sentences = []
    for match in re.finditer(r"[^\n]+", document.text):
        sentences.append(
            Sentence(doc_id=document.id, index=len(sentences), start=match.start(), end=match.end(), text=match.group(0))
        )
    return sentences


def corpus() -> dict[str, Document]:
    """The named documents of the test corpus."""
    return {
        "original": make_document(ORIGINAL, "Riverside Herald", date="2024-05-08"),
        "independent": make_document(INDEPENDENT, "Valley Tribune", date="2024-05-08"),
        "unrelated": make_document(UNRELATED, "County News", date="2024-05-07"),
        "verbatim": make_document(ORIGINAL, "newsaggregator.example", date="2024-05-09"),
        "edited": make_document(edit(ORIGINAL), "Metro Wire", date="2024-05-09"),
        "spun": make_document(spin(ORIGINAL), "contentfarm.example"),
    }



@pytest.fixture(scope="module")
def planted():
    docs = corpus()
    sentences = [s for d in docs.values() for s in split(d)]
    links = find_reuse(list(docs.values()), sentences)
    names = {d.id: name for name, d in docs.items()}
    found = {frozenset((names[link.a], names[link.b])): link for link in links}
    return docs, links, found


def test_every_planted_copy_is_found(planted):
    _, _, found = planted
    assert found[frozenset(("original", "verbatim"))].kind == "verbatim"
    assert found[frozenset(("original", "verbatim"))].share == 1.0
    assert found[frozenset(("original", "edited"))].kind == "edited"
    # Eight of twelve sentences are unchanged; the four rewritten ones are not copies.
    assert found[frozenset(("original", "edited"))].share == pytest.approx(8 / 12, abs=0.1)
    spun = found[frozenset(("original", "spun"))]
    assert spun.kind == "spun"
    assert spun.share >= 0.6


def test_fresh_documents_get_the_links_a_run_over_all_documents_finds_for_them(planted):
    # What a store's add relies on: only the links with a new document are found, and they are
    # the ones a run over every document finds.
    docs, links, _ = planted
    sentences = [s for d in docs.values() for s in split(d)]
    for fresh in ({"edited"}, {"verbatim", "spun"}, {"independent"}):
        ids = {docs[name].id for name in fresh}
        got = find_reuse(list(docs.values()), sentences, fresh=ids)
        assert got == [link for link in links if link.a in ids or link.b in ids]
    assert find_reuse(list(docs.values()), sentences, fresh=set()) == []


def test_fresh_units_get_the_embedding_neighbours_a_search_of_every_unit_gives() -> None:
    # Groups of near-copies (cosine >= 0.8) among scattered vectors; a group larger than the
    # neighbour count, so that a stored unit can have a fresh one among its neighbours while
    # the fresh one has not it among its own.
    from crosscheck.reuse.candidates import _embedding_candidates
    from crosscheck.reuse.units import _prepare

    rng = np.random.default_rng(3)
    centres = rng.normal(size=(6, 32))
    rows = [centres[k % 6] + (0.12 if k % 6 == 0 else 0.25) * rng.normal(size=32) for k in range(90)]
    vectors = np.asarray(rows, dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    units = [_prepare(k, k % 30, f"Sentence number {k} says the council approved the budget on Monday.") for k in range(90)]
    full = _embedding_candidates(units, vectors)
    assert len(full) > 50
    for share in (0.05, 0.2, 0.5):
        fresh = {k for k in range(90) if rng.random() < share}
        assert _embedding_candidates(units, vectors, fresh) == {(p, q) for p, q in full if p in fresh or q in fresh}


def test_independent_and_unrelated_articles_are_not_linked(planted):
    _, _, found = planted
    copies = {"original", "verbatim", "edited", "spun"}
    for pair in found:
        assert pair <= copies, f"false link {sorted(pair)}"
    # Every pair among the four copies of one article is linked, and nothing else.
    assert len(found) == 6


def test_link_records_evidence_and_order(planted):
    docs, _, found = planted
    link = found[frozenset(("original", "verbatim"))]
    assert link.earlier == docs["original"].id  # dated one day before the copy
    assert link.aligned == len(link.sentence_pairs) == 12
    for span_a, span_b in link.examples:
        assert span_a.text == span_b.text
    assert found[frozenset(("original", "spun"))].earlier is None  # the spun copy is undated


def test_shared_quotation_alone_is_not_reuse():
    quote = '"We will not back down from this fight, whatever it costs us in the months ahead," the governor said.'
    a = make_document(f"The governor vetoed the tax bill late on Friday after weeks of talks.\n{quote}\n", "A")
    b = make_document(f"Lawmakers reacted angrily to the veto announced by the governor's office.\n{quote}\n", "B")
    assert find_reuse([a, b], split(a) + split(b)) == []


def test_partial_reuse_is_recorded_at_sentence_level():
    shared = "The company said its quarterly profit fell sharply because of higher shipping costs and weaker demand in Europe."
    a = make_document(
        "Shares of the retailer dropped in early trading.\n" + shared + "\nAnalysts had expected a smaller decline.\n"
        "The chief executive will present a new strategy to investors next month.\nStores in Asia performed well.\n",
        "A",
    )
    b = make_document(
        "The retailer's results disappointed investors on Tuesday.\nA union called a strike at two warehouses.\n"
        + shared.replace("weaker demand", "softer demand")
        + "\nThe board approved a dividend anyway.\nIts rival reported record sales in the same quarter.\n",
        "B",
    )
    [link] = find_reuse([a, b], split(a) + split(b))
    assert link.sentence_pairs == ((1, 2),)
    assert link.share == pytest.approx(1 / 5)
    index = CopyIndex([link])
    assert index.sentences_copied(a.id, 1, b.id, 2)
    assert not index.sentences_copied(a.id, 0, b.id, 0)
    assert not index.documents_copied(a.id, b.id)
    assert index.aligned_sentences() == [tuple(sorted([(a.id, 1), (b.id, 2)]))]


def test_count_independent_collapses_copies_onto_origin(planted):
    docs, links, _ = planted
    ids = [docs[n].id for n in ("original", "verbatim", "spun", "independent")]
    assert CopyIndex(links).count_independent(ids) == 2
    assert CopyIndex(links).count_independent([docs["independent"].id, docs["unrelated"].id]) == 2
    assert CopyIndex(links).count_independent([]) == 0


def test_count_independent_with_partial_reuse():
    link = ReuseLink(a="x", b="y", kind="edited", share=0.1, aligned=1, sentence_pairs=((3, 7),))
    # y contributes only its copy of x's sentence 3: one source.
    assert CopyIndex([link]).count_independent(["x", "y"], sentences=[("x", 3), ("y", 7)]) == 1
    # y says more, but x still adds nothing y does not say (in copied words): one source.
    assert CopyIndex([link]).count_independent(["x", "y"], sentences=[("x", 3), ("y", 7), ("y", 9)]) == 1
    # Each also contributes a sentence of its own: two sources.
    assert CopyIndex([link]).count_independent(["x", "y"], sentences=[("x", 3), ("x", 5), ("y", 7), ("y", 9)]) == 2
    # Without sentence information a low-share link does not merge documents.
    assert CopyIndex([link]).count_independent(["x", "y"]) == 2


def test_sentence_copies_within_copied_documents(planted):
    docs, links, _ = planted
    index = CopyIndex(links)
    assert index.documents_copied(docs["original"].id, docs["spun"].id)
    assert index.sentences_copied(docs["original"].id, 0, docs["verbatim"].id, 5)
    assert not index.sentences_copied(docs["original"].id, 0, docs["independent"].id, 1)


def test_embeddings_add_candidates_and_are_validated(planted):
    docs, _, _ = planted
    a, b = docs["original"], docs["spun"]
    sentences = split(a) + split(b)
    rng = np.random.default_rng(0)
    base = rng.normal(size=(len(split(a)), 16))
    emb = np.vstack([base, base + 0.05 * rng.normal(size=base.shape)]).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    [link] = find_reuse([a, b], sentences, emb)
    assert link.kind == "spun" and link.share >= 0.6
    with pytest.raises(ValueError, match="one row per sentence"):
        find_reuse([a, b], sentences, emb[:3])


def test_unknown_document_is_an_error(planted):
    docs, _, _ = planted
    with pytest.raises(ValueError, match="not among `documents`"):
        find_reuse([docs["original"]], split(docs["spun"]))


def test_spinner_changes_many_words():
    text = corpus()["original"].text
    original, spun = text.split(), spin(text).split()
    assert sum(w not in original for w in spun) > len(original) // 4


def test_the_cheap_prefilter_never_drops_a_pair_the_word_alignment_keeps() -> None:
    from difflib import SequenceMatcher
    from itertools import combinations

    from crosscheck.reuse.find import _may_align, _score
    from crosscheck.reuse.units import STRONG_RUN, WEAK_RATIO, _prepare

    texts = [
        "The central bank raised its main interest rate by half a point on Tuesday, the first rise in three years.",
        "On Tuesday the central bank raised its main rate by half a point, its first rise in three years.",
        "The Central Bank increased its key interest rate by 0.5 points on Tuesday, the first increase in 3 years.",
        "The bank said on Tuesday that rates would stay on hold for the rest of the year.",
        "Shares in the company fell 4 pct in early trading after the results were published.",
        "Shares of the firm dropped 4 percent in early trade once its results came out.",
        "Rescue teams searched the collapsed building through the night for survivors, officials said.",
        "Officials said rescue teams had searched the collapsed building all night for survivors.",
        "“We will not accept this,” the minister said, adding that talks would continue.",
        "The minister said talks would continue but that the offer was not acceptable.",
        "Net profit 203,000 vs loss 55,000",
        "Net profit 286,870 vs loss 156,124",
    ]
    units = [_prepare(row, row, text) for row, text in enumerate(texts)]
    aligned = 0
    for a, b in combinations(units, 2):
        matcher = SequenceMatcher(None, a.tokens, b.tokens, autojunk=False)
        run = max(sum(a.lexical[m.a : m.a + m.size]) for m in matcher.get_matching_blocks())
        if matcher.ratio() >= WEAK_RATIO or run >= STRONG_RUN:
            aligned += 1
            assert _may_align(a, b) and _score(a, b) is not None, (texts[a.row], texts[b.row])
    assert aligned >= 4  # the paraphrase pairs above align well enough to count
    assert _score(units[6], units[10]) is None  # a rescue and a results table: skipped


def _own_sentence(k: int) -> str:
    """A sentence no other document shares: words made of random letters."""
    rng = np.random.default_rng(k)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    return " ".join("".join(rng.choice(letters, size=7)) for _ in range(9)).capitalize() + "."


def test_a_story_syndicated_beyond_the_partner_cap_is_still_one_source():
    from crosscheck.reuse.candidates import MAX_PARTNERS

    story = "".join(line + "\n" for line in ORIGINAL.splitlines()[:4])
    docs = [make_document(story + _own_sentence(k) + "\n", f"outlet-{k}") for k in range(2 * MAX_PARTNERS + 10)]
    links = find_reuse(docs, [s for doc in docs for s in split(doc)])
    # Every outlet is linked as a copy, but not every pair of outlets was compared.
    assert {link.a for link in links} | {link.b for link in links} == {doc.id for doc in docs}
    assert all(link.kind == "verbatim" for link in links)
    assert len(links) <= len(docs) * MAX_PARTNERS < len(docs) * (len(docs) - 1) // 2
    assert CopyIndex(links).count_independent([doc.id for doc in docs]) == 1
    index = CopyIndex(links)
    assert index.documents_copied(docs[0].id, docs[-1].id)
    assert index.sentences_copied(docs[-2].id, 2, docs[-1].id, 2)


def test_partners_come_from_the_smallest_buckets_first():
    from crosscheck.reuse.candidates import MAX_PARTNERS, _bucket_pairs
    from crosscheck.reuse.units import _prepare

    units = [_prepare(row, row, f"sentence number {row} of the test corpus") for row in range(MAX_PARTNERS + 20)]
    crowd = list(range(1, len(units)))
    pairs = _bucket_pairs(units, [crowd + [0], [0, len(units) - 1]])
    # Unit 0 keeps its one partner from the small bucket, however late it comes in the crowd.
    assert (0, len(units) - 1) in pairs
    assert sum(0 in pair for pair in pairs) <= MAX_PARTNERS + 1
    assert all(sum(u in pair for pair in pairs) >= 1 for u in range(len(units)))


def test_minhash_buckets_match_a_unit_by_unit_computation(monkeypatch) -> None:
    from collections import defaultdict

    from crosscheck.reuse import candidates as reuse
    from crosscheck.reuse.candidates import _minhash_buckets
    from crosscheck.reuse.units import _PRIME, _prepare

    texts = [line for line in (ORIGINAL + INDEPENDENT).splitlines() if line.strip()] * 2
    texts += ["Net profit 203,000 vs loss 55,000", "Too short.", ""]
    units = [_prepare(row, row % 7, text) for row, text in enumerate(texts)]
    bands, rows = 8, 2
    rng = np.random.default_rng(5)
    a = rng.integers(1, int(_PRIME), size=bands * rows, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME), size=bands * rows, dtype=np.uint64)
    expected: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for k, u in enumerate(units):
        if u.content and u.shingles:
            x = np.array(sorted(u.shingles), dtype=np.uint64) % _PRIME
            signature = ((a[None, :] * x[:, None] + b[None, :]) % _PRIME).min(axis=0).astype(np.uint32)
            for band in range(bands):
                expected[(band, signature[band * rows : (band + 1) * rows].tobytes())].append(k)
    shared = [members for members in expected.values() if len(members) >= 2]
    assert shared  # the corpus repeats itself, so buckets are shared
    # Small chunks, so that signatures are computed over several hash matrices.
    monkeypatch.setattr(reuse, "MINHASH_CHUNK_ITEMS", 300)
    assert _minhash_buckets(units, [u.shingles for u in units], bands, rows, seed=5) == shared


def test_the_fast_chain_finds_a_chain_as_long_and_as_similar_as_the_quadratic_one() -> None:
    import random

    from crosscheck.reuse.find import _best_ordered_chain, _best_ordered_chain_fast, _PairScore

    rng = random.Random(7)
    for _ in range(30):
        pairs = sorted(
            {(rng.randrange(40), rng.randrange(40)): round(rng.random(), 2) for _ in range(rng.randint(1, 300))}.items()
        )
        scores = [_PairScore(i=i, j=j, ratio=r, jaccard=0.0, skeleton=0.0, run=0) for (i, j), r in pairs]
        slow, fast = _best_ordered_chain(scores), _best_ordered_chain_fast(scores)
        for chain in (slow, fast):
            assert all(a.i < b.i and a.j < b.j for a, b in zip(chain, chain[1:], strict=False))
        assert len(fast) == len(slow)
        assert sum(s.ratio for s in fast) == pytest.approx(sum(s.ratio for s in slow))
