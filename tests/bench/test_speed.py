from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from crosscheck.bench.baseline import (
    confident_conflicts,
    count_cross_source_pairs,
    share_found,
    similar_cross_source_pairs,
)
from crosscheck.bench.measure import mean_ci, measure_rate
from crosscheck.bench.speed import _parse_sizes, format_table, summarise


def cross_source_pairs(sources: list[str]) -> list[tuple[int, int]]:
    """The brute-force oracle: every index pair ``i < j`` whose sources differ."""
    return [(i, j) for i in range(len(sources)) for j in range(i + 1, len(sources)) if sources[i] != sources[j]]


def test_cross_source_pairs_skip_same_source() -> None:
    sources = ["a", "a", "b", "c"]
    vectors = np.eye(4, dtype=np.float32)
    pairs, _ = similar_cross_source_pairs(vectors, sources, -np.inf)
    assert pairs == [(0, 2), (0, 3), (1, 2), (1, 3), (2, 3)] == cross_source_pairs(sources)
    assert count_cross_source_pairs(sources) == 5


def test_similar_pairs_are_the_cross_source_pairs_over_the_bar_in_blocks() -> None:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(9, 4)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sources = ["a", "a", "b", "c", "c", "c", "d", "a", "b"]
    every = cross_source_pairs(sources)
    assert count_cross_source_pairs(sources) == len(every)
    pairs, cosine = similar_cross_source_pairs(vectors, sources, -np.inf, block=4)
    assert pairs == every and np.allclose(cosine, [vectors[i] @ vectors[j] for i, j in every])
    close, _ = similar_cross_source_pairs(vectors, sources, 0.5, block=2)
    assert close == [(i, j) for i, j in every if vectors[i] @ vectors[j] >= 0.5]


def test_confident_conflicts_need_both_bars() -> None:
    pairs = [(0, 1), (0, 2), (1, 2), (2, 3)]
    contradiction = np.array([0.95, 0.95, 0.5, 0.9])
    cosine = np.array([0.6, 0.4, 0.9, 0.5])
    assert confident_conflicts(pairs, contradiction, cosine) == [(0, 1), (2, 3)]
    with pytest.raises(ValueError, match="align"):
        confident_conflicts(pairs, contradiction[:2], cosine)


def test_share_found_is_order_free_and_undefined_when_empty() -> None:
    found, share = share_found([("a", "b"), ("c", "d")], {frozenset(("b", "a"))})
    assert (found, share) == (1, 0.5)
    assert share_found([], set()) == (0, None)


def test_mean_ci_and_rate() -> None:
    stats = mean_ci([10.0, 12.0, 14.0])
    assert stats["mean"] == pytest.approx(12.0)
    assert stats["ci95"] == pytest.approx(4.303 * 2.0 / 3**0.5)
    assert mean_ci([5.0])["ci95"] is None
    calls = []
    rate = measure_rate(lambda: calls.append(1), items=100, repeats=2)
    assert len(calls) == 3  # one warm-up, two timed
    assert rate["n"] == 2 and rate["mean"] > 0


def test_parse_sizes() -> None:
    assert _parse_sizes(["1k", "500", "all"]) == [1000, 500, None]
    with pytest.raises(ValueError, match="'ten'"):
        _parse_sizes(["ten"])


def _run(docs: int, e2e: float, check: float, peak: float, overhead: float) -> dict[str, object]:
    return {
        "status": "ok",
        "documents": docs,
        "end_to_end_seconds": e2e,
        "check_seconds": check,
        "peak_rss_bytes": int(peak * 1e9),
        "overhead_ratio": overhead,
        "overhead_ratio_with_parser": overhead * 0.8,
        "stages": {"claims": 1.0, "embed": 2.0, "verify": check - 3.0, "total": check},
        "stats": {"sentences": docs * 10, "claims": docs * 5, "nli_calls": docs * 4},
        "throughput": {"embed_sentences_per_second": {"mean": 400.0}, "nli_pairs_per_second": {"mean": 100.0}},
        "worker_wall_seconds": e2e + 5,
    }


def test_summary_marks_targets_met_and_missed() -> None:
    runs = {
        "seeds": _run(14, 20, 10, 1.0, 1.1),
        "baseline-reuters-20": {
            "status": "ok", "documents": 20, "call_reduction": 50.0, "confident_conflicts_found_share": 0.8,
            "confident_conflicts": 5, "confident_conflicts_found": 4, "baseline_nli_calls": 1000, "baseline_seconds": 10.0,
            "pipeline_nli_calls": 20, "pipeline_seconds": 1.0, "time_reduction": 10.0,
        },
        "reuters-5000": _run(5000, 400, 300, 3.0, 1.2),
        "reuters-all": _run(19000, 1500, 1400, 7.0, 1.5),
    }
    summary = summarise(runs)
    assert summary["all_end_to_end_seconds"]["met"] is False
    assert summary["all_end_to_end_seconds"]["ratio_to_target"] == pytest.approx(1500 / 1200)
    assert summary["peak_memory_bytes"]["value"] == 7e9 and summary["peak_memory_bytes"]["met"] is False
    assert summary["scaling_all_over_5k"]["value"] == pytest.approx(1400 / 300) and summary["scaling_all_over_5k"]["met"] is False
    assert summary["overhead_ratio"]["value"] == 1.5 and "reuters-all" in summary["overhead_ratio"]["note"]
    assert summary["overhead_ratio_with_parser"]["value"] == pytest.approx(1.2) and summary["overhead_ratio_with_parser"]["met"] is True
    assert summary["baseline_call_reduction"]["met"] is True
    assert summary["baseline_conflict_share"]["met"] is False
    table = format_table({"runs": runs, "summary": summary})
    assert "reuters-all" in table and "NO" in table and "50x fewer calls" in table


def test_summary_of_unfinished_runs_is_not_measured() -> None:
    runs = {"reuters-1000": _run(1000, 100, 90, 2.0, 1.2), "reuters-5000": {"status": "timeout"}, "reuters-all": {"status": "skipped_after_failure"}}
    summary = summarise(runs)
    assert summary["all_end_to_end_seconds"]["met"] is None
    assert "skipped_after_failure" in summary["all_end_to_end_seconds"]["note"]
    assert summary["scaling_all_over_5k"]["value"] is None
    assert summary["overhead_ratio"]["value"] == 1.2


def test_plot_writes_a_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from crosscheck.bench.plot import plot_speed

    runs = {"seeds": _run(14, 20, 10, 1.0, 1.1), "reuters-1000": _run(1000, 100, 90, 2.0, 1.2), "reuters-5000": {"status": "timeout"}}
    out = plot_speed({"runs": runs}, tmp_path / "speed.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="no finished"):
        plot_speed({"runs": {"x": {"status": "timeout"}}}, tmp_path / "none.png")


def test_slices_that_would_not_fit_the_budget_are_skipped_with_an_estimate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import crosscheck.bench.reuters as reuters
    import crosscheck.bench.speed as speed

    calls: list[str] = []

    def fake_worker(spec: dict[str, object], limits: object, workdir: Path) -> dict[str, object]:
        calls.append(str(spec["name"]))
        return {**_run(1000, 0, 100.0, 2.0, 1.1), "read_seconds": 2.0, "load_seconds": 10.0}

    monkeypatch.setattr(speed, "run_worker", fake_worker)
    monkeypatch.setattr(reuters, "find_sgml_files", lambda folder: [Path("x.sgm")])
    monkeypatch.setattr(reuters, "read_stories", lambda folder, limit=None: [None] * 19000)
    results = speed.run_speed(sizes=["1k", "5k", "all"], baseline_docs=0, budget_seconds=300, workdir=tmp_path)
    assert calls == ["seeds", "reuters-1000"]
    runs = results["runs"]
    assert runs["reuters-5000"]["status"] == "skipped_over_budget"
    assert runs["reuters-5000"]["estimated_seconds"] == pytest.approx(10 + 102 * 5)
    assert runs["reuters-all"]["estimated_seconds"] == pytest.approx(10 + 102 * 19)
    summary = results["summary"]["all_end_to_end_seconds"]
    assert summary["met"] is None and summary["estimated_ratio_to_target"] == pytest.approx((10 + 102 * 19) / 1200)
