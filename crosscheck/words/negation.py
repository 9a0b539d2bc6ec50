"""Negation words."""

from __future__ import annotations

# Words that make a claim negated (the slot ``Claim.negated``) whatever the parse says ("no" and
# "not only" are decided by the parse, in ``crosscheck.claims.slots.parse``).
NEGATION_CUES: frozenset[str] = frozenset({"not", "n't", "n’t", "never", "nobody", "nothing", "none", "neither", "nor"})
# What the comparison leaves out of a claim's content words, so that "did not meet" and
# "met" share their content and the negation is compared on its own (the polarity rule).
NEGATION_WORDS: frozenset[str] = frozenset({
    "not", "n't", "no", "never", "don't", "doesn't", "didn't", "won't", "wouldn't", "isn't", "aren't", "wasn't",
    "weren't", "cannot", "can't", "couldn't", "shouldn't", "nobody", "nothing", "none", "neither", "nor",
})
