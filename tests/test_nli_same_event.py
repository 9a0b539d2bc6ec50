"""The NLI backend's optional same-event output: read by name, calibrated, absent for 3-way models."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from crosscheck.types import NLI_LABELS
from crosscheck.verify import nli


class _Tokenizer:
    def __call__(self, premises, hypotheses, **_: object):
        import torch

        ids = torch.tensor([[len(p) + len(h)] for p, h in zip(premises, hypotheses)], dtype=torch.float32)
        return _Batch(ids=ids)


class _Batch(dict):
    def to(self, device: str) -> _Batch:
        return self


class _FourOutputs:
    """Logits (same_event, entailment, neutral, contradiction): same-event logit = length - 5."""

    def __call__(self, ids):
        import torch

        return type("Out", (), {"logits": torch.cat([ids - 5, ids, torch.zeros_like(ids), -ids], dim=1)})()


def _folder(tmp_path: Path, id2label: dict, calibration: dict | None = None) -> Path:
    (tmp_path / "config.json").write_text(json.dumps({"id2label": id2label}))
    if calibration is not None:
        (tmp_path / "calibration.json").write_text(json.dumps(calibration))
    return tmp_path


def test_same_event_output_is_found_by_name_and_kept_out_of_the_nli_columns(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"0": "same_event", "1": "entailment", "2": "neutral", "3": "contradiction"},
                     {"temperature": 1.0, "same_event": {"scale": 2.0, "bias": 1.0}})
    model = nli.HFNLIModel(folder)
    assert model.columns == [1, 2, 3] and model.same_event_index == 0
    model._tokenizer, model._model = _Tokenizer(), _FourOutputs()
    pairs = [("ab", "c"), ("abcdef", "gh"), ("a", "b")]
    scores = model.score(pairs, batch_size=2)
    lengths = np.array([3.0, 8.0, 2.0])
    np.testing.assert_allclose(scores.same_event, 1 / (1 + np.exp(-(2.0 * (lengths - 5) + 1.0))), rtol=1e-5)
    np.testing.assert_allclose(scores.nli.sum(axis=1), 1.0, rtol=1e-5)
    assert (scores.nli[:, NLI_LABELS.index("entailment")] > 0.5).all()
    np.testing.assert_array_equal(model.predict(pairs), scores.nli)


def test_a_plain_three_way_model_has_no_same_event_scores(tmp_path: Path) -> None:
    model = nli.HFNLIModel(_folder(tmp_path, {"0": "entailment", "1": "neutral", "2": "contradiction"}))
    assert model.same_event_index is None
    assert model.score([]).same_event is None


def test_bad_same_event_calibration_is_refused_naming_the_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"0": "entailment", "1": "neutral", "2": "contradiction", "3": "same_event"},
                     {"same_event": {"scale": -1.0, "bias": 0.0}})
    with pytest.raises(ValueError, match=r"calibration.json: same_event scale"):
        nli.HFNLIModel(folder)
