"""Find, read and parse data files into raw records; `store.load` turns them into a Chronology.

A chronology is one TOML file or a folder of them (see docs/data-format.md). Several sources can
be layered: `--data` and `RNK_DATA` take a list separated by the platform's path separator
(`:` on Unix), in which `@bundled` stands for the data that ships with rnk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rnk.errors import DataError, Problem

BUNDLED = "@bundled"
ENV_VAR = "RNK_DATA"
# Larger files are refused before parsing: a chronology of 100,000 events is about 60 MB.
MAX_FILE_BYTES = 128 * 1024 * 1024

ARRAY_KINDS = ("eras", "events", "faq", "aliases")
TABLE_KINDS = ("sources", "tags")
TOP_LEVEL = ("meta", *TABLE_KINDS, *ARRAY_KINDS)


@dataclass
class RawRecord:
    """One record as parsed, with where it came from (for messages with file and line)."""

    kind: str
    file: str
    index: int  # position within its array in its file, or -1 for table entries
    key: str  # the table key for sources/tags, "" for array records
    data: Any
    text: str = field(repr=False, default="")


@dataclass
class RawDocument:
    meta: list[RawRecord] = field(default_factory=list)
    records: dict[str, list[RawRecord]] = field(
        default_factory=lambda: {kind: [] for kind in (*TABLE_KINDS, *ARRAY_KINDS)}
    )
    files: list[str] = field(default_factory=list)


def bundled_path() -> Path:
    """The data shipped with rnk: inside the installed package, else the source checkout."""
    installed = Path(__file__).resolve().parent / "data"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "data"


def resolve_paths(option: str | None = None) -> list[Path]:
    """The data paths in force: --data, else RNK_DATA, else the bundled data."""
    spec = option if option else os.environ.get(ENV_VAR, "")
    if not spec.strip():
        return [bundled_path()]
    paths = []
    for part in spec.split(os.pathsep):
        part = part.strip()
        if not part:
            continue
        paths.append(bundled_path() if part == BUNDLED else Path(part).expanduser())
    return paths or [bundled_path()]


def data_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders to their *.toml files, in name order; report paths that cannot be used."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.glob("*.toml") if p.is_file())
            if not found:
                problems.append(Problem(str(path), "folder holds no *.toml data files"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            problems.append(Problem(str(path), "not a regular file or folder"))
        else:
            problems.append(Problem(str(path), "no such file or folder"))
    return files, problems


def read_text(path: Path) -> tuple[str | None, Problem | None]:
    """Read a data file as UTF-8, refusing oversized, unreadable or non-UTF-8 files."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            return None, Problem(name, f"file is {size} bytes, over the {limit} MiB limit")
        raw = path.read_bytes()
    except OSError as exc:
        return None, Problem(name, f"cannot read file: {exc.strerror or exc}")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem(name, "not valid UTF-8", line=line, column=column)


def parse_toml(name: str, text: str) -> tuple[dict[str, Any] | None, Problem | None]:
    import tomli

    try:
        return tomli.loads(text), None
    except tomli.TOMLDecodeError as exc:
        message = getattr(exc, "msg", str(exc))
        return None, Problem(
            name,
            f"TOML syntax error: {message}",
            line=getattr(exc, "lineno", None),
            column=getattr(exc, "colno", None),
        )
    except RecursionError:
        return None, Problem(name, "arrays or tables are nested too deeply")


def collect(name: str, text: str, doc: dict[str, Any], into: RawDocument) -> list[Problem]:
    """Split one parsed file into raw records by kind."""
    problems = []
    into.files.append(name)
    for key, value in doc.items():
        if key not in TOP_LEVEL:
            line = locate_key(text, key)
            known = ", ".join(TOP_LEVEL)
            problems.append(Problem(name, f"unknown top-level key '{key}' (known: {known})", line=line))
        elif key == "meta":
            into.meta.append(RawRecord("meta", name, -1, "", value, text))
        elif key in TABLE_KINDS:
            if not isinstance(value, dict):
                problems.append(Problem(name, f"'{key}' must be a table", line=locate_key(text, key)))
                continue
            for k, v in value.items():
                into.records[key].append(RawRecord(key, name, -1, k, v, text))
        else:
            if not isinstance(value, list):
                problems.append(
                    Problem(
                        name, f"'{key}' must be an array of tables ([[{key}]])", line=locate_key(text, key)
                    )
                )
                continue
            for i, v in enumerate(value):
                into.records[key].append(RawRecord(key, name, i, "", v, text))
    return problems


def read_all(paths: list[Path]) -> tuple[RawDocument, list[Problem]]:
    """Read and parse every file; gather all problems rather than stopping at the first."""
    files, problems = data_files(paths)
    doc = RawDocument()
    for path in files:
        text, problem = read_text(path)
        if problem is None and text is not None:
            parsed, problem = parse_toml(str(path), text)
            if parsed is not None and text is not None:
                problems.extend(collect(str(path), text, parsed, doc))
        if problem is not None:
            problems.append(problem)
    return doc, problems


def fail(problems: list[Problem]) -> DataError:
    return DataError(problems)


# --- finding lines in the source text (tomli reports no positions for values) ---


def _header_lines(text: str, kind: str) -> list[int]:
    lines = []
    for no, line in enumerate(text.splitlines(), 1):
        stripped = line.strip().replace(" ", "")
        if stripped.startswith(f"[[{kind}]]"):
            lines.append(no)
    return lines


def locate_key(text: str, key: str, after: int = 0) -> int | None:
    """The first line at or after `after` that assigns `key` (or opens a table named `key`)."""
    for no, line in enumerate(text.splitlines(), 1):
        if no < after:
            continue
        stripped = line.strip()
        if no > after and after and stripped.startswith("[") and not stripped.startswith(f"[{key}"):
            return None
        bare = stripped.lstrip("[").split("=", 1)[0].split("]", 1)[0].strip().strip('"')
        if bare == key or bare.endswith(f".{key}") or bare.endswith(f'."{key}"'):
            return no
    return None


def locate(record: RawRecord, field_name: str | None = None) -> int | None:
    """Best-effort line of a record (or of one of its fields) in its file."""
    text = record.text
    if record.kind == "meta":
        start = locate_key(text, "meta") or 1
    elif record.index >= 0:
        headers = _header_lines(text, record.kind)
        if record.index >= len(headers):
            return locate_key(text, record.kind)
        start = headers[record.index]
    else:
        start = _table_entry_line(text, record.kind, record.key) or 1
        if record.kind == "tags":
            return start
    if field_name is None:
        return start
    return _field_line(text, start, field_name) or start


def _table_entry_line(text: str, kind: str, key: str) -> int | None:
    for no, line in enumerate(text.splitlines(), 1):
        s = line.strip().replace(" ", "")
        if s in (f"[{kind}.{key}]", f'[{kind}."{key}"]'):
            return no
        if s.startswith((f"{key}=", f'"{key}"=')):
            return no
    return None


def _field_line(text: str, start: int, field_name: str) -> int | None:
    for no, line in enumerate(text.splitlines()[start:], start + 1):
        s = line.strip()
        if s.startswith("[") and not s.startswith("[["):
            return None
        if s.startswith("[[") and "." not in s:
            return None  # the next record of the array
        if s.split("=", 1)[0].strip().strip('"') == field_name and "=" in s:
            return no
    return None
