"""The ONNX Runtime paths: cache keys, the auto rule, and the real export of both real models."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import numpy as np
import pytest

from crosscheck import onnxrt, precision
from crosscheck.backends import get_embedder, get_nli_model
from crosscheck.embed.minilm import MiniLMEmbedder
from crosscheck.types import NLI_LABELS
from crosscheck.verify import nli

PAIRS = [
    ("The council approved a budget of $45 million on Tuesday.", "On Tuesday the council passed a $45 million budget."),
    ("The council approved a budget of $45 million on Tuesday.", "The council approved a budget of $90 million on Tuesday."),
    ("The minister said the factory will close next year.", "The minister said the factory will not close next year."),
    ("Heavy rain flooded the valley and closed two schools.", "The striker scored twice as the home side won 3-1."),
    ("Police arrested three men after the protest in the city centre.",
     "Three men were arrested by police after the protest in the city centre."),
    ("Shares of the company fell 4 percent after the results.", "The company's shares rose after the results."),
]


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CROSSCHECK_CACHE", str(tmp_path / "cc"))
    assert onnxrt.cache_dir() == tmp_path / "cc" / "onnx"
    monkeypatch.delenv("CROSSCHECK_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert onnxrt.cache_dir() == tmp_path / "xdg" / "crosscheck" / "onnx"


def test_cache_key_changes_with_the_weights(tmp_path: Path) -> None:
    model = tmp_path / "m"
    model.mkdir()
    with pytest.raises(FileNotFoundError, match="model.safetensors"):
        onnxrt.onnx_path("nli", model, "fp32", folder=tmp_path)
    (model / "model.safetensors").write_bytes(b"weights one")
    first = onnxrt.onnx_path("nli", model, "fp32", folder=tmp_path)
    assert first.name == "model-fp32.onnx" and f"-v{onnxrt.EXPORT_VERSION}" in first.parent.name
    assert onnxrt.onnx_path("nli", model, "int8", folder=tmp_path).parent == first.parent
    (model / "model.safetensors").write_bytes(b"weights two")
    assert onnxrt.onnx_path("nli", model, "fp32", folder=tmp_path).parent != first.parent
    with pytest.raises(ValueError, match="variant must be one of"):
        onnxrt.onnx_path("nli", model, "fp16", folder=tmp_path)  # type: ignore[arg-type]


def test_auto_follows_the_per_model_rule(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    for kind in ("amx", "avx512_bf16", "plain"):
        monkeypatch.setattr(precision, "cpu_kind", lambda kind=kind: kind)
        assert nli.HFNLIModel(tmp_path, precision="auto").precision == precision.AUTO_PATHS["nli"][kind]
        assert MiniLMEmbedder().precision == precision.AUTO_PATHS["embedder"][kind]
        assert nli.HFNLIModel(tmp_path, precision="auto", device="cuda").precision == "fp32"
        assert precision.native_bf16() == (kind != "plain")
    # The bench's figures: bf16 where it is native (AMX, AVX512-BF16: faster than ONNX
    # Runtime there); ONNX Runtime float32 on plain CPUs (float32's labels); int8 is opt-in.
    for rule in precision.AUTO_PATHS.values():
        assert rule == {"amx": "bf16", "avx512_bf16": "bf16", "plain": "onnx-fp32"}


def test_auto_falls_back_to_torch_without_onnxruntime(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    monkeypatch.setattr(precision, "cpu_kind", lambda: "plain")
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # as if it were not installed
    assert not onnxrt.onnxruntime_available()
    (tmp_path / "config.json").write_text("{}")
    with caplog.at_level(logging.WARNING, logger="crosscheck.precision"):
        assert nli.HFNLIModel(tmp_path, precision="auto").precision == "fp32"
    assert "pip install onnxruntime" in caplog.text
    with pytest.raises(ImportError, match="pip install onnxruntime onnx"):
        onnxrt.ensure_onnx("nli", nli.default_model_path(), "fp32", folder=tmp_path)


def test_onnx_paths_are_named_cpu_only_and_lazy(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    for p in precision.ONNX_PRECISIONS:
        assert nli.HFNLIModel(tmp_path, precision=p).name.endswith(f"+{p}")  # type: ignore[arg-type]
        assert MiniLMEmbedder(precision=p).name.endswith(f"+{p}")
        with pytest.raises(ValueError, match=r"runs on the CPU only, got device='cuda'"):
            nli.HFNLIModel(tmp_path, precision=p, device="cuda")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"runs on the CPU only, got device='cuda'"):
            MiniLMEmbedder(device="cuda", precision=p)
    models = [get_nli_model("crosscheck-nli-onnx-fp32"), get_nli_model("crosscheck-nli-onnx-int8"),
              get_embedder("minilm-onnx-fp32"), get_embedder("minilm-onnx-int8")]
    assert [m.precision for m in models] == ["onnx-fp32", "onnx-int8"] * 2  # type: ignore[attr-defined]
    assert all(m._model is None for m in models)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the real models, exported (slow)


@pytest.fixture(scope="session")
def exported(onnx_cache: Path) -> dict[str, Path]:
    """Both real models exported in both variants into this session's cache (about 20 s)."""
    from crosscheck.embed.minilm import model_path

    return {f"{kind}-{variant}": onnxrt.ensure_onnx(kind, source, variant)  # type: ignore[arg-type]
            for kind, source in (("nli", nli.default_model_path()), ("embedder", model_path()))
            for variant in onnxrt.VARIANTS}


@pytest.mark.slow
def test_export_is_cached_atomically_and_reused(exported: dict[str, Path], onnx_cache: Path) -> None:
    assert all(path.is_file() and path.parent.parent == onnx_cache for path in exported.values())
    assert not list(onnx_cache.rglob("*.tmp*"))  # no leftovers of the atomic writes
    before = {name: path.stat().st_mtime_ns for name, path in exported.items()}
    again = onnxrt.ensure_onnx("nli", nli.default_model_path(), "int8")
    assert again == exported["nli-int8"] and again.stat().st_mtime_ns == before["nli-int8"]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["nli", "embedder"])
def test_int8_keeps_the_down_projections_in_float32(exported: dict[str, Path], kind: str) -> None:
    import onnx

    def matmuls(path: Path) -> list[str]:
        return [n.name for n in onnx.load(str(path)).graph.node if n.op_type == "MatMul"]

    fp32, int8 = exported[f"{kind}-fp32"], exported[f"{kind}-int8"]
    kept = onnxrt.float_kept_nodes(fp32)
    assert len(kept) == 12  # six layers: attention output and feed-forward output each
    # Still float MatMuls in the int8 graph; the other weight MatMuls were quantized (the
    # two attention products have no weights and stay float too).
    assert set(kept) <= set(matmuls(int8))
    assert len(matmuls(int8)) == len(kept) + 12 < len(matmuls(fp32))


@pytest.mark.slow
def test_onnx_nli_gives_torch_fp32_labels_on_real_pairs(exported: dict[str, Path]) -> None:
    ref = nli.default_nli_model(precision="fp32").score(PAIRS)
    fp32 = nli.default_nli_model(precision="onnx-fp32").score(PAIRS)
    int8 = nli.default_nli_model(precision="onnx-int8").score(PAIRS)
    labels = [NLI_LABELS[i] for i in ref.nli.argmax(1)]
    assert labels[:3] == ["entailment", "contradiction", "contradiction"]  # the pairs say what they test
    assert ref.same_event is not None and fp32.same_event is not None and int8.same_event is not None
    np.testing.assert_allclose(fp32.nli, ref.nli, atol=1e-4)
    np.testing.assert_allclose(fp32.same_event, ref.same_event, atol=1e-4)
    # int8 keeps every clear label; the last pair is a near tie in float32 (entailment 0.485,
    # contradiction 0.430) that int8 may flip: why int8 stays opt-in.
    top2 = np.sort(ref.nli, axis=1)[:, -2:]
    clear = top2[:, 1] - top2[:, 0] > 0.2
    assert clear.sum() == 5 and (int8.nli.argmax(1)[clear] == ref.nli.argmax(1)[clear]).all()
    assert np.abs(int8.nli - ref.nli).max() < 0.1 and np.abs(int8.same_event - ref.same_event).max() < 0.1


@pytest.mark.slow
def test_onnx_embedder_matches_torch_fp32_on_real_sentences(exported: dict[str, Path]) -> None:
    texts = list(dict.fromkeys(t for pair in PAIRS for t in pair))
    ref = MiniLMEmbedder(precision="fp32").encode(texts)
    fp32 = MiniLMEmbedder(precision="onnx-fp32").encode(texts, batch_size=5)  # batches of mixed lengths: padding
    int8 = MiniLMEmbedder(precision="onnx-int8").encode(texts)
    assert fp32.shape == (len(texts), 384) and fp32.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)
    assert (fp32 * ref).sum(1).min() > 0.9999
    assert (int8 * ref).sum(1).min() > 0.97

    def nearest(v: np.ndarray) -> list[int]:
        sims = v @ v.T
        np.fill_diagonal(sims, -1)
        return [int(i) for i in sims.argmax(1)]

    assert nearest(fp32) == nearest(ref)
    # Sentences that are clearly each other's nearest in float32 (the near-copies, ahead of
    # the next sentence by 0.02 or more) stay so in int8; int8 moves cosines by up to about
    # 0.01, so it may reorder near ties ("$45 million" vs its paraphrase and its "$90
    # million" edit: 0.931 / 0.924) and loose neighbours (bench: 12% of nearest neighbours change).
    ref_nn, int8_nn = nearest(ref), nearest(int8)
    sims = np.sort(ref @ ref.T - 2 * np.eye(len(texts)), axis=1)
    clear = sims[:, -1] - sims[:, -2] >= 0.02
    mutual = [(i, j) for i, j in enumerate(ref_nn) if i < j and ref_nn[j] == i and clear[i] and clear[j]]
    assert len(mutual) >= 3 and all(int8_nn[i] == j and int8_nn[j] == i for i, j in mutual)
