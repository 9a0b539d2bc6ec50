"""Speed and scale on CPU; same as `crosscheck bench speed`.

    python benchmarks/run_speed.py               # writes benchmarks/results/speed.json and speed.png
"""

from __future__ import annotations

import sys

from crosscheck.bench.cli import bench_app

if __name__ == "__main__":
    bench_app(["speed", *(sys.argv[1:] or ["--force"])])
