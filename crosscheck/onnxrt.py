"""ONNX Runtime copies of the two models: exported once from the shipped weights into a cache.

Nothing is downloaded. The first time an ``onnx-fp32`` or ``onnx-int8`` model is asked for,
the float32 graph is exported from the local safetensors weights with
``torch.onnx.export`` (the TorchScript exporter, opset 17, batch and sequence axes dynamic)
and the int8 one is made from it by ONNX Runtime's dynamic quantization (weights per
channel, MatMul only, the down projections left in float32: see ``quantize_int8``); both
are written atomically into the cache folder, under a key made of the sha256 of the source
weights and ``EXPORT_VERSION``, so new weights or a new export recipe never reuse an old
file. ``models/export_onnx.py`` runs the same export by hand.

The cache folder is ``$CROSSCHECK_CACHE/onnx`` if that variable is set, else
``$XDG_CACHE_HOME/crosscheck/onnx``, else ``~/.cache/crosscheck/onnx``.

The graphs take ``input_ids``, ``attention_mask`` and ``token_type_ids`` (int64, batch x
sequence) and give ``logits`` (the NLI model: batch x outputs) or ``embeddings`` (the
embedder: batch x 384, mean-pooled over the mask and L2-normalised, as sentence-transformers
does).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from crosscheck.atomic import atomic_path

logger = logging.getLogger(__name__)

# Part of the cache key: bump it when the export recipe (graph, opset, quantization) changes.
EXPORT_VERSION = "2"  # 2: int8 keeps the down projections in float32
OPSET = 17
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
Kind = Literal["nli", "embedder"]
Variant = Literal["fp32", "int8"]
VARIANTS: tuple[str, ...] = ("fp32", "int8")


def onnxruntime_available() -> bool:
    """Whether ``onnxruntime`` and ``onnx`` (which export and quantization need) can be imported."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _require_onnxruntime() -> None:
    if not onnxruntime_available():
        raise ImportError(
            "the ONNX backend needs onnxruntime and onnx: pip install onnxruntime onnx "
            "(or use precision='fp32' / 'bf16', which run in torch)"
        )


def cache_dir() -> Path:
    """The folder the exported graphs live in (see the module docstring; not created here)."""
    if os.environ.get("CROSSCHECK_CACHE"):
        return Path(os.environ["CROSSCHECK_CACHE"]) / "onnx"
    base = Path(os.environ["XDG_CACHE_HOME"]) if os.environ.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base / "crosscheck" / "onnx"


def weights_file(model_dir: Path) -> Path:
    """The safetensors weights of a Hugging Face model folder.

    Raises:
        FileNotFoundError: if ``model_dir`` has no ``model.safetensors``.
    """
    path = Path(model_dir) / "model.safetensors"
    if not path.is_file():
        raise FileNotFoundError(f"no model.safetensors in {model_dir}: the ONNX export reads the safetensors weights")
    return path


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def onnx_path(kind: Kind, model_dir: Path, variant: Variant, *, folder: Path | None = None) -> Path:
    """Where the ``variant`` graph of the ``kind`` model in ``model_dir`` is (or will be) cached.

    Raises:
        ValueError: if ``kind`` or ``variant`` is unknown.
        FileNotFoundError: if ``model_dir`` has no safetensors weights.
    """
    if kind not in ("nli", "embedder"):
        raise ValueError(f"kind must be 'nli' or 'embedder', got {kind!r}")
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {list(VARIANTS)}, got {variant!r}")
    key = f"{file_sha256(weights_file(model_dir))[:16]}-v{EXPORT_VERSION}"
    return (folder or cache_dir()) / f"{kind}-{Path(model_dir).name}-{key}" / f"model-{variant}.onnx"


def ensure_onnx(kind: Kind, model_dir: Path, variant: Variant, *, folder: Path | None = None) -> Path:
    """The cached ``variant`` graph of the ``kind`` model in ``model_dir``, exported first if missing.

    Args:
        kind: ``"nli"`` (a sequence-classification model: logits) or ``"embedder"`` (a
            sentence-transformers MiniLM: normalised mean-pooled embeddings).
        model_dir: the Hugging Face model folder with ``model.safetensors``.
        variant: ``"fp32"``, or ``"int8"`` (quantized from the fp32 graph, exported too if missing).
        folder: cache folder (default: ``cache_dir()``).

    Raises:
        ImportError: if onnxruntime or onnx is not installed.
        FileNotFoundError: if ``model_dir`` has no safetensors weights.
    """
    _require_onnxruntime()
    target = onnx_path(kind, model_dir, variant, folder=folder)
    if target.is_file():
        return target
    fp32 = target.with_name("model-fp32.onnx")
    if not fp32.is_file():
        logger.info("exporting the %s model in %s to ONNX (once; cached in %s)", kind, model_dir, fp32.parent)
        with atomic_path(fp32, suffix=".onnx") as temporary:
            export_fp32(kind, Path(model_dir), temporary)
    if variant == "int8":
        logger.info("quantizing %s to int8", fp32)
        with atomic_path(target, suffix=".onnx") as temporary:
            quantize_int8(fp32, temporary)
    return target


def _wrapped_model(kind: Kind, model_dir: Path) -> Any:
    """The torch module to export, in float32 and eval mode, with outputs as the graph gives them."""
    import torch
    from transformers import AutoModel, AutoModelForSequenceClassification

    if kind == "nli":
        inner = AutoModelForSequenceClassification.from_pretrained(model_dir, local_files_only=True, attn_implementation="eager")

        class Logits(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.inner = inner

            def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
                return self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).logits

        module: torch.nn.Module = Logits()
    else:
        inner = AutoModel.from_pretrained(model_dir, local_files_only=True, attn_implementation="eager")

        class MeanPooled(torch.nn.Module):
            # sentence-transformers' Pooling (mean over the mask) then Normalize, inside the graph.
            def __init__(self) -> None:
                super().__init__()
                self.inner = inner

            def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
                hidden = self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)[0]
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

        module = MeanPooled()
    return module.to(torch.float32).eval()


def export_fp32(kind: Kind, model_dir: Path, out: Path) -> None:
    """Export the float32 graph of the ``kind`` model in ``model_dir`` to ``out`` (no caching)."""
    import warnings

    import torch

    module = _wrapped_model(kind, model_dir)
    sample = torch.ones((2, 8), dtype=torch.long)
    # Padding in the sample: traced with an all-ones mask, the mask code may fold the mask away.
    mask = sample.clone()
    mask[1, 5:] = 0
    output = "logits" if kind == "nli" else "embeddings"
    axes = {name: {0: "batch", 1: "sequence"} for name in INPUT_NAMES} | {output: {0: "batch"}}
    with torch.inference_mode(False), torch.no_grad(), warnings.catch_warnings():
        # The TorchScript exporter warns that it is deprecated and about traced shape checks
        # in transformers' mask code; the graph is checked against torch by the tests.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            (sample, mask, torch.zeros_like(sample)),
            str(out),
            input_names=list(INPUT_NAMES),
            output_names=[output],
            dynamic_axes=axes,
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )


# The MatMuls that write into the residual stream: each layer's attention output and its
# feed-forward output (``.../attention/output/dense/MatMul``, ``.../output/dense/MatMul``).
# Their inputs (attention context, GELU activations) quantize worst per batch. Left in
# float32, the judge's labels agree with float32 on 0.979 of 2,000 held-out pairs
# (benchmarks/results/backends.json; the run before, with every MatMul in int8: 0.958), at 1.47x ONNX
# float32's speed (AMD EPYC with AVX512-VNNI, 2026-12-04). Of the recipes tried on 1,000
# pairs, int8 everywhere gave 0.959 at 2.06x, int8 but attention 0.964, int8 but layer 0
# 0.972 at 1.77x, int8 but the feed-forward 0.986 at 1.21x, this one 0.984 at 1.46x.
KEPT_FLOAT = "/output/dense/MatMul"


def float_kept_nodes(fp32: Path) -> list[str]:
    """The MatMul nodes of the graph ``fp32`` that ``quantize_int8`` leaves in float32."""
    import onnx

    graph = onnx.load(str(fp32), load_external_data=False).graph
    return [n.name for n in graph.node if n.op_type == "MatMul" and n.name.endswith(KEPT_FLOAT)]


def quantize_int8(fp32: Path, out: Path) -> None:
    """Write the dynamic int8 quantization of the graph ``fp32`` to ``out``: MatMul weights
    per channel, activations quantized per batch at run time, the down projections
    (``KEPT_FLOAT``) left in float32."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    kept = float_kept_nodes(fp32)

    # The quantizer logs a line per tensor, and advice, on the root logger: noise in the CLI output.
    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.ERROR))
    try:
        quantize_dynamic(
            str(fp32), str(out), per_channel=True, op_types_to_quantize=["MatMul"], weight_type=QuantType.QInt8,
            nodes_to_exclude=kept,
        )
    finally:
        root.setLevel(level)


def new_session(path: Path, threads: int | None = None) -> Any:
    """An ONNX Runtime CPU inference session for ``path``.

    Args:
        threads: intra-op threads; default the CPUs this process may run on (as torch uses).
    """
    _require_onnxruntime()
    import onnxruntime as ort

    if threads is None:
        try:
            threads = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            threads = os.cpu_count() or 1
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only: the quantized graph's shape notes are noise
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def session_runner(session: Any) -> Callable[[dict[str, Any]], Any]:
    """A function from tokenizer output (numpy) to the graph's one output, feeding only the inputs it declares."""
    import numpy as np

    wanted = [i.name for i in session.get_inputs()]

    def run(encoded: dict[str, Any]) -> Any:
        feed = {}
        for name in wanted:
            value = encoded.get(name)
            if value is None:  # a tokenizer that gives no token_type_ids: one segment
                value = np.zeros_like(encoded["input_ids"])
            feed[name] = np.asarray(value, dtype=np.int64)
        return session.run(None, feed)[0]

    return run
