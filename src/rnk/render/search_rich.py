"""Terminal renderers for `rnk search`, `rnk faq` and `rnk show` (registered in render.human).

Matched words are highlighted from the (piece, matched) segments the view carries. Every piece of
data text enters rich as `Text` after cleaning (never parsed as markup). The table of search
hits is drawn without rich, by rnk.render.grid, from the same cleaned text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rnk.render.sanitize import clean, line, one_line, plural
from rnk.render.search_text import date_line, hit_head, hit_marks, paragraphs
from rnk.render.view import View

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

MATCH = "bold black on yellow"
_SPACE = re.compile(r"\s+")


def joined(*parts: tuple[str, str] | Text) -> Text:
    """Pieces side by side, each with its own style (none bleeds into the next).
    A (text, style) pair is literal text from rnk; data text comes in as Text from `line`."""
    from rich.text import Text

    out = Text()
    for part in parts:
        if isinstance(part, tuple):
            out.append(part[0], style=part[1])
        else:
            out.append_text(part)
    return out


def marked(pieces: Sequence[tuple[str, bool]], style: str = "") -> list[tuple[str, str]]:
    """Segments as one line of (text, style) pieces, the matched ones highlighted."""
    # Fold whitespace without trimming, so pieces keep their spacing against each other.
    return [
        (_SPACE.sub(" ", clean(piece)), f"{style} {MATCH}".strip() if matched else style)
        for piece, matched in pieces
    ]


def search_table(view: View, color: bool, width: int) -> str:
    """When | title (matches highlighted), snippet, id and score; drawn by rnk.render.grid."""
    from rnk.render.grid import Column, table

    rows = []
    for row in view.rows:
        marks = hit_marks(view, row)
        body = [marked(marks["title"], "bold")]
        if marks["snippet"]:
            body.append(marked(marks["snippet"]))
        body.append([(one_line(row["id"]), "green"), (f"  {row['kind']}, score {row['score']}", "dim")])
        head = [(one_line(hit_head(row)), "magenta" if row["kind"] == "faq" else "")]
        rows.append([[head], body])
    count = len(view.rows)
    columns = (Column("When", 1, "cyan", fit=True), Column("Match", 4, fold=True))
    return table(columns, rows, f"{plural(count, 'result')}, best first", width, color)


def faq_list(view: View, out: Console) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column("ID", style="green", no_wrap=True)
    table.add_column("Question", overflow="fold")
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


def faq_answer(view: View, out: Console) -> None:
    answer(view.data, out)


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
    rows = view.rows
    if not rows:
        return
    answer(rows[0], out)
    if len(rows) > 1:
        out.print()
        out.print(line("Other close questions", "bold underline"))
        for r in rows[1:]:
            out.print(
                joined(
                    line(r["question"]), ("  ", ""), line(r["id"], "green"), (f"  score {r['score']}", "dim")
                )
            )


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


def names_table(names: list[dict[str, Any]]) -> Table:
    """People and places in Latin, Hangul and Cyrillic; rich measures wide (CJK) characters."""
    from rich import box
    from rich.table import Table

    table = Table("Name", "Korean", "Russian", box=box.SIMPLE_HEAD, pad_edge=False)
    for n in names:
        table.add_row(line(n["name"]), line(n["ko"] or "–", "cyan"), line(n["ru"] or "–", "cyan"))
    return table


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
    for key, label, style in (
        ("people", "People", ""),
        ("places", "Places", ""),
        ("tags", "Tags", "magenta"),
    ):
        if d.get(key):
            out.print(labelled(label, ", ".join(d[key]), style))
    if d.get("names"):
        out.print(names_table(d["names"]))
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


RICH: dict[str, Callable[[View, Console], None]] = {
    "faq-list": faq_list,
    "faq-answer": faq_answer,
    "faq-answers": faq_answers,
    "show": show,
    "ask": ask,
}
