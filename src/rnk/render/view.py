"""What a command shows, independent of format (`View`), and the formats and colour modes there are.

Its own module so that every renderer can import it without importing the dispatcher
(`rnk.render.output`), which imports the renderers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, get_args

# As types, so that click checks --format and --color (rnk.options); as tuples for the renderers.
Format = Literal["table", "plain", "json", "jsonl", "csv", "markdown"]
ColorMode = Literal["auto", "always", "never"]
FORMATS: tuple[str, ...] = get_args(Format)
COLOR_MODES: tuple[str, ...] = get_args(ColorMode)
MACHINE_FORMATS = ("json", "jsonl", "csv")


class View:
    """What a command shows, independent of format.

    `data` is the JSON payload: a list of records, or one record (`single`). `kind` names the
    plain and terminal renderers (`rnk.render.text` and `rnk.render.human`).
    `columns` are the fields (key, header) that csv and markdown show.

    A plain class rather than a dataclass: defining a dataclass costs 0.4 ms of every run.
    """

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

    def __repr__(self) -> str:
        return f"View(kind={self.kind!r}, data={self.data!r}, single={self.single})"

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [self.data] if self.single else list(self.data)
