"""The NLI backend: label mapping by name, batching order, and the shipped model offline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from crosscheck import nli
from crosscheck.backends import NLIModel
from crosscheck.types import NLI_LABELS

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
    monkeypatch.setattr(nli, "__file__", str(pkg / "nli.py"))
    assert nli.default_model_path() == pkg / "_models" / "nli-minilm"


def test_default_model_path_raises_when_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "crosscheck").mkdir()
    monkeypatch.setattr(nli, "__file__", str(tmp_path / "crosscheck" / "nli.py"))
    with pytest.raises(FileNotFoundError, match="train_nli.py"):
        nli.default_model_path()


class _FakeTokenizer:
    def __call__(self, premises, hypotheses, **_: object):
        import torch

        # Encode the pair's length so the fake model's output identifies the pair.
        ids = torch.tensor([[len(p) + len(h)] for p, h in zip(premises, hypotheses)], dtype=torch.float32)
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


def test_bad_temperature_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    (tmp_path / "calibration.json").write_text(json.dumps({"temperature": -1}))
    with pytest.raises(ValueError, match="temperature"):
        nli.HFNLIModel(tmp_path)


# ---------------------------------------------------------------- the shipped model (slow)


@pytest.fixture(scope="session")
def shipped() -> nli.HFNLIModel:
    return nli.default_nli_model()


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
    monkeypatch.setattr(nli, "__file__", str(pkg / "nli.py"))
    found = nli.default_model_path()
    assert found == pkg / "_models" / "nli-minilm"
    assert nli.HFNLIModel(found).predict([("A man sleeps.", "A man sleeps.")]).shape == (1, 3)


# Pinned predictions: a retrained model that changes these must be looked at, not waved through.
PINNED = [
    # (premise, hypothesis, expected label)
    ("The council approved a budget of $45 million on Tuesday.",
     "The council approved a budget of $90 million on Tuesday.", "contradiction"),
    ("The minister said the factory will close next year.",
     "The minister said the factory will not close next year.", "contradiction"),
    ("Police arrested three men after the protest in the city centre.",
     "Three men were arrested by police after the protest in the city centre.", "entailment"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("premise", "hypothesis", "label"), PINNED)
def test_pinned_predictions(shipped: nli.HFNLIModel, premise: str, hypothesis: str, label: str) -> None:
    probs = shipped.predict([(premise, hypothesis)])[0]
    assert NLI_LABELS[int(probs.argmax())] == label, dict(zip(NLI_LABELS, probs.round(3)))
