"""Parent side: run one task in a bounded subprocess, watching its wall time and resident memory."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    """Bounds on each worker: wall seconds and resident memory."""

    seconds: float
    memory_bytes: int


def _rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def run_worker(spec: dict[str, object], limits: Limits, workdir: Path) -> dict[str, object]:
    """Run one task in a subprocess under ``limits``; never raises for a failed task.

    Returns:
        The worker's result, or ``{"status": "timeout" | "memory_limit" | "error", ...}``
        with the stages it finished (from its progress file) and the peak memory seen.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    name = str(spec["name"]).replace("/", "_")
    spec_path, out_path, progress = workdir / f"{name}.spec.json", workdir / f"{name}.out.json", workdir / f"{name}.progress.jsonl"
    for p in (out_path, progress):
        p.unlink(missing_ok=True)
    spec_path.write_text(json.dumps({**spec, "progress": str(progress)}), encoding="utf-8")
    log_path = workdir / f"{name}.log"
    started = time.perf_counter()
    peak_seen = 0
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "crosscheck.bench.tasks", "--worker", str(spec_path), str(out_path)], stdout=log, stderr=log
        )
        status = None
        while proc.poll() is None:
            time.sleep(0.5)
            peak_seen = max(peak_seen, _rss_bytes(proc.pid))
            if peak_seen > limits.memory_bytes:
                status = "memory_limit"
            elif time.perf_counter() - started > limits.seconds:
                status = "timeout"
            if status:
                proc.kill()
                proc.wait()
                break
    wall = time.perf_counter() - started
    if status is None and proc.returncode == 0 and out_path.is_file():
        result = json.loads(out_path.read_text(encoding="utf-8"))
        result["worker_wall_seconds"] = wall
        return result
    stages = []
    if progress.is_file():
        stages = [json.loads(line) for line in progress.read_text(encoding="utf-8").splitlines() if line.strip()]
    tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:] if log_path.is_file() else ""
    return {
        "status": status or "error",
        "worker_wall_seconds": wall,
        "limit_seconds": limits.seconds,
        "limit_memory_bytes": limits.memory_bytes,
        "peak_rss_bytes_seen": peak_seen,
        "stages_finished": stages,
        "log_tail": tail if status is None else "",
    }
