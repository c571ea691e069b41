"""Shared fixtures: a small hand-checked chronology and ways to run the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini.toml"
# Any character UTF-8 can carry: all but surrogates. It is the set of hypothesis's default text
# alphabet, which names it by a codec instead, and working that out costs each test process
# seconds on a fresh checkout.
UNICODE = st.characters(exclude_categories=("Cs",))


def pytest_configure(config: pytest.Config) -> None:
    """Compile rnk's modules once, as pip does for an installed package. A checkout has no
    bytecode, and where PYTHONDONTWRITEBYTECODE is set (this CI machine) every `rnk` a test
    starts would compile all of them again: 50 ms a run, hundreds of runs."""
    import compileall

    compileall.compile_dir(ROOT / "src" / "rnk", quiet=1)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test depends on the developer's environment (colour, data path, cache)."""
    for name in ("RNK_DATA", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RNK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


class Run:
    """The outcome of one CLI run: exit code, stdout, stderr."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code = code
        self.out = out
        self.err = err

    def json(self) -> Any:
        return json.loads(self.out)

    def __repr__(self) -> str:
        return f"Run(code={self.code}, out={self.out[:300]!r}, err={self.err[:300]!r})"


def invoke(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Run:
    """Run rnk in-process the way the console script does (`rnk.cli.run`: the lazy build of the
    app and its error handling), with typer's CliRunner isolating the environment and streams
    (stdout is not a terminal; stdin is `stdin`, else empty)."""
    from rnk.cli import run

    with CliRunner().isolation(input=stdin, env=env) as (out, err, _):
        try:
            code = run(list(args))
        except SystemExit as exc:  # what click raises for --help and the like, if it does
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        sys.stdout.flush()
        sys.stderr.flush()
        return Run(code, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace"))


@pytest.fixture
def rnk() -> Any:
    return invoke


def console_script() -> str:
    """The installed `rnk` beside the running interpreter (the venv's bin)."""
    beside = Path(sys.executable).parent / "rnk"
    return str(beside) if beside.exists() else (shutil.which("rnk") or "rnk")


def run_script(*args: str, env: dict[str, str] | None = None, **kw: Any) -> Run:
    """Run the installed console script in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    kw.setdefault("timeout", 60)
    proc = subprocess.run([console_script(), *args], capture_output=True, text=True, env=full_env, **kw)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once per test session (and on one xdist worker: the tests that
    use it are in the "wheel" group). Built without isolation, from the test environment's
    hatchling: the wheel is the same, and building it takes 1 s instead of 5."""
    import subprocess

    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (found,) = out.glob("rnk-*.whl")
    return found


def require_tool(tool: str) -> str:
    """The path of a program the test needs: skipped where it is missing, but a failure in CI,
    where .ci/run installs it from Debian packages."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{tool} is missing in CI: .ci/run installs it from Debian packages")
        pytest.skip(f"{tool} is not installed")
    return path
