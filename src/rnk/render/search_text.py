"""Plain-text renderers for `rnk search`, `rnk faq` and `rnk show` (registered in render.text.PLAIN).

Data text is cleaned of control characters and folded to one line (paragraphs kept where the
data has them); nothing here knows about colour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rnk.render.machine import flat
from rnk.render.sanitize import clean, one_line
from rnk.render.view import View


def paragraphs(text: str) -> list[str]:
    return [one_line(p) for p in clean(text).split("\n\n") if p.strip()]


def joined(pieces: Sequence[tuple[str, bool]]) -> str:
    return one_line("".join(text for text, _ in pieces))


def hit_marks(view: View, row: dict[str, Any]) -> dict[str, Any]:
    marks: dict[str, Any] = view.extra.get("marks", {})
    found: dict[str, Any] = marks.get(f"{row['kind']}:{row['id']}", {"title": [], "snippet": []})
    return found


def hit_head(row: dict[str, Any]) -> str:
    return "FAQ" if row["kind"] == "faq" else one_line(row["when"])


def hit_facts(row: dict[str, Any]) -> str:
    return one_line(f"{row['kind']}: {row['id']} | score: {row['score']}")


def search(view: View) -> str:
    blocks = []
    for row in view.rows:
        marks = hit_marks(view, row)
        title = joined(marks["title"]) or one_line(row.get("title") or row.get("question") or "")
        lines = [f"{hit_head(row)}  {title}"]
        body = joined(marks["snippet"])
        if body:
            lines.append(f"  {body}")
        lines.append(f"  {hit_facts(row)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def faq_list(view: View) -> str:
    rows = view.rows
    width = max((len(one_line(r["id"])) for r in rows), default=0)
    return "".join(f"{one_line(r['id']):<{width}}  {one_line(r['question'])}\n" for r in rows)


def event_ref(row: dict[str, Any]) -> str:
    """`1950–1953  The Korean War (korean-war)`."""
    return f"{one_line(row['when'])}  {one_line(row['title'])} ({one_line(row['id'])})"


def source_line(source: dict[str, Any]) -> str:
    date = source["date"] or "undated"
    return one_line(f'{source["publisher"]}, "{source["title"]}" ({date}): {source["url"]}')


def answer_lines(data: dict[str, Any]) -> list[str]:
    lines = [one_line(data["question"]), ""]
    lines += [p + "\n" for p in paragraphs(data["answer"])]
    if data.get("based_on"):
        lines.append("Based on:")
        lines += [f"  {event_ref(e)}" for e in data["based_on"]]
    if data.get("sources"):
        lines.append("Sources:")
        lines += [f"  {source_line(s)}" for s in data["sources"]]
    lines.append(one_line(f"id: {data['id']}" + (f" | score: {data['score']}" if "score" in data else "")))
    return lines


def faq_answer(view: View) -> str:
    return "\n".join(answer_lines(view.data)) + "\n"


def faq_answers(view: View) -> str:
    rows = view.rows
    if not rows:
        return ""
    out = answer_lines(rows[0])
    if len(rows) > 1:
        out += ["", "Other close questions:"]
        out += ["  " + one_line(f"{r['question']} ({r['id']}, score {r['score']})") for r in rows[1:]]
    return "\n".join(out) + "\n"


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


def exact_dates(start: str, end: str) -> str:
    """The dates as the data gives them: `2023-09-13`, `2000-07-19 to 2000-07-20`."""
    return start if start == end else f"{start} to {end}"


def date_line(d: dict[str, Any]) -> tuple[str, str]:
    """The date label and, when they say more than the label, the exact dates in ISO form:
    `19–20 July 2000`, `(2000-07-19 to 2000-07-20)`; `1994` alone rather than `1994 (1994)`."""
    when, exact = one_line(d["when"]), one_line(exact_dates(d["start"], d["end"]))
    return when, "" if exact == when else f" ({exact})"


def show(view: View) -> str:
    d = view.data
    lines = [one_line(d["title"]), "".join(date_line(d))]
    lines.append(one_line(f"Era: {d['era_name'] or d['era']} ({d['era']})"))
    lines.append("")
    lines += [p + "\n" for p in paragraphs(d["summary"])]
    for key, label in (("people", "People"), ("places", "Places"), ("tags", "Tags")):
        if d.get(key):
            lines.append(one_line(f"{label}: {', '.join(d[key])}"))
    if d.get("names"):
        lines.append("Names:")
        lines += ["  " + one_line(flat(n)) for n in d["names"]]
    if d.get("note"):
        lines.append(one_line(f"Note: {d['note']}"))
    lines.append("Sources:")
    lines += [f"  {source_line(s)}" for s in d["sources"]]
    if d.get("faq"):
        lines.append("FAQ:")
        lines += ["  " + one_line(f"{f['question']} (rnk faq {f['id']})") for f in d["faq"]]
    for key, label in (("previous", "Previous"), ("next", "Next")):
        if d.get(key):
            lines.append(f"{label}: {event_ref(d[key])}")
    lines.append(one_line(f"id: {d['id']}"))
    return "\n".join(lines) + "\n"


PLAIN: dict[str, Callable[[View], str]] = {
    "search": search,
    "faq-list": faq_list,
    "faq-answer": faq_answer,
    "faq-answers": faq_answers,
    "show": show,
    "ask": ask,
}
