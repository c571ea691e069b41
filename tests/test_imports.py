"""Import hygiene: each command path loads only what it needs, which keeps start-up near the
interpreter's floor (see docs/performance.md). No timings: the modules a run loads are what
can be checked exactly, and they are what the time goes on.

Each check runs rnk in a fresh interpreter through a small wrapper that records `sys.modules`
when the process exits.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

WRAPPER = """
import atexit, json, os, sys

def _dump():
    with open(os.environ["RNK_TEST_MODULES"], "w") as f:
        json.dump(sorted(sys.modules), f)

atexit.register(_dump)
sys.argv = ["rnk", *json.loads(os.environ["RNK_TEST_ARGS"])]
from rnk.entry import main
main()
"""


def modules_loaded(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules a run of `rnk ARGS` has loaded by the time it exits (json is the wrapper's)."""
    out = tmp_path / "modules.json"
    full_env = {
        **os.environ,
        "RNK_TEST_MODULES": str(out),
        "RNK_TEST_ARGS": json.dumps(list(args)),
        **(env or {}),
    }
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER], env=full_env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode in (0, 1), proc.stderr
    return set(json.loads(out.read_text()))


def under(modules: set[str], *roots: str) -> list[str]:
    return sorted(m for m in modules if m in roots or m.startswith(tuple(r + "." for r in roots)))


@pytest.fixture
def warm(tmp_path: Path) -> dict[str, str]:
    """An environment whose cache already holds the bundled data."""
    env = {"RNK_CACHE_DIR": str(tmp_path / "cache")}
    modules_loaded(tmp_path, "events", "--json", env=env)
    assert list((tmp_path / "cache").glob("chronology-*.bin"))
    return env


def test_json_output_loads_no_rich_and_no_toml_parser_when_cached(
    tmp_path: Path, warm: dict[str, str]
) -> None:
    loaded = modules_loaded(tmp_path, "events", "1950-1953", "--json", env=warm)
    assert under(loaded, "rich", "tomli", "tomllib") == []
    # nor the parts of rnk that other commands need
    unneeded = (
        "rnk.query.summary",
        "rnk.query.search",
        "rnk.render.human",
        "rnk.render.text",
        "rnk.core.tomlpos",
        "csv",
    )
    assert under(loaded, *unneeded) == []
    # Records are NamedTuples or plain classes: defining a dataclass costs 0.4 ms, and the module
    # itself as much again.
    assert "dataclasses" not in loaded


def test_json_output_loads_no_rich_even_when_parsing(tmp_path: Path) -> None:
    loaded = modules_loaded(tmp_path, "events", "--json", env={"RNK_NO_CACHE": "1"})
    assert "tomli" in loaded or "tomllib" in loaded  # it did parse
    assert under(loaded, "rich") == []


@pytest.mark.parametrize("fmt", ["plain", "csv", "jsonl", "markdown"])
def test_other_machine_and_plain_formats_load_no_rich(tmp_path: Path, fmt: str) -> None:
    assert under(modules_loaded(tmp_path, "events", "1950s", "--format", fmt), "rich") == []


def test_a_rich_table_does_load_rich(tmp_path: Path) -> None:
    """The checks here are meaningful: the same wrapper sees rich when rich draws a table."""
    summary = modules_loaded(tmp_path, "summary", "--color", "always")
    assert under(summary, "rich")
    assert "rnk.render.human" in summary


def test_the_events_table_loads_no_rich_nor_other_commands_renderers(
    tmp_path: Path, warm: dict[str, str]
) -> None:
    """`rnk events` on a terminal: a table drawn by rnk.render.grid, without rich (which took
    30 ms to import and draw it)."""
    loaded = modules_loaded(tmp_path, "events", "--color", "always", env=warm)
    assert "rnk.render.grid" in loaded  # it did draw the table
    assert under(loaded, "rich") == []
    assert under(loaded, "rnk.render.human", "rnk.render.timeline", "rnk.render.timeline_export") == []
    assert under(loaded, "rnk.query.search", "rnk.query.summary", "tomli", "tomllib") == []


def test_the_search_table_loads_no_rich(tmp_path: Path, warm: dict[str, str]) -> None:
    loaded = modules_loaded(tmp_path, "search", "sanctions", "--color", "always", env=warm)
    assert "rnk.render.grid" in loaded
    assert under(loaded, "rich", "tomli", "tomllib", "re2") == []


def test_only_regex_search_loads_re2(tmp_path: Path, warm: dict[str, str]) -> None:
    assert "re2" in modules_loaded(tmp_path, "search", "--regex", "sanction", "--json", env=warm)


def test_search_json_loads_no_rich_and_no_renderer(tmp_path: Path, warm: dict[str, str]) -> None:
    loaded = modules_loaded(tmp_path, "search", "sanctions", "--json", env=warm)
    assert "rnk.query.search" in loaded  # it did search
    assert under(loaded, "rich", "tomli", "tomllib") == []
    renderers = ("rnk.render.human", "rnk.render.grid", "rnk.render.text")
    assert under(loaded, *renderers, "rnk.query.summary", "csv") == []


def test_search_json_works_out_no_highlighting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a hit's words matched is shown only on a terminal: JSON does not compute it (it
    took 2 ms of `rnk search --json`); the table and plain text do."""
    from rnk.render import highlight

    from conftest import invoke

    asked: list[str] = []
    real = highlight.search_marks

    def counted(result: Any, row: dict[str, Any]) -> dict[str, Any]:
        asked.append(row["id"])
        return real(result, row)

    monkeypatch.setattr(highlight, "search_marks", counted)
    run = invoke("search", "sanctions", "--json")
    assert run.code == 0 and run.json() and asked == []
    for fmt in ("plain", "table"):
        run = invoke("search", "sanctions", "--format", fmt, "--limit", "3")
        assert run.code == 0 and len(asked) == 3, fmt
        asked.clear()


def test_version_reads_no_toml_when_cached(tmp_path: Path, warm: dict[str, str]) -> None:
    loaded = modules_loaded(tmp_path, "--version", env=warm)
    assert under(loaded, "rich", "tomli", "tomllib") == []


def test_tab_completion_loads_neither_typer_nor_rich(tmp_path: Path) -> None:
    env = {"_RNK_COMPLETE": "bash", "COMP_LINE": "rnk ev", "COMP_POINT": "6"}
    loaded = modules_loaded(tmp_path, env=env)
    assert under(loaded, "typer", "click", "rich", "tomli", "tomllib", "re2") == []
    # typing alone costs a TAB press 3 ms, a third of its budget (the wrapper does not load it)
    assert "typing" not in loaded


def test_only_the_command_that_runs_is_built(tmp_path: Path) -> None:
    """Typer reads every command's signature when it builds the app; rnk builds only the one
    that runs (rnk.framework). Seen from outside: the run never imports another command's modules."""
    from rnk.cli import app
    from rnk.framework import LazyCommands, lazy_command

    group = lazy_command(app)
    assert isinstance(group.commands, LazyCommands)  # type: ignore[attr-defined]
    group.main(args=["events", "1950", "--json"], prog_name="rnk", standalone_mode=False)
    assert list(group.commands.built) == ["events"]  # type: ignore[attr-defined]
