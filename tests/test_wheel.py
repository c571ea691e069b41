"""Build the wheel, install it into a clean venv and run it from another folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("wheel")


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False, clear=True).create(env_dir)  # a clean venv: no pip, no rnk
    # The test environment's pip installs into it (`--python`): ensurepip would take 10 s more.
    install = [sys.executable, "-m", "pip", "--python", str(env_dir / "bin" / "python"), "install", "-q"]
    subprocess.run([*install, str(wheel)], check=True, capture_output=True, timeout=600)
    return env_dir


def test_wheel_bundles_the_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for kind in ("meta", "events", "faq", "eras", "tags", "sources", "aliases"):
        assert f"rnk/data/{kind}.toml" in names


def test_python_3_9_gets_pips_own_message(wheel: Path) -> None:
    """Every dependency that needs 3.10 carries the marker, so on 3.9 pip's resolver meets
    Requires-Python first ("requires a different Python"), not a missing typer."""
    from email.parser import Parser

    (name,) = [n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".dist-info/METADATA")]
    meta = Parser().parsestr(zipfile.ZipFile(wheel).read(name).decode("utf-8"))
    assert meta["Requires-Python"] == ">=3.10"
    (typer,) = [r for r in meta.get_all("Requires-Dist") if r.startswith("typer")]
    assert typer.endswith("""; python_version >= '3.10'"""), typer


def test_installed_wheel_runs_from_another_folder(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("RNK_DATA", "PYTHONPATH")}
    proc = subprocess.run(
        [str(installed / "bin" / "rnk"), "events", "1950-1953", "--json"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert "korean-war" in [r["id"] for r in rows]
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import rnk.core.loader as l; print(l.bundled_path())"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert "site-packages" in where.stdout, where.stdout
