"""The last tracebacks and wrong exit codes (issue 14 §3): one line and the documented code.

Permission cases need a user that the folder's mode applies to: as root (CI) they run in a
child that drops to another uid with os.setuid after importing everything it needs; as any
other user they run the console script directly.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnk.shell.completion_index import year

from conftest import MINI, UNICODE, Run, console_script, invoke, run_script

NOBODY = 65534


def _uid_without_passwd_entry() -> int:
    for uid in range(54321, 54400):
        try:
            pwd.getpwuid(uid)
        except KeyError:
            return uid
    pytest.skip("no free uid without a passwd entry")


# Runs rnk as another user: everything is imported first, since the interpreter and the venv may
# not be readable by that user (a pyenv Python under /root).
CHILD = r"""
import importlib, os, pkgutil, sys
import rnk
for m in pkgutil.walk_packages(rnk.__path__, "rnk."):
    if not m.name.endswith("__main__"):
        importlib.import_module(m.name)
import rich.console, tomli, typer
import contextlib, tempfile, time, zlib  # what the cache imports when it first writes
from typer._completion_classes import completion_init
from rnk import entry
uid = int(sys.argv[1])
os.setgroups([])
os.setgid(uid)
os.setuid(uid)
entry.main(sys.argv[2:])
"""


def run_as(uid: int, *args: str, env: dict[str, str]) -> Run:
    """rnk as `uid` (root only); as the current user otherwise."""
    if os.geteuid() == 0:
        command = [sys.executable, "-c", CHILD, str(uid), *args]
    else:
        command = [console_script(), *args]
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another uid can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="rnk-robust-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for sub in folder.rglob("*"):
            if sub.is_dir() and not sub.is_symlink():
                sub.chmod(0o755)
        shutil.rmtree(folder)


def no_traceback(run: Run) -> None:
    assert "Traceback" not in run.err and "Error:" not in run.err.replace("rnk: error:", ""), run


# --- ~user that does not exist, and no home at all ---


@pytest.mark.parametrize(
    "args",
    [
        ["--data", "~nosuchuser/x", "events"],
        ["validate", "~nosuchuser/x"],
        ["--data", f"{MINI}:~nosuchuser/x", "events"],
        ["timeline", "--svg", "~nosuchuser/x.svg"],
        ["timeline", "--html", "~nosuchuser/x.html"],
    ],
)
def test_an_unknown_user_in_a_path_is_one_line(args: list[str]) -> None:
    run = invoke(*args)
    assert run.code == 2, run
    assert run.err == "rnk: error: cannot expand '~nosuchuser/x" + run.err.split("~nosuchuser/x", 1)[1]
    assert run.err.count("\n") == 1 and "no such user, or no home folder" in run.err


def test_an_unknown_user_in_rnk_data_is_one_line() -> None:
    run = invoke("events", env={"RNK_DATA": "~nosuchuser/x"})
    assert (run.code, run.err) == (
        2,
        "rnk: error: cannot expand '~nosuchuser/x': no such user, or no home folder\n",
    )


def test_no_home_and_no_passwd_entry_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    run = invoke("--data", "~/x", "events")
    assert (run.code, run.err) == (2, "rnk: error: cannot expand '~/x': no such user, or no home folder\n")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run as a uid without a passwd entry")
def test_no_home_and_no_passwd_entry_for_real(shared_tmp: Path) -> None:
    uid = _uid_without_passwd_entry()
    env = {k: v for k, v in os.environ.items() if k != "HOME"} | {"RNK_CACHE_DIR": str(shared_tmp / "c")}
    for args in (["--data", "~/x", "events"], ["validate", "~/x"], ["timeline", "--svg", "~/t.svg"]):
        run = run_as(uid, *args, env=env)
        assert (run.code, run.err) == (
            2,
            f"rnk: error: cannot expand '{next(a for a in args if a.startswith('~'))}': no such user, or no home folder\n",
        )


# --- a data folder without search permission ---


@pytest.fixture
def unsearchable(shared_tmp: Path) -> tuple[Path, dict[str, str]]:
    """A folder that lists its files (r) but cannot reach them (no x) for anyone but root."""
    folder = shared_tmp / "data"
    folder.mkdir()
    shutil.copy(MINI, folder / "mini.toml")
    folder.chmod(0o744 if os.geteuid() == 0 else 0o644)
    cache = shared_tmp / "cache"
    cache.mkdir(mode=0o700)
    if os.geteuid() == 0:
        os.chown(cache, NOBODY, NOBODY)
    env = dict(os.environ) | {"RNK_CACHE_DIR": str(cache)}
    return folder, env


@pytest.mark.parametrize("command", [["events"], ["validate"], ["--version"]])
def test_a_folder_without_search_permission_is_a_data_problem(
    unsearchable: tuple[Path, dict[str, str]], command: list[str]
) -> None:
    folder, env = unsearchable
    run = run_as(NOBODY, "--data", str(folder), *command, env=env)
    no_traceback(run)
    wanted = f"{folder / 'mini.toml'}: cannot read: Permission denied"
    if command == ["--version"]:
        assert run.code == 0 and wanted in run.err
    elif command == ["validate"]:
        assert (run.code, run.out, run.err) == (3, wanted + "\n", "rnk: error: 1 problem found in 1 file\n")
    else:
        assert (run.code, run.err) == (3, f"rnk: error: {wanted}\n")


def test_a_folder_without_search_permission_on_tab(unsearchable: tuple[Path, dict[str, str]]) -> None:
    folder, env = unsearchable
    env |= {"_RNK_COMPLETE": "bash", "COMP_LINE": f"rnk --data {folder} events --tag "}
    run = run_as(NOBODY, env=env)
    assert (run.code, run.err) == (0, ""), run
    assert run.out == ":values\n"


# --- odd files given as data ---


def test_devices_and_links_given_as_data(tmp_path: Path) -> None:
    loop_a, loop_b = tmp_path / "a.toml", tmp_path / "b.toml"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    cases = {
        "/dev/null": "not a regular file",
        "/dev/stdin": "not a regular file",
        str(loop_a): "too many levels of symbolic links",
    }
    for path, message in cases.items():
        run = invoke("--data", path, "events")
        assert run.code == 3 and run.err.startswith(f"rnk: error: {path}: {message}"), run
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "loop.toml").symlink_to(loop_a)
    run = invoke("validate", str(folder))
    assert run.out == f"{folder / 'loop.toml'}: too many levels of symbolic links\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_as_data_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "data.toml"
    os.mkfifo(fifo)
    run = run_script("--data", str(fifo), "events", stdin=subprocess.DEVNULL)
    assert (run.code, run.err) == (3, f"rnk: error: {fifo}: not a regular file or folder\n")
    folder = tmp_path
    run = run_script("validate", str(folder), stdin=subprocess.DEVNULL)
    assert run.code == 3 and f"{fifo}: cannot read: not a regular file" in run.out


# --- COLUMNS ---


@pytest.mark.parametrize("columns", ["99999999999999999999", "100000000", "9" * 5000, "²", "0", "1"])
@pytest.mark.parametrize("command", [["events", "--format", "table"], ["timeline"], ["search", "treaty"]])
def test_columns_is_clamped_to_the_width_range(columns: str, command: list[str]) -> None:
    run = invoke("--data", str(MINI), *command, env={"COLUMNS": columns})
    assert run.code in (0, 1) and "Error" not in run.err, run
    assert max((len(line) for line in run.out.splitlines()), default=0) <= 1000


def test_columns_within_the_range_are_kept() -> None:
    from rnk.render.view import columns_from_env

    for value, width in (
        ("120", 120),
        ("1000", 1000),
        ("1001", 1000),
        ("39", 40),
        ("00100", 100),
        ("", None),
    ):
        os.environ["COLUMNS"] = value
        try:
            assert columns_from_env() == width, value
        finally:
            del os.environ["COLUMNS"]


# --- TAB ---


def test_tab_with_stdout_closed() -> None:
    env = dict(os.environ) | {"_RNK_COMPLETE": "bash", "COMP_LINE": "rnk events --tag "}
    proc = subprocess.run(
        ["sh", "-c", 'exec "$0" >&-', console_script()], capture_output=True, text=True, env=env, timeout=60
    )
    assert (proc.returncode, proc.stderr) == (0, "")


@pytest.mark.parametrize("start", ["¹⁹⁷⁰", "١٩٧٠", "１９７０", "19７0"])
def test_non_ascii_digits_in_user_data_on_tab(tmp_path: Path, start: str) -> None:
    data = tmp_path / "mini.toml"
    data.write_text(MINI.read_text(encoding="utf-8").replace('start = "1970"', f'start = "{start}"'), "utf-8")
    env = {"_RNK_COMPLETE": "bash", "COMP_LINE": f"rnk --data {data} events 19"}
    run = run_script(env=env)
    assert (run.code, run.err) == (0, ""), run
    assert run.out.startswith(":values\n") and "1950s" in run.out


@given(st.one_of(st.text(UNICODE, max_size=8), st.integers(), st.none(), st.floats(), st.dates()))
def test_year_of_any_value_never_raises(value: object) -> None:
    found = year(value)
    assert found is None or 0 <= found <= 9999


@pytest.mark.parametrize("mode", ["complete_bash", "complete_zsh", "complete_fish", "complete_powershell"])
def test_typers_completion_protocol_without_its_variables(mode: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMP_", "_TYPER"))}
    proc = subprocess.run(
        [console_script()], capture_output=True, text=True, env=env | {"_RNK_COMPLETE": mode}, timeout=60
    )
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr


# --- show --json with an id that holds nothing to search for ---


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet="!?.,;:*()[]{}'\"-_ ", min_size=1, max_size=12).filter(lambda s: s.strip()))
def test_show_json_of_an_id_without_words_is_null_and_exit_1(event_id: str) -> None:
    run = invoke("--data", str(MINI), "show", "--json", "--", event_id)
    assert (run.code, run.out) == (1, "null\n"), run
    assert run.err.startswith("rnk: no event ")


def test_show_json_bang() -> None:
    run = invoke("--data", str(MINI), "show", "--json", "!!!")
    assert (run.code, run.out, run.err) == (1, "null\n", "rnk: no event '!!!' (try 'rnk search WORDS')\n")


def test_the_unreadable_folder_fixture_really_blocks_the_other_user(
    unsearchable: tuple[Path, dict[str, str]],
) -> None:
    folder, _ = unsearchable
    assert not stat.S_IMODE(folder.stat().st_mode) & stat.S_IXOTH


# --- an argument that is not UTF-8 (a lone surrogate in argv), quoted in machine output ---


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "markdown", "plain", "table"])
def test_a_path_that_is_not_utf8_in_machine_output(fmt: str) -> None:
    run = invoke("validate", "--format", fmt, "\udcff")  # found by test_random_arguments_never_crash
    assert run.code == 3 and "no such file or folder" in run.out, run
    if fmt == "json":
        assert run.json()[0]["file"] == "\udcff"
