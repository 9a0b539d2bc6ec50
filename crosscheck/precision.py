"""Which number format the models run in on this CPU.

Both models are small transformers whose matrix products dominate their time. On CPUs
with native bfloat16 instructions (AVX512-BF16 or AMX) those products run about three
times faster in bfloat16 than in float32, for scores that differ by hundredths
(measured in ``models/nli-minilm/README.md``, "bf16 inference"); elsewhere bfloat16 is
emulated and slower than float32. ``"auto"`` takes bfloat16 only where it is native.
"""

from __future__ import annotations

import functools
from typing import Literal, get_args

Precision = Literal["auto", "fp32", "bf16", "int8"]
PRECISIONS: tuple[str, ...] = get_args(Precision)


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


def resolve_precision(precision: str, *, device: str = "cpu", allowed: tuple[str, ...] = PRECISIONS) -> str:
    """The concrete precision for ``precision`` on ``device``: ``"auto"`` becomes ``"bf16"``
    on a CPU with native bfloat16, else ``"fp32"``; any other value is returned as it is.

    Raises:
        ValueError: if ``precision`` is not one of ``allowed``.
    """
    check_precision(precision, allowed)
    if precision != "auto":
        return precision
    return "bf16" if device == "cpu" and native_bf16() else "fp32"


class ResolvesPrecision:
    """For a model that accepts ``precision="auto"``: resolves it on first use, for
    ``self.device``, and names the model with the precision when it is not fp32 (scores
    in another precision differ a little, so reports say which ran). The subclass sets
    ``_precision`` and ``device`` in its constructor."""

    _precision: str
    device: str

    @property
    def precision(self) -> str:
        """The precision the model runs in: ``"auto"`` resolved for this CPU (imports torch)."""
        if self._precision == "auto":
            self._precision = resolve_precision("auto", device=self.device)
        return self._precision

    def _named(self, base: str) -> str:
        return base if self.precision == "fp32" else f"{base}+{self.precision}"
