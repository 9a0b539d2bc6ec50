"""Synthetic NLI pairs from news sentences: one checkable detail changed, or nothing.

Contradictions change exactly one detail a fact-checker can check: a number or amount, a
count word, a year, a month, a weekday, a place, a person or organisation (swapped in from
another sentence of the corpus), or a negation (inserted or removed). Entailments are the
unchanged sentence or a lightly reduced one (a dropped clause, a dropped attribution).
Neutrals are the reverse of a reduction (the hypothesis adds a detail the premise lacks)
or another sentence of the same article. To keep length from being a shortcut, the
changes are also applied to reduced sentences, and some premises carry the next sentence
of the article as extra context.

The rules are plain regular expressions so they work on any English news sentence; BBC
(2004-05) sentences are used for training and Reuters-21578 (1987) for evaluation only.

    python models/synthetic_pairs.py --source reuters --n 2000 --out /tmp/reuters_pairs.jsonl
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import news_paraphrases

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
COUNT_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
               "fifteen", "twenty", "thirty", "forty", "fifty", "hundreds", "thousands", "dozens"]
COUNTRIES = [
    "Afghanistan", "Argentina", "Australia", "Austria", "Belgium", "Brazil", "Britain", "Canada", "Chile", "China",
    "Colombia", "Denmark", "Egypt", "England", "Finland", "France", "Germany", "Greece", "India", "Indonesia", "Iran",
    "Iraq", "Ireland", "Israel", "Italy", "Japan", "Kenya", "Kuwait", "Malaysia", "Mexico", "Netherlands",
    "New Zealand", "Nigeria", "Norway", "Pakistan", "Peru", "Poland", "Portugal", "Russia", "Saudi Arabia",
    "Scotland", "South Africa", "South Korea", "Spain", "Sweden", "Switzerland", "Syria", "Taiwan", "Thailand",
    "Turkey", "Ukraine", "Venezuela", "Vietnam", "Wales", "Zimbabwe", "the US", "the UK", "the United States",
]
CITIES = [
    "London", "Paris", "Berlin", "Madrid", "Rome", "Moscow", "Tokyo", "Beijing", "Shanghai", "Hong Kong",
    "New York", "Washington", "Chicago", "Los Angeles", "Sydney", "Toronto", "Dublin", "Edinburgh", "Glasgow",
    "Cardiff", "Belfast", "Manchester", "Liverpool", "Birmingham", "Leeds", "Brussels", "Geneva", "Frankfurt",
    "Amsterdam", "Stockholm", "Singapore", "Mumbai", "Delhi", "Cairo", "Baghdad", "Tehran", "Jerusalem",
    "Houston", "Dallas", "Boston", "San Francisco", "Ottawa", "Vienna", "Milan", "Athens", "Lisbon", "Seoul",
]
NATIONALITIES = [
    "American", "British", "French", "German", "Italian", "Spanish", "Russian", "Chinese", "Japanese", "Indian",
    "Canadian", "Australian", "Irish", "Scottish", "Welsh", "English", "Dutch", "Swedish", "Norwegian", "Danish",
    "Brazilian", "Mexican", "Argentine", "Korean", "Iranian", "Iraqi", "Israeli", "Egyptian", "Turkish", "Polish",
    "Greek", "Portuguese", "Swiss", "Belgian", "Austrian", "Kenyan", "Nigerian", "South African", "Saudi",
]
AUXILIARIES = ["is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "should",
               "may", "might", "must", "does", "do", "did"]
CONTRACTIONS = {"isn't": "is", "aren't": "are", "wasn't": "was", "weren't": "were", "hasn't": "has",
                "haven't": "have", "hadn't": "had", "won't": "will", "wouldn't": "would", "can't": "can",
                "couldn't": "could", "shouldn't": "should", "doesn't": "does", "don't": "do", "didn't": "did"}
ATTRIBUTION_VERBS = r"(?:said|says|added|told [A-Z][\w ]{0,40}?|announced|reported|confirmed|claimed|warned|stated)"
CLAUSE_STARTS = r"(?:which|who|whose|while|although|though|but|as|after|before|because|since|despite|including|with)"

_WORD = re.compile(r"[A-Za-z]+")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w,]*\d)")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
_NAME = re.compile(r"(?<=[a-z,] )((?:[A-Z][a-z]+|[A-Z]{2,5})(?: (?:[A-Z][a-z]+|[A-Z]{2,5})){0,2})\b")
_TITLE_NAME = re.compile(r"\b(Mr|Mrs|Ms|Dr|President|Prime Minister|Chancellor) ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")


@dataclass(frozen=True)
class SyntheticPair:
    """One generated pair; ``kind`` names the rule that made it (e.g. ``number``)."""

    premise: str
    hypothesis: str
    label: str
    kind: str
    doc: str


# --------------------------------------------------------------------------- reading news


def split_sentences(text: str) -> list[str]:
    """Split news text into sentences (a simple rule, good enough for pair generation)."""
    text = re.sub(r"\s+", " ", text).strip()
    parts = re.split(r'(?:(?<=[.!?])|(?<=[.!?]["\']))\s+(?=["\']?[A-Z0-9])', text)
    out: list[str] = []
    for part in parts:
        # Re-join splits after common abbreviations ("Mr. Smith", "U.S. officials").
        if out and re.search(r"\b(?:Mr|Mrs|Ms|Dr|St|Inc|Corp|Co|Ltd|U\.S|U\.K|No|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.$", out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def usable(sentence: str) -> bool:
    """A declarative sentence of a reasonable length, mostly lower case, no open quote."""
    words = sentence.split()
    if not 7 <= len(words) <= 55 or not sentence.endswith("."):
        return False
    letters = [c for c in sentence if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) > 0.3:
        return False
    return sentence.count('"') % 2 == 0 and "?" not in sentence


def load_bbc_sentences(root: Path) -> list[list[str]]:
    """Articles (lists of usable sentences) from the BBC folder; the title line is skipped."""
    docs: list[list[str]] = []
    for path in sorted(root.rglob("*.txt")):
        if path.name.upper() == "README.TXT":
            continue
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        body = text.split("\n", 1)[1] if "\n" in text else text
        sents = [s for s in split_sentences(body) if usable(s)]
        if sents:
            docs.append(sents)
    return docs


def load_reuters_sentences(root: Path) -> list[list[str]]:
    """Articles (lists of usable sentences) from the Reuters-21578 SGML files."""
    docs: list[list[str]] = []
    for path in sorted(root.glob("reut2-*.sgm")):
        text = path.read_text(encoding="latin-1")
        for body in re.findall(r"<BODY>(.*?)</BODY>", text, flags=re.S):
            body = html.unescape(body).replace("\x03", " ")
            body = re.sub(r"\s*Reuter\s*$", "", body.strip())
            sents = [s for s in split_sentences(body) if usable(s)]
            if sents:
                docs.append(sents)
    return docs


# --------------------------------------------------------------------------- rules


def _fmt_like(value: float, template: str) -> str:
    decimals = len(template.split(".")[1]) if "." in template else 0
    text = f"{value:,.{decimals}f}" if "," in template else f"{value:.{decimals}f}"
    return text


def change_number(s: str, rng: random.Random) -> str | None:
    """Change one figure (not a year) to a clearly different value, keeping its format."""
    spans = [m for m in _NUMBER.finditer(s) if not _YEAR.fullmatch(m.group(0))]
    if not spans:
        return None
    m = rng.choice(spans)
    tok = m.group(0)
    value = float(tok.replace(",", ""))
    if value == 0:
        new = rng.choice([1, 2, 5, 10])
    elif value < 20 and "." not in tok:
        new = rng.choice([v for v in range(1, 31) if v != value and abs(v - value) >= 1])
    else:
        new = value * rng.choice([0.4, 0.5, 0.6, 0.75, 1.3, 1.5, 2.0, 3.0])
    text = _fmt_like(new, tok)
    if text == tok or float(text.replace(",", "")) == value:
        return None
    return s[: m.start()] + text + s[m.end() :]


def change_year(s: str, rng: random.Random) -> str | None:
    spans = list(_YEAR.finditer(s))
    if not spans:
        return None
    m = rng.choice(spans)
    new = int(m.group(0)) + rng.choice([-3, -2, -1, 1, 2, 3])
    return s[: m.start()] + str(new) + s[m.end() :]


def _swap_word(s: str, words: list[str], rng: random.Random, *, ci: bool = False) -> str | None:
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I if ci else 0)
    spans = list(pattern.finditer(s))
    if not spans:
        return None
    m = rng.choice(spans)
    old = m.group(0)
    choices = [w for w in words if w.lower() != old.lower()]
    new = rng.choice(choices)
    if ci and old[0].isupper():
        new = new[0].upper() + new[1:]
    return s[: m.start()] + new + s[m.end() :]


def change_weekday(s: str, rng: random.Random) -> str | None:
    return _swap_word(s, WEEKDAYS, rng)


def change_month(s: str, rng: random.Random) -> str | None:
    # "May" is also a verb: only a month when a day number or year is next to it.
    safe = [m for m in MONTHS if m != "May"]
    out = _swap_word(s, safe, rng)
    if out is None and re.search(r"\b(?:May \d|\d+ May|in May)\b", s):
        out = re.sub(r"\bMay\b", rng.choice(safe), s, count=1)
    return out


def change_count(s: str, rng: random.Random) -> str | None:
    return _swap_word(s, COUNT_WORDS, rng, ci=True)


def change_place(s: str, rng: random.Random) -> str | None:
    for pool in (COUNTRIES, CITIES, NATIONALITIES):
        out = _swap_word(s, pool, rng) if re.search(r"\b(" + "|".join(map(re.escape, pool)) + r")\b", s) else None
        if out:
            return out
    return None


def toggle_negation(s: str, rng: random.Random) -> str | None:
    """Remove a negation if there is one, else insert ``not`` after the first auxiliary."""
    for contracted, plain in CONTRACTIONS.items():
        m = re.search(r"\b" + re.escape(contracted) + r"\b", s, flags=re.I)
        if m:
            return s[: m.start()] + plain + s[m.end() :]
    m = re.search(r"\b(" + "|".join(AUXILIARIES) + r") (not|never) ", s)
    if m:
        return s[: m.start()] + m.group(1) + " " + s[m.end() :]
    m = re.search(r"\b(" + "|".join(AUXILIARIES) + r") (?!not\b|to\b|a\b|an\b|the\b)([a-z]+)", s)
    if m:
        return s[: m.start()] + m.group(1) + " not " + m.group(2) + s[m.end() :]
    return None


class EntityPool:
    """Capitalised names seen in the corpus, for swapping one name for another."""

    def __init__(self, docs: list[list[str]]) -> None:
        people: Counter[str] = Counter()
        names: Counter[str] = Counter()
        for doc in docs:
            for s in doc:
                for m in _TITLE_NAME.finditer(s):
                    people[m.group(2)] += 1
                for m in _NAME.finditer(s):
                    if m.group(1).split()[0] not in WEEKDAYS + MONTHS:
                        names[m.group(1)] += 1
        known = set(COUNTRIES + CITIES + NATIONALITIES + WEEKDAYS + MONTHS)
        self.people = sorted(n for n, c in people.items() if c >= 2)
        # Single capitalised words are often not names ("Kids", "Love"): keep only frequent
        # ones and acronyms; multi-word names are reliable enough at a lower count.
        self.names = {
            k: sorted(
                n for n, c in names.items()
                if n not in known and len(n.split()) == k and (c >= 3 if k > 1 else (c >= 15 or n.isupper()))
            )
            for k in (1, 2, 3)
        }

    def swap(self, s: str, rng: random.Random) -> str | None:
        titled = list(_TITLE_NAME.finditer(s))
        if titled and self.people:
            m = rng.choice(titled)
            new = rng.choice(self.people)
            if new != m.group(2):
                return s[: m.start(2)] + new + s[m.end(2) :]
        spans = [m for m in _NAME.finditer(s) if m.group(1).split()[0] not in WEEKDAYS + MONTHS]
        spans = [m for m in spans if self.names.get(len(m.group(1).split()))]
        if not spans:
            return None
        m = rng.choice(spans)
        new = rng.choice(self.names[len(m.group(1).split())])
        if new == m.group(1) or new in s:
            return None
        return s[: m.start(1)] + new + s[m.end(1) :]


def drop_attribution(s: str) -> str | None:
    """``X rose, the minister said.`` -> ``X rose.``; ``Mr Y said (that) X rose.`` -> ``X rose.``"""
    m = re.match(r"^(.{25,}?),? (?:\w+ ){0,6}?" + ATTRIBUTION_VERBS + r"(?: \w+){0,8}\.$", s)
    if m and '"' not in m.group(1) and not re.search(ATTRIBUTION_VERBS, m.group(1)):
        return m.group(1).rstrip(",") + "."
    m = re.match(r"^According to [^,]{3,60}, (.{20,})$", s)
    if m:
        return m.group(1)[0].upper() + m.group(1)[1:]
    m = re.match(r"^(?:[A-Z][\w'.-]*(?: [A-Za-z][\w'.-]*){0,6}) (?:said|says|added|announced) (?:that |on \w+ that )?(.{25,})$", s)
    if m and '"' not in s:
        return m.group(1)[0].upper() + m.group(1)[1:]
    return None


def drop_clause(s: str, rng: random.Random) -> str | None:
    """Drop a comma-delimited clause (relative, concessive, temporal) or a leading phrase."""
    options: list[str] = []
    for m in re.finditer(r", " + CLAUSE_STARTS + r" [^,]{4,120}?,", s):
        options.append(s[: m.start()] + s[m.end() - 1 :])
    m = re.search(r", " + CLAUSE_STARTS + r" [^,\"]{4,}\.$", s)
    if m and m.start() > 25:
        options.append(s[: m.start()] + ".")
    m = re.match(r"^(?:On|In|At|Last|Earlier|Meanwhile|However|But|And|Also|This|Since)\b[^,]{0,40}, (.{25,})$", s)
    if m:
        options.append(m.group(1)[0].upper() + m.group(1)[1:])
    options = [o.replace(" ,", ",") for o in options if len(o.split()) >= 5 and o != s]
    return rng.choice(options) if options else None


CONTRADICTION_RULES = {
    "number": change_number,
    "year": change_year,
    "count": change_count,
    "weekday": change_weekday,
    "month": change_month,
    "place": change_place,
    "negation": toggle_negation,
}


# --------------------------------------------------------------------------- generation


def make_pairs(docs: list[list[str]], *, n_pairs: int, seed: int,
               label_share: tuple[float, float, float] = (0.36, 0.16, 0.48),
               context_share: float = 0.25, paraphrase_share: float = 0.0) -> list[SyntheticPair]:
    """Generate about ``n_pairs`` pairs (entailment, neutral, contradiction in ``label_share``).

    Contradiction kinds are drawn round-robin so rare rules (weekday, month) are not
    swamped by numbers. With ``paraphrase_share`` > 0, that share of the sentences is also
    tried with the rewrites of ``news_paraphrases`` (one fact written two ways: not a
    contradiction), and half of those rewrites get one checkable detail changed on top (a
    contradiction), so a format change is no shortcut either way. Deterministic for a
    given ``docs`` and ``seed``; 0 (the default) gives the pairs of earlier versions.
    """
    rng = random.Random(seed)
    pool = EntityPool(docs)
    rules = dict(CONTRADICTION_RULES)
    rules["entity"] = pool.swap
    flat = [(d, i) for d, doc in enumerate(docs) for i in range(len(doc))]
    rng.shuffle(flat)
    want = {lab: int(round(n_pairs * share)) for lab, share in zip(("entailment", "neutral", "contradiction"), label_share)}
    got: Counter[str] = Counter()
    # Relative frequency wanted per contradiction kind; each sentence gets the applicable
    # kind that is furthest behind its share, so rare kinds are not swamped.
    kind_weight = {"number": 3.0, "year": 1.0, "count": 1.0, "weekday": 1.0, "month": 1.0, "place": 1.5,
                   "entity": 2.0, "negation": 2.0}
    kind_got: Counter[str] = Counter()
    out: list[SyntheticPair] = []
    seen: set[tuple[str, str]] = set()

    def add(p: str, h: str, label: str, kind: str, doc: int) -> None:
        if (p, h) in seen or got[label] >= want[label]:
            return
        seen.add((p, h))
        got[label] += 1
        out.append(SyntheticPair(p, h, label, kind, f"{doc}"))

    para_got: Counter[str] = Counter()

    def add_paraphrase(premise: str, s: str, d: int) -> None:
        kinds = sorted(news_paraphrases.PARAPHRASE_RULES, key=lambda k: (para_got[k], rng.random()))
        for kind in kinds:
            rule, forward, reverse = news_paraphrases.PARAPHRASE_RULES[kind]
            h = rule(s, rng)
            if not h or h == s:
                continue
            para_got[kind] += 1
            if rng.random() < 0.5:
                add(premise, h, forward, f"para-{kind}", d)
            else:
                add(h, s, reverse, f"para-{kind}", d)
            # The same rewrite with one more detail changed is still a contradiction; a
            # date rewrite gets no date or figure change (a calendar the model lacks).
            allowed = ("entity", "place", "negation") if kind.startswith("date") else tuple(rules)
            if rng.random() < 0.5:
                for ckind in sorted(allowed, key=lambda k: rng.random()):
                    c = rules[ckind](h, rng)
                    if c and c != h:
                        add(s, c, "contradiction", f"para-{kind}+{ckind}", d)
                        break
            return

    for d, i in flat:
        if sum(got.values()) >= sum(want.values()):
            break
        s = docs[d][i]
        if paraphrase_share and rng.random() < paraphrase_share:
            add_paraphrase(s, s, d)
        # Premise: the sentence, sometimes with the next one as extra context.
        premise = s
        if rng.random() < context_share and i + 1 < len(docs[d]):
            premise = f"{s} {docs[d][i + 1]}"
        reduced = drop_attribution(s) or drop_clause(s, rng)
        base = reduced if reduced and rng.random() < 0.4 else s
        # Contradiction: one detail changed, trying kinds in turn from the next one due.
        if got["contradiction"] < want["contradiction"]:
            for kind in sorted(rules, key=lambda k: (kind_got[k] / kind_weight[k], rng.random())):
                h = rules[kind](base, rng)
                if h and h != base:
                    add(premise, h, "contradiction", kind, d)
                    kind_got[kind] += 1
                    break
        r = rng.random()
        if reduced and r < 0.8:
            add(premise, reduced, "entailment", "reduced", d)
            # Dropping a discourse marker ("However, ...") removes no information.
            if rng.random() < 0.5 and not re.match(r"^(?:However|But|And|Also|Meanwhile),? ", s):
                # The reverse: the hypothesis adds a detail the premise does not state.
                add(reduced, s, "neutral", "added-detail", d)
        elif rng.random() < 0.35:
            # Copies are easy; a few keep the model from calling identical text neutral.
            add(premise, s, "entailment", "unchanged", d)
        elif len(docs[d]) > 2:
            j = rng.choice([x for x in range(len(docs[d])) if x != i])
            add(s, docs[d][j], "neutral", "same-article", d)
    rng.shuffle(out)
    return out


COLORS = ["red", "blue", "green", "yellow", "black", "white", "orange", "purple", "pink", "brown", "grey"]
SMALL_COUNTS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_PLURALS = {"man": "men", "woman": "women", "boy": "boys", "girl": "girls", "person": "people", "child": "children",
            "kid": "kids", "lady": "ladies", "player": "players", "chef": "chefs", "guy": "guys",
            "musician": "musicians", "dancer": "dancers", "rider": "riders"}
_PERSON = re.compile(r"^(A|An|The) (man|woman|boy|girl|person|child|kid|lady|player|chef|guy|musician|dancer|rider)\b")


def _with_article(word: str) -> str:
    return ("An " if word[0] in "AEIOU" else "A ") + word


def make_caption_pairs(sentences: list[str], *, n_pairs: int, seed: int) -> list[SyntheticPair]:
    """Pairs from short descriptive sentences ("A man is playing a guitar").

    Swaps a count word or a colour, toggles a negation, and adds a nationality to the
    person or a country to the scene: a different one in the hypothesis is a
    contradiction, dropping it is an entailment, adding it is neutral. Deterministic for
    a given ``sentences`` and ``seed``; ``doc`` is the sentence's index.
    """
    rng = random.Random(seed)
    uniq = sorted({s.strip() for s in sentences if 3 <= len(s.split()) <= 30})
    rng.shuffle(uniq)
    out: list[SyntheticPair] = []
    for i, s in enumerate(uniq):
        if len(out) >= n_pairs:
            break
        s = s.rstrip(".")
        options = []
        if (h := _swap_word(s, SMALL_COUNTS, rng, ci=True)) is not None:
            options.append((s, h, "contradiction", "caption-count"))
        if (h := _swap_word(s, COLORS, rng)) is not None:
            options.append((s, h, "contradiction", "caption-colour"))
        # SICK already has many negations: make them a small share here.
        if rng.random() < 0.2 and (h := toggle_negation(s, rng)) is not None:
            options.append((s, h, "contradiction", "caption-negation"))
        m = _PERSON.match(s)
        if m and m.group(1) != "The" and re.match(r" is\b", s[m.end() :]):
            # "A man is ..." -> "Three men are ..." vs "Five men are ...".
            a, b = rng.sample(SMALL_COUNTS, 2)
            rest = _PLURALS[m.group(2)] + " are" + s[m.end() + 3 :]
            options.append((f"{a.capitalize()} {rest}", f"{b.capitalize()} {rest}", "contradiction", "caption-count"))
        if m:
            a, b = rng.sample(NATIONALITIES, 2)
            rest = s[m.end(1) + 1 :]
            with_a = f"{_with_article(a)} {rest}" if m.group(1) != "The" else f"The {a} {rest}"
            with_b = f"{_with_article(b)} {rest}" if m.group(1) != "The" else f"The {b} {rest}"
            r = rng.random()
            options.append((with_a, with_b, "contradiction", "caption-nationality") if r < 0.5 else
                           (with_a, s, "entailment", "caption-nationality-dropped") if r < 0.75 else
                           (s, with_a, "neutral", "caption-nationality-added"))
        if " in " not in s[-25:]:
            a, b = rng.sample([c for c in COUNTRIES if not c.startswith("the ")], 2)
            r = rng.random()
            options.append((f"{s} in {a}", f"{s} in {b}", "contradiction", "caption-country") if r < 0.5 else
                           (f"{s} in {a}", s, "entailment", "caption-country-dropped") if r < 0.75 else
                           (s, f"{s} in {a}", "neutral", "caption-country-added"))
        for p, h, label, kind in rng.sample(options, min(2, len(options))):
            out.append(SyntheticPair(p + ".", h + ".", label, kind, str(i)))
    return out[:n_pairs]


def main() -> None:
    ap = argparse.ArgumentParser(description="Write synthetic NLI pairs from BBC or Reuters sentences as JSONL.")
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "nli-data"))
    ap.add_argument("--source", choices=["bbc", "reuters"], default="bbc")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    news = Path(args.data) / "news"
    docs = (load_bbc_sentences(news / "bbc_2004_2005" / "bbc") if args.source == "bbc"
            else load_reuters_sentences(news / "reuters21578" / "reuters21578"))
    pairs = make_pairs(docs, n_pairs=args.n, seed=args.seed)
    with open(args.out, "w", encoding="utf-8") as fh:
        for p in pairs:
            fh.write(json.dumps(asdict(p), ensure_ascii=False) + "\n")
    kinds = Counter((p.label, p.kind) for p in pairs)
    for (label, kind), n in sorted(kinds.items()):
        print(f"{label:14s} {kind:14s} {n}")


if __name__ == "__main__":
    main()
