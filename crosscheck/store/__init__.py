"""The store: a desk's running corpus on disk (``store``), its SQLite schema (``schema``), the
caches that make a re-check cost only what is new (``cache``), the claim vector file (``vectors``)
and the ``crosscheck store`` commands (``cli``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crosscheck.store.errors import (
    StoreDamagedError,
    StoreError,
    StoreLockedError,
    StoreNotFoundError,
    StoreVersionError,
)

if TYPE_CHECKING:
    from crosscheck.store.store import DEFAULT_PATH, AddResult, QueryHit, Store

__all__ = [
    "DEFAULT_PATH",
    "AddResult",
    "QueryHit",
    "Store",
    "StoreDamagedError",
    "StoreError",
    "StoreLockedError",
    "StoreNotFoundError",
    "StoreVersionError",
]


def __getattr__(name: str) -> Any:
    # Lazy, so that `crosscheck --help` (which imports the store's commands) stays fast.
    if name in ("DEFAULT_PATH", "AddResult", "QueryHit", "Store"):
        from crosscheck.store import store

        return getattr(store, name)
    raise AttributeError(f"module 'crosscheck.store' has no attribute {name!r}")
