from __future__ import annotations

import json
from pathlib import Path

import pytest
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


ARTICLE = (
    "Harbour Closed by Storm\n\n"
    "A storm closed the harbour for two days, port officials said on Friday, stranding 40 ships.\n"
    "Officials said repairs would cost about 3 million euros and take until next month to finish.\n"
    "Fishermen said it was the worst storm in a decade and that several boats had been lost.\n"
    "The mayor said the city would pay for the repairs to the sea wall and open the harbour on Monday.\n"
)


def test_warnings_and_skipped_inputs_are_reported_but_do_not_force_exit_2(tmp_path: Path) -> None:
    records = tmp_path / "r.jsonl"
    records.write_text(
        json.dumps({"text": ARTICLE, "title": 42, "source": "A"}) + "\n" + json.dumps({"text": ARTICLE, "date": "17/03/2021", "source": "B"}) + "\n"
    )
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["check", str(tmp_path), "-f", "json", "-o", str(out), *FAKE])
    assert result.exit_code == 0, result.output
    report = Report.model_validate(json.loads(out.read_text()))
    assert report.stats["documents"] == 2 and report.errors == ()
    assert len(report.warnings) == 2 and any("not ISO" in w for w in report.warnings)
    assert len(report.skipped) == 2
    stderr_lines = [line for line in result.output.splitlines() if line.startswith("crosscheck: ")]
    assert sum(line.startswith("crosscheck: warning: ") for line in stderr_lines) == 2
    assert sum(line.startswith("crosscheck: skipped: ") for line in stderr_lines) == 2


def test_a_bad_record_is_exit_2_and_the_rest_is_checked(tmp_path: Path) -> None:
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"text": ARTICLE, "source": "A"}) + "\n" + json.dumps({"text": 42}) + "\n")
    out = tmp_path / "r.md"
    result = runner.invoke(app, ["check", str(records), "-o", str(out), *FAKE])
    assert result.exit_code == 2
    assert "crosscheck: error: " in result.output and "r.jsonl:2: field 'text' is a number (42), not a string" in result.output
    assert "Inputs not read" in out.read_text() and "1 document ·" in out.read_text()


def test_a_megabyte_line_without_punctuation_is_checked(tmp_path: Path, monkeypatch) -> None:
    # spaCy refuses texts over nlp.max_length ([E088]); the limit is lowered here so that a
    # small file shows what a 1 MB line did, without parsing a megabyte in the fast suite.
    from crosscheck.claims.slots.parse import _nlp

    monkeypatch.setattr(_nlp(), "max_length", 5_000)
    path = tmp_path / "flat.txt"
    path.write_text(ARTICLE + " ".join(f"the ministry said {n} ships" for n in range(1_000)) + "\n")
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["check", str(path), "-f", "json", "-o", str(out), *FAKE])
    assert result.exit_code == 0, result.output
    report = Report.model_validate(json.loads(out.read_text()))
    assert report.stats["claims"] > 10
    assert any("checked in pieces" in w for w in report.warnings)


def test_an_interrupted_write_leaves_no_half_report(seeds_dir: Path, tmp_path: Path, monkeypatch) -> None:
    import os

    out = tmp_path / "r.md"
    out.write_text("previous report")

    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    result = runner.invoke(app, ["check", str(seeds_dir / "001_b7dc2951eaabda80.txt"), "-o", str(out), "--force", *FAKE])
    assert result.exit_code != 0
    assert out.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def test_version_is_the_package_version() -> None:
    import crosscheck

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output == f"crosscheck {crosscheck.__version__}\n"


def test_schema_prints_the_committed_report_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    committed = (Path(__file__).resolve().parents[1] / "docs" / "report.schema.json").read_text(encoding="utf-8")
    assert result.output == committed, "docs/report.schema.json is stale: crosscheck schema > docs/report.schema.json"
    schema = json.loads(result.output)
    assert schema["title"] == "Report" and {"PairVerdict", "ClaimCluster", "Claim"} <= set(schema["$defs"])


def test_help_lists_the_model_names_and_reads_as_words() -> None:
    from crosscheck.backends.registry import BUILTIN_EMBEDDERS, BUILTIN_NLI_MODELS

    text = runner.invoke(app, ["check", "--help"]).output
    for name in (*BUILTIN_EMBEDDERS, *BUILTIN_NLI_MODELS, "claimreview", "csv"):
        assert name in text
    assert "PATH" in text and "FORMAT" in text and "NAME" in text
    for python_type in ("<str>", "<bool>", "<path>", "list[Path]", "<list"):
        assert python_type not in text


def test_the_builtin_names_are_the_registered_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    from crosscheck.backends import registry

    # On empty tables, so names other tests registered do not count: the CLI's list (what it
    # accepts before loading anything) is exactly what the built-ins register.
    monkeypatch.setattr(registry, "_EMBEDDERS", {})
    monkeypatch.setattr(registry, "_NLI_MODELS", {})
    monkeypatch.setattr(registry, "_INDEXES", {})
    monkeypatch.setattr(registry, "_BUILTINS_DONE", False)
    registry._register_builtins()
    assert set(registry.BUILTIN_EMBEDDERS) == set(registry._EMBEDDERS)
    assert set(registry.BUILTIN_NLI_MODELS) == set(registry._NLI_MODELS)


def test_the_onnx_paths_are_taken_by_name_on_the_command_line() -> None:
    from crosscheck.backends.registry import check_backend_names

    check_backend_names(embedder="minilm-onnx-fp32", nli_model="crosscheck-nli-onnx-int8")  # raises if unknown


def test_an_unknown_model_name_fails_before_any_input_is_read_or_model_imported(seeds_dir: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = (
        "import sys\nfrom crosscheck.cli import app\n"
        "try:\n    app([*sys.argv[1:]])\nexcept SystemExit as exit:\n    code = exit.code\n"
        "print(code, sorted(m for m in ('crosscheck.ingest', 'crosscheck.pipeline', 'torch', 'spacy') if m in sys.modules))\n"
    )
    root = Path(__file__).resolve().parents[1]
    commands = (["check", str(seeds_dir)], ["store", "add", str(seeds_dir), "--store", str(tmp_path / "store")])
    for command in commands:
        for option, name in (("--embedder", "minilm-fp16"), ("--nli-model", "roberta-large-mnli")):
            done = subprocess.run([sys.executable, "-c", probe, *command, option, name],
                                  capture_output=True, text=True, cwd=root, env={**__import__("os").environ, "PYTHONPATH": str(root)})
            assert done.stdout.strip() == "2 []", done.stdout + done.stderr
            assert f"unknown {option} '{name}'; choose one of" in done.stderr
    assert not (tmp_path / "store").exists()  # nothing created for a command that could not run


def test_check_writes_csv_and_claimreview(seeds_dir: Path, tmp_path: Path) -> None:
    for name in ("csv", "claimreview"):
        out = tmp_path / f"r.{name}"
        result = runner.invoke(app, ["check", str(seeds_dir), "-f", name, "-o", str(out), *FAKE])
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert text.startswith("label,probability,") if name == "csv" else json.loads(text)["@context"] == "https://schema.org"


def test_config_file_sets_the_run_and_the_report_records_it(seeds_dir: Path, tmp_path: Path) -> None:
    import json

    for name, text in (("run.json", '{"candidate_budget": 12, "stories": {"threshold": 0.35}}'),
                       ("run.toml", "candidate_budget = 12\n[stories]\nthreshold = 0.35\n")):
        settings = tmp_path / name
        settings.write_text(text, encoding="utf-8")
        out = tmp_path / f"{name}.report.json"
        result = runner.invoke(app, ["check", str(seeds_dir), "-f", "json", "-o", str(out), "--config", str(settings), *FAKE])
        assert result.exit_code == 0, result.output
        config = json.loads(out.read_text(encoding="utf-8"))["config"]
        assert config["candidate_budget"] == 12 and config["stories"]["threshold"] == 0.35
        assert config["nli_model"] == "fake"  # the command's own options win
    # A report's config object can be passed back as it is.
    again = tmp_path / "again.json"
    again.write_text(json.dumps(config), encoding="utf-8")
    result = runner.invoke(app, ["check", str(seeds_dir / "001_b7dc2951eaabda80.txt"), "-o", str(tmp_path / "r.md"), "--config", str(again), "--quiet"])
    assert result.exit_code == 0, result.output


def test_a_bad_config_file_is_one_line_exit_2_before_any_input_is_read(seeds_dir: Path, tmp_path: Path) -> None:
    cases = {
        "missing.json": None,
        "broken.json": "{candidate_budget: 12",
        "list.json": "[1, 2]",
        "unknown.json": '{"candidate_budgett": 12}',
        "range.json": '{"candidate_budget": -1}',
        "model.json": '{"nli_model": "roberta-large-mnli"}',
    }
    expected = {"missing.json": "no such file", "broken.json": "cannot read it as JSON", "list.json": "expected an object",
                "unknown.json": "candidate_budgett: Extra inputs are not permitted",
                "range.json": "candidate_budget: Input should be greater than or equal to 0",
                "model.json": "unknown nli_model in --config"}
    for name, text in cases.items():
        path = tmp_path / name
        if text is not None:
            path.write_text(text, encoding="utf-8")
        out = tmp_path / f"{name}.md"
        result = runner.invoke(app, ["check", str(seeds_dir), "-o", str(out), "--config", str(path), "--quiet"])
        assert result.exit_code == 2, (name, result.output)
        assert expected[name] in result.output, (name, result.output)
        assert not out.exists()
