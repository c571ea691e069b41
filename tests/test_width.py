"""Output that fits: in a pipe, text is laid out for the terminal the user sits at (COLUMNS, then
the terminal on stderr or stdin), else at 80 columns; dates and captions wrap cleanly."""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import termios

import pytest

from conftest import MINI, console_script, invoke

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def widths(text: str) -> set[int]:
    return {len(ANSI.sub("", line)) for line in text.splitlines()}


def piped(*args: str, terminal_columns: int | None, env: dict[str, str] | None = None) -> str:
    """Run the console script with stdout on a pipe and stderr (and stdin) on a pseudo-terminal
    of `terminal_columns` columns, or on no terminal at all when None."""
    import pty

    full_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    leader = follower = None
    if terminal_columns is not None:
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, terminal_columns, 0, 0))
    try:
        proc = subprocess.run(
            [console_script(), "--data", str(MINI), *args],
            stdin=follower if follower is not None else subprocess.DEVNULL,
            stderr=follower if follower is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE, env=full_env, timeout=60, check=True,
        )  # fmt: skip
    finally:
        for fd in (leader, follower):
            if fd is not None:
                os.close(fd)
    return proc.stdout.decode("utf-8")


def test_in_a_pipe_the_table_takes_the_width_of_the_terminal_on_stderr() -> None:
    assert widths(piped("events", "--color", "always", terminal_columns=123)) == {123}


def test_in_a_pipe_without_a_terminal_the_width_is_80() -> None:
    assert widths(piped("events", "--color", "always", terminal_columns=None)) == {80}


def test_columns_beats_the_terminal() -> None:
    out = piped("events", "--color", "always", terminal_columns=123, env={"COLUMNS": "100"})
    assert widths(out) == {100}


def test_the_timeline_in_a_pipe_is_as_wide_as_the_users_terminal() -> None:
    # The picture's labels wrap at spaces: its widest line may fall a little short.
    assert 140 <= max(widths(piped("timeline", terminal_columns=150))) <= 150
    assert 72 <= max(widths(piped("timeline", terminal_columns=None))) <= 80


@pytest.mark.parametrize("columns", ["60", "80", "100"])
def test_a_date_is_never_broken_inside_the_date_column(columns: str) -> None:
    out = invoke("events", "2024", "--format", "table", env={"COLUMNS": columns}).out
    assert re.search(r"^ 11 November 2024 ", out, re.M), out[:2000]
    for line in out.splitlines():
        assert not re.match(r"^ \d{4} ", line), line  # no year alone at the start of a line


@pytest.mark.parametrize("columns", ["60", "80", "120"])
def test_the_faq_caption_is_two_whole_lines(columns: str) -> None:
    out = invoke("faq", "-n", "5", "--format", "table", env={"COLUMNS": columns}).out
    caption = [line.strip() for line in out.splitlines()[-2:]]
    assert caption == ["rnk faq ID prints an answer;", "rnk faq WORDS... answers your own question"]
