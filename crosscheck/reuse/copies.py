"""Using the reuse links: which documents and sentences are copies, and how many sources are independent."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from crosscheck.reuse.units import COPY_SHARE
from crosscheck.types import ReuseLink


@dataclass
class CopyIndex:
    """What the reuse links say about which documents and sentences are copies.

    Documents joined by links whose share is at least ``copy_share`` form one source (their
    origin); below that share, only the aligned sentences are copies of each other.
    """

    links: Sequence[ReuseLink]
    copy_share: float = COPY_SHARE
    _parent: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _pairs: dict[tuple[str, int], set[tuple[str, int]]] = field(default_factory=lambda: defaultdict(set), init=False, repr=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.copy_share <= 1.0:
            raise ValueError(f"copy_share must be between 0 and 1, got {self.copy_share!r}")
        for link in self.links:
            if link.share >= self.copy_share:
                self._union(link.a, link.b)
            for i, j in link.sentence_pairs:
                self._pairs[(link.a, i)].add((link.b, j))
                self._pairs[(link.b, j)].add((link.a, i))

    def _find(self, doc_id: str) -> str:
        root = doc_id
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        while doc_id != root:  # path compression
            self._parent[doc_id], doc_id = root, self._parent.get(doc_id, root)
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            # The smaller id becomes the root, so the result does not depend on link order.
            self._parent[max(ra, rb)] = min(ra, rb)

    def documents_copied(self, a: str, b: str) -> bool:
        """True when documents ``a`` and ``b`` are copies of one origin (directly or via others)."""
        return a == b or self._find(a) == self._find(b)

    def aligned_sentences(self) -> list[tuple[tuple[str, int], tuple[str, int]]]:
        """Every aligned sentence pair of the links, ``((doc, sentence index), (doc, sentence index))``, once, sorted."""
        return sorted({(min(x, y), max(x, y)) for x, partners in self._pairs.items() for y in partners})

    def sentences_copied(self, doc_a: str, index_a: int, doc_b: str, index_b: int) -> bool:
        """True when sentence ``index_a`` of ``doc_a`` and ``index_b`` of ``doc_b`` are not
        independent: an aligned copy of each other, or from documents that are copies."""
        if doc_a == doc_b:
            return index_a == index_b
        return (doc_b, index_b) in self._pairs.get((doc_a, index_a), ()) or self.documents_copied(doc_a, doc_b)

    def count_independent(self, doc_ids: Iterable[str], sentences: Iterable[tuple[str, int]] | None = None) -> int:
        """Count the independent sources among ``doc_ids``.

        Copies are collapsed onto their origin. If ``sentences`` (``(doc_id, sentence
        index)`` of the claims that support one side) is given, a document also stops
        counting when every sentence it contributes is a copy of a sentence of another
        counted source: partial reuse is handled at the sentence level.
        """
        docs = sorted(set(doc_ids))
        groups = {d: self._find(d) for d in docs}
        if sentences is None:
            return len(set(groups.values()))
        contributed: dict[str, set[tuple[str, int]]] = defaultdict(set)
        for doc_id, index in sentences:
            if doc_id in groups:
                contributed[groups[doc_id]].add((doc_id, index))
        parent = {g: g for g in groups.values()}

        def root(g: str) -> str:
            while parent[g] != g:
                g = parent[g]
            return g

        for group in sorted(parent):
            units = contributed.get(group)
            if not units:
                continue
            origins: set[str] = set()
            for unit in units:
                copied_from = {root(groups[o[0]]) for o in self._pairs.get(unit, ()) if o[0] in groups}
                copied_from.discard(root(group))
                if not copied_from:
                    break
                origins |= copied_from
            else:
                parent[root(group)] = min(origins)
        return len({root(g) for g in parent})
