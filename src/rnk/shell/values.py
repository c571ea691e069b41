"""Where the values of data kinds (tags, people, eras, events, FAQ ids, decades) come from on a TAB
press: the shipped index for the current bundled data, else the data itself, through rnk's cache."""

from __future__ import annotations

import os

from rnk.shell.index import (
    BUNDLED,
    Index,
    Item,
    content_fingerprint,
    package_dir,
    parse_index,
    toml_files,
)


def bundled_dir() -> str:
    """Same rule as `rnk.core.loader.bundled_path`: inside the installed package, else the checkout."""
    here = package_dir()
    installed = os.path.join(here, "data")
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(os.path.dirname(here)), "data")


def data_spec(option: str | None) -> list[str]:
    """The data layers in force: --data on the line being completed, else RNK_DATA, else bundled."""
    spec = option if option else os.environ.get("RNK_DATA", "")
    parts = [p.strip() for p in spec.split(os.pathsep) if p.strip()]
    return parts or [BUNDLED]


def layer_values(index: Index, layer: str) -> dict[str, list[Item]]:
    """The data values of one layer: the shipped index for current bundled data, else a cache."""
    if layer == BUNDLED:
        folder = bundled_dir()
        if content_fingerprint(folder) == index.fingerprint:
            return index.values
        layer = folder  # data/ was edited after the index was generated: read it like user data
    path = os.path.abspath(os.path.expanduser(layer))
    return cached_values(path, toml_files(path))


# The modules that decide the values: an edited checkout never reads entries made by older code.
VALUES_CODE = tuple(
    f"{m}.py" for m in ("shell/completion_index", "shell/index", "shell/values", "core/loader")
)


def cached_values(path: str, files: list[str]) -> dict[str, list[Item]]:
    """The data values of the chronology at `path` (a file or folder of *.toml), from rnk's cache
    (`rnk.core.cache`) while no file has changed: only the first TAB after a change parses the data.
    Files modified in the last two seconds are not cached (a later edit in the same clock tick
    could keep their size and times); only the modification time counts here, so that a file
    whose time was set back (`touch -d`) caches at once."""
    from rnk import __version__
    from rnk.core import cache

    stats: list[tuple[object, ...]] = []
    newest = 0
    for name in files:
        try:
            st = os.stat(name)
        except OSError:
            stats.append((name,))
            continue
        newest = max(newest, st.st_mtime_ns)
        stats.append((name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    key = (__version__, cache.code_stamp(VALUES_CODE), path, tuple(stats))
    entry = cache.name_for("completion", [path])
    found = cache.load(entry, key)
    if found is not None:
        return parse_index(found[1]).values
    from pathlib import Path

    from rnk.shell.completion_index import data_lines

    text = "\n".join(data_lines([Path(path)]))
    if not cache.racy(newest):
        cache.save(entry, key, None, text)
    return parse_index(text).values


def data_values(index: Index, option: str | None, kind: str) -> list[Item]:
    """Values of a data kind across the layers in force; first description wins."""
    seen: set[str] = set()
    out: list[Item] = []
    for layer in data_spec(option):
        for value, desc in layer_values(index, layer).get(kind, []):
            if value not in seen:
                seen.add(value)
                out.append((value, desc))
    return out
