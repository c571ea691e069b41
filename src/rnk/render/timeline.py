"""The timeline picture: eras as bands across the years, events as marks with their dates and titles.

A time strip (`Scale`) maps dates to columns, giving busy years more room. The layout is rows of
(text, logical style) pieces, without rich, so one picture serves plain text (`plain`), colour at
a terminal (`show`) and the SVG/HTML files (rnk.render.timeline_export). Every row is exactly as
wide as the picture: text is cut with "…" to the room it has, so nothing wraps.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from rnk.core import dates
from rnk.render.cells import cells, chop, crop
from rnk.render.sanitize import one_line, plural
from rnk.render.timescale import LABEL_GAP, Scale, year_fraction
from rnk.render.view import View, terminal_columns

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

Piece = tuple[str, str]  # (text, logical style)
Line = list[Piece]

POINT, TURNING, SPAN, BEFORE, AFTER = "●", "◆", "━", "◂", "▸"
LEGEND_ITEMS = (f"{POINT} event", f"{SPAN * 2} span", f"{TURNING} turning point", f"{BEFORE} {AFTER} runs on")
# Spans shorter than this are drawn as points: a two-day summit is an event, not a span.
SPAN_MIN_DAYS = 31
ERA_COLOURS = ("dark_cyan", "medium_purple", "dark_sea_green4", "dark_orange3", "steel_blue", "indian_red")
# A label too long for its column wraps onto at most this many rows (then it is cut with "…").
LABEL_LINES = 6


# ---------------------------------------------------------------- cells and rows


def fit(text: str, room: int) -> str:
    """`text` cut to `room` cells, ending in "…" when cut."""
    if cells(text) <= room:
        return text
    return crop(text, room - 1).rstrip() + "…" if room > 0 else ""


class Row:
    """One line of the picture: `width` cells, each a character and a style."""

    def __init__(self, width: int) -> None:
        self.width, self.chars, self.styles = width, [" "] * width, [""] * width

    def put(self, col: int, text: str, style: str = "") -> int:
        """Write text from `col`, up to the edge; return the column after the last cell written."""
        for char in text:
            w = cells(char)
            if w == 0:
                continue
            if col < 0 or col + w > self.width:
                break
            self.chars[col], self.styles[col] = char, style
            if w == 2:
                self.chars[col + 1], self.styles[col + 1] = "", style  # covered by the wide char
            col += w
        return col

    def pieces(self) -> Line:
        """Runs of equal style; trailing unstyled blanks dropped."""
        last = self.width
        while last > 0 and self.chars[last - 1] in (" ", "") and not self.styles[last - 1]:
            last -= 1
        runs = groupby(zip(self.chars[:last], self.styles[:last], strict=True), key=itemgetter(1))
        return [("".join(char for char, _ in run), style) for style, run in runs]


def text_line(text: str, width: int, style: str = "") -> Line:
    row = Row(width)
    row.put(0, fit(text, width), style)
    return row.pieces()


# ---------------------------------------------------------------- parts of the picture


def strip_width(width: int, longest: int) -> int:
    """The time strip's share of the picture: 35% or more, the rest (after a gap of two) for the
    labels, as wide as the longest label needs."""
    if width < 30:
        return max(1, width // 2)
    return max(width * 35 // 100, width - 2 - longest)


def guides(scale: Scale, width: int) -> Row:
    """A row with the strip's guides: `·` under each labelled year, `┊` at each break."""
    row = Row(width)
    for _, col in scale.ticks():
        row.put(col, "·", "guide")
    for col in scale.breaks:
        row.put(col, "┊", "guide")
    return row


def axis(scale: Scale, width: int, labels_above: bool) -> list[Line]:
    """Year labels and a ruler with a tick at each labelled year and `┊` at each break."""
    labels, ruler = Row(width), Row(width)
    ruler.put(0, "─" * scale.width, "axis")
    free = 0
    for year, col in scale.ticks():
        ruler.put(col, "┴" if labels_above else "┬", "axis")
        label = str(year)
        if col >= free and col + cells(label) <= scale.width + 1:
            free = labels.put(col, label, "year") + LABEL_GAP
    for col in scale.breaks:
        ruler.put(col, "┊", "axis")
    rows = [labels, ruler] if labels_above else [ruler, labels]
    return [r.pieces() for r in rows]


def era_style(era: dict[str, Any]) -> str:
    return f"era{int(era['index']) % len(ERA_COLOURS)}"


def era_band(scale: Scale, eras: Sequence[dict[str, Any]], width: int) -> Line:
    """One row across the strip: each era's stretch in its colour, named when the name fits whole
    (the era headings below name every era). A "│" opens each era so the bands stay apart
    without colour (plain text, NO_COLOR)."""
    row = Row(width)
    for era in eras:
        start, end = scale.span_cols(era["start"], era["end"])
        style = era_style(era) + "-band"
        room = end - start + 1
        name = one_line(era["name"])
        row.put(start, " " * room, style)
        row.put(start, "│" + (name if cells(name) <= room - 1 else ""), style)
    return row.pieces()


def beside(scale: Scale, width: int, first: Row, pieces: list[Piece], col: int) -> list[Line]:
    """A label in the label column from `col`: its first line on `first`, the rest on rows of
    their own, indented by two, each with the strip's guides. Wrapped at spaces, never cut but
    past LABEL_LINES rows (a word wider than the column is folded)."""
    room = width - col
    if room < 1:
        return [first.pieces()]
    styled = [(char, style) for text, style in pieces for char in text]
    plain = "".join(char for char, _ in styled)
    rows: list[Line] = []
    start = 0
    while start < len(plain) and len(rows) < LABEL_LINES:
        indent = 2 if rows and room > 12 else 0
        line_room = room - indent
        text = next_line(plain[start:], line_room)
        last = len(rows) == LABEL_LINES - 1 and start + len(text) < len(plain)
        shown = fit(plain[start:], line_room) if last else text
        row = first if not rows else guides(scale, width)
        at = col + indent
        for i, char in enumerate(shown):
            style = styled[start + i][1] if char != "…" or not last else "title"
            at = row.put(at, char, style)
        rows.append(row.pieces())
        start += len(text)
        while start < len(plain) and plain[start] == " ":
            start += 1
    return rows


def next_line(text: str, room: int) -> str:
    """The most of `text` that fits in `room` cells, broken at a space when it can be."""
    if cells(text) <= room:
        return text
    cut = len(chop(text, room)[0]) if room > 0 else 0
    space = text.rfind(" ", 0, cut + 1)
    return text[:space] if space > 0 else text[: max(1, cut)]


def era_heading(scale: Scale, era: dict[str, Any], count: int, width: int, col: int) -> list[Line]:
    """The era's stretch drawn across the strip, and beside it its name, years and count."""
    row = Row(width)
    start, end = scale.span_cols(era["start"], era["end"])
    row.put(start, SPAN * (end - start + 1), era_style(era))
    tail = f"{dates.span_label(era['start'], era['end'])} · {plural(count, 'event')}"
    # Blanks are written unstyled so that no styled text starts with one (see RICH_STYLES).
    pieces = [(one_line(era["name"]), era_style(era) + "-head"), ("  ", ""), (tail, era_style(era))]
    return beside(scale, width, row, pieces, col)


def mark(row: Row, scale: Scale, event: dict[str, Any], style: str) -> tuple[int, int]:
    """Draw an event's mark; return the first and last columns it takes."""
    c0, c1 = scale.span_cols(event["start"], event["end"])
    days = _dt.date(*dates.last_day(event["end"])) - _dt.date(*dates.first_day(event["start"]))
    before = year_fraction(dates.first_day(event["start"])) < scale.first
    after = year_fraction(dates.last_day(event["end"])) >= scale.last + 1
    if days.days < SPAN_MIN_DAYS and not (before or after):
        c0 = scale.point_col(event["start"])
        row.put(c0, TURNING if event["turning_point"] else POINT, style)
        return c0, c0
    row.put(c0, SPAN * (c1 - c0 + 1), style)
    if before:
        row.put(c0, BEFORE, style)
    if after:
        row.put(c1, AFTER, style)
    return c0, c1


def label_pieces(event: dict[str, Any], point: bool) -> list[Piece]:
    """Date and title. A turning point drawn as a span has no ◆ mark, so its title gets one."""
    turning, title = event["turning_point"], one_line(event["title"])
    shown = f"{TURNING} {title}" if turning and not point else title
    return [(one_line(event["when"]), "when"), ("  ", ""), (shown, "title-tp" if turning else "title")]


def event_rows(scale: Scale, event: dict[str, Any], era: dict[str, Any], width: int, col: int) -> list[Line]:
    """An event's mark at its place in the strip, and its date and title in the label column
    (from `col`), wrapped onto rows of its own when it is longer than the column."""
    row = guides(scale, width)
    style = "tp" if event["turning_point"] else era_style(era)
    c0, c1 = mark(row, scale, event, style)
    return beside(scale, width, row, label_pieces(event, point=c0 == c1 and row.chars[c0] != SPAN), col)


def wrapped(parts: Sequence[str], width: int, sep: str) -> list[str]:
    """Join parts with `sep` into lines of at most `width` cells; a part never splits unless too long."""
    lines: list[str] = []
    for part in parts:
        if lines and cells(lines[-1] + sep + part) <= width:
            lines[-1] += sep + part
        else:
            lines.append(part)
    return lines


def header(view: View, width: int) -> list[Line]:
    """The title (at most three lines) and the span, event count and "as of" date."""
    extra = view.extra
    title = wrapped(one_line(str(extra["title"])).split(" "), width, " ")
    span = dates.span_label(extra["start"], extra["end"])
    facts = [span, plural(len(view.rows), "event"), f"as of {dates.human(extra['as_of'])}"]
    lines = [text_line(part, width, "heading") for part in title[:3]]
    return lines + [text_line(part, width, "dim") for part in wrapped(facts, width, " · ")]


def frame(view: View, width: int) -> tuple[Scale, int]:
    labels = ("".join(t for t, _ in label_pieces(e, point=False)) for e in view.rows)
    strip = strip_width(width, max((cells(label) for label in labels), default=0))
    starts = [dates.year_of(e["start"]) for e in view.rows]
    first, last = dates.year_of(view.extra["start"]), dates.year_of(view.extra["end"])
    scale = Scale(first, last, strip, starts)
    return scale, min(width, scale.width + 2)


def layout(view: View, width: int) -> list[Line]:
    """The whole picture, `width` cells wide: the time strip on the left, the labels beside it."""
    width = max(1, width)
    eras = list(view.extra["eras"])
    scale, col = frame(view, width)
    lines = header(view, width)
    lines += [[], *axis(scale, width, labels_above=True), era_band(scale, eras, width)]
    for era in eras:
        own = [e for e in view.rows if e["era"] == era["id"]]
        if not own:
            continue
        lines += [[], *era_heading(scale, era, len(own), width, col)]
        for event in own:
            lines += event_rows(scale, event, era, width, col)
    lines += [[], *axis(scale, width, labels_above=False)]
    lines += [text_line(part, width, "dim") for part in wrapped(LEGEND_ITEMS, width, "   ")]
    return lines


# ---------------------------------------------------------------- outputs: plain text and colour


def picture_width(view: View, fallback: int | None = None) -> int:
    """--width, else the given terminal width, else COLUMNS or the user's terminal, else 80."""
    return int(view.extra.get("width") or fallback or terminal_columns())


def plain(view: View) -> str:
    lines = layout(view, picture_width(view))
    return "\n".join("".join(t for t, _ in line) for line in lines) + "\n"


# The logical styles as rich styles. "title" is not "": a title must not merge with the unstyled
# gap before it, or SVG viewers that drop a text's leading blanks draw the date and title run together.
RICH_STYLES = {
    "heading": "bold", "dim": "dim", "axis": "grey50", "year": "bold", "guide": "grey35", "when": "cyan",
    "title": "default", "title-tp": "bold", "tp": "bold yellow",
}  # fmt: skip


def rich_style(name: str) -> str:
    if not name.startswith("era"):
        return RICH_STYLES.get(name, "")
    base, _, part = name.partition("-")
    colour = ERA_COLOURS[int(base[3:])]
    return {"band": f"bold white on {colour}", "head": f"bold {colour}"}.get(part, colour)


def rich_text(lines: Sequence[Line]) -> Text:
    from rich.text import Text

    out = Text(no_wrap=True, overflow="crop", end="")
    for i, line in enumerate(lines):
        if i:
            out.append("\n")
        for text, style in line:
            out.append(text, style=rich_style(style) or None)
    return out


def show(view: View, out: Console) -> None:
    """Print the picture on a rich console, as wide as the console (or --width)."""
    width = picture_width(view, out.width)
    if view.extra.get("width"):
        out.width = width  # --width wins over the terminal, so nothing wraps
    out.print(rich_text(layout(view, width)), crop=True, no_wrap=True)
