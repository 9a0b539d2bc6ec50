"""What can go wrong opening or writing a store, one exception class each (all ``StoreError``)."""

from __future__ import annotations


class StoreError(Exception):
    """A store cannot be opened or written; the message says why and what to do."""


class StoreNotFoundError(StoreError, FileNotFoundError):
    """No store at the given path."""


class StoreLockedError(StoreError):
    """Another process held the store's write lock for longer than the wait allowed."""


class StoreVersionError(StoreError):
    """The store was written by a newer crosscheck (schema or vector file format)."""


class StoreDamagedError(StoreError):
    """A store file is unreadable or does not match its checksum."""
