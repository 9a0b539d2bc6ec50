from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosscheck.bench.cli import bench_app

GOLD_DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "gold-dev"
runner = CliRunner()


@pytest.mark.skipif(not GOLD_DEV.is_dir(), reason="shared gold-dev folder not present")
def test_accuracy_on_fakes_writes_stable_keys(tmp_path: Path) -> None:
    out = tmp_path / "accuracy.json"
    args = ["accuracy", "--gold", str(GOLD_DEV), "--out", str(out), "--embedder", "fake", "--nli-model", "fake", "-q"]
    result = runner.invoke(bench_app, args)
    assert result.exit_code == 0, result.output
    assert "claims     recall" in result.output and "synthetic conflicts recall" in result.output
    data = json.loads(out.read_text())
    for path in ("claims.recall", "clustering.f1", "pairs.conflict.f1", "pairs.agree.false_conflict_rate", "synthetic.recall", "synthetic.by_type"):
        node = data
        for key in path.split("."):
            assert key in node, path
            node = node[key]
    assert data["claims"]["gold"] == 47
    assert data["synthetic"]["items"] == 23
    assert sum(v["items"] for v in data["synthetic"]["by_type"].values()) == 23
    assert data["machine"]["packages"]["torch"]
    again = runner.invoke(bench_app, args)
    assert again.exit_code == 2 and "--force" in again.output


def test_accuracy_reports_a_missing_gold_folder(tmp_path: Path) -> None:
    result = runner.invoke(bench_app, ["accuracy", "--gold", str(tmp_path / "nope"), "-q"])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_speed_on_fakes_runs_each_slice_in_a_worker(tmp_path: Path, reuters_sample: str) -> None:
    reuters = tmp_path / "reuters"
    reuters.mkdir()
    (reuters / "reut2-000.sgm").write_bytes(reuters_sample.encode("latin-1"))
    out, plot = tmp_path / "speed.json", tmp_path / "speed.png"
    args = [
        "speed", "--out", str(out), "--plot", str(plot), "--reuters", str(reuters), "--sizes", "1,all",
        "--baseline-docs", "2", "--embedder", "fake", "--nli-model", "fake", "--run-limit-minutes", "3", "-q",
    ]
    result = runner.invoke(bench_app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    runs = data["runs"]
    assert list(runs) == ["seeds", "baseline-reuters-2", "reuters-1", "reuters-all"]
    assert all(r["status"] == "ok" for r in runs.values()), {k: r.get("log_tail") for k, r in runs.items()}
    assert runs["reuters-all"]["documents"] == 2
    assert runs["seeds"]["check_seconds_repeats"]["n"] == 3
    assert runs["seeds"]["peak_rss_bytes"] > 0 and runs["seeds"]["overhead_ratio"] > 0
    assert runs["seeds"]["parse_worker_peak_rss_bytes"] >= 0  # 0 when no parsing process ran
    # The parser's own time is part of the pure model time in the second ratio.
    assert runs["seeds"]["throughput"]["parsed_texts"] >= runs["seeds"]["stats"]["claims"] > 0
    assert runs["seeds"]["pure_parse_seconds"] > 0
    assert 0 < runs["seeds"]["overhead_ratio_with_parser"] < runs["seeds"]["overhead_ratio"]
    assert runs["seeds"]["stats"]["nli_calls"] > 0
    baseline = runs["baseline-reuters-2"]
    assert baseline["confident_conflicts_both_directions"] <= baseline["confident_conflicts"]
    assert set(data["summary"]) >= {"all_end_to_end_seconds", "peak_memory_bytes", "overhead_ratio", "baseline_call_reduction"}
    assert plot.read_bytes()[:4] == b"\x89PNG"
    assert "target" in result.output
