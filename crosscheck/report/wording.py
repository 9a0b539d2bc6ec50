"""Wording every format of the view shares: the summary line, why a pair conflicts, a corroboration's rating."""

from __future__ import annotations

from crosscheck.report.view import Summary, VerdictView


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` with the noun in the singular or the plural: ``1 conflict``, ``2 conflicts``."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def summary_line(s: Summary) -> str:
    """The counts a reader sees first, in words."""
    parts = [
        counted(s.documents, "document"), counted(s.claims, "claim"), counted(s.conflicts, "conflict"),
        counted(s.corroborated, "claim") + " corroborated by independent sources",
        counted(s.single_source, "claim") + " only one source makes",
        counted(s.copies, "copy", "copies") + " between outlets", counted(s.events, "event"),
        f"{counted(s.agreements, 'agreement')} and {counted(s.related, 'related pair')} in all",
    ]
    if s.not_read:
        parts.append(counted(s.not_read, "input") + " not read")
    return " · ".join(parts)


def conflict_reason(v: VerdictView) -> str:
    """Why a pair conflicts, in words."""
    if v.reasons:
        return "; ".join(v.reasons)
    return "the model reads the two sentences as contradicting each other (no single differing detail found)"


def corroboration_rating(independent: int) -> str:
    """The textual rating of a corroboration."""
    return f"Corroborated by {independent} independent sources"
