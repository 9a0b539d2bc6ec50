"""Accuracy against the gold-dev labels; same as `crosscheck bench accuracy`.

    python benchmarks/run_accuracy.py            # writes benchmarks/results/accuracy.json
"""

from __future__ import annotations

import sys

from crosscheck.bench.cli import bench_app

if __name__ == "__main__":
    args = sys.argv[1:] or ["--gold", "../shared/eval/gold-dev", "--out", "benchmarks/results/accuracy.json", "--force"]
    bench_app(["accuracy", *args])
