from __future__ import annotations

from crosscheck.claims.checkworthy import checkworthy_reasons, extract_claims
from crosscheck.claims.segment import split_sentences
from crosscheck.config import Config
from crosscheck.ingest import make_document


def test_checkworthy_reasons() -> None:
    assert "figure" in checkworthy_reasons("China agreed to invest $400 billion in Iran over 25 years.")
    assert "date" in checkworthy_reasons("The talks opened in Anchorage on Thursday afternoon.")
    assert "speech" in checkworthy_reasons("“We were clear-eyed coming in,” the adviser said.")
    assert "expectation" in checkworthy_reasons("No agreement is expected.")
    assert checkworthy_reasons("Why does it matter so much?") == ()
    assert checkworthy_reasons("It was a lovely, quiet afternoon.") == ()


def test_claims_keep_spans_and_skip_short_or_empty_sentences() -> None:
    doc = make_document("Nice day. The council approved 12 new schools on Monday, the mayor said. What now?", source="t")
    claims = extract_claims(doc, split_sentences(doc), Config())
    assert [c.text for c in claims] == ["The council approved 12 new schools on Monday, the mayor said."]
    [claim] = claims
    assert doc.text[claim.start : claim.end] == claim.text
    assert set(claim.reasons) >= {"figure", "date", "speech"}
