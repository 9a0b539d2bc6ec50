"""Plot time and peak memory against corpus size from a speed results dictionary."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def plot_speed(results: Mapping[str, object], out: str | Path) -> Path:
    """Write a PNG: end-to-end and per-stage time (left), peak memory (right), per run.

    Runs that did not finish are left out, except slices skipped for time, whose
    extrapolated end-to-end time is drawn as an open circle; the targets (20 min, 6 GB) are drawn as lines.

    Raises:
        ImportError: if matplotlib is missing (install the ``bench`` extra).
        ValueError: if no run finished.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import matplotlib.ticker
    except ImportError as exc:
        raise ImportError("plotting needs matplotlib: pip install 'crosscheck[bench]'") from exc

    runs: Mapping[str, Mapping[str, object]] = results["runs"]  # type: ignore[assignment]
    done = sorted(
        ((name, r) for name, r in runs.items() if r.get("status") == "ok" and "stages" in r and not name.startswith("baseline")),
        key=lambda item: int(item[1]["documents"]),  # type: ignore[arg-type]
    )
    if not done:
        raise ValueError("no finished pipeline run to plot")
    docs = [int(r["documents"]) for _, r in done]  # type: ignore[arg-type]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    left.plot(docs, [float(r["end_to_end_seconds"]) for _, r in done], "o-", color="black", label="end to end")  # type: ignore[arg-type]
    stages = ["claims", "embed", "reuse", "cluster", "verify"]
    for stage in stages:
        left.plot(docs, [float(r["stages"].get(stage, 0.0)) for _, r in done], ".--", label=stage)  # type: ignore[union-attr]
    estimated = [(name, r) for name, r in runs.items() if r.get("estimated_seconds") and r.get("documents")]
    if estimated:
        xs = [int(r["documents"]) for _, r in estimated]  # type: ignore[arg-type]
        ys = [float(r["estimated_seconds"]) for _, r in estimated]  # type: ignore[arg-type]
        left.plot(xs, ys, "o", markerfacecolor="none", color="black", label="end to end, extrapolated (not run)")
        for (name, _), x, y in zip(estimated, xs, ys, strict=True):
            left.annotate(name, (x, y), fontsize=7, textcoords="offset points", xytext=(4, 4))
    left.axhline(20 * 60, color="red", linewidth=0.8, linestyle=":", label="target: 20 min (all docs)")
    left.set(xscale="log", yscale="log", xlabel="documents", ylabel="seconds", title="Time on 2 CPU cores")
    left.legend(fontsize=7)
    right.plot(docs, [int(r["peak_rss_bytes"]) / 1e9 for _, r in done], "o-", color="purple")  # type: ignore[arg-type]
    right.axhline(6, color="red", linewidth=0.8, linestyle=":", label="target: 6 GB")
    right.set(xscale="log", xlabel="documents", ylabel="peak resident memory (GB)", title="Peak memory", ylim=(0, None))
    right.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    right.legend(fontsize=7)
    for (name, r), x in zip(done, docs, strict=True):
        left.annotate(name, (x, float(r["end_to_end_seconds"])), fontsize=7, textcoords="offset points", xytext=(4, 4))  # type: ignore[arg-type]
    fig.tight_layout()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
