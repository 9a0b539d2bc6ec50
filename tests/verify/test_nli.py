"""The NLI backend: label mapping by name, batching order, and the shipped model offline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from crosscheck.protocols import NLIModel
from crosscheck.types import NLI_LABELS
from crosscheck.verify import nli

# ---------------------------------------------------------------- label mapping (fast)


def test_label_columns_follow_config_names_not_positions() -> None:
    cols = nli.label_columns({"0": "contradiction", "1": "entailment", "2": "neutral"}, "m")
    # NLI_LABELS order is entailment, neutral, contradiction.
    assert cols == [1, 2, 0]


@pytest.mark.parametrize(
    "id2label",
    [
        {0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"},
        {"0": "entails", "1": "neutral", "2": "contradicts"},
        {"0": "Entailment", "1": "Neutral", "2": "Contradiction"},
    ],
)
def test_label_columns_accept_common_spellings(id2label: dict) -> None:
    assert nli.label_columns(id2label, "m") == [0, 1, 2]


def test_generic_labels_raise_naming_the_folder() -> None:
    with pytest.raises(ValueError, match=r"some/folder.*LABEL_0"):
        nli.label_columns({"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}, Path("some/folder"))


def test_two_way_model_is_refused() -> None:
    with pytest.raises(ValueError, match="lacks"):
        nli.label_columns({"0": "entailment", "1": "contradiction"}, "m")


def test_missing_folder_raises_with_fix(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="train_nli.py"):
        nli.HFNLIModel(tmp_path / "nowhere")


def test_default_model_path_prefers_the_installed_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "site" / "crosscheck"
    (pkg / "_models" / "nli-minilm").mkdir(parents=True)
    (pkg / "_models" / "nli-minilm" / "config.json").write_text("{}")
    monkeypatch.setattr(nli, "__file__", str(pkg / "verify" / "nli.py"))
    assert nli.default_model_path() == pkg / "_models" / "nli-minilm"


def test_default_model_path_raises_when_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "crosscheck").mkdir()
    monkeypatch.setattr(nli, "__file__", str(tmp_path / "crosscheck" / "verify" / "nli.py"))
    with pytest.raises(FileNotFoundError, match="train_nli.py"):
        nli.default_model_path()


class _FakeTokenizer:
    def __call__(self, premises, hypotheses, **_: object):
        import torch

        # Encode the pair's length so the fake model's output identifies the pair.
        ids = torch.tensor([[len(p) + len(h)] for p, h in zip(premises, hypotheses, strict=True)], dtype=torch.float32)
        return _Batch(ids=ids)


class _Batch(dict):
    def to(self, device: str) -> _Batch:
        return self


class _FakeModel:
    def __call__(self, ids):
        import torch

        # Logits in the (contradiction, entailment, neutral) order of the fake config.
        return type("Out", (), {"logits": torch.cat([ids, torch.zeros_like(ids), -ids], dim=1)})()


def test_predict_restores_input_order_and_maps_columns(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(
        json.dumps({"id2label": {"0": "contradiction", "1": "entailment", "2": "neutral"}})
    )
    model = nli.HFNLIModel(tmp_path)
    model._tokenizer, model._model = _FakeTokenizer(), _FakeModel()
    pairs = [("a" * n, "b") for n in (5, 1, 9, 3, 7)]
    probs = model.predict(pairs, batch_size=2)
    assert probs.shape == (5, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    # Contradiction column (index 2) holds logit 0 = len: longer pairs score higher, in input order.
    contra = probs[:, NLI_LABELS.index("contradiction")]
    assert list(np.argsort(contra)) == [1, 3, 0, 4, 2]
    assert (probs[:, NLI_LABELS.index("entailment")] < 0.5).all()


def test_predict_validates_input(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"id2label": {"0": "entailment", "1": "neutral", "2": "contradiction"}}))
    model = nli.HFNLIModel(tmp_path)
    with pytest.raises(ValueError, match="batch_size"):
        model.predict([("a", "b")], batch_size=0)
    with pytest.raises(ValueError, match=r"pairs\[0\]"):
        model.predict([("only one",)])  # type: ignore[list-item]
    assert model.predict([]).shape == (0, 3)


def test_int8_is_cpu_only_and_precisions_are_named(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ValueError, match=r"device='cuda'"):
        nli.HFNLIModel(tmp_path, precision="int8", device="cuda")
    with pytest.raises(ValueError, match=r"precision must be one of .*'fp16'"):
        nli.HFNLIModel(tmp_path, precision="fp16")  # type: ignore[arg-type]
    model = nli.HFNLIModel(tmp_path, precision="int8")
    assert model.name.endswith("+int8") and model.precision == "int8" and "precision='int8'" in repr(model)
    assert model._model is None  # lazy: nothing loaded, nothing quantized yet
    assert nli.HFNLIModel(tmp_path, precision="bf16").name.endswith("+bf16")
    fp32 = nli.HFNLIModel(tmp_path)
    assert fp32.precision == "fp32" and "+" not in fp32.name


def test_auto_precision_takes_bf16_only_where_the_cpu_has_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crosscheck import precision

    (tmp_path / "config.json").write_text("{}")
    # bf16 where AMX makes it fastest; elsewhere the rule's other paths (ONNX Runtime; tests/test_onnxrt.py).
    for kind, expected in (("amx", "bf16"), ("plain", precision.AUTO_PATHS["nli"]["plain"])):
        monkeypatch.setattr(precision, "cpu_kind", lambda kind=kind: kind)
        assert nli.HFNLIModel(tmp_path, precision="auto").precision == expected
        assert precision.resolve_precision("auto") == expected
    # Off the CPU "auto" stays fp32: the bf16 rule is about CPU instructions.
    assert nli.HFNLIModel(tmp_path, precision="auto", device="cuda").precision == "fp32"


def test_quantize_int8_swaps_linear_layers_quietly() -> None:
    import warnings

    import torch

    layer = torch.nn.Sequential(torch.nn.Linear(8, 4), torch.nn.ReLU()).eval()
    x = torch.randn(3, 8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any deprecation notice leaking out fails the test
        quantized = nli._quantize_int8(layer)
    assert isinstance(quantized[0], torch.ao.nn.quantized.dynamic.Linear)
    torch.testing.assert_close(quantized(x), layer(x), atol=0.05, rtol=0.05)


def test_registry_names_pin_the_precision() -> None:
    from crosscheck.backends import get_nli_model

    models = {p: get_nli_model(f"crosscheck-nli-{p}") for p in ("fp32", "bf16", "int8")}
    assert all(isinstance(m, nli.HFNLIModel) and m.precision == p for p, m in models.items())
    default = get_nli_model("crosscheck-nli")
    assert isinstance(default, nli.HFNLIModel) and default._precision == nli.SHIPPED_PRECISION
    assert all(m._model is None for m in models.values())  # naming a backend loads nothing


def test_bad_temperature_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    (tmp_path / "calibration.json").write_text(json.dumps({"temperature": -1}))
    with pytest.raises(ValueError, match="temperature"):
        nli.HFNLIModel(tmp_path)


# ---------------------------------------------------------------- the shipped model (slow)


@pytest.fixture(scope="session")
def shipped() -> nli.HFNLIModel:
    return nli.default_nli_model()


@pytest.fixture(scope="session")
def shipped_fp32() -> nli.HFNLIModel:
    return nli.default_nli_model(precision="fp32")


@pytest.fixture(scope="session")
def shipped_int8() -> nli.HFNLIModel:
    return nli.default_nli_model(precision="int8")


@pytest.fixture(scope="session")
def shipped_bf16() -> nli.HFNLIModel:
    return nli.default_nli_model(precision="bf16")


@pytest.mark.slow
def test_shipped_model_loads_offline_with_named_labels(shipped: nli.HFNLIModel, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    assert isinstance(shipped, NLIModel)
    config = json.loads((shipped.path / "config.json").read_text())
    assert {config["id2label"][str(i)] for i in range(3)} == set(NLI_LABELS)
    assert shipped.columns == [int(config["label2id"][name]) for name in NLI_LABELS]
    probs = shipped.predict([("The vote was held on Tuesday.", "The vote was held on Tuesday.")])
    assert probs.shape == (1, 3) and probs.dtype == np.float32


@pytest.mark.slow
def test_shipped_model_is_found_from_a_wheel_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The wheel force-includes models/nli-minilm as crosscheck/_models/nli-minilm.
    src = nli.default_model_path()
    pkg = tmp_path / "crosscheck"
    shutil.copytree(src, pkg / "_models" / "nli-minilm")
    monkeypatch.setattr(nli, "__file__", str(pkg / "verify" / "nli.py"))
    found = nli.default_model_path()
    assert found == pkg / "_models" / "nli-minilm"
    assert nli.HFNLIModel(found).predict([("A man sleeps.", "A man sleeps.")]).shape == (1, 3)


# Pinned predictions: a retrained model that changes these must be looked at, not waved through.
# The probability of the expected label is pinned per precision, each pair scored alone (int8
# activation scales are per batch, so a pair's int8 score depends on its batch-mates). The
# 0.01 tolerance leaves room for other CPUs' kernels; retraining moves these by more.
PINNED = [
    # (premise, hypothesis, expected label, its probability in fp32, in int8)
    ("The council approved a budget of $45 million on Tuesday.",
     "The council approved a budget of $90 million on Tuesday.", "contradiction", 0.969, 0.910),
    ("The minister said the factory will close next year.",
     "The minister said the factory will not close next year.", "contradiction", 0.989, 0.987),
    ("Police arrested three men after the protest in the city centre.",
     "Three men were arrested by police after the protest in the city centre.", "entailment", 0.943, 0.931),
]


@pytest.mark.slow
@pytest.mark.parametrize("precision", ["fp32", "int8"])
@pytest.mark.parametrize(("premise", "hypothesis", "label", "p_fp32", "p_int8"), PINNED)
def test_pinned_predictions(
    request: pytest.FixtureRequest,
    precision: str,
    premise: str,
    hypothesis: str,
    label: str,
    p_fp32: float,
    p_int8: float,
) -> None:
    model: nli.HFNLIModel = request.getfixturevalue(f"shipped_{precision}")
    probs = model.predict([(premise, hypothesis)])[0]
    assert NLI_LABELS[int(probs.argmax())] == label, dict(zip(NLI_LABELS, probs.round(3), strict=True))
    expected = p_int8 if precision == "int8" else p_fp32
    assert probs[NLI_LABELS.index(label)] == pytest.approx(expected, abs=0.01)


@pytest.mark.slow
def test_default_model_follows_shipped_precision(shipped: nli.HFNLIModel) -> None:
    from crosscheck.precision import resolve_precision

    assert shipped.precision == resolve_precision(nli.SHIPPED_PRECISION)
    premise, hypothesis, label, p_fp32, p_int8 = PINNED[0]
    probs = shipped.predict([(premise, hypothesis)])[0]
    # bf16 moves probabilities by hundredths (see test_bf16_agrees_with_fp32_on_news_pairs).
    tolerance = {"fp32": 0.01, "bf16": 0.03, "int8": 0.01, "onnx-fp32": 0.01, "onnx-int8": 0.03}[shipped.precision]
    expected = p_int8 if shipped.precision == "int8" else p_fp32
    assert probs[NLI_LABELS.index(label)] == pytest.approx(expected, abs=tolerance)


# News-style pairs for int8 vs float32: a number swap, a negation, a paraphrase, and more of each.
INT8_PAIRS = [
    ("Exports rose 12 percent to 4.2 billion dollars in March, the statistics office said.",
     "Exports rose 21 percent to 4.2 billion dollars in March, the statistics office said."),
    ("Unemployment fell to 5.1 percent in June.", "Unemployment fell to 5.1 percent in July."),
    ("The company has agreed to sell its shipping unit to a Dutch group.",
     "The company has not agreed to sell its shipping unit to a Dutch group."),
    ("The central bank did not change interest rates on Thursday.",
     "The central bank changed interest rates on Thursday."),
    ("Shares of the airline jumped 8 percent after it reported a record profit.",
     "The airline's shares rose 8 percent after it posted a record profit."),
    ("The storm killed at least 14 people and left thousands without power.",
     "At least 14 people were killed by the storm, which left thousands without power."),
    ("The president will visit Japan next week.", "The president will visit China next week."),
]


@pytest.mark.slow
def test_int8_model_loads_offline_quantized_without_warnings(
    shipped_int8: nli.HFNLIModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    import warnings

    import torch

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    assert shipped_int8.path == nli.default_model_path() and shipped_int8.precision == "int8"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        shipped_int8.predict([("A man sleeps.", "A man sleeps.")])
    assert not [w for w in caught if "quantiz" in str(w.message)], [str(w.message)[:80] for w in caught]
    linears = [m for m in shipped_int8._model.modules() if isinstance(m, torch.nn.Linear)]
    assert not linears, f"{len(linears)} float Linear layers left"
    assert any(isinstance(m, torch.ao.nn.quantized.dynamic.Linear) for m in shipped_int8._model.modules())


@pytest.mark.slow
def test_int8_agrees_with_fp32_on_news_pairs(shipped_fp32: nli.HFNLIModel, shipped_int8: nli.HFNLIModel) -> None:
    fp32, int8 = shipped_fp32.predict(INT8_PAIRS), shipped_int8.predict(INT8_PAIRS)
    assert list(int8.argmax(1)) == list(fp32.argmax(1))
    # Measured on these seven, batched together: largest move 0.14 (the airline paraphrase),
    # median 0.01. Over the held-out sets int8 is far less faithful (argmax agreement 74-99%,
    # see models/nli-minilm/README.md), which is why it is not the default; this pins that
    # plain news edits keep their label and stay close.
    row_max = np.abs(int8 - fp32).max(axis=1)
    assert row_max.max() < 0.2 and float(np.median(row_max)) < 0.03, row_max.round(3)


@pytest.mark.slow
@pytest.mark.parametrize(("index", "label"), [(0, 2), (1, 2), (2, 2), (3, 2), (5, 0), (6, 2)])
def test_news_pairs_get_their_labels(shipped_fp32: nli.HFNLIModel, index: int, label: int) -> None:
    assert int(shipped_fp32.predict([INT8_PAIRS[index]])[0].argmax()) == label


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="known miss of the model retrained on 2026-12-02: 'jumped 8 percent ... reported a record profit' vs "
    "'rose 8 percent ... posted a record profit' scores contradiction 0.56, entailment 0.37 (the run before: entailment)",
)
def test_the_airline_paraphrase_is_entailment(shipped_fp32: nli.HFNLIModel) -> None:
    assert int(shipped_fp32.predict([INT8_PAIRS[4]])[0].argmax()) == 0


@pytest.mark.slow
def test_bf16_agrees_with_fp32_on_news_pairs(shipped_fp32: nli.HFNLIModel, shipped_bf16: nli.HFNLIModel) -> None:
    import torch

    fp32, bf16 = shipped_fp32.predict(INT8_PAIRS), shipped_bf16.predict(INT8_PAIRS)
    assert next(shipped_bf16._model.parameters()).dtype == torch.bfloat16
    assert list(bf16.argmax(1)) == list(fp32.argmax(1))
    # Unlike int8, bf16 keeps every label on 640 Reuters pairs and moves a probability by at
    # most 0.032 there (models/nli-minilm/README.md, "bf16 inference").
    assert np.abs(bf16 - fp32).max() < 0.05, np.abs(bf16 - fp32).max(axis=1).round(3)
