from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from crosscheck.cli import app
from crosscheck.types import Report

runner = CliRunner()
FAKE = ["--embedder", "fake", "--nli-model", "fake", "--quiet"]


def test_check_writes_a_json_report_that_validates(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["check", str(seeds_dir), "--format", "json", "-o", str(out), *FAKE])
    assert result.exit_code == 0, result.output
    report = Report.model_validate(json.loads(out.read_text()))
    assert report.stats["documents"] == 14


def test_missing_path_is_one_line_exit_2_and_the_rest_is_still_checked(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = runner.invoke(app, ["check", str(seeds_dir / "001_b7dc2951eaabda80.txt"), str(tmp_path / "nope.txt"), "-o", str(out), *FAKE])
    assert result.exit_code == 2
    assert "crosscheck: error:" in result.output and "nope.txt: no such file or folder" in result.output
    assert "Inputs not read" in out.read_text()


def test_existing_output_is_not_overwritten_without_force(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    out.write_text("keep me")
    result = runner.invoke(app, ["check", str(seeds_dir), "-o", str(out), *FAKE])
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text() == "keep me"


def test_nothing_readable_is_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "none"), *FAKE])
    assert result.exit_code == 2 and "no articles" in result.output
