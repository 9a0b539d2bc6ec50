"""The backend registry so a user can plug in another by name.

Built-in names:

- embedders: ``minilm`` (packaged all-MiniLM-L6-v2 in the fastest path for this CPU, see
  ``crosscheck.precision.AUTO_PATHS``; ``minilm-fp32``, ``minilm-bf16``, ``minilm-onnx-fp32`` and
  ``minilm-onnx-int8`` pin the path), ``fake`` (hashing, for tests)
- NLI models: ``crosscheck-nli`` (the model shipped in ``models/``, in the fastest path for this
  CPU; ``crosscheck-nli-fp32``, ``crosscheck-nli-bf16``, ``crosscheck-nli-int8`` (torch),
  ``crosscheck-nli-onnx-fp32`` and ``crosscheck-nli-onnx-int8`` (ONNX Runtime) pin the path),
  ``fake`` (rules, for tests);
  any folder holding a Hugging Face sequence-classification model also works as a name.
- vector indexes: ``faiss-flat``, ``faiss-hnsw``, ``numpy`` (exact, no dependency)

Factories are called lazily, so naming a backend loads nothing until it is first used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from crosscheck.protocols import Embedder, NLIModel, VectorIndex

EmbedderFactory = Callable[[], Embedder]
NLIFactory = Callable[[], NLIModel]
IndexFactory = Callable[[int], VectorIndex]

# The built-in names, known without importing their modules (``crosscheck --help`` lists them,
# and the CLI rejects an unknown name before it reads any input); ``_register_builtins`` fills them in.
BUILTIN_EMBEDDERS: tuple[str, ...] = ("minilm", "minilm-fp32", "minilm-bf16", "minilm-onnx-fp32", "minilm-onnx-int8", "fake")
BUILTIN_NLI_MODELS: tuple[str, ...] = (
    "crosscheck-nli", "crosscheck-nli-fp32", "crosscheck-nli-bf16", "crosscheck-nli-int8",
    "crosscheck-nli-onnx-fp32", "crosscheck-nli-onnx-int8", "fake",
)

_EMBEDDERS: dict[str, EmbedderFactory] = {}
_NLI_MODELS: dict[str, NLIFactory] = {}
_INDEXES: dict[str, IndexFactory] = {}


def register_embedder(name: str, factory: EmbedderFactory) -> None:
    """Make ``factory`` available as embedder ``name`` (replacing any earlier one)."""
    _EMBEDDERS[name] = factory


def register_nli_model(name: str, factory: NLIFactory) -> None:
    """Make ``factory`` available as NLI model ``name`` (replacing any earlier one)."""
    _NLI_MODELS[name] = factory


def register_index(name: str, factory: IndexFactory) -> None:
    """Make ``factory(dimension)`` available as vector index ``name``."""
    _INDEXES[name] = factory


def embedder_names() -> list[str]:
    """The embedder names ``get_embedder`` accepts: the built-in ones, then any registered since."""
    return [*BUILTIN_EMBEDDERS, *(n for n in _EMBEDDERS if n not in BUILTIN_EMBEDDERS)]


def nli_model_names() -> list[str]:
    """The registered NLI model names (built-in first); ``get_nli_model`` also takes a model folder."""
    return [*BUILTIN_NLI_MODELS, *(n for n in _NLI_MODELS if n not in BUILTIN_NLI_MODELS)]


def check_backend_names(*, embedder: str | None = None, nli_model: str | None = None) -> None:
    """Raise before any model loads if a backend name is unknown; imports nothing.

    Raises:
        ValueError: naming the argument, the bad value and the valid names.
    """
    if embedder is not None and embedder not in embedder_names():
        raise ValueError(f"unknown embedder {embedder!r}; choose one of {', '.join(embedder_names())}")
    if nli_model is not None and nli_model not in nli_model_names() and not Path(nli_model).is_dir():
        raise ValueError(f"unknown NLI model {nli_model!r}; choose one of {', '.join(nli_model_names())}, or give a model folder")


def _unknown(kind: str, name: str, known: dict[str, object]) -> ValueError:
    return ValueError(f"unknown {kind} {name!r}; choose one of {sorted(known)}")


def get_embedder(name: str) -> Embedder:
    """Build the embedder registered as ``name``.

    Raises:
        ValueError: if no embedder has that name (the message lists the valid ones).
    """
    _register_builtins()
    if name not in _EMBEDDERS:
        raise _unknown("embedder", name, _EMBEDDERS)
    return _EMBEDDERS[name]()


def get_nli_model(name: str) -> NLIModel:
    """Build the NLI model registered as ``name``, or load a model folder at path ``name``.

    Raises:
        ValueError: if ``name`` is neither registered nor an existing folder.
    """
    _register_builtins()
    if name in _NLI_MODELS:
        return _NLI_MODELS[name]()
    if Path(name).is_dir():
        from crosscheck.verify.nli import HFNLIModel

        return HFNLIModel(Path(name))
    raise _unknown("NLI model", name, _NLI_MODELS)


def new_index(name: str, dimension: int) -> VectorIndex:
    """Create an empty vector index of kind ``name``.

    Raises:
        ValueError: if no index kind has that name.
    """
    _register_builtins()
    if name not in _INDEXES:
        raise _unknown("vector index", name, _INDEXES)
    return _INDEXES[name](dimension)


_BUILTINS_DONE = False


def _register_builtins() -> None:
    global _BUILTINS_DONE
    if _BUILTINS_DONE:
        return
    _BUILTINS_DONE = True
    from crosscheck.backends import fakes
    from crosscheck.embed import minilm as embed
    from crosscheck.index import vectors as index
    from crosscheck.verify import nli

    _EMBEDDERS.setdefault("minilm", embed.MiniLMEmbedder)
    _EMBEDDERS.setdefault("minilm-fp32", lambda: embed.MiniLMEmbedder(precision="fp32"))
    _EMBEDDERS.setdefault("minilm-bf16", lambda: embed.MiniLMEmbedder(precision="bf16"))
    _EMBEDDERS.setdefault("minilm-onnx-fp32", lambda: embed.MiniLMEmbedder(precision="onnx-fp32"))
    _EMBEDDERS.setdefault("minilm-onnx-int8", lambda: embed.MiniLMEmbedder(precision="onnx-int8"))
    _EMBEDDERS.setdefault("fake", fakes.HashingEmbedder)
    _NLI_MODELS.setdefault("crosscheck-nli", nli.default_nli_model)
    # Pin the precision by name, whatever the default (nli.SHIPPED_PRECISION) becomes.
    _NLI_MODELS.setdefault("crosscheck-nli-fp32", lambda: nli.default_nli_model(precision="fp32"))
    _NLI_MODELS.setdefault("crosscheck-nli-bf16", lambda: nli.default_nli_model(precision="bf16"))
    _NLI_MODELS.setdefault("crosscheck-nli-int8", lambda: nli.default_nli_model(precision="int8"))
    _NLI_MODELS.setdefault("crosscheck-nli-onnx-fp32", lambda: nli.default_nli_model(precision="onnx-fp32"))
    _NLI_MODELS.setdefault("crosscheck-nli-onnx-int8", lambda: nli.default_nli_model(precision="onnx-int8"))
    _NLI_MODELS.setdefault("fake", fakes.RuleNLI)
    _INDEXES.setdefault("faiss-flat", index.FaissFlatIndex)
    _INDEXES.setdefault("faiss-hnsw", index.FaissHNSWIndex)
    _INDEXES.setdefault("numpy", index.NumpyIndex)
