"""Reporting verbs (lemmas): "say", "tell", "announce", ..."""

from __future__ import annotations

# Verbs whose subject is a claim's speaker (``Claim.attribution``), read from the parse.
REPORTING_VERBS: frozenset[str] = frozenset({
    "say", "tell", "add", "announce", "state", "claim", "insist", "declare", "note", "write", "report", "warn",
    "explain", "argue", "mention", "deny", "confirm", "acknowledge", "assert", "stress", "reply", "respond",
    "predict", "suggest", "tweet", "testify", "contend", "maintain", "allege", "complain", "remark", "call",
})
# Verbs whose time or subject belongs to the act of reporting, not to what is reported: the
# comparison does not set "said on Monday" against "said on Thursday" unless the claims are one statement.
REPORTED_SPEECH_LEMMAS: frozenset[str] = frozenset({"say", "tell", "add", "announce", "state", "claim", "insist", "declare", "note", "write",
                     "report", "warn", "explain", "argue", "mention", "deny", "confirm", "accord"})
