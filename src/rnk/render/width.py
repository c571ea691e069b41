"""The width to lay text out for, from the environment: COLUMNS, else the terminal's."""

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
