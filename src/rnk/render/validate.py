"""`rnk validate`: check a chronology and report every problem, one per line. Reads only.

It calls `store.check_paths` directly (never a cache), so what it reports is what is on disk now.
"""

from __future__ import annotations

from pathlib import Path

from rnk.core.errors import ExitCode, Problem, RnkError
from rnk.core.model import Chronology
from rnk.render.sanitize import one_line, plural
from rnk.render.view import View, columns_of

PROBLEM_COLUMNS = columns_of("file line column record field message")


class ProblemsFound(RnkError):
    """The data has problems (listed on stdout): exit 3 with a one-line summary on stderr."""

    code = ExitCode.DATA


def check(spec: str | None) -> tuple[list[Path], Chronology | None, list[Problem]]:
    """Validate the data named by `spec` (as for --data; None: the data in force)."""
    from rnk.core.loader import resolve_paths
    from rnk.core.store import check_paths

    paths = resolve_paths(spec)
    return paths, *check_paths(paths)


def problem_lines(problems: list[Problem]) -> str:
    """`file:line[:col]: record: field 'x': message`, one problem per line, safe for a terminal."""
    return "".join(one_line(str(p)) + "\n" for p in problems)


def ok_line(chron: Chronology, paths: list[Path]) -> str:
    parts = [
        plural(len(chron.events), "event"),
        plural(len(chron.faq), "FAQ entry", "FAQ entries"),
        plural(len(chron.eras), "era"),
        plural(len(chron.tags), "tag"),
        plural(len(chron.sources), "source"),
        plural(len(chron.aliases) - len(chron.names), "alias group"),
        plural(len(chron.names), "name"),
    ]
    return f"ok: {', '.join(parts)} ({', '.join(str(p) for p in paths)})\n"


def problems_view(problems: list[Problem]) -> View:
    return View(kind="problems", data=[p.as_dict() for p in problems], columns=PROBLEM_COLUMNS)


def place_kind(path: str) -> str:
    """What a problem's place is, for the summary line: a folder (`rnk validate emptydir/`), a
    file, or a path that does not exist."""
    from rnk.core.loader import path_kind  # never raises: an unsearchable folder is a file's place

    kind, message = path_kind(Path(path))
    if kind == "dir":
        return "folder"
    return "missing path" if message == "no such file or folder" else "file"


def summary(problems: list[Problem]) -> str:
    """`3 problems found in 2 files and 1 folder`."""
    kinds = [place_kind(f) for f in dict.fromkeys(p.file for p in problems)]
    places = [plural(kinds.count(k), k) for k in ("file", "folder", "missing path") if k in kinds]
    where = " and ".join(places) if len(places) < 3 else f"{places[0]}, {places[1]} and {places[2]}"
    return f"{plural(len(problems), 'problem')} found in {where}"
