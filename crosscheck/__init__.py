"""crosscheck: cross-check news claims across sources.

Common use::

    from crosscheck import check, load_documents
    from crosscheck.report import render
    report = check(load_documents(["seeds/"]).documents)
    print(render(report, "md"))

A desk's running corpus (``crosscheck.store``)::

    from crosscheck import Store
    with Store("crosscheck-store", create=True) as store:
        store.add(load_documents(["today/"]).documents)
        hits = store.query("China will invest $400 billion in Iran", top=10)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Checker", "Config", "Document", "Report", "Store", "check", "load_documents", "make_document"]

if TYPE_CHECKING:
    from crosscheck.config import Config
    from crosscheck.ingest import load_documents, make_document
    from crosscheck.pipeline import Checker, check
    from crosscheck.types import Document, Report

_LAZY = {
    "Checker": "crosscheck.pipeline",
    "check": "crosscheck.pipeline",
    "Config": "crosscheck.config",
    "load_documents": "crosscheck.ingest",
    "make_document": "crosscheck.ingest",
    "Document": "crosscheck.types",
    "Report": "crosscheck.types",
    "Store": "crosscheck.store",
}


def __getattr__(name: str) -> Any:
    # Lazy, so that `import crosscheck` and `crosscheck --help` stay fast.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'crosscheck' has no attribute {name!r}")
