"""What a command shows, independent of format (`View`), the formats and colour modes there are,
and the width to lay text out for (COLUMNS, else the terminal's).

Its own module so that every renderer can import it without importing the dispatcher
(`rnk.render.output`), which imports the renderers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, Literal, get_args

# As types, so that click checks --format and --color (rnk.options); as tuples for the renderers.
Format = Literal["table", "plain", "json", "jsonl", "csv", "markdown"]
ColorMode = Literal["auto", "always", "never"]
FORMATS: tuple[str, ...] = get_args(Format)
COLOR_MODES: tuple[str, ...] = get_args(ColorMode)
MACHINE_FORMATS = ("json", "jsonl", "csv")


class View:
    """`data` is the JSON payload: a list of records, or one (`single`); `kind` names the renderers
    (in rnk.render.text and .human); `columns` are the (key, header) that csv and markdown show.
    A plain class rather than a dataclass: defining a dataclass costs 0.4 ms of every run."""

    __slots__ = ("columns", "data", "extra", "heading", "kind", "single")

    def __init__(
        self,
        kind: str,
        data: Any,
        columns: Sequence[tuple[str, str]] = (),
        single: bool = False,
        heading: str = "",
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.kind = kind
        self.data = data
        self.columns = columns
        self.single = single
        self.heading = heading
        self.extra: dict[str, Any] = {} if extra is None else extra

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [self.data] if self.single else list(self.data)


def columns_of(keys: str, **headers: str) -> tuple[tuple[str, str], ...]:
    """(key, header) pairs for csv and markdown; a header is its key in words (`as_of`: `As of`)."""
    named = {"id": "ID", "faq": "FAQ", "count": "Events", **headers}
    return tuple((key, named.get(key) or key.replace("_", " ").capitalize()) for key in keys.split())


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
