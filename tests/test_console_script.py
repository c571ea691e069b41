"""The installed console script, in a real subprocess: pipes, exit codes, `python -m rnk`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINI, ROOT, console_script, run_script


def test_console_script_prints_json() -> None:
    run = run_script("--data", str(MINI), "events", "1950-1953", "--json")
    assert run.code == 0, run
    assert [r["id"] for r in run.json()] == ["war-begins"]


def test_console_script_asks_and_excludes_a_year() -> None:
    run = run_script("ask", "what", "happened", "in", "1996", "--json")
    assert run.code == 0, run
    assert run.json()["answer"] is None and "treaty-lapse-1996" in [e["id"] for e in run.json()["events"]]
    refused = run_script("ask", "how", "do", "i", "cook", "rice")
    assert (
        refused.code == 1
        and refused.out == ""
        and refused.err.startswith("rnk: nothing in the data answers that")
    )
    excluded = run_script("search", "treaty", "-2024", "--json")
    assert excluded.code == 0 and not any(r["start"].startswith("2024") for r in excluded.json())


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


def run_on_tty(*args: str, env: dict[str, str] | None = None) -> str:
    """Run the console script with stdout on a pseudo-terminal; return what it printed."""
    import pty

    leader, follower = pty.openpty()
    full_env = {**os.environ, "COLUMNS": "100", "TERM": "xterm-256color", **(env or {})}
    for name in ("NO_COLOR", "FORCE_COLOR"):
        if name not in (env or {}):
            full_env.pop(name, None)
    proc = subprocess.Popen([console_script(), *args], stdout=follower, stderr=subprocess.PIPE, env=full_env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_the_default_is_a_coloured_table() -> None:
    out = run_on_tty("--data", str(MINI), "events")
    assert "─" in out and "\x1b[" in out
    assert "3 events" in out


def test_on_a_terminal_no_color_keeps_the_table_without_colour() -> None:
    out = run_on_tty("--data", str(MINI), "events", env={"NO_COLOR": "1"})
    assert "─" in out and "\x1b[" not in out
    dumb = run_on_tty("--data", str(MINI), "events", env={"TERM": "dumb"})
    assert "\x1b[" not in dumb


# --- closed streams (`>&-`, `2>&-`): one line, the documented exit code, never a traceback ---


def closed(command: str) -> subprocess.CompletedProcess[str]:
    """Run `rnk COMMAND` through bash, which closes the descriptors as the command says."""
    script = f"'{console_script()}' --data '{MINI}' {command}"
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)


@pytest.mark.parametrize("command", ["events --json >&-", "events --help >&-", "--version >&-", "events >&-"])
def test_closed_stdout_is_like_an_unwritable_one(command: str) -> None:
    proc = closed(command)
    assert proc.returncode == 2, proc
    assert proc.stderr == "rnk: error: cannot write the output: standard output is closed\n"


def test_closed_stdout_keeps_usage_errors_and_no_match() -> None:
    usage = closed("events plain >&-")
    assert usage.returncode == 2 and usage.stderr.startswith("rnk: error: invalid range 'plain'")
    assert usage.stderr.count("\n") == 1
    nothing = closed("events 1954 >&-")  # nothing to write: a plain no-match
    assert (nothing.returncode, nothing.stderr) == (1, "rnk: no events match\n")


@pytest.mark.parametrize(
    ("command", "code"),
    [("events abc 2>&-", 2), ("events 1954 2>&-", 1), ("events 1950 2>&-", 0), ("events --json >&- 2>&-", 2)],
)
def test_closed_stderr_keeps_the_exit_code(command: str, code: int) -> None:
    proc = closed(command)
    assert proc.returncode == code, proc
    assert "Traceback" not in proc.stdout


# --- what reaches a terminal ---


def test_csv_on_a_terminal_shows_control_characters(tmp_path: Path) -> None:
    data = tmp_path / "controls.toml"
    hostile = r"A war \u001b[2J \u0007 \u001b]8;;https://evil.example\u001b\\x\u001b]8;;\u001b\\ \u009b31m"
    data.write_text(MINI.read_text().replace('title = "A war"', f'title = "{hostile}"'))
    out = run_on_tty("--data", str(data), "events", "1950", "--format", "csv")
    for raw in ("\x1b[2J", "\x07", "\x1b]8;", "\x9b"):
        assert raw not in out
    assert "\\x1b[2J" in out and "\\x9b31m" in out


def test_color_always_wins_over_term_dumb_on_a_terminal() -> None:
    out = run_on_tty("--data", str(MINI), "events", "--color", "always", env={"TERM": "dumb"})
    assert "\x1b[" in out
