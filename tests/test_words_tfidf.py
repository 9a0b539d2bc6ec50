"""Word weights over a set of texts: a word every text uses counts for little."""

from __future__ import annotations

import numpy as np

from crosscheck.words.tfidf import set_tfidf


def test_a_rare_shared_phrase_outweighs_a_word_every_text_uses() -> None:
    rows = set_tfidf([
        "Alaska talks end without a joint statement",
        "No joint statement after the Alaska talks",
        "Alaska talks open with sharp words",
    ])
    sims = (rows @ rows.T).toarray()
    assert np.allclose(np.diag(sims), 1.0)
    assert sims[0, 1] > sims[0, 2] > 0


def test_texts_of_stop_words_only_have_no_rows() -> None:
    assert set_tfidf(["it is what it is", "a"]) is None
    assert set_tfidf([]) is None
