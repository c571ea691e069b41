"""Parsed, validated chronologies in rnk's cache (`rnk.core.cache`), so that a repeated command
does not parse TOML again.

An entry's key is everything that produced it: the data paths and each data file's (and
folder's) size, times and inode; the rnk and Python versions; the code that builds a chronology.
The body is the chronology as plain tuples; the header holds the `[meta]` row, for `--version`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rnk import __version__
from rnk.core import cache

if TYPE_CHECKING:
    from rnk.core.model import Chronology, Meta

# The modules whose code decides what a cached chronology contains (and how it is laid out).
CODE = tuple(f"core/{m}.py" for m in ("cache", "snapshot", "model", "dates", "loader", "rules", "store"))


def _stat_key(path: str) -> tuple[Any, ...]:
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def fingerprint(paths: list[Path]) -> tuple[Any, ...] | None:
    """What the data files look like on disk; None when a path cannot be used (no caching).

    A folder contributes its own times (they change when a file is added, removed or renamed)
    and every `*.toml` in it, a superset of what the loader reads: extra entries can only cause a
    rebuild, never a stale answer.
    """
    out: list[Any] = []
    try:
        for p in paths:
            name = os.path.abspath(p)
            if os.path.isdir(name):
                out.append(("dir", name, _stat_key(name)))
                with os.scandir(name) as entries:
                    found = sorted(e.name for e in entries if e.name.endswith(".toml"))
                for entry in found:
                    out.append((entry, _stat_key(os.path.join(name, entry))))
            else:
                out.append(("file", name, _stat_key(name)))
    except OSError:
        return None
    return tuple(out)


def _newest(fp: tuple[Any, ...]) -> int:
    return max((max(item[-1][1], item[-1][2]) for item in fp), default=0)


def _interned(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Intern short strings (tags, eras, names, places, source ids, dates): marshal then writes
    each once and a reload shares them, which saves a third of the memory of a large chronology."""
    out = []
    for value in row:
        if isinstance(value, str) and len(value) <= 32:
            value = sys.intern(value)
        elif isinstance(value, tuple):
            value = tuple(sys.intern(v) if isinstance(v, str) and len(v) <= 64 else v for v in value)
        out.append(value)
    return tuple(out)


def encode(chron: Chronology) -> tuple[Any, ...]:
    """The chronology as plain tuples (marshal takes no NamedTuples), [meta] apart."""
    return (
        tuple(map(tuple, chron.sources.values())),
        tuple(map(tuple, chron.eras)),
        dict(chron.tags),
        tuple(_interned(tuple(e)) for e in chron.events),
        tuple(map(tuple, chron.faq)),
        tuple(tuple(group) for group in chron.aliases),
        tuple(map(tuple, chron.names.values())),
    )


def decode(meta_row: tuple[Any, ...], body: tuple[Any, ...]) -> Chronology:
    from rnk.core.model import Chronology, Era, Event, FaqEntry, Meta, Name, Source

    sources, eras, tags, events, faq, aliases, names = body
    return Chronology(
        meta=Meta._make(meta_row),
        sources={s.id: s for s in map(Source._make, sources)},
        eras=tuple(map(Era._make, eras)),
        tags=tags,
        events=tuple(map(Event._make, events)),
        faq=tuple(map(FaqEntry._make, faq)),
        aliases=aliases,
        names={n.name: n for n in map(Name._make, names)},
    )


# The cache entry (name, key) of the chronology this process last loaded or saved, so that its
# search index can be cached beside it.
_origin: tuple[Any, str, Any] | None = None


def origin(chron: Chronology) -> tuple[str, Any] | None:
    """The cache entry name and key a chronology was loaded from or saved to, if any."""
    if _origin is None or _origin[0] is not chron:
        return None
    return _origin[1], _origin[2]


class Entry:
    """The cache entry for one set of data paths, fingerprinted when this object is made.

    Make it before reading the data: then a file edited while it is being parsed leaves an
    entry keyed on the old fingerprint, which the next run sees as stale (rather than a fresh
    fingerprint on old content). Usage (store.load):

        entry = snapshot.Entry(paths)
        chron = entry.load()
        if chron is None:
            chron = ...parse and validate...
            entry.save(chron)
    """

    def __init__(self, paths: list[Path]) -> None:
        self.name = cache.name_for("chronology", [os.path.abspath(p) for p in paths])
        self.fingerprint = fingerprint(paths) if cache.location() is not None else None
        self.key = (
            (__version__, sys.version, cache.code_stamp(CODE), self.fingerprint)
            if self.fingerprint is not None
            else None
        )

    def load(self) -> Chronology | None:
        """The cached chronology, or None when there is no fresh, sound entry."""
        if self.key is None:
            return None
        found = cache.load(self.name, self.key)
        if found is None:
            return None
        chron = decode(*found)
        self._remember(chron)
        return chron

    def load_meta(self) -> Meta | None:
        """The [meta] table of a fresh entry (only its header is read), or None."""
        found = cache.load(self.name, self.key, header_only=True) if self.key is not None else None
        if found is None:
            return None
        from rnk.core.model import Meta

        return Meta._make(found[0])

    def save(self, chron: Chronology) -> None:
        """Store a chronology built from these paths; silently do nothing when that cannot be."""
        if self.fingerprint is None or cache.racy(_newest(self.fingerprint)):
            return
        if cache.save(self.name, self.key, tuple(chron.meta), encode(chron)):
            self._remember(chron)

    def _remember(self, chron: Chronology) -> None:
        global _origin
        _origin = (chron, self.name, self.key)
