"""A cache of parsed, validated chronologies (and their search indexes), so that a repeated
command pays neither for parsing TOML nor for indexing text again.

The TOML files stay the single source of truth. An entry is used only when everything that
produced it is unchanged: the data paths and, for every data file (and folder), its size,
modification and change times and inode; the rnk version, the Python version, the model's
fields and the source files of the modules that build the result (so an edited checkout never
reads entries made by older code). Anything else (stale, truncated, corrupt, unreadable, from
another version) is ignored and rebuilt. The cache is never required: when it is disabled
(`RNK_NO_CACHE=1`) or cannot be written (a read-only folder), rnk gives the same output, only
more slowly.

Where: `$RNK_CACHE_DIR`, else `$XDG_CACHE_HOME/rnk`, else `~/.cache/rnk`. One file per data set
(named after a hash of its paths) and Python version; each is replaced atomically (a temporary
file, then `os.replace`), so a reader never sees half a file. The folder may be deleted at any time.

Format: a magic string, the length of a header, the header and the body, each a `marshal`
of plain tuples (measured on 100k events: loading is about 10x faster than JSON and 3x faster
than pickling the model objects; see docs/performance.md). marshal is specific to the Python
version, which is part of the key. The header holds the key, the `[meta]` table (so
`rnk --version` reads only the header) and a CRC of the body.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from rnk import __version__

if TYPE_CHECKING:
    from rnk.model import Chronology, Meta
    from rnk.search import Doc, Index

MAGIC = b"rnk-cache\n"
FORMAT = 1  # bump when the layout of the body changes
_LENGTH = 4  # bytes of the header length, little-endian
# Files modified this recently may still be being written, possibly within one tick of the file
# system's clock, so a later edit could keep their size and times: such data is not cached.
RACY_NS = 2_000_000_000
# The modules whose code decides what a cached chronology or index contains.
CHRONOLOGY_CODE = ("cache.py", "model.py", "dates.py", "loader.py", "store.py")
SEARCH_CODE = ("search.py",)
CHRONOLOGY_FIELDS = ("meta", "sources", "eras", "tags", "events", "faq", "aliases")
LARGE = 10_000  # events: from here on, decoded data is frozen out of the cycle collector

Key = tuple[Any, ...]


# ----------------------------------------------------------------------------- where


def disabled() -> bool:
    return os.environ.get("RNK_NO_CACHE", "") not in ("", "0")


def cache_dir() -> Path | None:
    """$RNK_CACHE_DIR, else $XDG_CACHE_HOME/rnk, else ~/.cache/rnk; None when there is no home."""
    explicit = os.environ.get("RNK_CACHE_DIR", "")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):  # the XDG spec says to ignore relative paths
        return Path(xdg) / "rnk"
    home = os.path.expanduser("~")
    if home == "~" or not os.path.isabs(home):
        return None
    return Path(home) / ".cache" / "rnk"


def _entry_path(paths: list[Path], kind: str) -> Path | None:
    folder = cache_dir()
    if folder is None or disabled():
        return None
    # The name only spreads data sets over files; the header check is what guarantees a match.
    joined = "\0".join(os.path.abspath(p) for p in paths).encode("utf-8", "surrogateescape")
    digest = f"{zlib.crc32(joined):08x}{zlib.adler32(joined):08x}"
    return folder / f"{kind}-{digest}-{sys.implementation.cache_tag}.bin"


# ----------------------------------------------------------------------------- the key


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


def _code_stamp(modules: tuple[str, ...]) -> tuple[Any, ...]:
    here = os.path.dirname(os.path.abspath(__file__))
    stamp: list[tuple[Any, ...]] = []
    for module in modules:
        try:
            st = os.stat(os.path.join(here, module))
            stamp.append((module, st.st_size, st.st_mtime_ns))
        except OSError:
            stamp.append((module, None))
    return tuple(stamp)


def _racy(fp: tuple[Any, ...]) -> bool:
    import time

    newest = max((max(item[-1][1], item[-1][2]) for item in fp), default=0)
    return time.time_ns() - newest < RACY_NS


# ----------------------------------------------------------------------------- file format


def _read(path: Path, key: Key, header_only: bool = False) -> tuple[tuple[Any, ...], Any] | None:
    """The header and body of an entry made for `key`; None when missing, stale or corrupt."""
    start = len(MAGIC) + _LENGTH
    try:
        with open(path, "rb") as f:
            raw = f.read(start)
            if not raw.startswith(MAGIC) or len(raw) != start:
                return None
            size = int.from_bytes(raw[len(MAGIC) :], "little")
            header = marshal.loads(f.read(size))
            if not isinstance(header, tuple) or len(header) != 3 or header[0] != key:
                return None
            if header_only:
                return header, None
            body = f.read()
        if len(body) != header[2][0] or zlib.crc32(body) != header[2][1]:
            return None
        return header, marshal.loads(body)
    except (OSError, ValueError, EOFError, TypeError, IndexError):  # unreadable or corrupt
        return None


def _write(path: Path, key: Key, extra: Any, body: Any) -> int | None:
    """Write an entry atomically; return the body's CRC, or None when it cannot be written."""
    import tempfile

    try:
        data = marshal.dumps(body)
        crc = zlib.crc32(data)
        header = marshal.dumps((key, extra, (len(data), crc)))
    except ValueError:  # a value marshal cannot hold: leave this data uncached
        return None
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + len(header).to_bytes(_LENGTH, "little") + header + data)
        os.replace(tmp, path)
        tmp = None
    except OSError:  # read-only, full or missing folder: the cache is optional
        return None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return crc


# ----------------------------------------------------------------------------- chronologies


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
    from rnk import model

    classes = (model.Chronology, model.Meta, model.Source, model.Era, model.Event, model.FaqEntry)
    return tuple((c.__name__, c.__match_args__) for c in classes)


def _chronology_key(fp: tuple[Any, ...]) -> Key:
    return (FORMAT, __version__, sys.version, _schema(), _code_stamp(CHRONOLOGY_CODE), fp)


def encode(chron: Chronology) -> tuple[Any, ...] | None:
    """The chronology as plain tuples, or None if the model has grown fields this cache does
    not know (then nothing is cached rather than something lost)."""
    if type(chron).__match_args__ != CHRONOLOGY_FIELDS:
        return None
    return (
        tuple(_row(s) for s in chron.sources.values()),
        tuple(_row(e) for e in chron.eras),
        dict(chron.tags),
        tuple(_interned(_row(e)) for e in chron.events),
        tuple(_row(f) for f in chron.faq),
        tuple(tuple(group) for group in chron.aliases),
    )


def _maker(cls: Any) -> Callable[[tuple[Any, ...]], Any]:
    """A record class's constructor from a row: a NamedTuple's `_make` (C speed, checks the
    length), else the class called with the row's values."""
    make = getattr(cls, "_make", None)
    return make if make is not None else (lambda row: cls(*row))


def decode(meta_row: tuple[Any, ...], body: tuple[Any, ...]) -> Chronology:
    from rnk.model import Chronology, Era, Event, FaqEntry, Meta, Source

    sources, eras, tags, events, faq, aliases = body
    return Chronology(
        meta=_maker(Meta)(meta_row),
        sources={s.id: s for s in map(_maker(Source), sources)},
        eras=tuple(map(_maker(Era), eras)),
        tags=tags,
        events=tuple(map(_maker(Event), events)),
        faq=tuple(map(_maker(FaqEntry), faq)),
        aliases=aliases,
    )


# Where each chronology in this process came from, so its search index can be cached with it:
# id(chronology) -> (weak reference, entry path, key, body CRC).
_ORIGINS: dict[int, tuple[Any, Path, Key, int]] = {}


def _remember(chron: Chronology, path: Path, key: Key, crc: int) -> None:
    import weakref

    with contextlib.suppress(TypeError):  # not weak-referenceable: its index is just not cached
        _ORIGINS[id(chron)] = (weakref.ref(chron), path, key, crc)


def _origin(chron: Chronology) -> tuple[Path, Key, int] | None:
    found = _ORIGINS.get(id(chron))
    if found is None or found[0]() is not chron:
        return None
    return found[1], found[2], found[3]


def _without_gc(work: Callable[[], Any], large: Callable[[Any], bool] = lambda result: False) -> Any:
    """Run `work` with the cycle collector paused: decoding creates a million small objects,
    none of them garbage, and would otherwise trigger dozens of useless collections.

    When `large(result)`, everything alive is then moved out of the collector's sight
    (`gc.freeze`): else each later collection would walk the whole chronology again, which
    took a quarter of a second per query on 100,000 events. Freezing is done only for large
    data, since objects alive at that moment are never collected as cycles afterwards."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        result = work()
        if result is not None and large(result):
            gc.freeze()
        return result
    finally:
        if was:
            gc.enable()


def _large(chron: Chronology) -> bool:
    return len(chron.events) >= LARGE


class Entry:
    """The cache entry for one set of data paths, fingerprinted when this object is made.

    Make it before reading the data: then a file edited while it is being parsed leaves an
    entry keyed on the old fingerprint, which the next run sees as stale (rather than a fresh
    fingerprint on old content). Usage (store.load):

        entry = cache.Entry(paths)
        chron = entry.load()
        if chron is None:
            chron = ...parse and validate...
            entry.save(chron)
    """

    def __init__(self, paths: list[Path]) -> None:
        self.path = _entry_path(paths, "chronology")
        self.fingerprint = fingerprint(paths) if self.path is not None else None
        self.key = _chronology_key(self.fingerprint) if self.fingerprint is not None else None

    def load(self) -> Chronology | None:
        """The cached chronology, or None when there is no fresh, sound entry."""
        path, key = self.path, self.key
        if path is None or key is None:
            return None
        found = _without_gc(lambda: _read(path, key))
        if found is None:
            return None
        header, body = found
        try:
            chron: Chronology = _without_gc(lambda: decode(header[1], body), _large)
        except (TypeError, ValueError, AttributeError):  # well-formed but not what we wrote
            return None
        _remember(chron, path, key, header[2][1])
        return chron

    def load_meta(self) -> Meta | None:
        """The [meta] table of a fresh entry (only its header is read), or None."""
        if self.path is None or self.key is None:
            return None
        found = _read(self.path, self.key, header_only=True)
        if found is None:
            return None
        from rnk.model import Meta

        try:
            meta: Meta = _maker(Meta)(found[0][1])
        except TypeError:
            return None
        return meta

    def save(self, chron: Chronology) -> None:
        """Store a chronology built from these paths; silently do nothing when that cannot be."""
        if self.path is None or self.key is None or self.fingerprint is None or _racy(self.fingerprint):
            return
        body = encode(chron)
        if body is None:
            return
        crc = _write(self.path, self.key, _row(chron.meta), body)
        if crc is not None:
            _remember(chron, self.path, self.key, crc)


# ----------------------------------------------------------------------------- search index


def search_index(chron: Chronology) -> Index:
    """The search index of a chronology: from the cache when this chronology came from (or went
    to) the cache and its index was stored before; else built, and stored when possible.

    Only what indexing computes is stored (the postings and the vocabulary). The per-record
    documents are views of the events, remade on demand (`IndexDocs`), so a query pays only for
    the records it reaches and their text is not held twice.
    """
    from rnk import search

    origin = _origin(chron)
    if origin is None:
        return search.build_index(chron)
    chron_path, chron_key, crc = origin
    path = chron_path.with_name(chron_path.name.replace("chronology-", "search-", 1))
    key = (chron_key, crc, _code_stamp(SEARCH_CODE))
    found = _without_gc(lambda: _read(path, key))
    if found is not None:
        try:
            index: Index = _without_gc(lambda: decode_index(chron, found[1]), lambda i: _large(chron))
            return index
        except (TypeError, ValueError, AttributeError, KeyError):  # not what we wrote
            pass
    index = search.build_index(chron)
    _write(path, key, None, encode_index(index))
    return index


def encode_index(index: Index) -> tuple[Any, ...]:
    """The postings as three flat arrays (every token's doc numbers, then weights, one after
    the other, and where each token's run starts), the vocabulary, and the alias terms."""
    from array import array

    tokens = tuple(index.postings)
    docs, weights, starts = array("I"), array("d"), array("I", [0])
    for token in tokens:
        numbers, tfs = index.postings[token]
        docs.extend(numbers)
        weights.extend(tfs)
        starts.append(len(docs))
    aliases = (
        {first: tuple(tuple(term) for term in terms) for first, terms in index.aliases.by_first.items()},
        index.aliases.group_terms,
    )
    # marshal writes an array as the bytes it holds (as it does any buffer), so the postings
    # are not copied once more here (43 MB on 100,000 events); they load back as bytes.
    runs = (tokens, starts, docs, weights)
    return (len(index.docs), runs, index.vocabulary, aliases)


def decode_index(chron: Chronology, body: tuple[Any, ...]) -> Index:
    from rnk import search

    count, runs, vocabulary, (by_first, group_terms) = body
    docs = IndexDocs(chron)
    if len(docs) != count:
        raise ValueError("the index does not fit the chronology")
    aliases = search.Aliases(
        {first: tuple(map(search.AliasTerm._make, terms)) for first, terms in by_first.items()}, group_terms
    )
    return search.Index(docs=docs, postings=Postings(*runs), vocabulary=vocabulary, aliases=aliases)


class Postings(Mapping[str, tuple[Sequence[int], Sequence[float]]]):
    """The postings of a cached index: token -> (doc numbers, weighted tf), each pair a view of
    the stored bytes, cut when a query asks for it. Nothing is converted or copied when an index
    is loaded (converting every token's pair took a millisecond on the bundled data, and a
    query reads a handful of tokens out of thousands)."""

    def __init__(self, tokens: tuple[str, ...], starts: bytes, docs: bytes, weights: bytes) -> None:
        self._runs = (tokens, starts, docs, weights)  # for pickling
        self._slot = dict(zip(tokens, range(len(tokens)), strict=True))
        self._starts = memoryview(starts).cast("I")
        self._docs = memoryview(docs).cast("I")
        self._weights = memoryview(weights).cast("d")
        ends = {self._starts[-1] if self._starts else -1, len(self._docs), len(self._weights)}
        if len(self._starts) != len(tokens) + 1 or len(ends) != 1:
            raise ValueError("postings of the wrong shape")  # not what encode_index wrote

    def __getitem__(self, token: str) -> tuple[Sequence[int], Sequence[float]]:
        slot = self._slot[token]  # KeyError: a token no record has
        start, end = self._starts[slot], self._starts[slot + 1]
        return self._docs[start:end], self._weights[start:end]

    def __iter__(self) -> Iterator[str]:
        return iter(self._slot)

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, token: object) -> bool:
        return token in self._slot

    def __reduce__(self) -> tuple[Any, ...]:
        return Postings, self._runs


class IndexDocs(Sequence["Doc"]):
    """The documents of a chronology's search index, in the order `search.build_index` numbers
    them (events, then FAQ entries), each made when first asked for and then kept.
    tests/test_cache.py checks that they equal the built index's documents."""

    def __init__(self, chron: Chronology) -> None:
        self._chron = chron
        self._made: dict[int, Doc] = {}

    def __len__(self) -> int:
        return len(self._chron.events) + len(self._chron.faq)

    @overload
    def __getitem__(self, n: int) -> Doc: ...

    @overload
    def __getitem__(self, n: slice) -> tuple[Doc, ...]: ...

    def __getitem__(self, n: int | slice) -> Doc | tuple[Doc, ...]:
        if isinstance(n, slice):
            return tuple(self[i] for i in range(*n.indices(len(self))))
        if n < 0:
            n += len(self)
        doc = self._made.get(n)
        if doc is None:
            doc = self._make(n)
            self._made[n] = doc
        return doc

    def _make(self, n: int) -> Doc:
        from rnk import search

        events, faq = self._chron.events, self._chron.faq
        if 0 <= n < len(events):
            return search.event_doc(events[n])
        if len(events) <= n < len(events) + len(faq):
            return search.faq_doc(self._chron, faq[n - len(events)])
        raise IndexError(n)
