"""The timeline picture: eras as bands across the years, events as marks with their dates and titles.

The layout is computed here as rows of styled cells, without rich, so one picture serves three
outputs: plain text (`plain`), rich in colour at a terminal (`show`) and rich's SVG/HTML export
(`export`). Styles are logical names ("tick", "era2", ...) that `rich_style` maps to colours.

Every row is exactly as wide as the picture, whatever the data holds: text is cut with "…" to the
room it has (counting wide characters as two cells), so nothing wraps even at 40 columns.
"""

from __future__ import annotations

import datetime as _dt
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rnk.core import dates
from rnk.render.sanitize import one_line, plural
from rnk.render.view import View

if TYPE_CHECKING:
    pass

Piece = tuple[str, str]  # (text, logical style)
Line = list[Piece]

POINT, TURNING, SPAN, BEFORE, AFTER = "●", "◆", "━", "◂", "▸"
LEGEND_ITEMS = (
    f"{POINT} event",
    f"{SPAN}{SPAN} span",
    f"{TURNING} turning point",
    f"{BEFORE} {AFTER} runs on",
)
# Spans shorter than this are drawn as points: a two-day summit is an event, not a span.
SPAN_MIN_DAYS = 31
# Year labels need 4 cells and a gap; steps are tried in this order until labels stop colliding.
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000)
LABEL_GAP = 2
ERA_COLOURS = ("dark_cyan", "medium_purple", "dark_sea_green4", "dark_orange3", "steel_blue", "indian_red")
# A label too wide for the picture wraps onto at most this many rows.
LABEL_LINES = 3
MIN_OPTION_WIDTH, MAX_OPTION_WIDTH = 40, 1000


# ---------------------------------------------------------------- cells and rows


def cell_width(char: str) -> int:
    """Terminal cells one character takes: 0 for combining marks, 2 for wide East Asian ones."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cells(text: str) -> int:
    return sum(cell_width(c) for c in text)


def fit(text: str, room: int) -> str:
    """`text` cut to `room` cells, ending in "…" when cut."""
    if cells(text) <= room:
        return text
    if room <= 0:
        return ""
    out, used = [], 0
    for char in text:
        w = cell_width(char)
        if used + w > room - 1:
            break
        out.append(char)
        used += w
    return "".join(out).rstrip() + "…"


class Row:
    """One line of the picture: `width` cells, each with a character and a style."""

    def __init__(self, width: int, fill: str = " ", style: str = "") -> None:
        self.width = width
        self.chars = [fill] * width
        self.styles = [style] * width

    def put(self, col: int, text: str, style: str = "") -> int:
        """Write text from `col`; stop at the edge. Returns the column after the last cell written."""
        for char in text:
            w = cell_width(char)
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
        line: Line = []
        for char, style in zip(self.chars[:last], self.styles[:last], strict=True):
            if line and line[-1][1] == style:
                line[-1] = (line[-1][0] + char, style)
            else:
                line.append((char, style))
        return line


def text_line(text: str, width: int, style: str = "") -> Line:
    row = Row(width)
    row.put(0, fit(text, width), style)
    return row.pieces()


# ---------------------------------------------------------------- the scale


def year_fraction(key: dates.DateKey) -> float:
    """A day as a fractional year: 1950-07-02 -> 1950.5."""
    year, month, day = key
    first = _dt.date(year, 1, 1)
    length = (_dt.date(year + 1, 1, 1) - first).days if year < 9999 else 365
    return year + (_dt.date(year, month, day) - first).days / length


@dataclass(frozen=True)
class Scale:
    """Maps dates to columns: the years first..last fill `width` cells."""

    first: int
    last: int
    width: int

    @property
    def per_year(self) -> float:
        return self.width / (self.last + 1 - self.first)

    def x(self, t: float) -> float:
        return (t - self.first) * self.per_year

    def clamp(self, col: int) -> int:
        return max(0, min(self.width - 1, col))

    def point_col(self, text: str) -> int:
        """The cell a moment falls in."""
        return self.clamp(int(self.x(year_fraction(dates.first_day(text)))))

    def span_cols(self, start: str, end: str) -> tuple[int, int]:
        """The cells whose middles a stretch of days covers, so back-to-back eras never share a cell.

        A stretch too short to cover any middle gets the cell its start falls in.
        """
        a = self.x(year_fraction(dates.first_day(start)))
        last_day = dates.last_day(end)
        days = 366 if dates.days_in_month(last_day[0], 2) == 29 else 365
        b = self.x(year_fraction(last_day) + 1 / days)  # to the end of the last day: the next one's start
        first, last = math.floor(a + 0.5), math.floor(b + 0.5) - 1
        if last < first:
            return self.point_col(start), self.point_col(start)
        return self.clamp(first), self.clamp(last)

    def ticks(self) -> tuple[int, list[int]]:
        """A round step between labelled years that leaves room for the labels, and those years."""
        step = next((s for s in TICK_STEPS if s * self.per_year >= 4 + LABEL_GAP), TICK_STEPS[-1])
        first = math.ceil(self.first / step) * step
        return step, list(range(first, self.last + 1, step))

    def col_of_year(self, year: int) -> int:
        return self.clamp(int(self.x(year)))


# ---------------------------------------------------------------- parts of the picture


def axis(scale: Scale, labels_above: bool) -> list[Line]:
    """Year labels and a ruler with a tick at each labelled year."""
    _, years = scale.ticks()
    labels, ruler = Row(scale.width), Row(scale.width, "─", "axis")
    free = 0
    for year in years:
        col = scale.col_of_year(year)
        ruler.put(col, "┴" if labels_above else "┬", "axis")
        label = str(year)
        if col >= free and col + cells(label) <= scale.width:
            free = labels.put(col, label, "year") + LABEL_GAP
    rows = [labels, ruler] if labels_above else [ruler, labels]
    return [r.pieces() for r in rows]


def era_style(era: dict[str, Any]) -> str:
    return f"era{int(era['index']) % len(ERA_COLOURS)}"


def era_band(scale: Scale, eras: Sequence[dict[str, Any]]) -> Line:
    """One row across the years: each era's stretch in its colour, named as far as it fits.

    A "│" opens each era so the bands stay apart without colour (plain text, NO_COLOR).
    """
    row = Row(scale.width)
    for era in eras:
        start, end = scale.span_cols(era["start"], era["end"])
        style = era_style(era) + "-band"
        room = end - start + 1
        row.put(start, " " * room, style)
        row.put(start, "│" + fit(one_line(era["name"]), room - 1), style)
    return row.pieces()


def era_heading(era: dict[str, Any], count: int, width: int) -> Line:
    years = dates.span_label(era["start"], era["end"])
    noun = "event" if count == 1 else "events"
    head = f"{SPAN}{SPAN} {one_line(era['name'])}"
    tail = f"{years} · {count} {noun}"
    row = Row(width, "─", era_style(era))
    # The name gives way first: room for two blanks, the years and count, a blank and two rules.
    col = row.put(0, fit(head, width - cells(tail) - 5), era_style(era) + "-head")
    # Blanks are written unstyled so that no styled text starts with one (see rich_style).
    col = row.put(col, "  ")
    col = row.put(col, fit(tail, width - col - 1), era_style(era))
    row.put(col, " ")
    return row.pieces()


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
    title = one_line(event["title"])
    if not event["turning_point"]:
        return [(one_line(event["when"]), "when"), ("  ", ""), (title, "title")]
    return [
        (one_line(event["when"]), "when"),
        ("  ", ""),
        (title if point else f"{TURNING} {title}", "title-tp"),
    ]


def put_label(row: Row, col: int, pieces: list[Piece], room: int) -> None:
    """Write the label's pieces from `col`, cut as a whole to `room` cells."""
    whole = fit("".join(t for t, _ in pieces), room)
    for text, style in pieces:
        if not whole:
            break
        part, whole = whole[: len(text)], whole[len(text) :]
        col = row.put(col, part, style)


def event_rows(scale: Scale, event: dict[str, Any], era: dict[str, Any]) -> list[Line]:
    """An event's mark at its place on the axis, and its date and title beside it.

    The label goes to the right of the mark when it fits there whole, else to the left, else on a
    row of its own underneath (cut to the width only when it is wider than the picture).
    """
    width = scale.width
    row = Row(width)
    for year in scale.ticks()[1]:
        row.put(scale.col_of_year(year), "·", "guide")
    style = "tp" if event["turning_point"] else era_style(era)
    c0, c1 = mark(row, scale, event, style)
    pieces = label_pieces(event, point=c0 == c1 and row.chars[c0] != SPAN)
    length = cells("".join(t for t, _ in pieces))
    right, left = width - c1 - 2, c0 - 1
    if length <= right:
        row.put(c1 + 1, " " * (width - c1 - 1))
        put_label(row, c1 + 2, pieces, right)
        return [row.pieces()]
    if length <= left:
        row.put(0, " " * c0)
        put_label(row, c0 - 1 - length, pieces, length)
        return [row.pieces()]
    # Neither side has room for the whole label: rows of its own, under the mark if it fits.
    return [row.pieces(), *label_rows(pieces, width, max(0, min(c0, width - length)))]


def label_rows(pieces: list[Piece], width: int, col: int) -> list[Line]:
    """A label on rows of its own from `col`, wrapped at spaces (at most LABEL_LINES rows)."""
    styled = [(char, style) for text, style in pieces for char in text]
    plain = "".join(char for char, _ in styled)
    rows: list[Line] = []
    start = 0
    for number, text in enumerate(wrapped(plain.split(" "), width - col, " ")):
        # `wrapped` keeps single spaces, so the text is found again at `start` in `plain`.
        start = plain.index(text, start)
        start, text = start + len(text) - len(text.lstrip(" ")), text.lstrip(" ")
        last = number == LABEL_LINES - 1
        shown = fit(plain[start:] if last else text, width - col)
        row = Row(width)
        for i, char in enumerate(shown):
            style = styled[start + i][1] if start + i < len(styled) and char != "…" else "title"
            row.put(col + cells(shown[:i]), char, style)
        rows.append(row.pieces())
        start += len(text)
        if last:
            break
    return rows


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
    count = len(view.rows)
    title = wrapped(one_line(str(extra["title"])).split(" "), width, " ")
    span = dates.span_label(extra["start"], extra["end"])
    facts = [span, plural(count, "event"), f"as of {dates.human(extra['as_of'])}"]
    lines = [text_line(part, width, "heading") for part in title[:3]]
    return lines + [text_line(part, width, "dim") for part in wrapped(facts, width, " · ")]


def legend(width: int) -> list[Line]:
    return [text_line(part, width, "dim") for part in wrapped(LEGEND_ITEMS, width, "   ")]


def layout(view: View, width: int) -> list[Line]:
    """The whole picture, `width` cells wide."""
    extra = view.extra
    width = max(1, width)
    scale = Scale(dates.year_of(extra["start"]), dates.year_of(extra["end"]), width)
    eras = list(extra["eras"])
    lines = header(view, width)
    lines += [[], *axis(scale, labels_above=True), era_band(scale, eras)]
    by_era = {era["id"]: era for era in eras}
    for era in eras:
        own = [e for e in view.rows if e["era"] == era["id"]]
        if not own:
            continue
        lines += [[], era_heading(era, len(own), width)]
        for event in own:
            lines += event_rows(scale, event, by_era[event["era"]])
    lines += [[], *axis(scale, labels_above=False), *legend(width)]
    return lines


# ---------------------------------------------------------------- outputs


def picture_width(view: View, fallback: int | None = None) -> int:
    """--width, else the given terminal width, else COLUMNS or the user's terminal, else 80."""
    if view.extra.get("width"):
        return int(view.extra["width"])
    if fallback:
        return fallback
    from rnk.render.width import terminal_columns

    return terminal_columns()


def plain(view: View) -> str:
    """The picture as text without colour."""
    lines = layout(view, picture_width(view))
    return "\n".join("".join(t for t, _ in line) for line in lines) + "\n"
