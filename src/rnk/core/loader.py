"""Find, read and parse data files into raw records; `store.load` turns them into a Chronology.

A chronology is one TOML file or a folder of them, or several layered (`rnk.core.paths`), all
read as one document (docs/data-format.md). Every problem names its file and, inside it, its line.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any, NamedTuple

from rnk.core.errors import Problem, UsageError, shorten
from rnk.core.paths import BUNDLED, bundled_dir, layers, toml_names

# Larger files are refused before parsing: a chronology of 100,000 events is about 60 MB.
MAX_FILE_BYTES = 128 * 1024 * 1024

ARRAY_KINDS = ("eras", "events", "faq", "aliases", "names")
TABLE_KINDS = ("sources", "tags")
TOP_LEVEL = ("meta", *TABLE_KINDS, *ARRAY_KINDS)
_SHAPES = {
    **dict.fromkeys(TABLE_KINDS, "'{0}' must be a table ([{0}])"),
    **dict.fromkeys(ARRAY_KINDS, "'{0}' must be an array of tables ([[{0}]])"),
}


class RawRecord(NamedTuple):
    """One record as parsed, with where it came from (for messages with file and line)."""

    kind: str
    file: str
    position: int  # within its array in its file, or -1 for table entries and meta
    key: str  # the table key for sources/tags, "" otherwise
    data: Any
    text: str = ""  # the whole file, to find lines in


class RawDocument(NamedTuple):
    """Every record read, by kind (TOP_LEVEL: [meta] too), and the files read."""

    records: dict[str, list[RawRecord]]
    files: list[str]


def bundled_path() -> Path:
    return Path(bundled_dir())


def resolve_paths(option: str | None = None) -> list[Path]:
    """The data paths in force: --data, else RNK_DATA, else the bundled data (`rnk.core.paths.layers`).

    A path given but empty (`--data ''`, `--data ':'`, `rnk validate ''`) is a usage error, not
    the bundled data: silently reading other data than was asked for would mislead."""
    named = layers(option)
    if not named:
        raise UsageError(f"empty data path: name a TOML file or folder, or '{BUNDLED}'")
    return [bundled_path() if layer == BUNDLED else expand_user(layer) for layer in named]


def expand_user(path: str) -> Path:
    """`~/x` and `~user/x` expanded; a home that cannot be found is a usage error (exit 2), not
    the RuntimeError pathlib raises (`~nosuchuser`, or HOME unset and no passwd entry)."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        raise UsageError(f"cannot expand '{shorten(path)}': no such user, or no home folder") from None


def path_kind(path: Path) -> tuple[str, str]:
    """("dir" | "file" | "problem", message) from one stat that follows links and never raises:
    a folder without search permission, a FIFO, a device or a symlink loop is a problem to report
    (pathlib's is_file() raises PermissionError on the first and says nothing of the others)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return "problem", "broken symbolic link: its target does not exist"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "problem", "no such file or folder"
        if exc.errno == errno.ELOOP:
            return "problem", "too many levels of symbolic links"
        return "problem", f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "dir", ""
    if stat.S_ISREG(mode):
        return "file", ""
    return "problem", "not a regular file or folder"


def data_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders to their *.toml files, in name order; report paths that cannot be used.
    Hidden files (editor backups, lock files) are skipped; any other *.toml must be a readable
    file, so that no data is silently left out. A file named twice is read once."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        kind, message = path_kind(path)
        if kind == "dir":
            _add_folder(path, files, problems)
        elif kind == "file":
            files.append(path)
        else:
            problems.append(Problem(str(path), message))
    unique: dict[Path, Path] = {}
    for f in files:
        unique.setdefault(f.resolve(), f)
    return list(unique.values()), problems


def _add_folder(folder: Path, files: list[Path], problems: list[Problem]) -> None:
    try:
        names = toml_names(str(folder))
    except OSError as exc:
        problems.append(Problem(str(folder), f"cannot list folder: {exc.strerror or exc}"))
        return
    for entry in (folder / name for name in names):
        kind, message = path_kind(entry)
        if kind == "file":
            files.append(entry)
        else:
            odd = kind == "dir" or message.startswith("not a regular")
            problems.append(Problem(str(entry), "cannot read: not a regular file" if odd else message))
    if not names:
        try:
            subfolders = any(path_kind(e)[0] == "dir" for e in folder.iterdir() if not e.name.startswith("."))
        except OSError:  # removed meanwhile
            subfolders = False
        hint = " (subfolders are not read)" if subfolders else ""
        problems.append(Problem(str(folder), f"folder holds no *.toml data files{hint}"))


def read_text(path: Path) -> tuple[str | None, Problem | None]:
    """Read a data file as UTF-8, refusing oversized, unreadable or non-UTF-8 files."""
    name = str(path)
    limit = MAX_FILE_BYTES
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # replaced by a FIFO or a device since it was listed
            return None, Problem(name, "cannot read: not a regular file")
        size = info.st_size
        if size <= limit:
            with path.open("rb") as handle:
                raw = handle.read(limit + 1)  # never more, even if the file grows meanwhile
            size = len(raw)
    except OSError as exc:
        return None, Problem(name, f"cannot read file: {exc.strerror or exc}")
    if size > limit:
        shown = f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit} bytes"
        return None, Problem(name, f"file is {size} bytes, over the size limit of {shown}")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a byte-order mark, as some editors write: not part of the TOML
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        return None, Problem(name, f"not valid UTF-8 (byte 0x{byte})", line=line, column=column)


def parse_toml(name: str, text: str) -> tuple[dict[str, Any] | None, Problem | None]:
    import tomli

    try:
        return tomli.loads(text), None
    except tomli.TOMLDecodeError as exc:
        message = getattr(exc, "msg", None) or str(exc).split(" (at ")[0]
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        return None, Problem(name, f"TOML syntax error: {message}", line=line, column=column)
    except RecursionError as exc:
        return None, _too_deep(name, text, str(exc))


def _too_deep(name: str, text: str, reason: str) -> Problem:
    from rnk.core.tomlpos import NESTING_LIMIT, positions

    found = positions(text)
    if "key" in reason:
        parts, (line, column) = found.longest_key
        return Problem(name, f"a dotted key has {parts} parts: too many", line=line, column=column)
    line, column = found.deepest[1]  # where nesting went past the limit
    message = f"arrays or inline tables nested more than {NESTING_LIMIT} levels deep"
    return Problem(name, message, line=line, column=column)


def collect(name: str, text: str, doc: dict[str, Any], into: RawDocument) -> list[Problem]:
    """Split one parsed file into raw records by kind."""
    problems = []
    into.files.append(name)
    for key, value in doc.items():
        if key == "meta":
            into.records["meta"].append(RawRecord("meta", name, -1, "", value, text))
        elif key in TABLE_KINDS and isinstance(value, dict):
            into.records[key].extend(RawRecord(key, name, -1, k, v, text) for k, v in value.items())
        elif key in ARRAY_KINDS and isinstance(value, list):
            into.records[key].extend(RawRecord(key, name, i, "", v, text) for i, v in enumerate(value))
        else:
            message = _SHAPES.get(key, "unknown top-level key '{0}' (known: " + ", ".join(TOP_LEVEL) + ")")
            problems.append(Problem(name, message.format(key), line=line_of(text, (key,))))
    return problems


def read_all(paths: list[Path]) -> tuple[RawDocument, list[Problem]]:
    """Read and parse every file; gather all problems rather than stopping at the first."""
    files, problems = data_files(paths)
    doc = RawDocument({kind: [] for kind in TOP_LEVEL}, [])
    for path in files:
        text, problem = read_text(path)
        if problem is None and text is not None:
            parsed, problem = parse_toml(str(path), text)
            if parsed is not None:
                problems.extend(collect(str(path), text, parsed, doc))
        if problem is not None:
            problems.append(problem)
    return doc, problems


# --- lines in the source text (tomli reports no positions for values) ---


def line_of(text: str, path: tuple[str | int, ...]) -> int:
    """The line where `path` (or the nearest enclosing path found) is defined; 1 if none is."""
    from rnk.core.tomlpos import positions

    return positions(text).line(path) or 1


def locate(record: RawRecord, field_name: str | None = None, item: int | None = None) -> int:
    """The line of a record, of one of its fields, or of one item of an array field."""
    own = record.key or (record.position if record.position >= 0 else None)  # None: [meta]
    return line_of(record.text, tuple(p for p in (record.kind, own, field_name, item) if p is not None))
