"""The parsed-data cache: used when fresh, ignored and rebuilt when stale or corrupt, never needed.

Most tests run in-process against a copy of the mini fixture in a temporary folder, with the
cache in another temporary folder (RNK_CACHE_DIR). A few run the console script end to end.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from rnk.core import cache, store
from rnk.core.loader import bundled_path
from rnk.query import index as indexing
from rnk.query import index_cache
from rnk.shell import complete

from conftest import MINI, run_script


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("RNK_CACHE_DIR", str(folder))
    monkeypatch.delenv("RNK_NO_CACHE", raising=False)
    # Data files written a moment ago are "racy" and never cached (see test_fresh_files_...);
    # these tests write their data just before use, so they switch that guard off.
    monkeypatch.setattr(cache, "RACY_NS", 0)
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(MINI, folder / "mini.toml")
    return folder


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to read the TOML fail: what loads now must come from the cache."""

    def refuse(paths: Any) -> Any:
        raise AssertionError("the TOML was parsed although the cache is fresh")

    monkeypatch.setattr(store, "check_paths", refuse)


def fresh(data: Path) -> bool:
    """The cache holds a sound entry for the data as it is now."""
    return cache.load(*cache.entry([data])) is not None


def entries(folder: Path, kind: str = "chronology") -> list[Path]:
    return sorted(folder.glob(f"{kind}-*.bin")) if folder.is_dir() else []


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def wait_for_a_clock_tick(path: Path) -> None:
    """Return once a file changed now gets a later change time than `path` has (file system
    clocks are coarse): a probe beside the data folder, so the folder itself is not touched."""
    probe = path.parent.parent / ".clock-probe"
    while True:
        probe.write_bytes(b"")
        if probe.stat().st_ctime_ns > path.stat().st_ctime_ns:
            probe.unlink()
            return


# ----------------------------------------------------------------------------- fresh entries


def test_a_second_load_reads_the_cache_not_the_toml(
    cache_dir: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store.load(str(data))
    assert len(entries(cache_dir)) == 1
    monkeypatch.setattr(store, "check_paths", lambda paths: pytest.fail("parsed again"))
    assert store.load(str(data)) == first


@pytest.mark.parametrize("which", ["mini", "bundled"])
def test_decoding_gives_back_the_same_chronology(which: str) -> None:
    chron = store.check_paths([MINI if which == "mini" else bundled_path()])[0]
    assert chron is not None
    body = cache.encode(chron)
    assert body is not None
    again = cache.decode(tuple(chron.meta), body)
    assert again == chron
    assert [type(e) for e in again.events] == [type(e) for e in chron.events]
    assert again.sources == chron.sources and list(again.sources) == list(chron.sources)


def test_the_code_the_key_depends_on_exists() -> None:
    stamp = cache.code_stamp(cache.CODE + index_cache.CODE + complete.VALUES_CODE)
    assert all(len(item) == 3 for item in stamp), stamp


def test_entries_are_replaced_atomically_and_leave_no_temporary_files(cache_dir: Path, data: Path) -> None:
    store.load(str(data))
    edit(data / "mini.toml", "A war happens.", "A long war happens.")
    store.load(str(data))
    assert sorted(p.name.split("-")[0] for p in cache_dir.iterdir()) == ["chronology", "key"]


def test_meta_comes_from_the_header(cache_dir: Path, data: Path, no_parsing: None) -> None:
    assert cache.meta([data]) is None  # nothing cached yet
    cache.chronology([data], lambda: store.build(store.read_all([data])[0])[0])  # type: ignore[arg-type,return-value]
    meta = store.load_meta([data])
    assert (meta.title, meta.as_of) == ("Test chronology", "2020-01-01")


# ----------------------------------------------------------------------------- stale entries


def test_a_changed_file_is_read_again(cache_dir: Path, data: Path) -> None:
    assert store.load(str(data)).event("decade") is not None
    edit(data / "mini.toml", 'title = "A decade"', 'title = "A long decade"')
    assert store.load(str(data)).event("decade").title == "A long decade"  # type: ignore[union-attr]


def test_same_size_and_restored_mtime_is_still_noticed(cache_dir: Path, data: Path) -> None:
    """An edit that keeps the size, with the old modification time put back (`touch -r`), is
    caught by the change time, which no user tool can set."""
    path = data / "mini.toml"
    store.load(str(data))
    before = path.stat()
    wait_for_a_clock_tick(path)  # so that the change time differs
    edit(path, 'title = "A decade"', 'title = "B decade"')
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert store.load(str(data)).event("decade").title == "B decade"  # type: ignore[union-attr]


def test_a_file_edited_while_being_parsed_is_read_again(
    cache_dir: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry is keyed on the files as they were before reading: an edit made during the
    parse makes it stale, instead of pairing the new file's times with the old content."""
    parse = store.check_paths

    def parse_then_edit(paths: Any) -> Any:
        result = parse(paths)
        wait_for_a_clock_tick(data / "mini.toml")
        edit(data / "mini.toml", 'title = "A decade"', 'title = "A decade, edited meanwhile"')
        return result

    monkeypatch.setattr(store, "check_paths", parse_then_edit)
    assert store.load(str(data)).event("decade").title == "A decade"  # type: ignore[union-attr]
    monkeypatch.setattr(store, "check_paths", parse)
    assert store.load(str(data)).event("decade").title == "A decade, edited meanwhile"  # type: ignore[union-attr]


def test_a_touched_file_invalidates_the_entry(cache_dir: Path, data: Path) -> None:
    store.load(str(data))
    assert fresh(data)
    stat = (data / "mini.toml").stat()
    os.utime(data / "mini.toml", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not fresh(data)


def test_a_file_added_to_the_folder_is_read(cache_dir: Path, data: Path) -> None:
    store.load(str(data))
    (data / "more.toml").write_text(
        '[[events]]\nid = "added"\nstart = "1999"\ntitle = "Added"\nsummary = "An added event."\n'
        'era = "late"\ntags = ["war"]\nsources = ["src-a"]\n',
        encoding="utf-8",
    )
    assert store.load(str(data)).event("added") is not None


def test_a_removed_file_is_noticed(cache_dir: Path, data: Path) -> None:
    extra = data / "zz-extra.toml"
    extra.write_text('[[aliases]]\nterms = ["Kremlin", "Moscow"]\n', encoding="utf-8")
    assert len(store.load(str(data)).aliases) == 2
    extra.unlink()
    assert len(store.load(str(data)).aliases) == 1


def test_each_data_set_has_its_own_entry(cache_dir: Path, data: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    shutil.copy(MINI, other)
    edit(other, 'title = "A decade"', 'title = "Another decade"')
    store.load(str(data))
    store.load(str(other))
    assert len(entries(cache_dir)) == 2
    assert store.load(str(data)).event("decade").title == "A decade"  # type: ignore[union-attr]
    assert store.load(str(other)).event("decade").title == "Another decade"  # type: ignore[union-attr]


@pytest.mark.parametrize("change", ["rnk", "python", "model"])
def test_another_version_does_not_use_the_entry(
    change: str, cache_dir: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.load(str(data))
    assert fresh(data)
    if change == "rnk":
        monkeypatch.setattr(cache, "__version__", "99.0")
    elif change == "python":
        monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    else:
        stamp = cache.code_stamp
        monkeypatch.setattr(cache, "code_stamp", lambda modules: (*stamp(modules), ("edited", 1, 2)))
    assert not fresh(data)
    assert store.load(str(data)).event("decade") is not None  # rebuilt
    assert fresh(data)


def test_fresh_files_are_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    """A file written within the last moments may be rewritten within the same tick of the file
    system's clock, keeping its size and times: such data is parsed, not cached."""
    monkeypatch.setenv("RNK_CACHE_DIR", str(tmp_path / "cache"))
    store.load(str(data))
    assert entries(tmp_path / "cache") == []


# ----------------------------------------------------------------------------- corrupt entries


def corrupt_variants(good: bytes) -> dict[str, bytes]:
    middle = len(good) // 2
    return {
        "empty": b"",
        "garbage": b"\x00\xff not a cache at all" * 40,
        "truncated": good[: len(good) - 7],
        "flipped byte": good[:middle] + bytes([good[middle] ^ 0x5A]) + good[middle + 1 :],
        # still well-formed marshal data: only the MAC can tell
        "altered text": good.replace(b"A war happens.", b"A war happenz."),
        "bad header": good[: len(cache.MAGIC) + 32]
        + (10**6).to_bytes(4, "little")
        + good[len(cache.MAGIC) + 36 :],
        "wrong magic": b"rnk-cache?" + good[len(cache.MAGIC) :],
    }


@pytest.mark.parametrize("variant", list(corrupt_variants(b"x" * 100)))
def test_a_corrupt_entry_is_ignored_and_rebuilt(variant: str, cache_dir: Path, data: Path) -> None:
    expected = store.load(str(data))
    (entry,) = entries(cache_dir)
    good = entry.read_bytes()
    entry.write_bytes(corrupt_variants(good)[variant])
    assert not fresh(data)
    assert store.load(str(data)) == expected
    assert entry.read_bytes() == good  # written again


def test_a_folder_in_place_of_the_entry_is_survived(cache_dir: Path, data: Path) -> None:
    expected = store.load(str(data))
    (entry,) = entries(cache_dir)
    entry.unlink()
    entry.mkdir()
    assert store.load(str(data)) == expected


# ----------------------------------------------------------------------------- no cache


def test_a_cache_folder_that_cannot_be_created_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RNK_CACHE_DIR", str(blocker / "rnk"))
    monkeypatch.setattr(cache, "RACY_NS", 0)
    assert store.load(str(data)).event("decade") is not None
    assert store.load(str(data)).event("decade") is not None


def test_a_read_only_file_system_is_skipped(
    cache_dir: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir.mkdir()

    def read_only(*args: Any, **kwargs: Any) -> Any:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    expected = store.check_paths([data])[0]
    assert store.load(str(data)) == expected
    assert not list(cache_dir.glob(".tmp-*"))  # the temporary files were removed


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_cache_folder_is_skipped(cache_dir: Path, data: Path) -> None:
    cache_dir.mkdir()
    cache_dir.chmod(0o500)
    try:
        assert store.load(str(data)).event("decade") is not None
        assert list(cache_dir.iterdir()) == []
    finally:
        cache_dir.chmod(0o700)


def test_a_cache_folder_that_refuses_new_files_is_skipped(
    cache_dir: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read-only folder above, as it looks to rnk even when tests run as root (CI)."""
    import tempfile

    cache_dir.mkdir()

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    expected = store.check_paths([data])[0]
    chron = store.load(str(data))
    assert chron == expected and store.load(str(data)) == expected

    assert index_cache.search_index(chron).postings == indexing.build_index(chron).postings
    assert list(cache_dir.iterdir()) == []


def unwritable_folders() -> list[str]:
    """Existing folders where nobody, root included, may create a file: /proc and /sys (Linux)."""
    import tempfile

    found = []
    for folder in ("/proc", "/sys"):
        try:
            fd, name = tempfile.mkstemp(dir=folder)
        except OSError:
            if os.path.isdir(folder):
                found.append(folder)
            continue
        os.close(fd)
        os.unlink(name)
    return found


@pytest.mark.skipif(not unwritable_folders(), reason="needs a folder that not even root can write")
@pytest.mark.parametrize("command", [("events", "1950", "--json"), ("search", "sanctions", "war", "--json")])
def test_a_cache_folder_nobody_can_write_is_skipped_quietly(command: tuple[str, ...], tmp_path: Path) -> None:
    """End to end, with RNK_CACHE_DIR an existing folder that refuses new files even to root."""
    uncached = run_script(*command, env={"RNK_NO_CACHE": "1"})
    assert uncached.code == 0 and uncached.out
    for folder in unwritable_folders():
        for _ in range(2):  # the second run finds no cache either
            run = run_script(*command, env={"RNK_CACHE_DIR": folder})
            assert (run.code, run.out, run.err) == (0, uncached.out, ""), folder


def test_the_cache_can_be_disabled(cache_dir: Path, data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store.load(str(data))
    (entry,) = entries(cache_dir)
    written = entry.stat().st_mtime_ns
    monkeypatch.setenv("RNK_NO_CACHE", "1")
    assert not fresh(data)
    edit(data / "mini.toml", 'title = "A decade"', 'title = "A decade, uncached"')
    assert store.load(str(data)).event("decade").title == "A decade, uncached"  # type: ignore[union-attr]
    assert entry.stat().st_mtime_ns == written  # not rewritten either


def test_missing_data_is_not_cached(cache_dir: Path, tmp_path: Path) -> None:
    assert cache.fingerprint([tmp_path / "nowhere.toml"]) is None
    with pytest.raises(Exception, match="no such file"):
        store.load(str(tmp_path / "nowhere.toml"))
    assert entries(cache_dir) == []


def test_invalid_data_is_never_cached(cache_dir: Path, data: Path) -> None:
    edit(data / "mini.toml", 'era = "early"', 'era = "no-such-era"')
    for _ in range(2):
        with pytest.raises(Exception, match="unknown era"):
            store.load(str(data))
    assert entries(cache_dir) == []


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"RNK_CACHE_DIR": "/x/rnk-cache"}, "/x/rnk-cache"),
        ({"XDG_CACHE_HOME": "/xdg"}, "/xdg/rnk"),
        ({"XDG_CACHE_HOME": "relative/ignored", "HOME": "/home/u"}, "/home/u/.cache/rnk"),
        ({"HOME": "/home/u"}, "/home/u/.cache/rnk"),
        ({"RNK_CACHE_DIR": "relative/ignored", "HOME": "/home/u"}, "None"),
    ],
)
def test_where_the_cache_lives(env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RNK_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert str(cache.location()) == expected


# ----------------------------------------------------------------------------- end to end


def test_the_command_line_gives_the_same_output_with_and_without_the_cache(tmp_path: Path) -> None:
    env = {"RNK_CACHE_DIR": str(tmp_path / "cache")}
    args = ("events", "1950-1960", "--json")
    uncached = run_script(*args, env={**env, "RNK_NO_CACHE": "1"})
    assert uncached.code == 0 and not (tmp_path / "cache").exists()
    first, second = run_script(*args, env=env), run_script(*args, env=env)
    assert first.out == second.out == uncached.out
    (entry,) = entries(tmp_path / "cache")  # the bundled data is old enough to be cached
    entry.write_bytes(entry.read_bytes()[:-50])  # corrupt it
    third = run_script(*args, env=env)
    assert (third.code, third.out, third.err) == (0, uncached.out, "")


def test_a_read_only_cache_does_not_change_the_command_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run_script("events", "1950", "--json", env={"RNK_CACHE_DIR": str(blocker / "sub")})
    assert result.code == 0 and result.err == "" and result.json()


# ----------------------------------------------------------------------------- search index


def same_index(a: Any, b: Any) -> bool:
    return (
        list(a.docs) == list(b.docs)
        and a.postings == b.postings
        and a.vocabulary == b.vocabulary
        and a.aliases == b.aliases
    )


@pytest.mark.parametrize("which", ["mini", "bundled"])
def test_a_cached_index_equals_the_built_one(which: str, cache_dir: Path, data: Path) -> None:
    from rnk.query import search

    source = str(data if which == "mini" else bundled_path())
    built = indexing.build_index(store.load(source))
    chron = store.load(source)  # from the cache now
    first = index_cache.search_index(chron)  # built and stored
    assert entries(cache_dir, "search")
    again = index_cache.search_index(store.load(source))  # read back
    assert isinstance(again.postings, index_cache.Postings)
    assert same_index(first, built) and same_index(again, built)
    for query in ("war", "putin summit", "soviet union", '"a war"', "1950s war -summit"):
        assert search.search(again, query) == search.search(built, query)


def test_a_repeated_search_does_not_index_again(
    cache_dir: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rnk.query import search

    index_cache.search_index(store.load(str(data)))
    monkeypatch.setattr(indexing, "build_index", lambda chron: pytest.fail("indexed again"))
    index = index_cache.search_index(store.load(str(data)))
    assert [h.id for h in search.search(index, "war").hits]


def test_a_changed_chronology_gets_a_new_index(cache_dir: Path, data: Path) -> None:
    from rnk.query import search

    index_cache.search_index(store.load(str(data)))
    edit(data / "mini.toml", "Things happen over a decade.", "Things happen over a decade of sanctions.")
    index = index_cache.search_index(store.load(str(data)))
    assert [h.id for h in search.search(index, "sanctions", correct=False).hits] == ["decade"]


def test_a_corrupt_index_is_rebuilt(cache_dir: Path, data: Path) -> None:

    expected = indexing.build_index(store.load(str(data)))
    index_cache.search_index(store.load(str(data)))
    (entry,) = entries(cache_dir, "search")
    entry.write_bytes(entry.read_bytes()[:100])
    assert same_index(index_cache.search_index(store.load(str(data))), expected)
    assert len(entry.read_bytes()) > 100  # written again


def test_a_cached_index_can_be_pickled(cache_dir: Path, data: Path) -> None:
    import pickle

    from rnk.query import search

    index_cache.search_index(store.load(str(data)))
    index = index_cache.search_index(store.load(str(data)))
    assert isinstance(index.postings, index_cache.Postings)
    copy = pickle.loads(pickle.dumps(index))
    assert copy.postings == index.postings
    assert search.search(copy, "war") == search.search(index, "war")


def test_an_index_is_built_but_not_stored_without_a_cache(
    cache_dir: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RNK_NO_CACHE", "1")
    index = index_cache.search_index(store.load(str(data)))
    assert len(index.docs) == 4 and not cache_dir.exists()
