"""Parsed, validated chronologies in rnk's cache (`rnk.core.cache`), so that a repeated command does
not parse TOML again.

An entry's key is everything that produced it: the data paths and, for every data file (and
folder), its size, modification and change times and inode; the rnk and Python versions, the
model's fields and the source of the modules that build a chronology. The body is the chronology
as plain tuples; the header's extra holds the `[meta]` row, so `rnk --version` reads only that.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rnk import __version__
from rnk.core import cache

if TYPE_CHECKING:
    from rnk.core.model import Chronology, Meta

FORMAT = 1  # bump when the layout of the body changes
# The modules whose code decides what a cached chronology contains.
CODE = tuple(f"core/{m}.py" for m in ("cache", "snapshot", "model", "dates", "loader", "rules", "store"))
FIELDS = ("meta", "sources", "eras", "tags", "events", "faq", "aliases", "names")
LARGE = 10_000  # events: from here on, decoded data is frozen out of the cycle collector


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


def _row(obj: Any) -> tuple[Any, ...]:
    """A model record as a plain tuple, in the order of its fields (its constructor's order)."""
    return tuple(getattr(obj, name) for name in type(obj).__match_args__)


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


def _schema() -> tuple[Any, ...]:
    from rnk.core import model

    classes = (model.Chronology, model.Meta, model.Source, model.Era, model.Event, model.FaqEntry, model.Name)
    return tuple((c.__name__, c.__match_args__) for c in classes)


def encode(chron: Chronology) -> tuple[Any, ...] | None:
    """The chronology as plain tuples, or None if the model has grown fields this cache does
    not know (then nothing is cached rather than something lost)."""
    if type(chron).__match_args__ != FIELDS:
        return None
    return (
        tuple(_row(s) for s in chron.sources.values()),
        tuple(_row(e) for e in chron.eras),
        dict(chron.tags),
        tuple(_interned(_row(e)) for e in chron.events),
        tuple(_row(f) for f in chron.faq),
        tuple(tuple(group) for group in chron.aliases),
        tuple(_row(n) for n in chron.names.values()),
    )


def _maker(cls: Any) -> Callable[[tuple[Any, ...]], Any]:
    """A record class's constructor from a row: a NamedTuple's `_make` (C speed, checks the
    length), else the class called with the row's values."""
    make = getattr(cls, "_make", None)
    return make if make is not None else (lambda row: cls(*row))


def decode(meta_row: tuple[Any, ...], body: tuple[Any, ...]) -> Chronology:
    from rnk.core.model import Chronology, Era, Event, FaqEntry, Meta, Name, Source

    sources, eras, tags, events, faq, aliases, names = body
    return Chronology(
        meta=_maker(Meta)(meta_row),
        sources={s.id: s for s in map(_maker(Source), sources)},
        eras=tuple(map(_maker(Era), eras)),
        tags=tags,
        events=tuple(map(_maker(Event), events)),
        faq=tuple(map(_maker(FaqEntry), faq)),
        aliases=aliases,
        names={n.name: n for n in map(_maker(Name), names)},
    )


# Where each chronology in this process came from, so its search index can be cached with it:
# id(chronology) -> (weak reference, entry name, key).
_ORIGINS: dict[int, tuple[Any, str, Any]] = {}


def origin(chron: Chronology) -> tuple[str, Any] | None:
    """The cache entry name and key a chronology was loaded from or saved to, if any."""
    found = _ORIGINS.get(id(chron))
    if found is None or found[0]() is not chron:
        return None
    return found[1], found[2]


def without_gc(work: Callable[[], Any], large: bool = False) -> Any:
    """Run `work` with the cycle collector paused: decoding creates a million small objects,
    none of them garbage, and would otherwise trigger dozens of useless collections.

    When `large`, everything alive is then moved out of the collector's sight (`gc.freeze`):
    else each later collection would walk the whole chronology again, which took a quarter of a
    second per query on 100,000 events. Freezing is done only for large data, since objects
    alive at that moment are never collected as cycles afterwards."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        result = work()
        if result is not None and large:
            gc.freeze()
        return result
    finally:
        if was:
            gc.enable()


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
            (FORMAT, __version__, sys.version, _schema(), cache.code_stamp(CODE), self.fingerprint)
            if self.fingerprint is not None
            else None
        )

    def load(self) -> Chronology | None:
        """The cached chronology, or None when there is no fresh, sound entry."""
        if self.key is None:
            return None
        found = without_gc(lambda: cache.load(self.name, self.key))
        if found is None:
            return None
        meta, body = found
        chron: Chronology = without_gc(lambda: decode(meta, body), large=len(body[3]) >= LARGE)
        self._remember(chron)
        return chron

    def load_meta(self) -> Meta | None:
        """The [meta] table of a fresh entry (only its header is read), or None."""
        found = cache.load(self.name, self.key, header_only=True) if self.key is not None else None
        if found is None:
            return None
        from rnk.core.model import Meta

        meta: Meta = _maker(Meta)(found[0])
        return meta

    def save(self, chron: Chronology) -> None:
        """Store a chronology built from these paths; silently do nothing when that cannot be."""
        if self.fingerprint is None or cache.racy(_newest(self.fingerprint)):
            return
        body = encode(chron)
        if body is not None and cache.save(self.name, self.key, _row(chron.meta), body):
            self._remember(chron)

    def _remember(self, chron: Chronology) -> None:
        import contextlib
        import weakref

        with contextlib.suppress(TypeError):  # not weak-referenceable: its index is not cached
            _ORIGINS[id(chron)] = (weakref.ref(chron), self.name, self.key)
