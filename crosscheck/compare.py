"""Explicit comparison of two claims' slots: figures, times, actors, speakers, polarity, quotes.

Each finding is a :class:`~crosscheck.types.Reason` with the spans it compares. Two slots
are compared only when they fill the same role in both claims (the same counted noun,
the same anchoring verb, the same syntactic slot, the same quote), so a part and its
whole ("14 vice chairmen" among "24 officials") or a slot present on one side only is
never called a conflict.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet

from crosscheck.quantities import DURATION_DAYS, bounds
from crosscheck.slots import canonical_actor
from crosscheck.types import Actor, Claim, Quantity, Reason, Span, TimeRef

__all__ = ["FIGURES_AND_TIMES", "compare_claims", "different_events", "names_overlap", "same_actor", "worded_alike"]

_WORD_RE = re.compile(r"[\w$€£%]+(?:[’'.-][\w]+)*", re.UNICODE)
_STOP = set(
    "a an the of to in on at for and or but with by from as that this these those is are was were be been being "
    "it its their his her they he she we our you i which who whom whose will would could should can may might "
    "has have had do does did than then there here also just about into over after before said says say".split()
)
_NEG = {"not", "n't", "no", "never", "don't", "doesn't", "didn't", "won't", "wouldn't", "isn't", "aren't", "wasn't",
        "weren't", "cannot", "can't", "couldn't", "shouldn't", "nobody", "nothing", "none", "neither", "nor"}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_REPORTING_LEMMAS = {"say", "tell", "add", "announce", "state", "claim", "insist", "declare", "note", "write",
                     "report", "warn", "explain", "argue", "mention", "deny", "confirm", "accord"}
# Pairs of words (base forms) that flip a statement when one replaces the other.
_ANTONYMS: tuple[tuple[str, str], ...] = (
    ("raise", "lower"), ("raise", "play down"), ("raise", "downplay"), ("play up", "play down"), ("play up", "downplay"),
    ("increase", "decrease"), ("increase", "cut"), ("increase", "reduce"), ("rise", "fall"), ("rise", "decline"),
    ("gain", "lose"), ("win", "lose"), ("accept", "reject"), ("approve", "reject"), ("confirm", "deny"),
    ("support", "oppose"), ("strength", "weakness"), ("strong", "weak"), ("success", "failure"), ("succeed", "fail"),
    ("agree", "disagree"), ("allow", "ban"), ("allow", "forbid"), ("open", "close"), ("expand", "shrink"),
    ("higher", "lower"), ("more", "less"), ("more", "fewer"), ("improve", "worsen"), ("ease", "tighten"),
    ("lift", "impose"), ("include", "exclude"), ("ally", "rival"), ("friend", "foe"), ("positive", "negative"),
    ("optimistic", "pessimistic"), ("high", "low"), ("start", "stop"), ("begin", "end"), ("before", "after"),
    ("victory", "defeat"), ("guilty", "innocent"), ("legal", "illegal"), ("true", "false"), ("up", "down"),
    ("welcome", "condemn"), ("praise", "criticize"), ("praise", "criticise"), ("attend", "skip"), ("arrive", "leave"),
)


def _forms(base: str) -> set[str]:
    """Inflected forms of a (phrasal) verb, noun or adjective: 'play down' -> 'played down', ..."""
    first, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    stems = {first, first + "s", first + "es", first + "ed", first + "d", first + "ing", first + "er"}
    if first.endswith("e"):
        stems |= {first[:-1] + "ing", first + "d"}
    if first.endswith("y"):
        stems |= {first[:-1] + "ied", first[:-1] + "ies"}
    if re.fullmatch(r".*[^aeiou][aeiou][bdgmnpt]", first):
        stems |= {first + first[-1] + "ed", first + first[-1] + "ing"}
    irregular = {"rise": {"rose", "risen"}, "fall": {"fell", "fallen"}, "win": {"won"}, "lose": {"lost"},
                 "begin": {"began", "begun"}, "cut": {"cut"}, "leave": {"left"}}
    stems |= irregular.get(first, set())
    return {s + tail for s in stems}


_ANTONYM_FORMS: list[tuple[set[str], set[str]]] = [(_forms(x), _forms(y)) for x, y in _ANTONYMS]


# A claim is compared with each of its neighbours, in clustering and again in verification,
# so its words are read once and remembered (the results are immutable).
@functools.lru_cache(maxsize=1 << 17)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower().replace("’", "'") for w in _WORD_RE.findall(text))


@functools.lru_cache(maxsize=1 << 17)
def _content(text: str) -> frozenset[str]:
    return frozenset(w for w in _words(text) if w not in _STOP and w not in _NEG and not w.endswith("n't"))


def _jaccard(x: AbstractSet[str], y: AbstractSet[str]) -> float:
    return len(x & y) / len(x | y) if x and y else 0.0


def _local(claim: Claim, span: Span) -> tuple[int, int]:
    return span.start - claim.start, span.end - claim.start


def _left(claim: Claim, span: Span, n: int = 2) -> tuple[str, ...]:
    s, _ = _local(claim, span)
    return tuple(_words(claim.text[:s])[-n:])


def _right(claim: Claim, span: Span, n: int = 2) -> tuple[str, ...]:
    _, e = _local(claim, span)
    return tuple(_words(claim.text[e:])[:n])


def _same_context(a: Claim, sa: Span, b: Claim, sb: Span) -> bool:
    la, lb = _left(a, sa), _left(b, sb)
    ra, rb = _right(a, sa), _right(b, sb)
    return (len(la) == 2 and la == lb) or (len(ra) == 2 and ra == rb)


# ---------------------------------------------------------------- figures

def _head(counted: str | None) -> str | None:
    if not counted:
        return None
    w = _words(counted)
    if not w:
        return None
    h = w[-1]
    for suffix, repl in (("ies", "y"), ("men", "man"), ("ses", "s"), ("s", "")):
        if h.endswith(suffix) and len(h) > 3 and not h.endswith("ss"):
            return h[: -len(suffix)] + repl
    return h


def _magnitude(q: Quantity) -> float:
    return q.value * DURATION_DAYS[q.unit] if q.kind == "duration" and q.unit in DURATION_DAYS else q.value


def _comparable(qa: Quantity, qb: Quantity) -> bool:
    if qa.kind != qb.kind:
        return False
    if qa.kind in ("amount", "percent", "number") and qa.unit != qb.unit:
        return False
    return True


def _aligned_quantity(a: Claim, qa: Quantity, b: Claim, qb: Quantity) -> bool:
    ha, hb = _head(qa.counted), _head(qb.counted)
    if ha and hb:
        return ha == hb
    if _same_context(a, qa.span, b, qb.span):
        return True
    if qa.kind in ("duration", "amount", "percent") and not ha and not hb:
        # one figure of this kind on each side, measuring nothing named: the same measure
        return sum(q.kind == qa.kind for q in a.quantities) == 1 and sum(q.kind == qb.kind for q in b.quantities) == 1
    return False


def _compare_quantities(a: Claim, b: Claim) -> list[Reason]:
    out: list[Reason] = []
    used: set[int] = set()
    for qa in a.quantities:
        for j, qb in enumerate(b.quantities):
            if j in used or not _comparable(qa, qb) or not _aligned_quantity(a, qa, b, qb):
                continue
            used.add(j)
            lo_a, hi_a = bounds(_magnitude(qa), qa.approx)
            lo_b, hi_b = bounds(_magnitude(qb), qb.approx)
            fits = lo_a <= hi_b and lo_b <= hi_a
            kind = {"ordinal": "count", "duration": "duration", "amount": "amount", "percent": "percent",
                    "count": "count"}.get(qa.kind, "number")
            label = "ordinal" if qa.kind == "ordinal" else kind
            what = f" {qa.counted}" if qa.counted and kind in ("count", "number") else ""
            if fits:
                out.append(Reason(kind=kind, message=f"{label} consistent: {qa.span.text} / {qb.span.text}{what}",  # type: ignore[arg-type]
                                  a=qa.span, b=qb.span, conflict=False))
            else:
                out.append(Reason(kind=kind, message=f"{label} differs: {qa.span.text} vs {qb.span.text}{what}",  # type: ignore[arg-type]
                                  a=qa.span, b=qb.span, conflict=True))
            break
    return out


# ---------------------------------------------------------------- times

def _time_label(t: TimeRef) -> str:
    return t.span.text


def _compare_times(a: Claim, b: Claim) -> list[Reason]:
    out: list[Reason] = []
    same_statement = _same_statement(a, b)
    for ta in a.times:
        for tb in b.times:
            anchored = ta.anchor is not None and ta.anchor == tb.anchor
            if not (anchored or _same_context(a, ta.span, b, tb.span)):
                continue
            if (ta.anchor in _REPORTING_LEMMAS or tb.anchor in _REPORTING_LEMMAS) and not same_statement:
                continue  # "said on Monday" / "said on Thursday": two statements, not one act
            if ta.weekday is not None and tb.weekday is not None and ta.kind == tb.kind == "weekday":
                if ta.weekday != tb.weekday:
                    out.append(Reason(kind="weekday", message=f"weekday differs: {_WEEKDAY_NAMES[ta.weekday]} vs {_WEEKDAY_NAMES[tb.weekday]}",
                                      a=ta.span, b=tb.span, conflict=True))
                else:
                    out.append(Reason(kind="weekday", message=f"weekday consistent: {_WEEKDAY_NAMES[ta.weekday]}",
                                      a=ta.span, b=tb.span, conflict=False))
                continue
            if ta.date and tb.date:
                hi_a, hi_b = ta.until or ta.date, tb.until or tb.date
                if ta.date <= hi_b and tb.date <= hi_a:
                    out.append(Reason(kind="date", message=f"date consistent: {_time_label(ta)} / {_time_label(tb)}",
                                      a=ta.span, b=tb.span, conflict=False))
                else:
                    out.append(Reason(kind="date", message=f"date differs: {_time_label(ta)} vs {_time_label(tb)}",
                                      a=ta.span, b=tb.span, conflict=True))
                continue
            if ta.month and tb.month and ta.kind == tb.kind == "month" and ta.year is None and tb.year is None and ta.month != tb.month:
                out.append(Reason(kind="date", message=f"date differs: {_time_label(ta)} vs {_time_label(tb)}",
                                  a=ta.span, b=tb.span, conflict=True))
    return out


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
            if not act.role or act.role.split(":")[-1] in _REPORTING_LEMMAS or act.role.startswith(("poss:", "ROOT", "dep:")):
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


# ---------------------------------------------------------------- speakers, quotes, framing

_QUOTE_RE = re.compile(r"“([^”]{8,})”|\"([^\"]{8,})\"")


def _quotes(c: Claim) -> list[tuple[str, int, int]]:
    return [(m.group(1) or m.group(2), m.start(), m.end()) for m in _QUOTE_RE.finditer(c.text)]


def _without(c: Claim, *spans: Span | None) -> str:
    """The claim's text with ``spans`` blanked out (None spans are ignored)."""
    text = c.text
    for s, e in sorted((_local(c, span) for span in spans if span is not None), reverse=True):
        text = text[:max(s, 0)] + " " + text[max(e, 0):]
    return text


def _same_statement(a: Claim, b: Claim) -> bool:
    qa, qb = _quotes(a), _quotes(b)
    if qa and qb:
        return any(_jaccard(_content(x), _content(y)) >= 0.5 for x, _, _ in qa for y, _, _ in qb)
    sa = a.attribution.span if a.attribution else None
    sb = b.attribution.span if b.attribution else None
    return _jaccard(_content(_without(a, sa)), _content(_without(b, sb))) >= 0.7


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


def _antonymous(x: str, y: str) -> bool:
    x, y = x.lower().replace("’", "'"), y.lower().replace("’", "'")
    return any((x in fa and y in fb) or (x in fb and y in fa) for fa, fb in _ANTONYM_FORMS)


def _substitutions(x: str, y: str) -> tuple[float, list[tuple[str, str]]]:
    wx, wy = _words(x), _words(y)
    sm = difflib.SequenceMatcher(a=wx, b=wy, autojunk=False)
    subs = [(" ".join(wx[i1:i2]), " ".join(wy[j1:j2])) for op, i1, i2, j1, j2 in sm.get_opcodes() if op == "replace"]
    return sm.ratio(), subs


def _find(c: Claim, phrase: str) -> Span | None:
    m = re.search(r"\b" + r"\W+".join(re.escape(w) for w in phrase.split()) + r"\b", c.text.replace("’", "'"), re.I)
    if not m:
        return None
    return Span(start=c.start + m.start(), end=c.start + m.end(), text=c.text[m.start():m.end()])


def _compare_polarity(a: Claim, b: Claim) -> list[Reason]:
    ratio, subs = _substitutions(a.text, b.text)
    out: list[Reason] = []
    if ratio >= 0.5:
        for x, y in subs:
            if _antonymous(x, y):
                out.append(Reason(kind="polarity", message=f"polarity differs: '{x}' vs '{y}'", a=_find(a, x), b=_find(b, y), conflict=True))
    if a.negated != b.negated and not out:
        overlap = _jaccard(_content(a.text), _content(b.text))
        if overlap >= 0.5:
            neg, pos = (a, b) if a.negated else (b, a)
            words = _words(neg.text)
            i = next((k for k, w in enumerate(words) if w in _NEG or w.endswith("n't")), None)
            if i is not None:
                # show the negated phrase and the same words without the negation on the other side
                after = " ".join(words[i + 1 : i + 4])
                neg_phrase = " ".join(words[max(i - 1, 0) : i + 4]) if words[i] == "not" else " ".join(words[i : i + 4])
                sp_neg, sp_pos = _find(neg, neg_phrase) or _find(neg, words[i]), _find(pos, after)
                shown_neg = sp_neg.text if sp_neg else neg_phrase
                shown_pos = sp_pos.text if sp_pos else pos.text.strip()[:60]
            else:
                sp_neg = sp_pos = None
                shown_neg, shown_pos = neg.text.strip()[:60], pos.text.strip()[:60]
            msg = f"polarity differs: '{shown_neg}' vs '{shown_pos}'" if neg is a else f"polarity differs: '{shown_pos}' vs '{shown_neg}'"
            out.append(Reason(kind="polarity", message=msg, a=sp_neg if neg is a else sp_pos, b=sp_neg if neg is b else sp_pos, conflict=True))
    return out


def _compare_quotes(a: Claim, b: Claim) -> list[Reason]:
    out: list[Reason] = []
    for xa, _, _ in _quotes(a):
        for xb, _, _ in _quotes(b):
            ratio, subs = _substitutions(xa, xb)
            if ratio < 0.7 or not subs:
                continue
            for x, y in subs:
                numeric = bool(re.search(r"\d", x + y))
                flips = _antonymous(x, y) or numeric or ({x, y} & _NEG != set())
                out.append(Reason(kind="quote", message=f"quote differs: “…{x}…” vs “…{y}…”" if flips else f"quote wording differs: “{x}” vs “{y}”",
                                  a=_find(a, x), b=_find(b, y), conflict=flips))
    return out


_CHARACTERISE_RE = re.compile(
    r"\b(?:call(?:ed|s|ing)?|describ(?:ed|es|ing)|characteri[sz](?:ed|es|ing)|term(?:ed|s)|dubb?(?:ed|s)|label(?:l?ed|s))\b"
    r"(?:\s+(?:it|them|this|that|the\s+\w+(?:\s+\w+)?))?\s+(?:as\s+)?(?:an?\s+|the\s+)?[“\"](?P<label>[^”\"]{3,80})[”\"]",
    re.I,
)


_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "who", "which", "that"}


def _characterisations(c: Claim) -> list[tuple[str, str, Span | None]]:
    """(who characterises, the label, its span): 'China's foreign ministry called it a “strategic dialogue”'."""
    out = []
    for m in _CHARACTERISE_RE.finditer(c.text):
        before = re.split(r"[,;:—]|\b(?:while|but|and|as|though|although)\b", c.text[: m.start()])[-1].strip()
        who = before or (c.attribution.speaker if c.attribution else "")
        out.append((who, m.group("label"), _find(c, m.group("label"))))
    return out


def _different_parties(x: str, y: str) -> bool:
    if not x or not y or x.lower() in _PRONOUNS or y.lower() in _PRONOUNS:
        return False
    if _speaker_names(x) and _speaker_names(y):
        return _speakers_differ(x, y)
    return _jaccard(_content(x), _content(y)) < 0.5


def _compare_framing(a: Claim, b: Claim) -> list[Reason]:
    out = []
    for wa, la, sa in _characterisations(a):
        for wb, lb, sb in _characterisations(b):
            if _different_parties(wa, wb) and _jaccard(_content(la), _content(lb)) < 0.5:
                out.append(Reason(kind="framing", message=f"framing differs: {wa} calls it “{la}”; {wb} calls it “{lb}”",
                                  a=sa, b=sb, conflict=True))
    return out


def compare_claims(a: Claim, b: Claim) -> list[Reason]:
    """Compare the slots of two claims about one event.

    Figures are compared when they count or measure the same thing (same counted noun,
    same surrounding words, or the only figure of that kind on each side) and differ
    beyond what their approximators allow; times when they modify the same word;
    actors when they fill the same syntactic slot of the same verb and neither list
    contains the other; speakers when both claims carry one statement; polarity when the
    claims say nearly the same thing with and without a negation, or with an antonym.

    Returns:
        Reasons in a fixed order (figures, times, actors, speakers, polarity, quotes,
        framing); ``conflict=True`` marks findings that alone rule out both claims holding.
    """
    reasons: list[Reason] = []
    for rule in (_compare_quantities, _compare_times, _compare_actors, _compare_speakers, _compare_polarity,
                 _compare_quotes, _compare_framing):
        reasons.extend(rule(a, b))
    return _dedupe(reasons)


# Details that tell one event from another; a differing speaker, quote or polarity does not.
_IDENTIFYING = frozenset({"place", "date", "weekday", "amount", "count", "number", "percent", "duration"})
FIGURES_AND_TIMES = _IDENTIFYING - {"place"}
# Word overlap, names aside, from which two claims read as one statement with one name changed.
SAME_STATEMENT = 0.5


def different_events(a: Claim, b: Claim, reasons: Sequence[Reason], *, documents_share_names: bool | None = None) -> Reason | None:
    """Whether the findings of :func:`compare_claims` show two events rather than one.

    Each case below would otherwise be reported as a false conflict:

    - the participants differ (an actor in the same slot of the same verb) and another
      identifying detail differs too (a place, a time, a figure): "Blinken met Xi in
      Beijing on Friday" and "Blinken will meet Wang in Anchorage on Thursday" are two
      meetings, not a conflict about one;
    - only figures or times differ, and nothing else ties the claims to one fact: no
      actor in common and at most one shared word besides the figures and what they
      count ("The tranche totals 35.2 mln dlrs" vs "Notes of 150 mln dlrs are outstanding").

    - different speakers each report their own figures ("Toyota said its profit rose 12
      pct", "Ford said its profit rose 9 pct"): a figure differs and the reported clause
      points back at its speaker ("it", "its", "their"), so the figures belong to two
      parties. Different sources giving one figure ("police said 24 were killed", "the
      ministry said 34") and one statement given to two speakers stay conflicts.

    - only figures or times differ and the two articles name no one in common
      (``documents_share_names`` is False): "The company said its dividend is 28 cts" and
      "It declared a dividend of five cts" take their subject from articles about two
      companies. None (an article that names no one) is no evidence.

    - only the people, bodies or places differ, and the claims share few other words
      (``SAME_STATEMENT``): "Blinken, in Japan before traveling to South Korea and Alaska,
      said ..." and "Blinken traveled to Japan and South Korea to display ..." are two
      statements, not one with a wrong place. A swapped name in an otherwise identical
      sentence stays a conflict.

    One differing detail in claims that share their subject stays a conflict: that is how
    a misreport looks.

    Returns:
        A non-conflict ``event`` reason saying why, or None.
    """
    conflicts = [r for r in reasons if r.conflict]
    actors = [r for r in conflicts if r.kind == "actor"]
    others = [r for r in conflicts if r.kind in _IDENTIFYING]
    if actors and others:
        kinds = ", ".join(dict.fromkeys(r.kind for r in actors + others))
        return Reason(kind="event", message=f"different events: {kinds} differ", a=actors[0].a, b=actors[0].b, conflict=False)
    if conflicts and all(r.kind in ("actor", "place") for r in conflicts) and _jaccard(_unnamed(a), _unnamed(b)) < SAME_STATEMENT:
        kinds = " and ".join(dict.fromkeys("people or bodies" if r.kind == "actor" else "places" for r in conflicts))
        return Reason(kind="event", message=f"different statements: they name different {kinds} and share little else",
                      a=conflicts[0].a, b=conflicts[0].b, conflict=False)
    if conflicts and all(r.kind in FIGURES_AND_TIMES for r in conflicts) and not _share_subject(a, b):
        return Reason(kind="event", message="different facts: the claims share nothing but the kind of figure",
                      a=conflicts[0].a, b=conflicts[0].b, conflict=False)
    if conflicts and documents_share_names is False and all(r.kind in FIGURES_AND_TIMES for r in conflicts):
        return Reason(kind="event", message="different subjects: the figures differ and the two articles name no one in common",
                      a=conflicts[0].a, b=conflicts[0].b, conflict=False)
    own_figures = any(r.kind in FIGURES_AND_TIMES for r in conflicts)
    if own_figures and all(r.kind in _IDENTIFYING or r.kind == "speaker" for r in conflicts) and _own_statements(a, b):
        sa, sb = a.attribution.speaker, b.attribution.speaker  # type: ignore[union-attr]
        return Reason(kind="event", message=f"different parties: {sa} and {sb} each report their own figures",
                      a=a.attribution.span, b=b.attribution.span, conflict=False)  # type: ignore[union-attr]
    return None


def worded_alike(a: Claim, b: Claim) -> bool:
    """Whether two claims say the same thing apart from their figures and times (content
    words in common, Jaccard at least ``SAME_STATEMENT``). Only then does a differing figure
    show a conflict by itself: "Officials said 40 ships were stranded" against "... 45 ships
    ...". Worded differently, two figures with one unit often measure two things ("rice
    production at 26.7 mln tonnes", "raw sugar production at 1.8 mln tonnes")."""
    return _jaccard(_unfigured(a), _unfigured(b)) >= SAME_STATEMENT


def _unfigured(claim: Claim) -> AbstractSet[str]:
    """The claim's content words outside its figures and times, numerals dropped."""
    text = _without(claim, *(slot.span for slot in (*claim.quantities, *claim.times)))
    return {w for w in _content(text) if not any(ch.isdigit() for ch in w)}


def _unnamed(claim: Claim) -> AbstractSet[str]:
    """The claim's content words outside the actors it names."""
    named = {w for actor in claim.actors for w in _words(claim.text[slice(*_local(claim, actor.span))])}
    return _content(claim.text) - named


# A pronoun in the reported clause that points back at its speaker: "X said its profit rose".
_BACK_REFERENCE = re.compile(r"\b(?:it|its|they|their|he|his|she|her)\b", re.IGNORECASE)


def _own_statements(a: Claim, b: Claim) -> bool:
    """Both claims are different named speakers reporting on themselves."""
    if not a.attribution or not b.attribution or not _speakers_differ(a.attribution.speaker, b.attribution.speaker):
        return False
    return all(c.attribution is not None and _BACK_REFERENCE.search(_without(c, c.attribution.span)) for c in (a, b))


def _share_subject(a: Claim, b: Claim) -> bool:
    if any(same_actor(x.canonical, y.canonical) for x in a.actors for y in b.actors):
        return True

    def words(c: Claim) -> AbstractSet[str]:
        counted = {w for q in c.quantities for w in _words(q.counted or "")}
        return {w for w in _content(c.text) - counted if not any(ch.isdigit() for ch in w)}

    return len(words(a) & words(b)) >= 2


def _dedupe(reasons: Iterable[Reason]) -> list[Reason]:
    seen: set[tuple[str, str]] = set()
    out = []
    for r in reasons:
        if (r.kind, r.message) not in seen:
            seen.add((r.kind, r.message))
            out.append(r)
    return out
