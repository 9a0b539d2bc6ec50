"""Keep the check-worthy sentences of a document as claims.

A sentence is check-worthy when it states something a fact-checker can verify: a figure
or amount, a date or weekday, reported or quoted speech, a named actor doing something,
or a stated expectation or plan. Questions, fragments and sentences with none of these
are left out. The test is a few cheap patterns, so that it runs on every sentence of a
large corpus; the slower linguistic analysis (slots) runs on the claims only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crosscheck.config import Config
from crosscheck.types import Claim, Document, Sentence, stable_id

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|dozen|dozens|"
    r"half|third|quarter|twice|double|triple|first|second|last"
)
_FIGURE = re.compile(rf"\d|[$£€¥]|\b({_NUMBER_WORDS})\b|percent|per cent", re.I)
_DATE = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|jan|feb|aug|sept|oct|nov|dec|yesterday|today|tomorrow|"
    r"tonight|(last|next|this) (week|month|year)|weekend|on the eve of|(19|20)\d\d)\b",
    re.I,
)
_SPEECH = re.compile(
    r"[“”\"]|\b(said|says|say|told|tells|announced|announces|stated|declared|according to|claimed|claims|"
    r"warned|warns|added|described|called|insisted|denied|confirmed|accused|argued|noted|acknowledged|"
    r"reported|reports|wrote|tweeted|emphasized|emphasised|pledged|vowed|urged|predicted|suggested|mentioned)\b",
    re.I,
)
# A capitalised word that is not the sentence's first word: a crude but fast proper-noun cue.
_NAMED = re.compile(r"(?<=[\s(“\"‘’'-])(?:[A-Z][a-z]+|[A-Z]{2,}|[A-Z]\.[A-Z]\.)")
_ACTION = re.compile(
    r"\b(\w+ed|met|meet|meets|signed|signs|agreed|agrees|imposed|imposes|sanctioned|visited|visits|"
    r"will|would|plans?|is|are|was|were|has|have|had|won|lost|held|holds|took|gave|led|leads|made|"
    r"sent|sold|bought|left|began|begin|ended|ends|rose|fell|cut|raised)\b",
    re.I,
)
# Stated expectations and plans are checkable once events unfold ("No agreement is expected.").
_EXPECTATION = re.compile(r"\b(expect\w*|anticipat\w*|plans? to|planned|intends? to|hopes? (to|for|that)|will not|won't)\b", re.I)
_QUESTION = re.compile(r"\?[\"'”’)\]]*$")
_MIN_WORDS = 4


def checkworthy_reasons(text: str) -> tuple[str, ...]:
    """Return why ``text`` is check-worthy (empty when it is not).

    Reasons: ``figure``, ``date``, ``speech``, ``actor``, ``expectation``.
    """
    if _QUESTION.search(text) or len(text.split()) < _MIN_WORDS:
        return ()
    reasons = []
    if _FIGURE.search(text):
        reasons.append("figure")
    if _DATE.search(text):
        reasons.append("date")
    if _SPEECH.search(text):
        reasons.append("speech")
    if _NAMED.search(text) and _ACTION.search(text):
        reasons.append("actor")
    if _EXPECTATION.search(text):
        reasons.append("expectation")
    return tuple(reasons)


def extract_claims(document: Document, sentences: Sequence[Sentence], config: Config) -> list[Claim]:
    """Return the check-worthy sentences of ``document`` as claims (slots not yet filled).

    Sentences shorter than ``config.min_claim_chars`` are never claims.
    """
    claims = []
    for sentence in sentences:
        if len(sentence.text) < config.min_claim_chars:
            continue
        reasons = checkworthy_reasons(sentence.text)
        if not reasons:
            continue
        claims.append(
            Claim(
                id=stable_id(document.id, str(sentence.start), str(sentence.end)),
                doc_id=document.id,
                sentence_index=sentence.index,
                start=sentence.start,
                end=sentence.end,
                text=sentence.text,
                reasons=reasons,
            )
        )
    return claims
