"""TF-IDF rows of a set of short texts, the IDF taken over that set (e.g. one story's claims).

A word the whole set uses ("Alaska" in the Alaska talks) counts for little; one few texts
share ("joint statement") for much.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["set_tfidf"]


def set_tfidf(texts: Sequence[str]):
    """Unit-length sparse TF-IDF rows (CSR, one per text, English stop words out, sublinear counts).

    None when the texts have no word outside the stop list (or there are none).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts:
        return None
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        return vectorizer.fit_transform(list(texts)).tocsr()
    except ValueError:  # an empty vocabulary: nothing but stop words and one-character tokens
        return None
