"""Plain text and Markdown renderers: the table's content without box drawing or colour.

Each view kind may have a function here named after it; others use the generic layout.
Data text is cleaned of control characters before it is printed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rnk.core.dates import MONTHS
from rnk.render import search_text, summary_text
from rnk.render.machine import flat, to_markdown_record, to_markdown_table
from rnk.render.sanitize import one_line
from rnk.render.view import View


def render(view: View) -> str:
    renderer = PLAIN.get(view.kind, generic)
    return renderer(view)


def markdown(view: View) -> str:
    if view.kind in MARKDOWN:
        return MARKDOWN[view.kind](view)
    if view.single:
        heading = view.heading or str(view.data.get("title") or view.data.get("id", ""))
        return to_markdown_record(view.data, view.columns, heading)
    return to_markdown_table(view.rows, view.columns)


def generic(view: View) -> str:
    """Each record as `Header: value` lines, records separated by a blank line."""
    blocks = []
    for row in view.rows:
        lines = []
        for key, header in view.columns:
            value = row.get(key)
            if value in (None, "", []):
                continue
            lines.append(f"{header}: {one_line(flat(value))}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def facts_line(row: dict[str, Any]) -> str:
    parts = [f"id: {row['id']}"]
    if row.get("tags"):
        parts.append("tags: " + ", ".join(row["tags"]))
    if row.get("people"):
        parts.append("people: " + ", ".join(row["people"]))
    return one_line(" | ".join(parts))


def events(view: View) -> str:
    blocks = []
    for row in view.rows:
        blocks.append(
            f"{one_line(row['when'])}  {one_line(row['title'])}\n"
            f"  {one_line(row['summary'])}\n"
            f"  {facts_line(row)}"
        )
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def month_lines(rows: list[dict[str, Any]]) -> list[str]:
    """`rnk on`: one line per month for the events known only to their month."""
    by_month: dict[str, list[str]] = {}
    for row in rows:
        if row["precision"] == "month":
            month = MONTHS[int(row["start"][5:7]) - 1]
            by_month.setdefault(month, []).append(f"{row['start'][:4]} {row['title']} ({row['id']})")
    return [one_line(f"Also in {month}, day unknown: {'; '.join(f)}") for month, f in by_month.items()]


def on_days(view: View) -> View:
    """`rnk on`: the events of the day, as `rnk events` shows them."""
    return View("events", [row for row in view.rows if row["precision"] == "day"])


def on(view: View) -> str:
    days = events(on_days(view))
    return days + ("\n" if days else "") + "".join(line + "\n" for line in month_lines(view.rows))


PLAIN: dict[str, Callable[[View], str]] = {"events": events, "on": on}

# summary, eras, tags, people and timeline live in their own module.
PLAIN.update(summary_text.PLAIN)
# search, faq and show live in their own module.
PLAIN.update(search_text.PLAIN)
MARKDOWN: dict[str, Callable[[View], str]] = dict(summary_text.MARKDOWN)
