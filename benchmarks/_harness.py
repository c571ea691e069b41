"""Shared helpers for the benchmarks: run a command many times, keep wall time and peak memory.

Standard library only. Each run is one child process; its peak resident memory comes from
`os.wait4`, which reports the resource usage of exactly that child.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Case:
    """One command to measure. `ok` lists the exit codes that mean "it ran" (1 = no match)."""

    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    ok: tuple[int, ...] = (0, 1)
    times: list[float] = field(default_factory=list)
    peak_kib: int = 0
    status: str = ""  # "" while fine; else why the case is shown as n/a

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000 if self.times else float("nan")

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024


def rnk_command() -> list[str]:
    """The installed console script beside this interpreter, as users run it; else `python -m rnk`."""
    beside = Path(sys.executable).parent / "rnk"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("rnk")
    return [found] if found else [sys.executable, "-m", "rnk"]


def clean_env() -> dict[str, str]:
    """The environment for measured runs: like a user's, with bytecode caching on.

    Installed packages have their bytecode compiled; a checkout run with PYTHONDONTWRITEBYTECODE
    would instead compile rnk's modules on every run and measure the compiler. Callers point
    PYTHONPYCACHEPREFIX at a scratch folder so that the working tree stays clean.
    """
    drop = ("NO_COLOR", "FORCE_COLOR", "RNK_DATA", "RNK_NO_CACHE", "PYTHONDONTWRITEBYTECODE", "COLUMNS")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["COLUMNS"] = "100"
    return env


def run_once(argv: Sequence[str], env: Mapping[str, str]) -> tuple[float, int, int, bytes]:
    """Wall time (s), exit code, peak RSS (KiB) and stderr of one run; stdout is discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=dict(env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    peak = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return elapsed, proc.returncode, peak, err


def not_implemented(err: bytes) -> bool:
    text = err.decode("utf-8", "replace")
    return "No such command" in text or "no such option" in text.lower()


def measure(cases: Sequence[Case], runs: int, base_env: Mapping[str, str], warmup: int = 1) -> None:
    """Warm up every case, then run them round-robin so that drift on a busy machine hits all alike."""
    for case in cases:
        env = {**base_env, **case.env}
        for _ in range(warmup):
            _, code, _, err = run_once(case.argv, env)
            if code not in case.ok:
                case.status = "n/a" if not_implemented(err) else f"exit {code}"
                break
    live = [c for c in cases if not c.status]
    for _ in range(runs):
        for case in live:
            elapsed, code, peak, err = run_once(case.argv, {**base_env, **case.env})
            if code not in case.ok:
                case.status = f"exit {code}: {err.decode('utf-8', 'replace').strip()[:80]}"
                continue
            case.times.append(elapsed)
            case.peak_kib = max(case.peak_kib, peak)


def machine_description() -> str:
    """CPU model, core count and Python version: the context every table needs."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    impl = sys.implementation.name
    version = ".".join(map(str, sys.version_info[:3]))
    return f"{model}, {os.cpu_count()} cores, {sys.platform}, {impl} {version}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table (it reads well in a terminal too)."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def fmt(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    lines = [fmt(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += [fmt(r) for r in rows]
    return "\n".join(lines)
