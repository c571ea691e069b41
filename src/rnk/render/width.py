"""Widths: of the terminal to lay text out for, and of text in terminal cells (rich.cells)."""

from __future__ import annotations

import os
import sys

# COLUMNS is clamped to the range `rnk timeline --width` accepts: 10^20 overflowed, 10^8 drew
# a table of 1.4 GB.
COLUMNS_RANGE = (40, 1000)
DEFAULT_COLUMNS = 80


def columns_from_env() -> int | None:
    """COLUMNS as a width within COLUMNS_RANGE; None when unset, zero or not ASCII digits."""
    columns = os.environ.get("COLUMNS", "")
    if not (columns.isascii() and columns.isdigit()) or not columns.strip("0"):
        return None
    low, high = COLUMNS_RANGE
    return high if len(columns.lstrip("0")) > 4 else max(low, min(high, int(columns)))


def terminal_columns() -> int:
    """COLUMNS (clamped), else the width of the terminal on stdout, stderr or stdin (`rnk
    timeline | head` in a 120-column terminal is laid out at 120), else 80."""
    columns = columns_from_env()
    if columns is not None:
        return columns
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            found = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, ValueError, OSError):  # no stream, a replaced one, or no terminal
            continue
        if found > 0:
            return found
    return DEFAULT_COLUMNS


# Widths come from rich.cells. A speed trick in front of it: text made only of characters rich
# measures as one cell (rich's own list of such ranges, plus general punctuation: dashes, curly
# quotes, '…', which rich measures one character at a time) is measured by its length. Without
# it the table of `rnk events` took 10 ms (10%) more, and rich is not imported for that table.
_NARROW_RANGES = (
    (0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2010, 0x2027), (0x2030, 0x205E),
    (0x2500, 0x25FC), (0x2800, 0x28FF),
)  # fmt: skip
NARROW = frozenset(chr(c) for low, high in _NARROW_RANGES for c in range(low, high + 1))


def cells(text: str) -> int:
    """How many terminal cells the text takes."""
    if NARROW.issuperset(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def chop(text: str, width: int) -> list[str]:
    """The text cut into pieces of at most `width` cells."""
    if NARROW.issuperset(text):
        return [text[i : i + width] for i in range(0, len(text), width)]
    from rich.cells import chop_cells

    return chop_cells(text, width)


def crop(text: str, width: int) -> str:
    """The text cut to at most `width` cells (padded with spaces when a wide character would
    straddle the edge)."""
    if NARROW.issuperset(text):
        return text[:width]
    from rich.cells import set_cell_size

    return set_cell_size(text, width)
