"""`rnk validate`: check a chronology and report every problem, one per line. Reads only.

It calls `store.check_paths` directly (never a cache), so what it reports is what is on disk now.
"""

from __future__ import annotations

from pathlib import Path

from rnk.core.errors import ExitCode, Problem, RnkError
from rnk.core.model import Chronology
from rnk.render.view import View

PROBLEM_COLUMNS = (
    ("file", "File"), ("line", "Line"), ("column", "Column"), ("record", "Record"),
    ("field", "Field"), ("message", "Message"),
)  # fmt: skip


class ProblemsFound(RnkError):
    """The data has problems (listed on stdout): exit 3 with a one-line summary on stderr."""

    code = ExitCode.DATA


def check(spec: str | None) -> tuple[list[Path], Chronology | None, list[Problem]]:
    """Validate the data named by `spec` (as for --data; None: the data in force)."""
    from rnk.core.loader import resolve_paths
    from rnk.core.store import check_paths

    paths = resolve_paths(spec)
    chronology, problems = check_paths(paths)
    return paths, chronology, problems


def problem_lines(problems: list[Problem]) -> str:
    """`file:line[:col]: record: field 'x': message`, one problem per line, safe for a terminal."""
    from rnk.render.sanitize import one_line

    return "".join(one_line(str(p)) + "\n" for p in problems)


def ok_line(chronology: Chronology, paths: list[Path]) -> str:
    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    parts = [
        count(len(chronology.events), "event", "events"),
        count(len(chronology.faq), "FAQ entry", "FAQ entries"),
        count(len(chronology.eras), "era", "eras"),
        count(len(chronology.tags), "tag", "tags"),
        count(len(chronology.sources), "source", "sources"),
        count(len(chronology.aliases) - len(chronology.names), "alias group", "alias groups"),
        count(len(chronology.names), "name", "names"),
    ]
    where = ", ".join(str(p) for p in paths)
    return f"ok: {', '.join(parts)} ({where})\n"


def problems_view(problems: list[Problem]) -> View:
    return View(kind="problems", data=[p.as_dict() for p in problems], columns=PROBLEM_COLUMNS)


def place_kind(path: str) -> str:
    """What a problem's place is, for the summary line: a folder (`rnk validate emptydir/`), a
    file, or a path that does not exist."""
    from rnk.core.loader import (
        path_kind,  # never raises: a folder without search permission is a file's place
    )

    kind, message = path_kind(Path(path))
    if kind == "dir":
        return "folder"
    return "missing path" if message == "no such file or folder" else "file"


def counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def summary(problems: list[Problem]) -> str:
    """`3 problems found in 2 files and 1 folder`."""
    kinds = [place_kind(f) for f in dict.fromkeys(p.file for p in problems)]
    places = [counted(kinds.count(k), k) for k in ("file", "folder", "missing path") if k in kinds]
    where = " and ".join(places) if len(places) < 3 else f"{places[0]}, {places[1]} and {places[2]}"
    return f"{counted(len(problems), 'problem')} found in {where}"
