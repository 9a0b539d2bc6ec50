"""Story evidence: the participants, places and dates each document names, and document vectors."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from crosscheck.types import Claim, Document, Sentence

if TYPE_CHECKING:
    from crosscheck.protocols import Embedder

logger = logging.getLogger(__name__)

KINDS: tuple[str, ...] = ("participants", "places", "dates", "terms", "embedding")

# A named-entity recogniser: texts in, for each text the (surface text, spaCy label) of its entities.
Recogniser = Callable[[Sequence[str]], list[list[tuple[str, str]]]]

_PARTICIPANT_LABELS = frozenset({"PERSON", "ORG"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady president vice secretary minister prime premier chancellor "
    "senator sen rep gov governor mayor judge justice gen general col lt capt sgt officer chief king queen "
    "prince princess pope st jr sr".split()
)
_NON_WORD = re.compile(r"[^\w\s-]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class DocumentEvidence:
    """What one document names: feature keys (for comparison) and a display form for each."""

    participants: tuple[str, ...]
    places: tuple[str, ...]
    dates: tuple[str, ...]
    shown: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


# ----------------------------------------------------------------------------- evidence


@lru_cache(maxsize=1)
def _spacy_ner() -> Any:
    from crosscheck.claims.slots.parse import load_spacy

    nlp = load_spacy("stories")
    # Only the recogniser is needed, and in the small model it has its own token vectors.
    for name in list(nlp.pipe_names):
        if name != "ner":
            nlp.disable_pipe(name)
    return nlp


def spacy_entities(texts: Sequence[str]) -> list[list[tuple[str, str]]]:
    """The default :data:`Recogniser`: spaCy's ``en_core_web_sm`` entities of each text."""
    nlp = _spacy_ner()
    return [[(ent.text, ent.label_) for ent in doc.ents] for doc in nlp.pipe(texts, batch_size=32)]


def _key(text: str) -> str:
    t = re.sub(r"[’']s$", "", text.strip())
    t = _SPACES.sub(" ", _NON_WORD.sub("", t.lower())).strip()
    return t.removeprefix("the ")


def _person_tokens(text: str) -> list[str]:
    words = [w for w in _key(text).split() if len(w) > 1 and w not in _TITLES]
    return words


def _date_keys(doc: Document, text: str) -> list[tuple[str, str]]:
    from crosscheck.claims.slots.timex import find_times

    keys: list[tuple[str, str]] = []
    if doc.date is not None:
        keys += [(f"D:{doc.date.isoformat()}", doc.date.isoformat()), (f"M:{doc.date:%Y-%m}", f"{doc.date:%Y-%m}")]
    for t in find_times(text, doc.date):
        if t.kind == "duration":
            continue
        if t.date is not None and t.date == t.until:
            keys.append((f"D:{t.date.isoformat()}", t.date.isoformat()))
            keys.append((f"M:{t.date:%Y-%m}", f"{t.date:%Y-%m}"))
        elif t.year is not None and t.month is not None:
            keys.append((f"M:{t.year:04d}-{t.month:02d}", f"{t.year:04d}-{t.month:02d}"))
        elif t.year is not None:
            keys.append((f"Y:{t.year}", str(t.year)))
        elif t.month is not None:
            keys.append((f"m:{t.month}", t.text))
        if t.weekday is not None and t.date is None:
            keys.append((f"W:{t.weekday}", t.text.split()[-1]))
    return keys


def extract_evidence(
    documents: Sequence[Document], *, recogniser: Recogniser | None = None, max_chars: int = 10_000
) -> list[DocumentEvidence]:
    """Read the participants, places and dates each document names.

    Args:
        documents: the documents, in any order.
        recogniser: named-entity recogniser (default :func:`spacy_entities`).
        max_chars: only the first ``max_chars`` characters of the title and text are read; a
            news story states its happening at the top.

    Returns:
        One :class:`DocumentEvidence` per document, in input order.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be a positive number of characters, got {max_chars}")
    texts = [((d.title + "\n") if d.title and d.title not in d.text[:500] else "") + d.text for d in documents]
    texts = [t[:max_chars] for t in texts]
    entities = (recogniser or spacy_entities)(texts)
    out: list[DocumentEvidence] = []
    for doc, text, ents in zip(documents, texts, entities, strict=False):
        participants: list[str] = []
        places: list[str] = []
        shown: dict[str, str] = {}
        for surface, label in ents:
            if not any(ch.isupper() for ch in surface):
                continue
            if label == "PERSON":
                tokens = _person_tokens(surface)
                for token in tokens:
                    participants.append("P:" + token)
                    shown.setdefault("P:" + token, surface.strip())
            elif label in _PARTICIPANT_LABELS or label in _PLACE_LABELS:
                key = _key(surface)
                if not key:
                    continue
                key = ("O:" if label == "ORG" else "L:") + key
                (participants if label == "ORG" else places).append(key)
                shown.setdefault(key, surface.strip())
        dates: list[str] = []
        for key, display in _date_keys(doc, text):
            dates.append(key)
            shown.setdefault(key, display)
        out.append(DocumentEvidence(tuple(participants), tuple(places), tuple(dates), shown))
    return out


def document_vectors(documents: Sequence[Document], embedder: Embedder, *, lead_sentences: int = 5) -> np.ndarray:
    """Embed each document as the normalised mean of its title's and first sentences' vectors.

    Returns:
        float32 array of shape ``(len(documents), embedder.dimension)``, rows L2-normalised.
    """
    from crosscheck.claims.segment import split_sentences

    if lead_sentences < 1:
        raise ValueError(f"lead_sentences must be at least 1, got {lead_sentences}")
    texts: list[str] = []
    owners: list[int] = []
    for i, doc in enumerate(documents):
        lead = [s.text for s in split_sentences(doc)[:lead_sentences]]
        if doc.title and (not lead or doc.title not in lead[0]):
            lead = [doc.title] + lead
        for t in lead or [doc.text[:500] or " "]:
            texts.append(t)
            owners.append(i)
    vectors = embedder.encode(texts)
    out = np.zeros((len(documents), vectors.shape[1] if len(vectors) else embedder.dimension), dtype=np.float32)
    np.add.at(out, np.asarray(owners, dtype=np.int64), vectors)
    return normalise(out)


def normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.ascontiguousarray(x / np.where(norms == 0, 1.0, norms), dtype=np.float32)


def lead_vectors(documents: Sequence[Document], sentences: Sequence[Sentence], sentence_vectors: np.ndarray,
                 *, lead_sentences: int = 5) -> np.ndarray:
    """Each document's embedding from vectors already computed: the normalised mean of its first
    ``lead_sentences`` sentence vectors (row ``i`` of ``sentence_vectors`` is ``sentences[i]``).
    A document without sentences gets a zero row (it then meets no one on embeddings)."""
    row = {d.id: k for k, d in enumerate(documents)}
    dim = sentence_vectors.shape[1] if sentence_vectors.ndim == 2 else 0
    out = np.zeros((len(documents), dim), dtype=np.float32)
    for i, s in enumerate(sentences):
        if s.index < lead_sentences and s.doc_id in row:
            out[row[s.doc_id]] += sentence_vectors[i]
    return normalise(out)


_ACTOR_LABELS = {"person": "PERSON", "org": "ORG", "country": "GPE", "place": "GPE"}


def claim_entities(documents: Sequence[Document], claims: Sequence[Claim]) -> Recogniser:
    """A recogniser for :func:`extract_evidence` on ``documents`` that reads the names the slot
    stage already found in each document's claims (people, organisations, countries, places)
    instead of running spaCy over whole documents again: the pipeline's cheap source of
    participants and places. It answers by position, one list per document in order."""
    per_doc: dict[str, list[tuple[str, str]]] = {d.id: [] for d in documents}
    for claim in claims:
        per_doc.setdefault(claim.doc_id, []).extend(
            (a.span.text, label) for a in claim.actors if (label := _ACTOR_LABELS.get(a.kind)) is not None)
    ordered = [per_doc[d.id] for d in documents]

    def recognise(texts: Sequence[str]) -> list[list[tuple[str, str]]]:
        if len(texts) != len(ordered):
            raise ValueError(f"this recogniser reads the {len(ordered)} documents it was made for, got {len(texts)} texts")
        return ordered

    return recognise


