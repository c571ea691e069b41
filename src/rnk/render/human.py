"""Renderers for people at a terminal. Imported only when a table is printed.

Data text always enters rich as `Text` (never parsed as markup) after control characters are
made visible, so `[bold]` or an escape sequence in the data is shown, not obeyed. The long
tables of `rnk events` and `rnk search` are drawn by rnk.render.grid, without rich (GRID).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Literal

from rnk.render.sanitize import clean, line, one_line, plural
from rnk.render.view import View

if TYPE_CHECKING:  # rich is imported where it is used: the tables of GRID do without it
    from rich.console import Console
    from rich.text import Text


def color_system(color: bool) -> Literal["auto", "standard"] | None:
    """rich's own guess, except that a terminal rich thinks has no colours (TERM=dumb) still
    gets the 16 standard ones when colour was asked for (--color always, FORCE_COLOR)."""
    if not color:
        return None
    return "standard" if os.environ.get("TERM", "") in ("dumb", "unknown") else "auto"


def console(color: bool, width: int = 80, file: IO[str] | None = None) -> Console:
    from rich.console import Console

    return Console(
        file=file if file is not None else io.StringIO(),
        width=max(width, 20),
        force_terminal=color,
        no_color=not color,
        color_system=color_system(color),
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def text(value: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(clean(value), style=style)


def render(view: View, color: bool, width: int = 80) -> str:
    """Lay the view out for a terminal of `width` columns; the caller writes the text."""
    drawn = GRID.get(view.kind)
    if drawn is not None:
        return drawn(view, color, max(width, 20))
    buffer = io.StringIO()
    out = console(color, width, buffer)
    renderer(view.kind)(view, out)
    return buffer.getvalue()


def generic(view: View, out: Console) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=False)
    for _, header in view.columns:
        table.add_column(header, overflow="fold")
    from rnk.render.machine import flat

    for row in view.rows:
        table.add_row(*(line(flat(row.get(key))) for key, _ in view.columns))
    out.print(table)


def events(view: View, color: bool, width: int) -> str:
    """When | title (bold), summary, id (green) and tags (magenta); a blank line between events."""
    from rnk.render.grid import Column, table

    rows = []
    for row in view.rows:
        facts = [(one_line(row["id"]), "green")]
        if row["tags"]:
            facts += [("  ", ""), (one_line(", ".join(row["tags"])), "magenta")]
        body = [[(one_line(row["title"]), "bold")], [(one_line(row["summary"]), "")], facts]
        rows.append([[[(one_line(row["when"]), "")]], body])
    count = len(view.rows)
    columns = (Column("When", 1, "cyan", fit=True), Column("Event", 4, fold=True))
    return table(columns, rows, plural(count, "event"), width, color)


def on(view: View, color: bool, width: int) -> str:
    """`rnk on`: the day's events as `rnk events` draws them, then a line per month (dim)."""
    from rnk.render.grid import paint
    from rnk.render.text import month_lines, on_days

    days = on_days(view)
    drawn = events(days, color, width) if days.data else ""
    return drawn + "".join(paint([(text, "dim")], color) + "\n" for text in month_lines(view.rows))


def search(view: View, color: bool, width: int) -> str:
    from rnk.render.search_rich import search_table  # with search's other renderers

    return search_table(view, color, width)


# Views drawn as text by rnk.render.grid (view, colour, width -> text): importing rich and
# drawing these long tables with rich.table took 30 ms, three times Python's own start-up.
GRID: dict[str, Callable[[View, bool, int], str]] = {"events": events, "search": search, "on": on}

RICH: dict[str, Callable[[View, Console], None]] = {}

# Renderers that live in their own modules, each with its own RICH table: summary, eras, tags,
# people and timeline; search, faq and show. They are imported when a view
# not drawn here is first drawn, so `rnk events` does not pay for them (start-up time).
ELSEWHERE = ("rnk.render.summary_rich", "rnk.render.search_rich")


def renderer(kind: str) -> Callable[[View, Console], None]:
    if kind not in RICH:
        import importlib

        for name in ELSEWHERE:
            RICH.update(importlib.import_module(name).RICH)
    return RICH.get(kind, generic)
