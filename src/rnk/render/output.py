"""The output contract: choose a format and colour, then hand a View to the right writer.

Machine formats (json, jsonl, csv) are written with the standard library straight to stdout as
UTF-8 and never pass through rich. `table` is drawn for a terminal (rnk.render.human: rich, or
rnk.render.grid for the long tables); `plain` is the same content as text (rnk.render.text).
"""

from __future__ import annotations

import os
import sys

from rnk.core.errors import PipeClosed, UsageError
from rnk.render.view import View, terminal_columns


def _env_set(name: str) -> bool:
    return bool(os.environ.get(name, ""))


def stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def use_color(color: str) -> bool:
    """--color beats the environment; NO_COLOR beats FORCE_COLOR; else colour only on a tty."""
    if color == "always":
        return True
    if color == "never" or _env_set("NO_COLOR"):
        return False
    if _env_set("FORCE_COLOR"):
        return True
    return stdout_is_tty() and os.environ.get("TERM") != "dumb"


def resolve_format(fmt: str | None, json_flag: bool, color: str) -> str:
    """`--json` is `--format json`. Without either: a table on a terminal, or when colour is
    forced (--color always, FORCE_COLOR: "format as for a terminal"); plain text otherwise."""
    if json_flag:
        if fmt not in (None, "json"):
            raise UsageError(f"--json conflicts with --format {fmt}")
        return "json"
    if fmt is not None:
        return fmt
    forced = color == "always" or (color == "auto" and not _env_set("NO_COLOR") and _env_set("FORCE_COLOR"))
    return "table" if stdout_is_tty() or forced else "plain"


# Output is written in pieces no larger than a pipe's buffer: one large write() into a pipe whose
# reader has gone can report success after a partial write, so `| head` would go unnoticed.
CHUNK = 1 << 16


def _write_bytes(data: bytes) -> None:
    if sys.stdout is None:  # started with stdout closed (`rnk ... >&-`): as unwritable as /dev/full
        import errno

        raise OSError(errno.EBADF, "standard output is closed")
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a replaced stdout without a byte layer (some test harnesses)
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return
    view = memoryview(data)
    while view:
        piece = view[:CHUNK]
        # The count matters: a pipe smaller than CHUNK whose reader has gone takes part of a
        # piece and reports success; writing the rest then raises BrokenPipeError as it should.
        written = buffer.write(piece)
        buffer.flush()
        view = view[written if written else len(piece) :]


def write_machine(text: str) -> None:
    """Machine output is UTF-8 whatever the locale says. A lone surrogate (an argument that was
    not UTF-8, quoted in a message) is written as its `\\udcXX` escape, which JSON reads back."""
    _write_bytes(text.encode("utf-8", errors="backslashreplace"))


def write_text(text: str) -> None:
    """Human text in the terminal's encoding; what it cannot show is replaced, never fatal."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        data = text.encode(encoding, errors="replace")
    except LookupError:
        data = text.encode("utf-8", errors="replace")
    _write_bytes(data)


# The long tables, drawn by rnk.render.grid without rich: rich's Table took 125 ms more to draw
# the 171 events of `rnk events` (see rnk.render.grid).
GRID = ("events", "search", "on")

# Below this width a table cannot show its columns without cutting words and dates: the plain
# layout (the same content, one field after another) is printed instead.
NARROW = 50


def emit(view: View, fmt: str, color: str) -> None:
    """Print a view in a format. A reader that goes away (`| head`) raises PipeClosed."""
    from rnk.render import machine

    try:
        if fmt == "json":
            write_machine(machine.to_json(view.data))
        elif fmt == "jsonl":
            write_machine(machine.to_jsonl(view.rows))
        elif fmt == "csv":
            write_machine(machine.to_csv(view.rows, view.columns, terminal=stdout_is_tty()))
        elif fmt == "markdown":
            from rnk.render import text

            write_machine(text.markdown(view))
        elif fmt == "plain" or (view.kind != "timeline" and terminal_columns() < NARROW):
            from rnk.render import text  # the timeline draws its own narrow layout

            write_text(text.render(view))
        elif view.kind in GRID:
            from rnk.render import grid

            write_text(grid.render(view, use_color(color), terminal_columns()))
        else:
            from rnk.render import human

            write_text(human.render(view, use_color(color), terminal_columns()))
    except BrokenPipeError as exc:
        raise PipeClosed() from exc
