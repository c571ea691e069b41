"""Plain text and Markdown for `rnk summary`, `rnk eras`, `rnk tags`, `rnk people` and `rnk timeline`.

Registered in `render.text.PLAIN` / `render.text.MARKDOWN`. No rich here; data text is cleaned
(`one_line`) before it is printed, and Markdown cells are escaped by `md_cell`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rnk.core import dates
from rnk.render import timeline
from rnk.render.machine import md_cell, md_text
from rnk.render.sanitize import clean, one_line, plural
from rnk.render.view import View

TURNING = "◆"
NONE = "no events"  # what an empty Events section says, rather than nothing under its heading


def years(first: str | None, last: str | None) -> str:
    """`1945–1991`, `1950`, or `-` for a facet no event carries."""
    if first is None or last is None:
        return "-"
    return first if first == last else f"{first}–{last}"


def era_years(row: dict[str, Any]) -> str:
    return dates.span_label(row["start"], row["end"])


def facts(data: dict[str, Any]) -> str:
    """`1945–2025 · 60 events · as of 31 October 2025`."""
    span = dates.span_label(data["start"], data["end"])
    return f"{span} · {plural(data['count'], 'event')} · as of {dates.human(data['as_of'])}"


def paragraphs(text: str) -> list[str]:
    return [one_line(p) for p in clean(text).split("\n\n") if p.strip()]


def columns(rows: Sequence[Sequence[str]], indent: str = "", right: int | None = None) -> list[str]:
    """Aligned columns, the `right` one (counts) right-aligned; the last column is not padded."""
    if not rows:
        return []
    widths = [max(timeline.cells(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    out = []
    for row in rows:
        cells = [
            " " * (w - timeline.cells(c)) + c if i == right else c + " " * (w - timeline.cells(c))
            for i, (c, w) in enumerate(zip(row[:-1], widths, strict=True))
        ]
        out.append((indent + "  ".join([*cells, row[-1]])).rstrip())
    return out


def event_lines(rows: Sequence[dict[str, Any]], turning: set[str] | None = None) -> list[str]:
    """One line per event: when, title, id; turning points marked with ◆ when `turning` is given."""
    marks = turning or set()
    table = [
        [
            one_line(r["when"]),
            (f"{TURNING} " if r["id"] in marks else "") + one_line(r["title"]),
            f"({one_line(r['id'])})",
        ]
        for r in rows
    ]
    return columns(table, "  ")


def counts_line(counts: dict[str, int]) -> str:
    return "  " + " · ".join(f"{one_line(name)} {n}" for name, n in counts.items())


def summary(view: View) -> str:
    data = view.data
    out = [one_line(data["title"]), facts(data)]
    if data["overview"]:
        for p in paragraphs(data["overview"]):
            out += ["", p]
    out += ["", "Eras"]
    for era in data["eras"]:
        head = f"  {era_years(era)}  {one_line(era['name'])} ({one_line(era['id'])})"
        out += [f"{head} · {plural(era['count'], 'event')}", f"    {one_line(era['summary'])}"]
    if "events" in data:
        turning = {t["id"] for t in data["turning_points"]}
        out += ["", "Events", *(event_lines(data["events"], turning) or [f"  {NONE}"])]
        if data["counts"]:
            out += ["", "Themes", counts_line(data["counts"])]
        if data["people"]:
            out += ["", "People", counts_line({p["name"]: p["count"] for p in data["people"]})]
    elif data["turning_points"]:
        out += ["", "Turning points", *event_lines(data["turning_points"])]
    return "\n".join(out) + "\n"


def eras(view: View) -> str:
    blocks = [
        f"{era_years(r)}  {one_line(r['name'])} ({one_line(r['id'])}) · {plural(r['count'], 'event')}\n"
        f"  {one_line(r['summary'])}"
        for r in view.rows
    ]
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def tags(view: View) -> str:
    table = [
        [one_line(r["tag"]), str(r["count"]), years(r["first"], r["last"]), one_line(r["description"])]
        for r in view.rows
    ]
    return "".join(line + "\n" for line in columns(table, right=1))


def people(view: View) -> str:
    table = [[one_line(r["name"]), str(r["count"]), years(r["first"], r["last"])] for r in view.rows]
    return "".join(line + "\n" for line in columns(table, right=1))


# ---------------------------------------------------------------- Markdown


def md_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return lines + ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]


def summary_markdown(view: View) -> str:
    data = view.data
    out = [f"# {md_text(one_line(data['title']))}", "", facts(data)]
    for p in paragraphs(data["overview"] or ""):
        out += ["", md_text(p)]
    era_rows = [[era_years(e), e["name"], e["id"], e["count"], e["summary"]] for e in data["eras"]]
    out += ["", "## Eras", "", *md_table(("Years", "Era", "ID", "Events", "Summary"), era_rows)]
    turning = [[t["when"], t["title"], t["id"]] for t in data["turning_points"]]
    if "events" in data:
        rows = [[e["when"], e["title"], e["id"]] for e in data["events"]]
        events = md_table(("When", "Event", "ID"), rows) if rows else ["No events."]
        out += ["", "## Events", "", *events]
        # As in plain text, Themes and People are left out when the stretch has no events.
        themes = [[tag, n] for tag, n in data["counts"].items()]
        if themes:
            out += ["", "## Themes", "", *md_table(("Tag", "Events"), themes)]
        named = [[p["name"], p["count"]] for p in data["people"]]
        if named:
            out += ["", "## People", "", *md_table(("Name", "Events"), named)]
    if turning:
        out += ["", "## Turning points", "", *md_table(("When", "Event", "ID"), turning)]
    return "\n".join(out) + "\n"


PLAIN: dict[str, Callable[[View], str]] = {
    "summary": summary,
    "eras": eras,
    "tags": tags,
    "people": people,
    "timeline": timeline.plain,
}
MARKDOWN: dict[str, Callable[[View], str]] = {"summary": summary_markdown}
