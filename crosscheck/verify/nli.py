"""The NLI backend: a Hugging Face sequence-classification cross-encoder on CPU.

The default model is the project's own (``models/nli-minilm``, trained by
``models/train_nli.py``); it ships inside the wheel as ``crosscheck/_models/nli-minilm``.
Any folder holding a 3-way NLI sequence-classification model works the same way, as long
as its ``config.json`` names the labels: columns are mapped by name, never by position.

A model may carry one more output named ``same_event``: a logit for "the two sentences
report the same real-world event", read through a sigmoid (with the Platt scaling of its
``calibration.json``). The shipped model has one; plain 3-way models have none, and
``HFNLIModel.score`` then gives no same-event probabilities.
"""

from __future__ import annotations

import json
import logging
import math
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from crosscheck.precision import ONNX_PRECISIONS, Precision, ResolvesPrecision, check_precision
from crosscheck.types import NLI_LABELS

logger = logging.getLogger(__name__)

MODEL_DIRNAME = "nli-minilm"
# The precision the shipped model runs in unless told otherwise: "auto", the per-CPU rule of
# crosscheck.precision.AUTO_PATHS (bfloat16 on AMX CPUs, ONNX Runtime float32 elsewhere: the
# labels of float32, faster; benchmarks/compare_backends.py); int8 paths are opt-in.
SHIPPED_PRECISION: Precision = "auto"

# Spellings seen in published NLI model configs, mapped to the names in NLI_LABELS.
_LABEL_ALIASES = {
    "entailment": "entailment",
    "entails": "entailment",
    "entailed": "entailment",
    "entail": "entailment",
    "neutral": "neutral",
    "contradiction": "contradiction",
    "contradicts": "contradiction",
    "contradict": "contradiction",
    "contradictory": "contradiction",
}


# The name of the optional extra output (see the module docstring).
SAME_EVENT_LABEL = "same_event"


def _canonical_label(raw: str) -> str | None:
    return _LABEL_ALIASES.get(re.sub(r"[^a-z]", "", str(raw).lower()))


def same_event_column(id2label: dict[Any, str]) -> int | None:
    """Return the output index named ``same_event`` in a model config's ``id2label``, or None."""
    for key, raw in id2label.items():
        if str(raw).strip().lower().replace("-", "_").replace(" ", "_") == SAME_EVENT_LABEL:
            return int(key)
    return None


@dataclass(frozen=True)
class PairScores:
    """What one forward pass says of each pair.

    Attributes:
        nli: float32 ``(n, 3)``, columns in ``NLI_LABELS`` order; rows sum to 1.
        same_event: float32 ``(n,)`` probabilities that both sentences report the same
            real-world event, or None when the model has no ``same_event`` output.
    """

    nli: np.ndarray
    same_event: np.ndarray | None


def label_columns(id2label: dict[Any, str], folder: Path | str) -> list[int]:
    """Return, for each name in ``NLI_LABELS``, the model output index that carries it.

    Args:
        id2label: the ``id2label`` mapping of a model config (keys may be str or int).
        folder: the model folder, named in error messages.

    Raises:
        ValueError: if the labels are generic (``LABEL_0``), unknown, or do not cover
            entailment, neutral and contradiction exactly once.
    """
    found: dict[str, int] = {}
    extra = same_event_column(id2label)
    for key, raw in id2label.items():
        if extra is not None and int(key) == extra:
            continue
        name = _canonical_label(raw)
        if name is None:
            raise ValueError(
                f"NLI model at {folder}: config.json label {raw!r} (id {key}) is not an NLI label; "
                f"set id2label in config.json to the names {list(NLI_LABELS)} in the model's output order "
                f"(and {SAME_EVENT_LABEL!r} for an optional same-event output)"
            )
        if name in found:
            raise ValueError(f"NLI model at {folder}: label {name!r} appears twice in config.json id2label {id2label}")
        found[name] = int(key)
    missing = [name for name in NLI_LABELS if name not in found]
    if missing:
        raise ValueError(
            f"NLI model at {folder}: config.json id2label {id2label} lacks {missing}; "
            f"a 3-way model labelled {list(NLI_LABELS)} is needed"
        )
    return [found[name] for name in NLI_LABELS]


class HFNLIModel(ResolvesPrecision):
    """A 3-way NLI cross-encoder loaded from a local folder (no network, ever).

    Weights load on the first ``predict`` call. If the folder has a ``calibration.json``
    with a ``temperature``, logits are divided by it before the softmax, so that the
    probabilities are calibrated on the slice the temperature was fitted on.

    Args:
        path: folder with ``config.json``, weights and tokenizer files.
        max_length: token limit per pair; longer pairs are truncated, premise first.
        device: torch device string (``"cpu"`` by default).
        precision: ``"fp32"``; ``"bf16"`` (bfloat16 weights and activations: about 3x
            faster on CPUs with native bfloat16, probabilities within a few hundredths of
            fp32); ``"int8"`` (PyTorch dynamic quantization of the linear layers, CPU only:
            labels change on some pairs, and since activation scales are set per batch, a
            pair's scores depend on its batch-mates); ``"onnx-fp32"`` and ``"onnx-int8"``
            (ONNX Runtime on the CPU, the graph exported from these weights on first use
            into a cache, see ``crosscheck.onnxrt``; int8 is dynamic quantization of the
            MatMul weights per channel); or ``"auto"``: the path ``crosscheck.precision.AUTO_PATHS``
            names for this CPU (bf16 with AMX, else ONNX Runtime float32). Check a model with
            ``benchmarks/compare_backends.py`` before relying on one.

    Raises:
        FileNotFoundError: if ``path`` has no ``config.json``.
        ValueError: if ``max_length`` is below 8, ``precision`` is unknown, or ``"int8"``
            or an ONNX path is asked for on a device other than the CPU.
    """

    def __init__(self, path: Path, *, max_length: int = 256, device: str = "cpu", precision: Precision = "fp32") -> None:
        path = Path(path)
        if not (path / "config.json").is_file():
            raise FileNotFoundError(
                f"no NLI model at {path}: config.json is missing; "
                f"train one with `python models/train_nli.py --out {path}` or pass another model folder"
            )
        if max_length < 8:
            raise ValueError(f"max_length must be at least 8 tokens, got {max_length}")
        check_precision(precision)
        if precision in ("int8", *ONNX_PRECISIONS) and device != "cpu":
            raise ValueError(
                f"precision={precision!r} runs on the CPU only, got device={device!r}; "
                "pass device='cpu' or another precision"
            )
        self.path = path
        self.max_length = max_length
        self.device = device
        self._precision: str = precision
        self.temperature = self._read_temperature(path)
        self.same_event_scaling = self._read_same_event_scaling(path)
        self._model: Any = None
        self._tokenizer: Any = None
        self._columns: list[int] | None = None

    def __repr__(self) -> str:
        return (
            f"HFNLIModel(path={str(self.path)!r}, max_length={self.max_length}, "
            f"precision={self._precision!r}, temperature={self.temperature})"
        )

    @property
    def name(self) -> str:
        """The model's name in reports; bf16 and int8 scores differ from fp32 ones, so it says which ran."""
        return self._named(f"crosscheck-nli:{self.path.name}" if self.path.name == MODEL_DIRNAME else f"hf-nli:{self.path}")

    @staticmethod
    def _read_temperature(path: Path) -> float:
        calib = path / "calibration.json"
        if not calib.is_file():
            return 1.0
        temperature = float(json.loads(calib.read_text(encoding="utf-8")).get("temperature", 1.0))
        if not math.isfinite(temperature) or temperature <= 0:
            raise ValueError(f"{calib}: temperature must be a positive number, got {temperature}")
        return temperature

    @staticmethod
    def _read_same_event_scaling(path: Path) -> tuple[float, float]:
        calib = path / "calibration.json"
        if not calib.is_file():
            return (1.0, 0.0)
        fitted = json.loads(calib.read_text(encoding="utf-8")).get("same_event") or {}
        scale, bias = float(fitted.get("scale", 1.0)), float(fitted.get("bias", 0.0))
        if not (math.isfinite(scale) and math.isfinite(bias)) or scale <= 0:
            raise ValueError(f"{calib}: same_event scale must be a positive number and bias finite, got {fitted}")
        return (scale, bias)

    def _config_labels(self) -> dict[Any, str]:
        config = json.loads((self.path / "config.json").read_text(encoding="utf-8"))
        return config.get("id2label") or {}

    @property
    def columns(self) -> list[int]:
        """Model output index for each of ``NLI_LABELS``, read from config.json (no weights loaded)."""
        if self._columns is None:
            self._columns = label_columns(self._config_labels(), self.path)
        return self._columns

    @property
    def same_event_index(self) -> int | None:
        """Output index of the ``same_event`` logit, or None for a plain 3-way model."""
        return same_event_column(self._config_labels())

    def _load(self) -> None:
        if self._model is not None:
            return
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        columns = self.columns  # fail on bad labels before paying for the weights
        wanted = len(NLI_LABELS) + (self.same_event_index is not None)
        tokenizer = AutoTokenizer.from_pretrained(self.path, local_files_only=True)
        if self.precision in ONNX_PRECISIONS:
            from crosscheck import onnxrt

            graph = onnxrt.ensure_onnx("nli", self.path, self.precision.removeprefix("onnx-"))  # type: ignore[arg-type]
            logger.info("loading NLI model from %s", graph)
            session = onnxrt.new_session(graph)
            outputs = session.get_outputs()[0].shape[-1]
            if outputs != wanted:
                raise ValueError(f"NLI model graph {graph} has {outputs} outputs; the config.json of {self.path} names {wanted}")
            self._tokenizer, self._model = tokenizer, onnxrt.session_runner(session)
            return
        logger.info("loading NLI model from %s", self.path)
        model = AutoModelForSequenceClassification.from_pretrained(self.path, local_files_only=True)
        if model.config.num_labels != wanted or max(columns) >= model.config.num_labels:
            raise ValueError(
                f"NLI model at {self.path} has {model.config.num_labels} outputs; its config.json names {wanted}"
            )
        # Weights ship in fp16, which CPUs multiply slowly: compute in fp32 or bf16.
        dtype = torch.bfloat16 if self.precision == "bf16" else torch.float32
        model = model.to(device=self.device, dtype=dtype).eval()
        if self.precision == "int8":
            model = _quantize_int8(model)
        self._tokenizer, self._model = tokenizer, model

    def predict(
        self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, show_progress: bool = False
    ) -> np.ndarray:
        """NLI probabilities of ``(premise, hypothesis)`` pairs: ``score(...).nli`` (see ``score``)."""
        return self.score(pairs, batch_size=batch_size, show_progress=show_progress).nli

    def score(
        self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, show_progress: bool = False
    ) -> PairScores:
        """Score ``(premise, hypothesis)`` pairs: NLI, and same-event where the model has that output.

        Args:
            pairs: premise/hypothesis string pairs.
            batch_size: pairs per forward pass; pairs are sorted by length first so a batch
                holds similar lengths, and the input order is restored in the output.
            show_progress: show a progress bar (also shown when this logger is at INFO).

        Returns:
            ``PairScores``: ``nli`` of shape ``(len(pairs), 3)``, columns in ``NLI_LABELS``
            order (entailment, neutral, contradiction), rows summing to 1; ``same_event`` of
            shape ``(len(pairs),)``, or None for a model without a ``same_event`` output.

        Raises:
            ValueError: if ``batch_size`` is not positive or a pair is not two strings.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size}")
        pairs = list(pairs)
        for i, pair in enumerate(pairs):
            if not (isinstance(pair, tuple | list) and len(pair) == 2 and all(isinstance(t, str) for t in pair)):
                raise ValueError(f"pairs[{i}] must be a (premise, hypothesis) tuple of two strings, got {pair!r}")
        extra = self.same_event_index
        if not pairs:
            empty = np.zeros((0,), dtype=np.float32) if extra is not None else None
            return PairScores(np.zeros((0, len(NLI_LABELS)), dtype=np.float32), empty)
        self._load()
        import torch

        order = np.argsort([-(len(p) + len(h)) for p, h in pairs], kind="stable")
        logits: np.ndarray | None = None  # shaped by the first batch's output width
        starts: Iterable[int] = range(0, len(pairs), batch_size)
        if show_progress or logger.isEnabledFor(logging.INFO):
            try:
                from tqdm.auto import tqdm

                starts = tqdm(starts, desc="NLI", unit="batch")
            except ImportError:  # tqdm comes with transformers; a bar is only a nicety
                pass
        onnx = self.precision in ONNX_PRECISIONS
        with torch.inference_mode():
            for start in starts:
                idx = order[start : start + batch_size]
                enc = self._tokenizer(
                    [pairs[i][0] for i in idx],
                    [pairs[i][1] for i in idx],
                    padding=True,
                    truncation="longest_first",
                    max_length=self.max_length,
                    return_tensors="np" if onnx else "pt",
                )
                if onnx:
                    out = np.asarray(self._model(enc), dtype=np.float32)
                else:
                    out = self._model(**enc.to(self.device)).logits.float().cpu().numpy()
                if logits is None:
                    logits = np.empty((len(pairs), out.shape[1]), dtype=np.float32)
                logits[idx] = out
        assert logits is not None  # pairs is not empty
        z = logits[:, self.columns] / self.temperature
        z -= z.max(axis=1, keepdims=True)
        probs = np.exp(z)
        probs /= probs.sum(axis=1, keepdims=True)
        same = None
        if extra is not None:
            scale, bias = self.same_event_scaling
            same = (1.0 / (1.0 + np.exp(-(scale * logits[:, extra] + bias)))).astype(np.float32)
        return PairScores(probs.astype(np.float32), same)


def _quantize_int8(model: Any) -> Any:
    """Return ``model`` with every ``nn.Linear`` replaced by a dynamically quantized int8 one.

    Raises:
        RuntimeError: if this torch build no longer has eager-mode dynamic quantization.
    """
    import torch

    try:
        quantize_dynamic = torch.ao.quantization.quantize_dynamic
    except AttributeError as exc:
        raise RuntimeError(
            f"torch {torch.__version__} has no torch.ao.quantization.quantize_dynamic; "
            "use the float32 model (precision='fp32', or the NLI backend 'crosscheck-nli-fp32')"
        ) from exc
    # torch marks eager-mode quantization as deprecated in favour of torchao (not a
    # dependency here); it still works, and the notices would repeat on every load.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"torch\.ao\.quantization is deprecated", category=DeprecationWarning)
        warnings.filterwarnings("ignore", message=r"torch\.quantize_per_tensor.*deprecated", category=UserWarning)
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def default_model_path() -> Path:
    """Folder of the shipped NLI model: inside the installed package, else in the checkout.

    Raises:
        FileNotFoundError: if neither ``crosscheck/_models/nli-minilm`` nor
            ``<repo>/models/nli-minilm`` holds a ``config.json``.
    """
    package_dir = Path(__file__).resolve().parents[1]  # crosscheck/, above verify/
    candidates = [package_dir / "_models" / MODEL_DIRNAME, package_dir.parent / "models" / MODEL_DIRNAME]
    for candidate in candidates:
        if (candidate / "config.json").is_file():
            return candidate
    raise FileNotFoundError(
        f"the crosscheck NLI model was not found in {' or '.join(map(str, candidates))}; "
        "reinstall the crosscheck wheel, or in a checkout run `python models/train_nli.py`"
    )


def default_nli_model(*, precision: Precision = SHIPPED_PRECISION) -> HFNLIModel:
    """The shipped NLI model (weights load on first use).

    Args:
        precision: see ``HFNLIModel``; the default is ``SHIPPED_PRECISION``.
    """
    return HFNLIModel(default_model_path(), precision=precision)
