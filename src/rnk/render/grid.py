"""The long tables of `rnk events`, `rnk search` and `rnk on`, drawn without rich (start-up time).

They look exactly as rich draws a `Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False,
show_lines=True)` of two columns sharing the width by ratio, 1 to 4: the date (cyan, at least as
wide as its widest line up to a third of the table, so "11 November 2024" is not broken) and the
text, whose words longer than a line fold (tests/test_grid.py compares the two). Drawing the full
`rnk events` with rich's Table took 292 ms against 166 ms (median of 25 runs).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import pairwise

from rnk.render.cells import NARROW, cells, chop, crop
from rnk.render.sanitize import clean, one_line, plural
from rnk.render.view import View

Piece = tuple[str, str]  # text, and its style: "" or words such as "bold", "cyan", "black on yellow"
Line = list[Piece]  # one paragraph of a cell, wrapped to the column's width
Cell = list[Line]  # a cell's paragraphs, each starting on a new line


HEADER_STYLE = "bold"  # rich's "table.header"
CAPTION_STYLE = "dim italic"  # rich's "table.caption"
RULE = "─"  # box.SIMPLE_HEAD's line under the header; its other lines are spaces

# ----------------------------------------------------------------------------- wrapping

_WORD = re.compile(r"\s*\S+\s*")  # a word with the spaces around it, as rich.wrap splits text


def breaks(text: str, width: int, fold: bool) -> list[int]:
    """Where to break a paragraph into lines of `width` cells (rich's `divide_line`): before
    a word that does not fit on the line; inside a word longer than a line, when `fold`."""
    measure = len if NARROW.issuperset(text) else cells  # one check for the whole text (speed)
    if measure(text.rstrip()) <= width:
        return []  # it fits: every word ends before the edge
    found: list[int] = []
    used = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        size = measure(word.rstrip())
        if width - used >= size:
            used += measure(word)
        elif size > width:  # folded onto lines of its own, or cut later (not `fold`)
            pieces = chop(word, width) if fold else [word]
            for piece in pieces[:-1]:
                if start:
                    found.append(start)
                start += len(piece)
            if start:
                found.append(start)
            used = cells(pieces[-1])
        elif used and start:
            found.append(start)
            used = cells(word)
    return found


def wrap(line: Line, width: int, fold: bool) -> list[Line]:
    """A paragraph as lines of exactly `width` cells, padded with spaces on the right. A word
    too long for a line is folded, or (not `fold`) cut short with '…'. Every character keeps the
    style it had; the '…' takes that of the character it replaces."""
    plain = "".join(text for text, _ in line)
    cuts = [0, *breaks(plain, width, fold), len(plain)]
    lines = []
    for start, end in pairwise(cuts):
        text = plain[start:end]
        if len(text) > width:  # spaces that would hang over the edge are dropped
            text = text[: max(width, len(text.rstrip()))]
        size = cells(text)
        if size > width:
            text = crop(text, width) if fold else crop(text, width - 1) + "…"
        styled = restyle(line, start, text)
        if size < width:
            styled.append((" " * (width - size), ""))
        lines.append(styled)
    return lines


def restyle(line: Line, start: int, text: str) -> Line:
    """`text`, which stands where `line`'s characters from `start` on stood, in their styles."""
    out: Line = []
    end = start + len(text)
    offset = 0
    for piece, style in line:
        low, high = max(offset, start), min(offset + len(piece), end)
        if low < high:
            out.append((text[low - start : high - start], style))
        offset += len(piece)
        if offset >= end:
            break
    return out


def centred(text: str, width: int) -> list[str]:
    """A caption's lines, each centred in `width` cells (rich's "center" justification)."""
    lines = []
    for start, end in pairwise([0, *breaks(text, width, fold=True), len(text)]):
        piece = text[start:end].rstrip()
        if cells(piece) > width:
            piece = crop(piece, width)
        piece = " " * ((width - cells(piece)) // 2) + piece
        lines.append(piece + " " * (width - cells(piece)))
    return lines


# ----------------------------------------------------------------------------- styles

_ATTRIBUTES = {"bold": "1", "dim": "2", "italic": "3", "underline": "4"}  # in rich's order
_COLOURS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_SGR: dict[str, str] = {}


def sgr(style: str) -> str:
    """The SGR parameters of a style, as rich writes them: `bold black on yellow` -> `1;30;43`.
    Later words win, as when rich adds styles: `cyan magenta` is magenta."""
    if style not in _SGR:
        attributes, colours = set(), {}
        words = iter(style.split())
        for word in words:
            ground, base = ("bg", 40) if word == "on" else ("fg", 30)
            colour = next(words, "") if word == "on" else word
            if colour in _COLOURS:
                colours[ground] = str(base + _COLOURS.index(colour))
            elif word in _ATTRIBUTES:
                attributes.add(word)
            else:
                raise ValueError(f"unknown style word {word!r} in {style!r}")
        codes = [code for name, code in _ATTRIBUTES.items() if name in attributes]
        _SGR[style] = ";".join(codes + [colours[key] for key in ("fg", "bg") if key in colours])
    return _SGR[style]


def paint(pieces: Sequence[Piece], color: bool) -> str:
    if not color:
        return "".join(text for text, _ in pieces)
    out = []
    run, run_style = "", ""
    for text, style in pieces:
        if style != run_style and run:
            out.append(_styled(run, run_style))
            run = ""
        run, run_style = run + text, style
    out.append(_styled(run, run_style))
    return "".join(out)


def _styled(text: str, style: str) -> str:
    codes = sgr(style) if style else ""
    return f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text


# ----------------------------------------------------------------------------- the table


def distribute(total: int, ratios: Sequence[int], minimums: Sequence[int]) -> list[int]:
    """`total` cells shared by ratio, each share at least its minimum (rich's ratio_distribute)."""
    shares = []
    left, ratio_left = total, sum(ratios)
    for ratio, minimum in zip(ratios, minimums, strict=True):
        share = max(minimum, math.ceil(ratio * left / ratio_left)) if ratio_left > 0 else left
        shares.append(share)
        ratio_left -= ratio
        left -= share
    return shares


def table(header: str, rows: Sequence[Sequence[Cell]], caption: str, width: int, color: bool) -> str:
    """The rows laid out in `width` cells (at least 20), one string ending in a newline."""
    width = max(width, 20)
    # A space at each edge and between the columns; inside, a space of padding on the inner side
    # of each column (rich's pad_edge=False).
    room = width - 3
    widest = max((cells("".join(t for t, _ in line)) for row in rows for line in row[0]), default=0)
    widths = distribute(room, (1, 4), (max(2, min(widest, room // 3) + 1), 2))
    blank = " " * width
    out = [blank, *_row(widths, [[[("When", "")]], [[(header, "")]]], (HEADER_STYLE,) * 2, color)]
    out.append(" " + RULE * (sum(widths) + 1) + " ")
    for n, row in enumerate(rows):
        if n:
            out.append(blank)
        out.extend(_row(widths, row, ("cyan", ""), color))
    out.append(blank)
    out += [paint([(text, CAPTION_STYLE)], color) for text in centred(caption, width)]
    return "".join(text + "\n" for text in out)


def _row(widths: list[int], row: Sequence[Cell], styles: Sequence[str], color: bool) -> list[str]:
    """The lines of one row: its cells side by side, the shorter ones filled with blank lines."""
    laid = [
        [wrapped for line in cell for wrapped in wrap(line, size - 1, fold)]
        for cell, size, fold in zip(row, widths, (False, True), strict=True)
    ]
    out = []
    for k in range(max(len(lines) for lines in laid)):
        pieces: Line = [(" ", "")]
        for j, (size, lines, style) in enumerate(zip(widths, laid, styles, strict=True)):
            if k >= len(lines):
                pieces.append((" " * size, style))
            else:
                text = [(text, f"{style} {own}".strip()) for text, own in lines[k]]
                pieces += [(" ", style), *text] if j else [*text, (" ", style)]
            pieces.append((" ", ""))
        out.append(paint(pieces, color))
    return out


# ----------------------------------------------------------------------------- the views

MATCH = "bold black on yellow"
_SPACE = re.compile(r"\s+")


def render(view: View, color: bool, width: int) -> str:
    return {"events": events, "search": search, "on": on}[view.kind](view, color, width)


def events(view: View, color: bool, width: int) -> str:
    """When | title (bold), summary, id (green) and tags (magenta); a blank line between events."""
    rows = []
    for row in view.rows:
        facts = [(one_line(row["id"]), "green")]
        if row["tags"]:
            facts += [("  ", ""), (one_line(", ".join(row["tags"])), "magenta")]
        body = [[(one_line(row["title"]), "bold")], [(one_line(row["summary"]), "")], facts]
        rows.append([[[(one_line(row["when"]), "")]], body])
    return table("Event", rows, plural(len(rows), "event"), width, color)


def on(view: View, color: bool, width: int) -> str:
    """`rnk on`: the day's events as `rnk events` draws them, then a line per month (dim)."""
    from rnk.render.text import month_lines, on_days

    days = on_days(view)
    drawn = events(days, color, width) if days.data else ""
    return drawn + "".join(paint([(text, "dim")], color) + "\n" for text in month_lines(view.rows))


def marked(pieces: Sequence[tuple[str, bool]], style: str = "") -> list[tuple[str, str]]:
    """Segments as one line of (text, style) pieces, the matched ones highlighted."""
    # Fold whitespace without trimming, so pieces keep their spacing against each other.
    return [
        (_SPACE.sub(" ", clean(piece)), f"{style} {MATCH}".strip() if matched else style)
        for piece, matched in pieces
    ]


def search(view: View, color: bool, width: int) -> str:
    """When | title (matches highlighted), snippet, id and score."""
    from rnk.render.text import hit_head, hit_marks

    rows = []
    for row in view.rows:
        marks = hit_marks(view, row)
        body = [marked(marks["title"], "bold")]
        if marks["snippet"]:
            body.append(marked(marks["snippet"]))
        body.append([(one_line(row["id"]), "green"), (f"  {row['kind']}, score {row['score']}", "dim")])
        head = [(one_line(hit_head(row)), "magenta" if row["kind"] == "faq" else "")]
        rows.append([[head], body])
    return table("Match", rows, f"{plural(len(rows), 'result')}, best first", width, color)
