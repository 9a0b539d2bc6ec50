"""Backends by name: the registry of embedders, NLI models and vector indexes, and the fakes for tests.

The interfaces themselves are in ``crosscheck.protocols`` (the stages depend on those); this
package sits above the stages because it builds their models.
"""

from __future__ import annotations

from crosscheck.backends.registry import (
    get_embedder,
    get_nli_model,
    new_index,
    register_embedder,
    register_index,
    register_nli_model,
)
from crosscheck.protocols import Embedder, NLIModel, VectorIndex

__all__ = [
    "Embedder",
    "NLIModel",
    "VectorIndex",
    "get_embedder",
    "get_nli_model",
    "new_index",
    "register_embedder",
    "register_index",
    "register_nli_model",
]
