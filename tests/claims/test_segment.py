from __future__ import annotations

from crosscheck.claims.segment import split_sentences
from crosscheck.ingest import make_document


def _split(text: str) -> list[str]:
    return [s.text for s in split_sentences(make_document(text, source="t"))]


def test_news_abbreviations_and_figures_do_not_split() -> None:
    text = (
        "Mr. Blinken met Wang Yi on Thursday. The U.S. officials said $1.9 trillion was enough. "
        "Then Antony J. Blinken left for the U.S. The meeting ended. No. 2 was on Sept. 6 in St. Louis."
    )
    assert _split(text) == [
        "Mr. Blinken met Wang Yi on Thursday.",
        "The U.S. officials said $1.9 trillion was enough.",
        "Then Antony J. Blinken left for the U.S.",
        "The meeting ended.",
        "No. 2 was on Sept. 6 in St. Louis.",
    ]


def test_quotations_stay_with_their_attribution() -> None:
    text = "“China will win. It is unstoppable,” said Mr. Yang. He said “no.” It was over! Was it?"
    assert _split(text) == ["“China will win. It is unstoppable,” said Mr. Yang.", "He said “no.”", "It was over!", "Was it?"]


def test_spans_point_into_the_document_and_lines_split() -> None:
    doc = make_document("Headline Here\n\nFirst one. Second one.\nThird one", source="t")
    sentences = split_sentences(doc)
    assert [s.text for s in sentences] == ["Headline Here", "First one.", "Second one.", "Third one"]
    assert all(doc.text[s.start : s.end] == s.text for s in sentences)
    assert [s.index for s in sentences] == [0, 1, 2, 3]


def test_hard_wrapped_lines_are_joined_but_paragraphs_are_not() -> None:
    text = (
        "HARBOUR WORKERS END STRIKE\n\n"
        "Dock workers in the port of Varna ended a\n"
        "nine-day strike on Tuesday, the union said, after the\n"
        "Port Authority offered a 7 pct raise.\n"
        "    The union had asked for 12 pct,\n"
        "Ivan Petrov, its leader, told reporters.\n"
        "Shipping resumed at noon.\n"
        "- Cranes: 14\n"
        "- Ships waiting: 31"
    )
    assert _split(text) == [
        "HARBOUR WORKERS END STRIKE",
        "Dock workers in the port of Varna ended a\nnine-day strike on Tuesday, the union said, after the\nPort Authority offered a 7 pct raise.",
        "The union had asked for 12 pct,\nIvan Petrov, its leader, told reporters.",
        "Shipping resumed at noon.",
        "- Cranes: 14",
        "- Ships waiting: 31",
    ]


def test_a_stretch_without_sentence_ends_is_cut_at_spaces_into_pieces_the_parser_takes() -> None:
    from crosscheck.config import MAX_SENTENCE_CHARS

    line = " ".join(f"officials said {n} ships" for n in range(20_000))  # ~470,000 characters, no full stop
    doc = make_document("Storm Report\n\n" + line + "\nThe end came on Friday.", source="s")
    sentences = split_sentences(doc)
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE_CHARS
    assert all(s.text == doc.text[s.start : s.end] and s.text == s.text.strip() for s in sentences)
    # Cut at spaces: no word is split, and every word of the line is in one piece.
    pieces = [s.text for s in sentences[1:-1]]
    assert " ".join(pieces) == line
    assert sentences[-1].text == "The end came on Friday."


def test_a_long_paragraph_of_many_sentences_splits_in_linear_time() -> None:
    # Quadratic work (a prefix rescanned at each full stop) would take minutes here.
    paragraph = " ".join(f"Officials said {n} ships were stranded. “They said it, Mr. Yang.”" for n in range(20_000))
    sentences = split_sentences(make_document(paragraph, source="s"))
    assert len(sentences) == 40_000
