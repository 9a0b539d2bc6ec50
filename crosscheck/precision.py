"""Which number format, and which runtime, the models run in on this CPU.

Both models are small transformers whose matrix products dominate their time. Three
kinds of CPU, as ``cpu_kind()`` tells them apart, want different paths (figures in
README, "Speed on any CPU", from ``benchmarks/compare_backends.py``):

- ``"amx"`` (Xeons with AMX tiles): torch bfloat16 runs about three times faster than
  float32 for scores that differ by hundredths (``models/nli-minilm/README.md``, "bf16
  inference");
- ``"avx512_bf16"`` (AVX512-BF16 without AMX, e.g. AMD EPYC Zen 4): bfloat16 is native
  and the fastest path within the bound (NLI 1.76x torch float32, ONNX Runtime float32
  1.08x, int8 1.60x; embedder 1.78x, 1.11x, 1.67x; argmax agreement 0.9985; an idle
  2-core AMD EPYC, 6 alternating runs, ``benchmarks/results/backends.json``). An earlier
  run on an overloaded machine (load 6-11 on 2 cores) had put ONNX Runtime float32 first;
  the idle run did not confirm it;
- ``"plain"`` (AVX2 and the like): bfloat16 is emulated and slower than float32, and
  ONNX Runtime float32 is the fast path (``benchmarks/results/backends_torch_avx2.json``).

ONNX Runtime int8 keeps the down projections in float32 (``crosscheck.onnxrt.quantize_int8``):
the judge's labels then agree with float32 on 0.979 of 2,000 held-out pairs (0.958 with every
MatMul in int8), inside the 0.97 bound, but it is slower than bf16 where bf16 is native and
was not measured on an AVX2-only CPU; the embedder's nearest neighbours change for 12% of
sentences. So int8 is opt-in.
``"auto"`` picks per model and CPU kind from ``AUTO_PATHS``: a fixed, documented rule,
not a measurement at run time.
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
CpuKind = Literal["amx", "avx512_bf16", "plain"]

# What "auto" runs on the CPU, per model and CPU kind: the fastest path whose labels match
# float32 (argmax agreement >= 0.97, held-out accuracy within a point) in the bench; see the
# module docstring. AMX keeps bf16: measured ~3x float32 there, and not re-measured against
# ONNX Runtime on an AMX machine, so "auto" there stays what it was.
AUTO_PATHS: dict[str, dict[str, str]] = {
    "nli": {"amx": "bf16", "avx512_bf16": "bf16", "plain": "onnx-fp32"},
    "embedder": {"amx": "bf16", "avx512_bf16": "bf16", "plain": "onnx-fp32"},
}


def _torch_cpu_check(name: str) -> bool:
    import torch

    check = getattr(torch.cpu, name, None)
    return bool(check()) if check is not None else False


@functools.cache
def cpu_kind() -> CpuKind:
    """``"amx"`` (AMX tiles), ``"avx512_bf16"`` (AVX512-BF16 without AMX) or ``"plain"``, as torch reports the CPU."""
    if _torch_cpu_check("_is_amx_tile_supported"):
        return "amx"
    return "avx512_bf16" if _torch_cpu_check("_is_avx512_bf16_supported") else "plain"


def native_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 matrices in hardware (AVX512-BF16 or AMX)."""
    return cpu_kind() != "plain"


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
    ``AUTO_PATHS[model][cpu_kind()]`` on the CPU (``"fp32"`` where that is an ONNX path
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
    chosen = AUTO_PATHS[model][cpu_kind()]
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
