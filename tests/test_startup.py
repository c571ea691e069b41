"""Start-up shortcuts must not change behaviour.

- The console script builds only the command that runs (rnk.framework); nothing else may differ from
  the app Typer builds eagerly (which typer.testing.CliRunner and the other tests use).
- It exits with every object frozen, so that the last garbage collections skip them
  (rnk.entry.exit_now): output must still be complete, and exit hooks must still run.
- It runs with the cyclic garbage collector paused (rnk.entry.main).
"""

from __future__ import annotations

import calendar
import json
import subprocess
import sys
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from rnk.cli import app
from rnk.framework import LazyCommands, lazy_command

from conftest import invoke, run_script


def run(group: Any, *args: str) -> tuple[int, str, str]:
    """Run a click group as the console script does, capturing its output."""
    with CliRunner().isolation(env={"COLUMNS": "100", "NO_COLOR": "1"}) as (out, err, _):
        code = group.main(args=list(args), prog_name="rnk", standalone_mode=False)
        return code, out.getvalue().decode(), err.getvalue().decode()


def command_names() -> list[str]:
    return list(get_command(app).commands)  # type: ignore[attr-defined]


def test_lazy_group_lists_the_same_commands_in_the_same_order() -> None:
    eager, lazy = get_command(app), lazy_command(app)
    assert list(lazy.commands) == list(eager.commands)  # type: ignore[attr-defined]
    assert lazy.commands.built == {}  # type: ignore[attr-defined]  # listing builds nothing


@pytest.mark.parametrize("args", [["--help"], ["evnts"], ["events", "--bogus"], ["events", "1950", "--json"]])
def test_lazy_group_answers_like_the_eager_one(args: list[str]) -> None:
    assert run(lazy_command(app), *args) == run(get_command(app), *args)


@pytest.mark.parametrize("name", command_names())
def test_every_command_builds_and_has_the_same_help(name: str) -> None:
    assert run(lazy_command(app), name, "--help") == run(get_command(app), name, "--help")


def test_a_misspelt_command_still_gets_a_suggestion() -> None:
    code, _, err = run(lazy_command(app), "evnts")
    assert code == 2 and "Did you mean 'events'?" in err


def test_lazy_commands_behave_as_a_mapping() -> None:
    built: list[str] = []

    def build(info: Any) -> Any:
        built.append(info)
        return f"command {info}"

    commands = LazyCommands({"a": "A", "b": "B"}, build)  # type: ignore[dict-item]
    assert list(commands) == ["a", "b"] and len(commands) == 2 and list(commands.keys()) == ["a", "b"]
    assert commands.get("zzz") is None and "zzz" not in commands and built == []
    assert commands["b"] == "command B" and commands["b"] == "command B" and built == ["B"]
    assert dict(commands.items()) == {"a": "command A", "b": "command B"} and built == ["B", "A"]


def test_days_in_month_matches_the_calendar() -> None:
    """rnk.core.dates avoids importing calendar at start-up; its replacement must agree with it."""
    from rnk.core.dates import days_in_month

    for year in (1, 4, 100, 400, 1900, 1950, 2000, 2023, 2024, 9999):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1]


def test_a_large_output_is_complete_through_a_pipe() -> None:
    """More than a pipe's buffer (64 KiB) is written before the process leaves."""
    expected = invoke("events", "--json")
    got = run_script("events", "--json", env={"RNK_NO_CACHE": "1"})
    assert got.code == 0 and len(got.out.encode()) > 64 * 1024 and got.out == expected.out
    assert json.loads(got.out)


def test_errors_still_reach_stderr_with_their_exit_code(tmp_path: Any) -> None:
    got = run_script("--data", str(tmp_path / "missing.toml"), "events")
    assert got.code == 3 and "no such file" in got.err and got.out == ""


@pytest.mark.parametrize("hook", [False, True])
def test_exit_now_flushes_and_honours_exit_hooks(hook: bool) -> None:
    code = (
        "import atexit, sys\n"
        + ("atexit.register(lambda: print(' and the hook ran', end=''))\n" if hook else "")
        + "from rnk.entry import exit_now\n"
        "print('output', end='')\n"
        "sys.stderr.write('message')\n"
        "exit_now(5)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 5 and proc.stderr == "message"
    assert proc.stdout == ("output and the hook ran" if hook else "output")


def test_a_run_pauses_the_garbage_collector() -> None:
    code = (
        "import atexit, gc\n"
        "atexit.register(lambda: print('collector on:', gc.isenabled()))\n"
        "from rnk.entry import main\n"
        "main(['--version'])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0 and proc.stdout.splitlines()[-1] == "collector on: False"
