"""Rich renderers for people at a terminal. Imported only when a table is printed.

Data text always enters rich as `Text` (never parsed as markup) after control characters are
made visible, so `[bold]` or an escape sequence in the data is shown, not obeyed.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import IO, Literal

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from rnk.output import View
from rnk.render.sanitize import clean, one_line


def color_system(color: bool) -> Literal["auto", "standard"] | None:
    """rich's own guess, except that a terminal rich thinks has no colours (TERM=dumb) still
    gets the 16 standard ones when colour was asked for (--color always, FORCE_COLOR)."""
    if not color:
        return None
    return "standard" if os.environ.get("TERM", "") in ("dumb", "unknown") else "auto"


def console(color: bool, width: int = 80, file: IO[str] | None = None) -> Console:
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
    return Text(clean(value), style=style)


def line(value: str, style: str = "") -> Text:
    return Text(one_line(value), style=style)


def render(view: View, color: bool, width: int = 80) -> str:
    """Lay the view out for a terminal of `width` columns; the caller writes the text."""
    buffer = io.StringIO()
    out = console(color, width, buffer)
    renderer(view.kind)(view, out)
    return buffer.getvalue()


def generic(view: View, out: Console) -> None:
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=False)
    for _, header in view.columns:
        table.add_column(header, overflow="fold")
    from rnk.render.machine import flat

    for row in view.rows:
        table.add_row(*(line(flat(row.get(key))) for key, _ in view.columns))
    out.print(table)


def events(view: View, out: Console) -> None:
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, expand=True, pad_edge=False)
    table.add_column("When", style="cyan", ratio=1, min_width=9)
    table.add_column("Event", ratio=4, overflow="fold")
    for row in view.rows:
        body = Text()
        body.append_text(line(row["title"], "bold"))
        body.append("\n")
        body.append_text(line(row["summary"]))
        body.append("\n")
        body.append_text(line(row["id"], "green"))
        if row["tags"]:
            body.append("  ")
            body.append_text(line(", ".join(row["tags"]), "magenta"))
        table.add_row(line(row["when"]), body)
    count = len(view.rows)
    table.caption = f"{count} event{'s' if count != 1 else ''}"
    out.print(table)


RICH: dict[str, Callable[[View, Console], None]] = {"events": events}

# Renderers that live in their own modules, each with its own RICH table: summary, eras, tags,
# people and timeline (issue 4); search, faq and show (issue 3). They are imported when a view
# not drawn here is first drawn, so `rnk events` does not pay for them (start-up time).
ELSEWHERE = ("rnk.render.summary_rich", "rnk.render.search_rich")


def renderer(kind: str) -> Callable[[View, Console], None]:
    if kind not in RICH:
        import importlib

        for name in ELSEWHERE:
            RICH.update(importlib.import_module(name).RICH)
    return RICH.get(kind, generic)
