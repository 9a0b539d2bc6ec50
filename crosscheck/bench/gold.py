"""The gold folder (schema: ``../shared/eval/README.md``) as typed rows: documents, events, claims, pairs, synthetic conflicts."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass



GOLD_FILES: tuple[str, ...] = ("documents.jsonl", "events.jsonl", "claims.jsonl", "pairs.jsonl", "synthetic_conflicts.jsonl")
GOLD_LABELS: tuple[str, ...] = ("agree", "conflict", "related", "unrelated")
SCORED_LABELS: tuple[str, ...] = ("agree", "conflict", "related")


@dataclass(frozen=True)
class GoldDocument:
    doc_id: str
    file: str
    outlet: str | None
    date: str | None
    date_basis: str | None
    start_line: int | None
    end_line: int | None


@dataclass(frozen=True)
class GoldClaim:
    claim_id: str
    doc_id: str
    text: str
    event_id: str | None
    file: str
    line: int | None = None
    secondary_event_ids: tuple[str, ...] = ()
    listed: bool = True  # False for a source claim rebuilt from a synthetic row


@dataclass(frozen=True)
class GoldPair:
    a: str
    b: str
    label: str
    hard: bool = False


@dataclass(frozen=True)
class SyntheticConflict:
    claim_id: str
    source_claim_id: str
    doc_id: str
    text: str
    perturbation: str


@dataclass(frozen=True)
class GoldSet:
    """The rows of one gold folder."""

    folder: Path
    documents: tuple[GoldDocument, ...]
    events: Mapping[str, str]
    claims: tuple[GoldClaim, ...]
    pairs: tuple[GoldPair, ...]
    synthetic: tuple[SyntheticConflict, ...] = ()

    @property
    def files(self) -> list[str]:
        """The corpus files the gold documents name, in first-mention order."""
        return list(dict.fromkeys(d.file for d in self.documents))

    def claim(self, claim_id: str) -> GoldClaim:
        for c in self.claims:
            if c.claim_id == claim_id:
                return c
        raise KeyError(f"no gold claim {claim_id!r} in {self.folder}")


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg}); each line must be one JSON object") from exc
        if not isinstance(row, dict):
            raise ValueError(f"{path}:{number}: expected a JSON object, got {type(row).__name__}")
        rows.append(row)
    return rows


def _need(row: Mapping[str, object], key: str, path: Path) -> object:
    if key not in row:
        raise ValueError(f"{path}: a row lacks the field {key!r} (row: {dict(row)}); see ../shared/eval/README.md")
    return row[key]


def load_gold(folder: str | Path) -> GoldSet:
    """Read a gold folder.

    ``synthetic_conflicts.jsonl`` may be absent (no synthetic scores then); the other four
    files are required. A synthetic row whose source claim is not in ``claims.jsonl`` gets
    the source text back by undoing its change (``changed_to`` -> ``changed_from``).

    Raises:
        FileNotFoundError: if the folder or a required file is missing.
        ValueError: if a row is not JSON or lacks a field, or a pair names an unknown claim.
    """
    root = Path(folder)
    if not root.is_dir():
        raise FileNotFoundError(f"gold folder {str(root)!r} does not exist; pass a folder holding {', '.join(GOLD_FILES)}")
    for name in GOLD_FILES[:4]:
        if not (root / name).is_file():
            raise FileNotFoundError(f"gold folder {str(root)!r} lacks {name}; see ../shared/eval/README.md for the schema")
    p = root / "documents.jsonl"
    documents = tuple(
        GoldDocument(
            doc_id=str(_need(r, "doc_id", p)),
            file=str(_need(r, "file", p)),
            outlet=r.get("outlet"),  # type: ignore[arg-type]
            date=r.get("date"),  # type: ignore[arg-type]
            date_basis=r.get("date_basis"),  # type: ignore[arg-type]
            start_line=r.get("start_line"),  # type: ignore[arg-type]
            end_line=r.get("end_line"),  # type: ignore[arg-type]
        )
        for r in _read_jsonl(p)
    )
    p = root / "events.jsonl"
    events = {str(_need(r, "event_id", p)): str(r.get("description", "")) for r in _read_jsonl(p)}
    p = root / "claims.jsonl"
    file_of_doc = {d.doc_id: d.file for d in documents}
    claims = []
    for r in _read_jsonl(p):
        doc_id = str(_need(r, "doc_id", p))
        claims.append(
            GoldClaim(
                claim_id=str(_need(r, "claim_id", p)),
                doc_id=doc_id,
                text=str(_need(r, "text", p)),
                event_id=r.get("event_id"),  # type: ignore[arg-type]
                file=str(r.get("file") or file_of_doc.get(doc_id, "")),
                line=r.get("line"),  # type: ignore[arg-type]
                secondary_event_ids=tuple(r.get("secondary_event_ids") or ()),  # type: ignore[arg-type]
            )
        )
    by_id = {c.claim_id: c for c in claims}
    p = root / "pairs.jsonl"
    pairs = []
    for r in _read_jsonl(p):
        a, b, label = str(_need(r, "a", p)), str(_need(r, "b", p)), str(_need(r, "label", p))
        if label not in GOLD_LABELS:
            raise ValueError(f"{p}: pair {a}/{b} has label {label!r}; use one of {list(GOLD_LABELS)}")
        for cid in (a, b):
            if cid not in by_id:
                raise ValueError(f"{p}: pair {a}/{b} names claim {cid!r}, which is not in claims.jsonl")
        pairs.append(GoldPair(a=a, b=b, label=label, hard=bool(r.get("hard", False))))
    synthetic: list[SyntheticConflict] = []
    p = root / "synthetic_conflicts.jsonl"
    if p.is_file():
        for r in _read_jsonl(p):
            source_id = str(_need(r, "source_claim_id", p))
            text = str(_need(r, "text", p))
            doc_id = str(r.get("doc_id") or "")
            if source_id not in by_id:
                # The source sentence is the perturbed one with its change undone.
                changed_from, changed_to = r.get("changed_from"), r.get("changed_to")
                if not (isinstance(changed_from, str) and isinstance(changed_to, str) and changed_to in text and doc_id):
                    raise ValueError(f"{p}: synthetic {r.get('claim_id')!r} names source {source_id!r}, not in claims.jsonl")
                source_text = text.replace(changed_to, changed_from, 1)
                claims.append(
                    GoldClaim(source_id, doc_id, source_text, r.get("event_id"), file_of_doc.get(doc_id, ""), listed=False)  # type: ignore[arg-type]
                )
                by_id[source_id] = claims[-1]
            synthetic.append(
                SyntheticConflict(
                    claim_id=str(_need(r, "claim_id", p)),
                    source_claim_id=source_id,
                    doc_id=doc_id or by_id[source_id].doc_id,
                    text=text,
                    perturbation=str(r.get("perturbation") or "unknown"),
                )
            )
    return GoldSet(root, documents, events, tuple(claims), tuple(pairs), tuple(synthetic))
