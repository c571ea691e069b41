"""Plain text and Markdown: a table's content without box drawing or colour. A view's kind names
its renderer: the function of that name here (`faq-list`: `faq_list`), else `generic`; in
Markdown `summary_markdown`, else a table or a field list. Data text is cleaned (`one_line`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from typing import Any

from rnk.core import dates
from rnk.render.cells import cells
from rnk.render.machine import flat, md_table, md_text
from rnk.render.sanitize import clean, one_line, plural
from rnk.render.view import View

TURNING = "◆"
NONE = "no events"  # what an empty Events section says, rather than nothing under its heading


def render(view: View) -> str:
    renderer: Callable[[View], str] = globals().get(view.kind.replace("-", "_"), generic)
    return renderer(view)


def markdown(view: View) -> str:
    """A table, or one record as a heading and a field list; the summary has a layout of its own."""
    if view.kind == "summary":
        return summary_markdown(view)
    if not view.single:
        rows = [[row.get(key) for key, _ in view.columns] for row in view.rows]
        return "\n".join(md_table([header for _, header in view.columns], rows)) + "\n"
    fields = [(header, view.data.get(key)) for key, header in view.columns]
    lines = [
        f"- **{name}:** {md_text(clean(flat(value)))}"
        for name, value in fields
        if value not in (None, "", [])
    ]
    return "\n".join([f"## {md_text(one_line(view.heading))}", "", *lines]) + "\n"


def paragraphs_text(blocks: Sequence[str]) -> str:
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def generic(view: View) -> str:
    """Each record as `Header: value` lines, records separated by a blank line."""
    blocks = [
        "\n".join(
            f"{header}: {one_line(flat(row[key]))}"
            for key, header in view.columns
            if row.get(key) not in (None, "", [])
        )
        for row in view.rows
    ]
    return paragraphs_text(blocks)


def facts_line(row: dict[str, Any]) -> str:
    parts = [f"{key}: {', '.join(row[key])}" for key in ("tags", "people") if row.get(key)]
    return one_line(" | ".join([f"id: {row['id']}", *parts]))


def events(view: View) -> str:
    return paragraphs_text(
        [
            f"{one_line(r['when'])}  {one_line(r['title'])}\n  {one_line(r['summary'])}\n  {facts_line(r)}"
            for r in view.rows
        ]
    )


def month_lines(rows: list[dict[str, Any]]) -> list[str]:
    """`rnk on`: one line per month for the events known only to their month."""
    by_month: dict[str, list[str]] = {}
    for row in rows:
        if row["precision"] == "month":
            month = dates.MONTHS[int(row["start"][5:7]) - 1]
            by_month.setdefault(month, []).append(f"{row['start'][:4]} {row['title']} ({row['id']})")
    return [one_line(f"Also in {month}, day unknown: {'; '.join(f)}") for month, f in by_month.items()]


def on_days(view: View) -> View:
    """`rnk on`: the events of the day, as `rnk events` shows them."""
    return View("events", [row for row in view.rows if row["precision"] == "day"])


def on(view: View) -> str:
    days = events(on_days(view))
    return days + ("\n" if days else "") + "".join(line + "\n" for line in month_lines(view.rows))


# ---------------------------------------------------------------- search, faq, ask, show


def paragraphs(text: str) -> list[str]:
    return [one_line(p) for p in clean(text).split("\n\n") if p.strip()]


def joined(pieces: Sequence[tuple[str, bool]]) -> str:
    return one_line("".join(text for text, _ in pieces))


def hit_marks(view: View, row: dict[str, Any]) -> dict[str, Any]:
    """Where a hit matched, cut into pieces to highlight: its title, a snippet of its text."""
    from rnk.render.highlight import search_marks

    return search_marks(view.extra["result"], row)


def hit_head(row: dict[str, Any]) -> str:
    return "FAQ" if row["kind"] == "faq" else one_line(row["when"])


def search(view: View) -> str:
    blocks = []
    for row in view.rows:
        marks = hit_marks(view, row)
        lines = [f"{hit_head(row)}  {joined(marks['title'])}"]
        body = joined(marks["snippet"])
        if body:
            lines.append(f"  {body}")
        lines.append("  " + one_line(f"{row['kind']}: {row['id']} | score: {row['score']}"))
        blocks.append("\n".join(lines))
    return paragraphs_text(blocks)


def faq_list(view: View) -> str:
    return "".join(
        line + "\n" for line in columns([[one_line(r["id"]), one_line(r["question"])] for r in view.rows])
    )


def event_ref(row: dict[str, Any]) -> str:
    """`1950–1953  The Korean War (korean-war)`."""
    return f"{one_line(row['when'])}  {one_line(row['title'])} ({one_line(row['id'])})"


def source_line(source: dict[str, Any]) -> str:
    date = source["date"] or "undated"
    return one_line(f'{source["publisher"]}, "{source["title"]}" ({date}): {source["url"]}')


def listed(label: str, items: list[str]) -> list[str]:
    """`Label:` and the items below it, indented by two; nothing without items."""
    return [f"{label}:", *(f"  {item}" for item in items)] if items else []


def answer_lines(data: dict[str, Any]) -> list[str]:
    lines = [one_line(data["question"]), ""]
    lines += [p + "\n" for p in paragraphs(data["answer"])]
    lines += listed("Based on", [event_ref(e) for e in data.get("based_on") or []])
    lines += listed("Sources", [source_line(s) for s in data.get("sources") or []])
    lines.append(one_line(f"id: {data['id']}" + (f" | score: {data['score']}" if "score" in data else "")))
    return lines


def faq_answers(view: View) -> str:
    rows = view.rows  # never empty: respond.finish prints no empty list but a machine format
    out = answer_lines(rows[0])
    if len(rows) > 1:
        others = [one_line(f"{r['question']} ({r['id']}, score {r['score']})") for r in rows[1:]]
        out += ["", *listed("Other close questions", others)]
    return "\n".join(out) + "\n"


faq_answer = faq_answers  # one answer; `faq-answers`: the best and the runners-up


def ask(view: View) -> str:
    """The FAQ answer, if any, then each event with its date and sources."""
    d = view.data
    lines = [*answer_lines(d["answer"]), ""] if d["answer"] else []
    if d["events"]:
        lines.append("Events:")
    for e in d["events"]:
        lines.append(f"  {event_ref(e)}")
        lines += [f"    {source_line(s)}" for s in e["sources"]]
    return "\n".join(lines) + "\n"


def date_line(d: dict[str, Any]) -> tuple[str, str]:
    """The date label and, when they say more than the label, the exact dates in ISO form:
    `19–20 July 2000`, `(2000-07-19 to 2000-07-20)`; `1994` alone rather than `1994 (1994)`."""
    exact = d["start"] if d["start"] == d["end"] else f"{d['start']} to {d['end']}"
    when, exact = one_line(d["when"]), one_line(exact)
    return when, "" if exact == when else f" ({exact})"


def show(view: View) -> str:
    d = view.data
    era = one_line(f"Era: {d['era_name'] or d['era']} ({d['era']})")
    lines = [one_line(d["title"]), "".join(date_line(d)), era, ""]
    lines += [p + "\n" for p in paragraphs(d["summary"])]
    lines += [
        one_line(f"{k.capitalize()}: {', '.join(d[k])}") for k in ("people", "places", "tags") if d.get(k)
    ]
    lines += listed("Names", [one_line(flat(n)) for n in d.get("names") or []])
    if d.get("note"):
        lines.append(one_line(f"Note: {d['note']}"))
    lines += ["Sources:", *(f"  {source_line(s)}" for s in d["sources"])]
    lines += listed("FAQ", [one_line(f"{f['question']} (rnk faq {f['id']})") for f in d.get("faq") or []])
    for key in ("previous", "next"):
        if d.get(key):
            lines.append(f"{key.capitalize()}: {event_ref(d[key])}")
    lines.append(one_line(f"id: {d['id']}"))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- summary, eras, tags, people


def years(first: str | None, last: str | None) -> str:
    """`1945–1991`, `1950`, or `-` for a facet no event carries."""
    if first is None or last is None:
        return "-"
    return first if first == last else f"{first}–{last}"


def era_years(row: dict[str, Any]) -> str:
    return dates.span_label(row["start"], row["end"])


def era_head(era: dict[str, Any]) -> str:
    """`1945–1953  Founding and war (founding-and-war) · 11 events`."""
    name = f"{one_line(era['name'])} ({one_line(era['id'])})"
    return f"{era_years(era)}  {name} · {plural(era['count'], 'event')}"


def facts(data: dict[str, Any]) -> str:
    """`1945–2025 · 60 events · as of 31 October 2025`."""
    span = dates.span_label(data["start"], data["end"])
    return f"{span} · {plural(data['count'], 'event')} · as of {dates.human(data['as_of'])}"


def columns(rows: Sequence[Sequence[str]], indent: str = "", right: int | None = None) -> list[str]:
    """Aligned columns, the `right` one (counts) right-aligned; the last column is not padded."""
    if not rows:
        return []
    widths = [max(cells(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    out = []
    for row in rows:
        padded = [
            " " * (w - cells(c)) + c if i == right else c + " " * (w - cells(c))
            for i, (c, w) in enumerate(zip(row[:-1], widths, strict=True))
        ]
        out.append((indent + "  ".join([*padded, row[-1]])).rstrip())
    return out


def event_lines(rows: Sequence[dict[str, Any]], turning: Set[str] = frozenset()) -> list[str]:
    """One line per event: when, title, id; the `turning` points marked with ◆."""
    titles = [(f"{TURNING} " if r["id"] in turning else "") + one_line(r["title"]) for r in rows]
    table = [
        [one_line(r["when"]), title, f"({one_line(r['id'])})"] for r, title in zip(rows, titles, strict=True)
    ]
    return columns(table, "  ")


def counts_line(counts: dict[str, int]) -> str:
    return "  " + " · ".join(f"{one_line(name)} {n}" for name, n in counts.items())


def summary(view: View) -> str:
    data = view.data
    out = [one_line(data["title"]), facts(data)]
    for p in paragraphs(data["overview"] or ""):
        out += ["", p]
    out += ["", "Eras"]
    for era in data["eras"]:
        out += [f"  {era_head(era)}", f"    {one_line(era['summary'])}"]
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
    return paragraphs_text([f"{era_head(r)}\n  {one_line(r['summary'])}" for r in view.rows])


def tags(view: View) -> str:
    return facets(view, "tag", "description")


def people(view: View) -> str:
    return facets(view, "name")


def facets(view: View, name: str, *more: str) -> str:
    """Name, count (right-aligned), years, and the `more` fields, in aligned columns."""
    table = [
        [one_line(r[name]), str(r["count"]), years(r["first"], r["last"]), *(one_line(r[k]) for k in more)]
        for r in view.rows
    ]
    return "".join(line + "\n" for line in columns(table, right=1))


# ---------------------------------------------------------------- Markdown


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


def timeline(view: View) -> str:
    from rnk.render.timeline import plain  # the picture's layout, imported only when drawn

    return plain(view)
