"""`rnk validate`: the summary line names what held the problems (files, folders, missing paths)."""

from __future__ import annotations

from pathlib import Path

from rnk.core.errors import Problem
from rnk.render.validate import summary

from conftest import MINI, invoke


def test_an_empty_folder_is_called_a_folder(tmp_path: Path) -> None:
    run = invoke("validate", str(tmp_path))
    assert run.code == 3
    assert run.out == f"{tmp_path}: folder holds no *.toml data files\n"
    assert run.err == "rnk: error: 1 problem found in 1 folder\n"


def test_files_folders_and_missing_paths_are_counted_apart(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[meta\n", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = tmp_path / "missing.toml"
    problems = [Problem(str(bad), "x"), Problem(str(bad), "y"), Problem(str(empty), "z")]
    assert summary(problems) == "3 problems found in 1 file and 1 folder"
    problems.append(Problem(str(missing), "no such file or folder"))
    assert summary(problems) == "4 problems found in 1 file, 1 folder and 1 missing path"
    run = invoke("validate", f"{MINI}:{missing}")
    assert (run.code, run.err) == (3, "rnk: error: 1 problem found in 1 missing path\n")
