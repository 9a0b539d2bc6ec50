"""Which number format, and which runtime, the models run in on this CPU.

Both models are small transformers whose matrix products dominate their time. On CPUs
with native bfloat16 instructions (AVX512-BF16 or AMX) those products run about three
times faster in bfloat16 than in float32, for scores that differ by hundredths
(measured in ``models/nli-minilm/README.md``, "bf16 inference"); elsewhere bfloat16 is
emulated and slower than float32, and ONNX Runtime (``onnx-fp32``, ``onnx-int8``: graphs
exported once from the same weights, see ``crosscheck.onnxrt``) is the fast path.

``"auto"`` picks per model from ``AUTO_PATHS``: a fixed, documented rule backed by
``benchmarks/results/backends.json`` (``benchmarks/compare_backends.py``), not a
measurement at run time.
"""

from __future__ import annotations

import functools
import logging
from typing import Literal, get_args

from crosscheck.onnxrt import onnxruntime_available

logger = logging.getLogger(__name__)

# fp32, bf16 and int8 (torch dynamic quantization) run in torch; onnx-* in ONNX Runtime.
Precision = Literal["auto", "fp32", "bf16", "int8", "onnx-fp32", "onnx-int8"]
PRECISIONS: tuple[str, ...] = get_args(Precision)
ONNX_PRECISIONS: tuple[str, ...] = ("onnx-fp32", "onnx-int8")
ModelKind = Literal["nli", "embedder"]

# What "auto" runs on the CPU, per model, with native bfloat16 (True) and without (False).
# The fastest path whose labels match float32 in benchmarks/results/backends.json; see
# README "Speed on any CPU" for the figures behind each choice.
AUTO_PATHS: dict[str, dict[bool, str]] = {
    "nli": {True: "bf16", False: "onnx-fp32"},
    "embedder": {True: "bf16", False: "onnx-fp32"},
}


@functools.cache
def native_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 matrices in hardware (AVX512-BF16 or AMX)."""
    import torch

    checks = [getattr(torch.cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")]
    return any(check() for check in checks if check is not None)


def check_precision(precision: str, allowed: tuple[str, ...] = PRECISIONS) -> None:
    """Raise unless ``precision`` is one of ``allowed``.

    Raises:
        ValueError: naming the bad value and the valid ones.
    """
    if precision not in allowed:
        raise ValueError(f"precision must be one of {list(allowed)}, got {precision!r}")


def resolve_precision(
    precision: str, *, device: str = "cpu", allowed: tuple[str, ...] = PRECISIONS, model: ModelKind = "nli"
) -> str:
    """The concrete precision for ``precision`` on ``device``: ``"auto"`` becomes
    ``AUTO_PATHS[model][native_bf16()]`` on the CPU (``"fp32"`` where that is an ONNX path
    but onnxruntime is not installed, or is not in ``allowed``) and ``"fp32"`` elsewhere;
    any other value is returned as it is.

    Raises:
        ValueError: if ``precision`` is not one of ``allowed`` or ``model`` is unknown.
    """
    check_precision(precision, allowed)
    if model not in AUTO_PATHS:
        raise ValueError(f"model must be one of {sorted(AUTO_PATHS)}, got {model!r}")
    if precision != "auto":
        return precision
    if device != "cpu":
        return "fp32"
    chosen = AUTO_PATHS[model][native_bf16()]
    if chosen not in allowed:
        return "fp32"
    if chosen in ONNX_PRECISIONS and not onnxruntime_available():
        logger.warning("onnxruntime is not installed: the %s model runs in torch float32 (pip install onnxruntime onnx)", model)
        return "fp32"
    return chosen


class ResolvesPrecision:
    """For a model that accepts ``precision="auto"``: resolves it on first use, for
    ``self.device``, and names the model with the precision when it is not fp32 (scores
    in another precision differ a little, so reports say which ran). The subclass sets
    ``_precision`` and ``device`` in its constructor, and ``_kind`` (the ``AUTO_PATHS`` key)."""

    _precision: str
    _kind: ModelKind = "nli"
    _allowed: tuple[str, ...] = PRECISIONS
    device: str

    @property
    def precision(self) -> str:
        """The precision the model runs in: ``"auto"`` resolved for this CPU (imports torch)."""
        if self._precision == "auto":
            self._precision = resolve_precision("auto", device=self.device, allowed=self._allowed, model=self._kind)
        return self._precision

    def _named(self, base: str) -> str:
        return base if self.precision == "fp32" else f"{base}+{self.precision}"
