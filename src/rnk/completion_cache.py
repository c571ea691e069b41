"""Completion values for a user's own data, cached so that only the first TAB after a change parses it.

The cache is a file per data path in rnk's cache folder (the same rules as `rnk.cache`:
`$RNK_CACHE_DIR`, else `$XDG_CACHE_HOME/rnk`, else `~/.cache/rnk`; `RNK_NO_CACHE=1` turns it off),
in the index's tab-separated `V` line format. Its first line names the path and a key made of
every data file's path, size, times and inode, plus the rnk version: any change rebuilds it.
Files modified in the last two seconds are not cached (a later edit within the same clock
tick could keep their size and times); unlike `rnk.cache` this looks at the modification time
only, so that a file whose time was set back (`touch -d`) caches at once.
The cache is an optimisation only: when it cannot be read or written the values are built
every time. This module is separate from `rnk.cache` because a TAB press must stay cheap:
reading it imports nothing beyond `os` and `zlib`.
"""

from __future__ import annotations

import os

from rnk import __version__
from rnk.complete import CACHE_MAGIC, Item, parse_index

RACY_NS = 2_000_000_000
CODE = ("completion_index.py", "loader.py", "complete.py")


def cache_dir() -> str | None:
    """Where `rnk.cache` keeps its files (same rules); None when caching is off or there is no home."""
    if os.environ.get("RNK_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("RNK_CACHE_DIR", "")
    if explicit:
        return os.path.expanduser(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):  # the XDG spec says to ignore relative paths
        return os.path.join(xdg, "rnk")
    home = os.path.expanduser("~")
    if home == "~" or not os.path.isabs(home):
        return None
    return os.path.join(home, ".cache", "rnk")


def cache_file(path: str) -> str | None:
    import zlib

    folder = cache_dir()
    if folder is None:
        return None
    return os.path.join(folder, f"completion-{zlib.crc32(path.encode('utf-8', 'replace')):08x}.tsv")


def code_stamp() -> list[str]:
    """The modules that decide what the values are: an edited checkout never reads old entries."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = []
    for module in CODE:
        try:
            st = os.stat(os.path.join(here, module))
            out.append(f"{module}|{st.st_size}|{st.st_mtime_ns}")
        except OSError:
            out.append(f"{module}|missing")
    return out


def stat_key(files: list[str]) -> tuple[str, int]:
    """The key (one line) and the newest modification time among the files.

    A folder's listing is part of it: `files` is what `rnk.complete.toml_files` found there.
    """
    parts = [__version__, *code_stamp()]
    newest = 0
    for name in files:
        try:
            st = os.stat(name)
        except OSError:
            parts.append(f"{name}|missing")
            continue
        newest = max(newest, st.st_mtime_ns)
        parts.append(f"{name}|{st.st_size}|{st.st_mtime_ns}|{st.st_ctime_ns}|{st.st_ino}")
    return "|".join(parts).replace("\t", " ").replace("\n", " "), newest


def header(path: str, key: str) -> str:
    return f"{CACHE_MAGIC}\t{path}\t{key}".replace("\n", " ")


def read_cache(path: str, key: str) -> dict[str, list[Item]] | None:
    target = cache_file(path)
    if target is None:
        return None
    try:
        with open(target, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        return None
    first, _, rest = text.partition("\n")
    if first != header(path, key):
        return None
    return parse_index(rest).values


def write_cache(path: str, key: str, lines: list[str]) -> None:
    target = cache_file(path)
    if target is None:
        return
    temp = f"{target}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(temp, "w", encoding="utf-8") as f:
            f.write("\n".join([header(path, key), *lines]) + "\n")
        os.replace(temp, target)  # atomic: a concurrent TAB reads the old file or the new one
    except OSError:
        remove(temp)


def remove(path: str) -> None:
    # Not contextlib.suppress: importing contextlib would cost a TAB press more than this does.
    try:  # noqa: SIM105
        os.unlink(path)
    except OSError:
        pass


def cached_values(path: str, files: list[str]) -> dict[str, list[Item]]:
    """The data values of the chronology at `path` (a file or folder of *.toml)."""
    key, newest = stat_key(files)
    found = read_cache(path, key)
    if found is not None:
        return found
    import time
    from pathlib import Path

    from rnk.completion_index import data_lines

    lines = data_lines([Path(path)])
    if time.time_ns() - newest >= RACY_NS:
        write_cache(path, key, lines)
    return parse_index("\n".join(lines)).values
