"""The width to lay text out for, from the environment: its own module, so that the table and
the timeline renderers can both use it without importing each other."""

from __future__ import annotations

import os

# COLUMNS is clamped to the range `rnk timeline --width` accepts: 10^20 overflowed, 10^8 drew
# a table of 1.4 GB.
COLUMNS_RANGE = (40, 1000)


def columns_from_env() -> int | None:
    """COLUMNS as a width within COLUMNS_RANGE; None when unset, zero or not ASCII digits."""
    columns = os.environ.get("COLUMNS", "")
    if not (columns.isascii() and columns.isdigit()) or not columns.strip("0"):
        return None
    low, high = COLUMNS_RANGE
    return high if len(columns.lstrip("0")) > 4 else max(low, min(high, int(columns)))
