from __future__ import annotations

import os
from pathlib import Path

import pytest

from crosscheck.types import Report

# Never reach a model hub from the test suite.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_report(seeds_dir: Path) -> Report:
    """The seed corpus checked with the real models, once per test run (slow tests only)."""
    from crosscheck import Checker, load_documents

    loaded = load_documents([seeds_dir])
    assert loaded.errors == []
    return Checker().check(loaded.documents)


@pytest.fixture(scope="session", autouse=True)
def onnx_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache the ONNX paths export into: this session's temporary folder unless
    CROSSCHECK_CACHE is set (point it at a lasting folder to export once across runs)."""
    if not os.environ.get("CROSSCHECK_CACHE"):
        os.environ["CROSSCHECK_CACHE"] = str(tmp_path_factory.mktemp("crosscheck-cache"))
    return Path(os.environ["CROSSCHECK_CACHE"]) / "onnx"
