"""``models/train_nli.py --init``: a second stage starts only from a judge with this run's outputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models"))

import train_nli  # noqa: E402

SHIPPED = Path(__file__).resolve().parents[2] / "models" / "nli-minilm"


def test_the_shipped_judge_can_start_a_second_stage_with_the_same_event_head() -> None:
    train_nli.check_init_outputs(SHIPPED, train_nli.OUTPUTS)
    record = train_nli._init_manifest(SHIPPED)
    assert len(record["weights_sha256"]) == 64 and "models/train_nli.py" in record["command"]


def test_outputs_that_differ_from_the_run_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="are not"):
        train_nli.check_init_outputs(SHIPPED, train_nli.LABELS)  # 4 outputs, a 3-way run
    (tmp_path / "config.json").write_text(json.dumps({"id2label": {"0": "neutral", "1": "entailment", "2": "contradiction"}}))
    with pytest.raises(SystemExit, match="are not"):
        train_nli.check_init_outputs(tmp_path, train_nli.LABELS)  # the right names in another order
    with pytest.raises(SystemExit, match="no config.json"):
        train_nli.check_init_outputs(tmp_path / "missing", train_nli.LABELS)
