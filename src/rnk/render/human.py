"""For people at a terminal, with rich (but the long tables: rnk.render.grid). A view's kind names
its renderer here (`faq-list`: `faq_list`), else `generic`. Data text enters rich as `Text` (never
parsed as markup) with control characters made visible: `[bold]` or ESC in the data is shown."""

from __future__ import annotations

import io
import os
import re
from typing import IO, TYPE_CHECKING, Any

from rnk.render.sanitize import one_line, plural
from rnk.render.text import NONE, date_line, era_years, facts, paragraphs, years
from rnk.render.view import View

if TYPE_CHECKING:  # rich is imported where it is used
    from rich.console import Console, OverflowMethod
    from rich.table import Table
    from rich.text import Text


def console(color: bool, width: int, file: IO[str]) -> Console:
    from rich.console import Console

    # rich's own guess, except that a terminal rich thinks has no colours (TERM=dumb) still gets
    # the 16 standard ones when colour was asked for (--color always, FORCE_COLOR).
    dumb = os.environ.get("TERM", "") in ("dumb", "unknown")
    return Console(
        file=file,
        width=max(width, 20),
        force_terminal=color,
        no_color=not color,
        color_system=("standard" if dumb else "auto") if color else None,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def render(view: View, color: bool, width: int) -> str:
    buffer = io.StringIO()
    globals().get(view.kind.replace("-", "_"), generic)(view, console(color, width, buffer))
    return buffer.getvalue()


def line(value: str, style: str = "") -> Text:
    """One clean line of data text."""
    from rich.text import Text

    return Text(one_line(value), style=style)


def generic(view: View, out: Console) -> None:
    from rnk.render.machine import flat

    table = rich_table(*(header for _, header in view.columns), pad_edge=True)
    for row in view.rows:
        table.add_row(*(line(flat(row.get(key))) for key, _ in view.columns))
    out.print(table)


# ---------------------------------------------------------------- search, faq, ask, show


def joined(*parts: tuple[str, str] | Text) -> Text:
    """(text, style) for rnk's own words, Text (from `line`) for data text."""
    from rich.text import Text

    return Text.assemble(*parts)


def faq_list(view: View, out: Console) -> None:
    table = rich_table("ID", "Question")
    ids = table.columns[0]
    ids.style, ids.no_wrap, ids.overflow = "green", True, "ellipsis"
    for row in view.rows:
        table.add_row(line(row["id"]), line(row["question"]))
    # Two short lines, each centred whole, rather than one long line broken wherever it must.
    table.caption = "rnk faq ID prints an answer;\nrnk faq WORDS... answers your own question"
    out.print(table)


def event_ref(row: dict[str, Any]) -> Text:
    return joined(
        line(row["when"], "cyan"), ("  ", ""), line(row["title"]), ("  ", ""), line(row["id"], "green")
    )


def answer(data: dict[str, Any], out: Console) -> None:
    out.print(line(data["question"], "bold"))
    out.print()
    for p in paragraphs(data["answer"]):
        out.print(line(p))
        out.print()
    if data.get("based_on"):
        out.print(line("Based on", "bold underline"))
        for e in data["based_on"]:
            out.print(event_ref(e))
    if data.get("sources"):
        out.print(line("Sources", "bold underline"))
        for s in data["sources"]:
            source(s, out)
    score = f"  score {data['score']}" if "score" in data else ""
    out.print(joined(line(data["id"], "green"), (score, "dim")))


def ask(view: View, out: Console) -> None:
    d = view.data
    if d["answer"]:
        answer(d["answer"], out)
        out.print()
    if d["events"]:
        out.print(line("Events", "bold underline"))
    for e in d["events"]:
        out.print(event_ref(e))
        for s in e["sources"]:
            source(s, out)


def faq_answers(view: View, out: Console) -> None:
    rows = view.rows  # never empty: respond.finish prints no empty list but a machine format
    answer(rows[0], out)
    if len(rows) > 1:
        out.print()
        out.print(line("Other close questions", "bold underline"))
        for r in rows[1:]:
            score = (f"  score {r['score']}", "dim")
            out.print(joined(line(r["question"]), ("  ", ""), line(r["id"], "green"), score))


faq_answer = faq_answers  # one answer; `faq-answers`: the best and the runners-up

# A URL that may become a terminal hyperlink (OSC 8): printable ASCII only, so nothing in it can
# end the escape sequence early.
_LINKABLE = re.compile(r"https?://[\x21-\x7e]+")


def source(s: dict[str, Any], out: Console) -> None:
    """Publisher, title and date wrap as text; the URL follows on its own line, never cut (a URL
    split at the edge cannot be copied or clicked), and is a link when colour is on."""
    from rich.style import Style
    from rich.text import Text

    out.print(line(f'{s["publisher"]}, "{s["title"]}" ({s["date"] or "undated"}):'))
    url = s["url"]
    link = url if out.color_system is not None and _LINKABLE.fullmatch(url) else None
    out.print(joined(("  ", ""), Text(one_line(url), style=Style(link=link) if link else "")), soft_wrap=True)


def labelled(label: str, value: str, style: str = "") -> Text:
    return joined((f"{label}: ", "bold"), line(value, style))


def show(view: View, out: Console) -> None:
    d = view.data
    out.print(line(d["title"], "bold"))
    when, exact = date_line(d)
    out.print(joined(line(when, "cyan"), (exact, "")))
    out.print(labelled("Era", f"{d['era_name'] or d['era']} ({d['era']})"))
    out.print()
    for p in paragraphs(d["summary"]):
        out.print(line(p))
        out.print()
    for key, style in {"people": "", "places": "", "tags": "magenta"}.items():
        if d.get(key):
            out.print(labelled(key.capitalize(), ", ".join(d[key]), style))
    if d.get("names"):  # in Latin, Hangul and Cyrillic; rich measures wide (CJK) characters
        names = rich_table("Name", "Korean", "Russian", overflow="ellipsis")
        for n in d["names"]:
            names.add_row(line(n["name"]), line(n["ko"] or "–", "cyan"), line(n["ru"] or "–", "cyan"))
        out.print(names)
    if d.get("note"):
        out.print(labelled("Note", d["note"], "italic"))
    out.print(line("Sources", "bold underline"))
    for s in d["sources"]:
        source(s, out)
    if d.get("faq"):
        out.print(line("FAQ", "bold underline"))
        for f in d["faq"]:
            out.print(joined(line(f["question"]), ("  ", ""), line(f"rnk faq {f['id']}", "green")))
    for key, label in (("previous", "Previous"), ("next", "Next")):
        if d.get(key):
            out.print(joined((f"{label}: ", "bold"), event_ref(d[key])))


# ---------------------------------------------------------------- summary, eras, tags, people


def rich_table(*headers: str, overflow: OverflowMethod = "fold", pad_edge: bool = False) -> Table:
    """A table of columns headed `headers`; counts (`Events`) are right-aligned."""
    from rich import box
    from rich.table import Table

    grid = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=pad_edge)
    for header in headers:
        grid.add_column(header, overflow=overflow, justify="right" if header == "Events" else "left")
    return grid


def section(out: Console, title: str) -> None:
    out.print()
    out.print(line(title, "bold underline"))


def eras_table(rows: list[dict[str, Any]]) -> Table:
    grid = rich_table("Years", "Era", "Events")
    grid.show_lines = True
    for row in rows:
        era = line(row["name"], "bold")  # the whole cell's style: its summary is bold too
        era.append_text(joined(("  ", ""), line(row["id"], "green"), ("\n", ""), line(row["summary"])))
        grid.add_row(line(era_years(row), "cyan"), era, str(row["count"]))
    return grid


def events_table(rows: list[dict[str, Any]], turning: set[str]) -> Table:
    grid = rich_table("When", "Event")
    for row in rows:
        title = line(f"◆ {row['title']}", "bold") if row["id"] in turning else line(row["title"])
        grid.add_row(line(row["when"], "cyan"), joined(title, ("  ", ""), line(row["id"], "green")))
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
    grid = rich_table("Tag", "Events", "Years", "Description")
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
    grid = rich_table("Name", "Events", "Years")
    for row in view.rows:
        grid.add_row(
            line(row["name"], "bold"), str(row["count"]), line(years(row["first"], row["last"]), "cyan")
        )
    grid.caption = plural(len(view.rows), "person", "people")
    out.print(grid)


def timeline(view: View, out: Console) -> None:
    from rnk.render.timeline import show

    show(view, out)
