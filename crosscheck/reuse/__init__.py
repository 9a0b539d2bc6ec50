"""The reuse stage: which documents copy which (``find``), from sentence units (``units``) and
candidate pairs (``candidates``); ``copies`` answers which sentences and sources are copies."""

from __future__ import annotations

from crosscheck.reuse.copies import CopyIndex
from crosscheck.reuse.find import find_reuse

__all__ = ["CopyIndex", "find_reuse"]
