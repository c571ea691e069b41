"""The installed console script, in a real subprocess: pipes, exit codes, `python -m rnk`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINI, ROOT, console_script, run_script


def test_console_script_prints_json() -> None:
    run = run_script("--data", str(MINI), "events", "1950-1953", "--json")
    assert run.code == 0, run
    assert [r["id"] for r in run.json()] == ["war-begins"]


def test_python_dash_m_works() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "rnk", "--data", str(MINI), "events", "--json"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("[")


def test_usage_error_in_subprocess_is_one_line() -> None:
    run = run_script("events", "1953-1950")
    assert run.code == 2
    assert run.out == ""
    assert run.err.count("\n") == 1 and "Traceback" not in run.err


def big_chronology(path: Path, count: int = 1500) -> Path:
    """Enough events that the output cannot fit in a pipe's buffer (64 KiB)."""
    head = MINI.read_text().split("[[events]]")[0]
    body = "".join(
        f'[[events]]\nid = "e{i}"\nstart = "{1950 + i % 70}"\ntitle = "Event {i}"\n'
        f'summary = "{"A long summary. " * 5}"\nera = "late"\ntags = ["war"]\nsources = ["src-a"]\n\n'
        for i in range(count)
    )
    path.write_text(head + body)
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "plain", "table"])
def test_piping_into_head_is_quiet(tmp_path: Path, fmt: str) -> None:
    data = big_chronology(tmp_path / "big.toml")
    cmd = (
        f"'{console_script()}' --data '{data}' events --format {fmt} | head -n 1; "
        'echo "status=${PIPESTATUS[0]}" >&2'
    )
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.stdout.count("\n") == 1
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert proc.stderr.strip().splitlines() == ["status=141"], proc.stderr


def test_stdout_closed_early_exits_141_without_noise(tmp_path: Path) -> None:
    data = big_chronology(tmp_path / "big.toml")
    proc = subprocess.Popen(
        [console_script(), "--data", str(data), "events", "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert "Traceback" not in err and "Exception ignored" not in err
    assert code == 141
