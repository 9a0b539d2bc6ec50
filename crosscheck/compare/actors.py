"""Rule family: actors, places and speakers (who acts, where, who says it)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from crosscheck.claims.slots.actors import canonical_actor
from crosscheck.compare.text import _same_statement
from crosscheck.types import Actor, Claim, Reason
from crosscheck.words.reporting import REPORTED_SPEECH_LEMMAS

# The reason kinds this family makes, with how sure each conflict is: an actor in the same
# syntactic slot is a little less sure than a figure (the parse can misplace it).
REASONS: dict[str, float] = {"actor": 0.8, "place": 0.8, "speaker": 0.9}

# ---------------------------------------------------------------- actors

def same_actor(x: str, y: str) -> bool:
    """Whether two canonical names can denote one actor ('Blinken' ~ 'Antony Blinken', 'Yang' ~ 'Yang Jiechi')."""
    cx, cy = canonical_actor(x)[0].lower(), canonical_actor(y)[0].lower()
    if cx == cy:
        return True
    wx, wy = set(cx.split()), set(cy.split())
    return bool(wx and wy) and (wx <= wy or wy <= wx)


def names_overlap(xs: Iterable[str], ys: Iterable[str]) -> bool:
    """Whether two sets of canonical names share an actor, as :func:`same_actor` would
    match them (one full name, or a one-word name within the other's name), in time
    linear in the number of names: for whole documents' names."""
    fx, fy = {x.lower() for x in xs}, {y.lower() for y in ys}
    if fx & fy:
        return True
    words_x = {w for n in fx for w in n.split()}
    words_y = {w for n in fy for w in n.split()}
    return bool({n for n in fx if " " not in n} & words_y or {n for n in fy if " " not in n} & words_x)


def _group(kind: str) -> str:
    return "place" if kind in ("country", "place") else "agent"


def _unmatched(xs: Sequence[Actor], ys: Sequence[Actor]) -> list[Actor]:
    return [x for x in xs if not any(same_actor(x.canonical, y.canonical) for y in ys)]


def _person_against_body(xs: Sequence[Actor], ys: Sequence[Actor]) -> bool:
    """Only people on one side, only states or bodies on the other: a person acts for a state
    or a body ("Wang Yi" for "China"), so people conflict only with people."""
    persons_x, persons_y = {x.kind == "person" for x in xs}, {y.kind == "person" for y in ys}
    return len(persons_x) == len(persons_y) == 1 and persons_x != persons_y


def _compare_actors(a: Claim, b: Claim) -> list[Reason]:
    def by_role(c: Claim) -> dict[str, list[Actor]]:
        # the kind is not part of the key: the small model tags "Quad Australia" ORG and "India" GPE
        roles: dict[str, list[Actor]] = {}
        for act in c.actors:
            if not act.role or act.role.split(":")[-1] in REPORTED_SPEECH_LEMMAS or act.role.startswith(("poss:", "ROOT", "dep:")):
                continue
            roles.setdefault(act.role, []).append(act)
        return roles

    ra, rb = by_role(a), by_role(b)
    out: list[Reason] = []
    for key in (k for k in ra if k in rb):  # in a's order: a set's order changes from run to run
        only_a, only_b = _unmatched(ra[key], rb[key]), _unmatched(rb[key], ra[key])
        if only_a and only_b and not _person_against_body(only_a, only_b):
            places = sum(_group(x.kind) == "place" for x in only_a + only_b)
            kind = "place" if 2 * places >= len(only_a) + len(only_b) else "actor"
            names_a = ", ".join(x.canonical for x in only_a)
            names_b = ", ".join(x.canonical for x in only_b)
            out.append(Reason(kind=kind, message=f"{kind} differs: {names_a} vs {names_b}",  # type: ignore[arg-type]
                              a=only_a[0].span, b=only_b[0].span, conflict=True))
    return out


def _speaker_names(speaker: str) -> set[str]:
    words = re.findall(r"[A-Z][\w.’'-]*", speaker)
    names = {canonical_actor(w)[0] for w in words}
    names = {n for n in names if n.lower() not in ("the", "a", "an", "ministry", "mr.", "mr", "ms.", "ms", "")}
    return names


def _speakers_differ(x: str, y: str) -> bool:
    nx, ny = _speaker_names(x), _speaker_names(y)
    if not nx or not ny:
        return False  # "she", "the official": nothing to compare
    return not any(same_actor(u, v) for u in nx for v in ny)


def _compare_speakers(a: Claim, b: Claim) -> list[Reason]:
    if not a.attribution or not b.attribution or not _same_statement(a, b):
        return []
    sa, sb = a.attribution.speaker, b.attribution.speaker
    if _speakers_differ(sa, sb):
        return [Reason(kind="speaker", message=f"speaker differs: {sa} vs {sb}", a=a.attribution.span, b=b.attribution.span, conflict=True)]
    return []
