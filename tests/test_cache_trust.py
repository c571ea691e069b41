"""The cache trusts only itself (issue 14): a planted file of any kind, owner or content gives the
same output as no cache, never a crash, a hang or a lie. The two-user cases run a second uid as
root (`subprocess.run(user=...)`) and are skipped only where the tests do not run as root."""

from __future__ import annotations

import functools
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rnk.core import cache, store
from rnk.core.loader import bundled_path

from conftest import run_script

ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="a second uid needs root")
NOBODY = 65534
OLD = 1_000_000_000  # a modification time long past
LIE = "South Korea invades the North"
# marshal: a frozenset holding a tuple that refers to itself (crashed marshal.loads, issue 14)
CRAFTED = b"\xbe\x01\x00\x00\x00\xa8\x01\x00\x00\x00r\x01\x00\x00\x00"
COMMANDS = (("events", "--json"), ("search", "war", "--json"), ("--version",))


@pytest.fixture
def data() -> Path:
    """The bundled data, named explicitly: old enough to be cached (data written by a test is
    "racy" for two seconds), and read through the cache by completion too."""
    return bundled_path()


def runs(data: Path, folder: Path, **kw: object) -> list[tuple[int, str, str]]:
    env = {"RNK_DATA": str(data), "RNK_CACHE_DIR": str(folder)}
    return [
        (r.code, r.out, r.err) for r in (run_script(*c, env=env, timeout=20, **kw) for c in COMMANDS)
    ]  # fmt: skip


@functools.cache  # the same every time: the output of the bundled data without a cache
def uncached(data: Path) -> list[tuple[int, str, str]]:
    out = runs(data, Path("/nonexistent-cache-dir"), stdin=subprocess.DEVNULL)
    assert all(code == 0 and not err for code, _, err in out)
    return out


def entry_names(data: Path) -> list[str]:
    chron = cache.entry([data])[0]
    return [chron, chron.replace("chronology-", "search-", 1), cache.entry([data], "completion")[0]]


def forged(tmp_path: Path, data: Path, edit: Callable[[list[Any]], None]) -> dict[str, bytes]:
    """The entry an attacker makes with rnk's own code and their own MAC key (every part of the
    cache key can be computed from readable files), over an edited body."""
    theirs = tmp_path / "attacker-cache"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RNK_CACHE_DIR", str(theirs))
        name, key = cache.entry([data])
        chron = store.check_paths([data])[0]
        assert chron is not None and key is not None
        body = list(cache.encode(chron))
        edit(body)
        assert cache.save(name, key, tuple(chron.meta), tuple(body))
    return {name: (theirs / name).read_bytes()}


def lie(body: list[Any]) -> None:
    first = list(body[3][0])
    first[4] = LIE  # the title
    body[3] = (tuple(first), *body[3][1:])


def wrong_types(body: list[Any]) -> None:
    body[3] = ((12345, *body[3][0][1:]), *body[3][1:])  # an integer id


PLANTS: dict[str, Callable[[Path, Path, Path], None]] = {
    "crafted marshal": lambda folder, data, tmp: (
        [
            (folder / n).write_bytes(body)
            for n in entry_names(data)
            for body in (CRAFTED, cache.MAGIC + bytes(32) + len(CRAFTED).to_bytes(4, "little") + CRAFTED)
        ]
        and None
    ),
    "forged body (a lie)": lambda folder, data, tmp: (
        [(folder / n).write_bytes(b) for n, b in forged(tmp, data, lie).items()] and None
    ),
    "forged body (wrong types)": lambda folder, data, tmp: (
        [(folder / n).write_bytes(b) for n, b in forged(tmp, data, wrong_types).items()] and None
    ),
    "FIFO": lambda folder, data, tmp: [os.mkfifo(folder / n) for n in [*entry_names(data), "key"]] and None,
    "symlink to /dev/stdin": lambda folder, data, tmp: (
        [(folder / n).symlink_to("/dev/stdin") for n in [*entry_names(data), "key"]] and None
    ),
    "folder": lambda folder, data, tmp: [(folder / n).mkdir() for n in entry_names(data)] and None,
}


@pytest.mark.parametrize("plant", list(PLANTS))
def test_a_planted_entry_gives_the_same_output_as_no_cache(plant: str, tmp_path: Path, data: Path) -> None:
    expected = uncached(data)
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    PLANTS[plant](folder, data, tmp_path)
    # stdin stays open and silent: a reader that followed /dev/stdin would hang until the timeout
    for _ in range(2):
        got = runs(data, folder, stdin=subprocess.PIPE)
        assert got == expected
        assert all(LIE not in out for _, out, _ in got)


def test_a_planted_entry_does_not_break_completion(tmp_path: Path, data: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    PLANTS["crafted marshal"](folder, data, tmp_path)
    env = {"RNK_DATA": str(data), "RNK_CACHE_DIR": str(folder), "_RNK_COMPLETE": "bash"}
    tab = run_script(env={**env, "COMP_LINE": "rnk show ", "COMP_POINT": "9"}, timeout=20)
    assert (tab.code, tab.err) == (0, "") and "korean-war" in tab.out.split()


def test_files_are_private(tmp_path: Path, data: Path) -> None:
    folder = tmp_path / "cache"
    runs(data, folder)
    run_script(
        env={"RNK_DATA": str(data), "RNK_CACHE_DIR": str(folder), "_RNK_COMPLETE": "bash",
             "COMP_LINE": "rnk show ", "COMP_POINT": "9"},
    )  # fmt: skip
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    names = sorted(p.name.split("-")[0] for p in folder.iterdir())
    assert names == ["chronology", "completion", "key", "search"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())
    assert len((folder / "key").read_bytes()) == 32


def test_a_folder_others_can_write_is_ignored(tmp_path: Path, data: Path) -> None:
    expected = uncached(data)
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    assert runs(data, folder) == expected
    assert list(folder.iterdir()) == []


def test_a_symlink_at_the_entry_is_replaced_not_followed(tmp_path: Path, data: Path) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    for name in entry_names(data):
        (folder / name).symlink_to(victim)
    runs(data, folder)
    assert victim.read_text() == "keep me"
    assert all((folder / n).is_file() and not (folder / n).is_symlink() for n in entry_names(data)[:2])


def test_a_relative_cache_folder_is_ignored(tmp_path: Path, data: Path) -> None:
    expected = uncached(data)
    assert runs(data, Path("relative-cache"), cwd=tmp_path) == expected
    assert not (tmp_path / "relative-cache").exists()


def test_a_key_of_the_wrong_size_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RNK_CACHE_DIR", str(tmp_path / "c"))
    assert cache.save("x.bin", "k", None, "body")
    (tmp_path / "c" / "key").write_bytes(b"short")
    assert cache.load("x.bin", "k") is None  # made with another key
    assert cache.save("x.bin", "k", None, "body")
    assert cache.load("x.bin", "k") == (None, "body")


# ----------------------------------------------------------------------------- leftovers


WRITER = """
import os, signal, sys
from rnk.core import cache, store
from rnk.core.loader import bundled_path

def stall(*args):
    print("writing", flush=True)
    signal.pause()  # until the test's SIGTERM

os.replace = stall
cache.save("big.bin", "k", None, b"x" * 1_000_000)
"""


def test_a_temporary_file_of_a_killed_writer_is_swept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "c"
    monkeypatch.setenv("RNK_CACHE_DIR", str(folder))
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER], stdout=subprocess.PIPE, text=True, env=os.environ
    )
    assert child.stdout is not None and child.stdout.readline() == "writing\n"  # mid-write
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=20) == -signal.SIGTERM
    (leftover,) = folder.glob(".tmp-*")
    # a running writer's file stays, unless it is so old that its process id was reused
    running = folder / f".tmp-{os.getpid()}-fresh"
    reused = folder / f".tmp-{os.getpid()}-old"
    running.write_bytes(b"")
    reused.write_bytes(b"")
    os.utime(reused, (OLD, OLD))
    assert cache.save("next.bin", "k", None, "body")
    assert not leftover.exists() and not reused.exists() and running.exists()


# ----------------------------------------------------------------------------- a second user


def as_nobody(work: Callable[[], None]) -> None:
    """Run `work` in a forked child that has become another user (no exec: the interpreter of
    the test venv may not be readable by that user)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            work()
            code = 0
        finally:
            os._exit(code)
    assert os.waitpid(pid, 0)[1] == 0


@ROOT_ONLY
@pytest.mark.parametrize("mode", [0o777, 0o755])
def test_another_users_folder_is_ignored(mode: int, tmp_path: Path, data: Path) -> None:
    """In a shared sticky folder (/tmp-like), another user made our cache folder first, open to
    all, and filled it: nothing in it is read, nothing is written there."""
    expected = uncached(data)
    shared = Path(tempfile.mkdtemp())  # under /tmp: the pytest folders are closed to others
    shared.chmod(0o1777)
    planted = {n: CRAFTED for n in entry_names(data)} | forged(tmp_path, data, lie)

    def plant() -> None:
        (shared / "rnk").mkdir()
        for name, body in planted.items():
            (shared / "rnk" / name).write_bytes(body)
        os.chmod(shared / "rnk", mode)

    as_nobody(plant)
    assert (shared / "rnk").stat().st_uid == NOBODY
    try:
        assert runs(data, shared / "rnk") == expected
        assert sorted(p.name for p in (shared / "rnk").iterdir()) == sorted(planted)
    finally:
        shutil.rmtree(shared)


@ROOT_ONLY
def test_another_users_file_in_our_folder_is_not_read(tmp_path: Path, data: Path) -> None:
    expected = uncached(data)
    folder = tmp_path / "cache"
    assert runs(data, folder) == expected
    for name in entry_names(data)[:2]:
        os.chown(folder / name, NOBODY, NOBODY)
    assert runs(data, folder) == expected
    assert all((folder / n).stat().st_uid == os.geteuid() for n in entry_names(data)[:2])  # rewritten
    os.chown(folder / "key", NOBODY, NOBODY)
    assert runs(data, folder) == expected
