"""Rich renderers for `rnk summary`, `rnk eras`, `rnk tags`, `rnk people` and `rnk timeline`.

Registered in `render.human.RICH`, so only imported when a table is printed. Data text enters rich
as `Text` after `one_line` (never parsed as markup).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rnk.render import timeline_rich
from rnk.render.sanitize import line, plural
from rnk.render.summary_text import NONE, era_years, facts, paragraphs, years
from rnk.render.view import View

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text


def table(*headers: str) -> Table:
    from rich import box
    from rich.table import Table

    grid = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    for header in headers:
        grid.add_column(header, overflow="fold", justify="right" if header == "Events" else "left")
    return grid


def section(out: Console, title: str) -> None:
    out.print()
    out.print(line(title, "bold underline"))


def era_cell(row: dict[str, Any]) -> Text:
    cell = line(row["name"], "bold")
    cell.append("  ")
    cell.append_text(line(row["id"], "green"))
    cell.append("\n")
    cell.append_text(line(row["summary"]))
    return cell


def eras_table(rows: list[dict[str, Any]]) -> Table:
    grid = table("Years", "Era", "Events")
    grid.show_lines = True
    for row in rows:
        grid.add_row(line(era_years(row), "cyan"), era_cell(row), str(row["count"]))
    return grid


def events_table(rows: list[dict[str, Any]], turning: set[str]) -> Table:
    grid = table("When", "Event")
    for row in rows:
        cell = line(("◆ " if row["id"] in turning else "") + row["title"])
        if row["id"] in turning:
            cell.stylize("bold")
        cell.append("  ")
        cell.append_text(line(row["id"], "green"))
        grid.add_row(line(row["when"], "cyan"), cell)
    return grid


def counts_text(counts: dict[str, int]) -> Text:
    from rich.text import Text

    out = Text()
    for i, (name, count) in enumerate(counts.items()):
        if i:
            out.append(" · ", style="dim")
        out.append_text(line(name, "magenta"))
        out.append(f" {count}")
    return out


def summary(view: View, out: Console) -> None:
    data = view.data
    out.print(line(data["title"], "bold"))
    out.print(line(facts(data), "dim"))
    for p in paragraphs(data["overview"] or ""):
        out.print()
        out.print(line(p))
    section(out, "Eras")
    out.print(eras_table(data["eras"]))
    turning = {t["id"] for t in data["turning_points"]}
    if "events" in data:
        section(out, "Events")
        out.print(events_table(data["events"], turning) if data["events"] else line(NONE, "dim"))
        if data["counts"]:
            section(out, "Themes")
            out.print(counts_text(data["counts"]))
        if data["people"]:
            section(out, "People")
            out.print(counts_text({p["name"]: p["count"] for p in data["people"]}))
    elif data["turning_points"]:
        section(out, "Turning points")
        out.print(events_table(data["turning_points"], set()))


def eras(view: View, out: Console) -> None:
    out.print(eras_table(view.rows))


def tags(view: View, out: Console) -> None:
    grid = table("Tag", "Events", "Years", "Description")
    for row in view.rows:
        style = "" if row["count"] else "dim"
        grid.add_row(
            line(row["tag"], style or "magenta"),
            str(row["count"]),
            line(years(row["first"], row["last"]), style or "cyan"),
            line(row["description"], style),
        )
    grid.caption = plural(len(view.rows), "tag")
    out.print(grid)


def people(view: View, out: Console) -> None:
    grid = table("Name", "Events", "Years")
    for row in view.rows:
        grid.add_row(
            line(row["name"], "bold"), str(row["count"]), line(years(row["first"], row["last"]), "cyan")
        )
    grid.caption = plural(len(view.rows), "person").replace("persons", "people")
    out.print(grid)


RICH: dict[str, Callable[[View, Console], None]] = {
    "summary": summary,
    "eras": eras,
    "tags": tags,
    "people": people,
    "timeline": timeline_rich.show,
}
