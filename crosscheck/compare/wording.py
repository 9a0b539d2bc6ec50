"""Rule family: wording (polarity and antonyms, quotes, framing)."""

from __future__ import annotations

import difflib
import re

from crosscheck.compare.actors import _speaker_names, _speakers_differ
from crosscheck.compare.text import _content, _find, _jaccard, _quotes, _words
from crosscheck.types import Claim, Reason, Span
from crosscheck.words.negation import NEGATION_WORDS

# The reason kinds this family makes, with how sure each conflict is: two parties'
# characterisations (framing) least of all.
REASONS: dict[str, float] = {"polarity": 0.9, "quote": 0.9, "framing": 0.7}

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


def _antonymous(x: str, y: str) -> bool:
    x, y = x.lower().replace("’", "'"), y.lower().replace("’", "'")
    return any((x in fa and y in fb) or (x in fb and y in fa) for fa, fb in _ANTONYM_FORMS)


def _substitutions(x: str, y: str) -> tuple[float, list[tuple[str, str]]]:
    wx, wy = _words(x), _words(y)
    sm = difflib.SequenceMatcher(a=wx, b=wy, autojunk=False)
    subs = [(" ".join(wx[i1:i2]), " ".join(wy[j1:j2])) for op, i1, i2, j1, j2 in sm.get_opcodes() if op == "replace"]
    return sm.ratio(), subs


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
            i = next((k for k, w in enumerate(words) if w in NEGATION_WORDS or w.endswith("n't")), None)
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
                flips = _antonymous(x, y) or numeric or ({x, y} & NEGATION_WORDS != set())
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
