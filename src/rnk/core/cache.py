"""rnk's one cache: parsed chronologies, their search indexes and completion's values. Never
required: disabled (`RNK_NO_CACHE=1`), unwritable or untrusted, rnk gives the same output, only
more slowly. An entry is used only when its key matches everything that produced it.

It trusts only itself (docs/architecture.md, "The cache"): a 0700 folder of ours, files made by
`mkstemp` and replaced atomically, opened with O_NOFOLLOW | O_NONBLOCK, each with a keyed BLAKE2b
MAC checked before a byte is decoded (marshal is not safe against crafted data).

Format: MAGIC, the header's MAC and length, the header `marshal((key, extra, body length, body
MAC))`, the body: `rnk --version` reads only the header. Importing this module costs next to
nothing (os, sys, marshal): TAB completion uses it.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rnk import __version__

if TYPE_CHECKING:
    from pathlib import Path

    from rnk.core.model import Chronology, Meta

try:  # the builtin module hashlib wraps: importing hashlib loads OpenSSL, 5 ms a start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without it
    from hashlib import blake2b

MAGIC = b"rnk-cache 2\n"
_MAC = 32  # bytes of a MAC
_LENGTH = 4  # bytes of the header length, little-endian
_KEY = "key"
_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
# Files modified this recently may still be being written, possibly within one tick of the file
# system's clock, so a later edit could keep their size and times: data that new is not cached.
RACY_NS = 2_000_000_000
# A temporary file of a process that no longer runs (killed while writing) is removed by the
# next write; one older than this is removed even if its process id was reused.
STALE_TMP_S = 3600

Key = Any  # a marshal-able value: tuples, strings, numbers
# The modules whose code decides what a cached chronology contains (and how it is laid out).
CODE = tuple(f"core/{m}.py" for m in ("cache", "model", "dates", "loader", "rules", "store"))

# ----------------------------------------------------------------------------- the folder


def location() -> str | None:
    """$RNK_CACHE_DIR, else $XDG_CACHE_HOME/rnk, else ~/.cache/rnk; None without an absolute one."""
    where = os.environ.get("RNK_CACHE_DIR", "")
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if not where:
        where = os.path.join(xdg, "rnk") if os.path.isabs(xdg) else os.path.join("~", ".cache", "rnk")
    try:
        where = os.path.expanduser(where)
    except RuntimeError:  # ~user that does not exist, or no home
        return None
    return where if os.path.isabs(where) else None


def _ours(st: os.stat_result) -> bool:
    """Owned by us and writable by no one else."""
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def folder(create: bool = False) -> str | None:
    """The cache folder when caching is on and the folder is ours alone, else None."""
    where = None if os.environ.get("RNK_NO_CACHE", "") not in ("", "0") else location()
    if where is None:
        return None
    try:
        if create:
            os.makedirs(where, mode=0o700, exist_ok=True)
        st = os.stat(where)
    except (OSError, ValueError):
        return None
    return where if stat.S_ISDIR(st.st_mode) and _ours(st) else None


def _read(path: str, size: int = -1) -> bytes | None:
    """Up to `size` bytes (all when -1) of a regular file of ours; None for anything else.
    O_NONBLOCK: a FIFO opens without waiting for a writer (and is then refused);
    O_NOFOLLOW: a symlink (to /dev/stdin, say) is refused."""
    try:
        fd = os.open(path, _OPEN)
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _ours(st):
            return None
        return os.read(fd, st.st_size if size < 0 else size)
    except OSError:
        return None
    finally:
        os.close(fd)


def _write(base: str, name: str, data: bytes) -> bool:
    """Replace `name` in the folder with `data` atomically (a reader sees the old file or the new)."""
    import tempfile

    _sweep(base)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".tmp-{os.getpid()}-", dir=base)
    except OSError:  # read-only or full: the cache is optional
        return False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(base, name))
        return True
    except OSError:
        _remove(tmp)
        return False


def _sweep(base: str) -> None:
    """Remove the temporary files of writers that were killed (SIGTERM, SIGKILL) mid-write."""
    import time

    try:
        with os.scandir(base) as entries:
            leftovers = [e for e in entries if e.name.startswith(".tmp-")]
    except OSError:
        return
    for entry in leftovers:
        pid = entry.name.split("-")[1]
        try:
            old = time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_TMP_S
        except OSError:
            continue
        if old or (pid.isdigit() and not _running(int(pid))):
            _remove(entry.path)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, as someone else's process
        return True
    return True


def _remove(path: str) -> None:
    # Not contextlib.suppress: importing contextlib costs a TAB press more than this does.
    try:  # noqa: SIM105
        os.unlink(path)
    except OSError:
        pass


def _secret(base: str, create: bool) -> bytes | None:
    """The per-user MAC key, made on first use (replaced whole: a reader never sees half a key;
    two first runs at once only cost each other's entries a rebuild)."""
    path = os.path.join(base, _KEY)
    found = _read(path)
    if (found is None or len(found) != _MAC) and create and _write(base, _KEY, os.urandom(_MAC)):
        found = _read(path)
    return found if found is not None and len(found) == _MAC else None


def _mac(secret: bytes, data: bytes | memoryview) -> bytes:
    return blake2b(data, key=secret, digest_size=_MAC).digest()


# ----------------------------------------------------------------------------- entries


def load(name: str, key: Key, header_only: bool = False) -> tuple[Any, Any] | None:
    """The (extra, body) stored under `name` for `key` (body None when `header_only`); None when
    missing, stale, corrupt, forged or not a regular file of ours (or `key` is None)."""
    base = folder() if key is not None else None
    secret = _secret(base, create=False) if base is not None else None
    if base is None or secret is None:
        return None
    start = len(MAGIC) + _MAC + _LENGTH
    path = os.path.join(base, name)
    raw = _read(path, start + 64 * 1024) if header_only else _read(path)
    if raw is None or len(raw) < start or not raw.startswith(MAGIC):
        return None
    size = int.from_bytes(raw[start - _LENGTH : start], "little")
    header_bytes = raw[start : start + size]
    if len(header_bytes) != size or _mac(secret, header_bytes) != raw[len(MAGIC) : len(MAGIC) + _MAC]:
        return None
    stored_key, extra, body_size, body_mac = marshal.loads(header_bytes)  # authenticated: ours
    if stored_key != key:
        return None
    if header_only:
        return extra, None
    body = memoryview(raw)[start + size :]
    if len(body) != body_size or _mac(secret, body) != body_mac:
        return None
    return extra, marshal.loads(body)


def save(name: str, key: Key, extra: Any, body: Any) -> bool:
    """Store an entry; False when the cache is off, untrusted or unwritable, or `key` is None."""
    base = folder(create=True) if key is not None else None
    secret = _secret(base, create=True) if base is not None else None
    if base is None or secret is None:
        return False
    try:
        data = marshal.dumps(body)
        header = marshal.dumps((key, extra, len(data), _mac(secret, data)))
    except ValueError:  # a value marshal cannot hold: leave it uncached
        return False
    prefix = MAGIC + _mac(secret, header) + len(header).to_bytes(_LENGTH, "little")
    return _write(base, name, prefix + header + data)


def code_stamp(modules: tuple[str, ...]) -> tuple[Any, ...]:
    """Size and time of the source files (relative to the rnk package) that decide what an entry
    holds: an edited checkout never reads entries made by older code."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # rnk/, above rnk/core/
    stamp: list[tuple[Any, ...]] = []
    for module in modules:
        try:
            st = os.stat(os.path.join(here, module))
            stamp.append((module, st.st_size, st.st_mtime_ns))
        except OSError:
            stamp.append((module, None))
    return tuple(stamp)


# ----------------------------------------------------------------------------- chronologies


def fingerprint(paths: Sequence[str | Path]) -> tuple[Any, ...] | None:
    """What the data files look like on disk; None when a path cannot be used or was changed too
    recently to trust (RACY_NS). A folder adds its own times (they change when a file is added,
    removed or renamed) and every `*.toml` in it: a superset of what the loader reads."""
    names: list[str] = []
    try:
        for path in paths:
            names.append(os.path.abspath(path))
            if os.path.isdir(names[-1]):
                with os.scandir(names[-1]) as entries:
                    names += sorted(e.path for e in entries if e.name.endswith(".toml"))
        stats = [os.stat(name) for name in names]
    except OSError:
        return None
    import time

    if time.time_ns() - max((max(st.st_mtime_ns, st.st_ctime_ns) for st in stats), default=0) < RACY_NS:
        return None
    return tuple(
        (name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        for name, st in zip(names, stats, strict=True)
    )


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


def entry(
    paths: Sequence[str | Path], kind: str = "chronology", code: tuple[str, ...] = CODE
) -> tuple[str, Key]:
    """An entry's file name and key (None: not cacheable). The name only spreads data sets over
    files; the key decides a match: the files' fingerprint, the rnk and Python versions and the
    code that decides what the entry holds."""
    names = [os.path.abspath(p) for p in paths]
    digest = blake2b("\0".join(names).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    found = fingerprint(names) if location() is not None else None
    key = None if found is None else (__version__, sys.version, code_stamp(code), found)
    return f"{kind}-{digest}-{sys.implementation.cache_tag}.bin", key


# The entry (name, key) of the chronology this process last loaded or saved, so that its search
# index can be cached beside it.
_origin: tuple[Any, str, Key] | None = None


def origin(chron: Chronology) -> tuple[str, Key] | None:
    """The cache entry name and key a chronology was loaded from or saved to, if any."""
    return None if _origin is None or _origin[0] is not chron else (_origin[1], _origin[2])


def chronology(paths: list[Path], build: Callable[[], Chronology]) -> Chronology:
    """The chronology of `paths` from a fresh entry, else `build()`'s, stored. The key is taken
    before `build` reads the files: a file edited meanwhile leaves an entry the next run sees as
    stale (rather than a fresh fingerprint on old content)."""
    global _origin
    name, key = entry(paths)
    found = load(name, key)
    if found is not None:
        chron = decode(*found)
    else:
        chron = build()
        if not save(name, key, tuple(chron.meta), encode(chron)):
            return chron
    _origin = (chron, name, key)
    return chron


def meta(paths: list[Path]) -> Meta | None:
    """The [meta] table of a fresh entry (only its header is read), or None."""
    found = load(*entry(paths), header_only=True)
    if found is None:
        return None
    from rnk.core.model import Meta

    return Meta._make(found[0])
