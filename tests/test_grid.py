"""The tables of `rnk events` and `rnk search` are drawn without rich (rnk.render.grid), for
start-up time, but must look exactly as rich drew them. These tests draw the same tables with
rich.table, as rnk did before, and compare them character by character and style by style.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.cells import cell_len
from rich.color import ColorSystem
from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from rnk.core import store
from rnk.core.loader import bundled_path
from rnk.query import search as engine
from rnk.query.filters import EventFilter
from rnk.query.index import build_index
from rnk.render import cells as measure
from rnk.render import grid, human
from rnk.render.sanitize import clean, one_line
from rnk.render.text import hit_head, hit_marks
from rnk.render.view import View
from rnk.render.views import events_view, search_view

from conftest import FIXTURES, MINI, invoke

WIDTHS = (20, 37, 50, 64, 80, 100, 133, 200)
MATCH = "bold black on yellow"

# ----------------------------------------------------------------------------- rich's drawing


def rich_console(color: bool, width: int) -> Console:
    return human.console(color, width, io.StringIO())


def printed(out: Console) -> str:
    file = out.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def when_width(heads: list[str], width: int) -> int:
    """The When column as wide as its widest date, up to a third of the table: rich takes a
    ratio column's `width` (plus its padding) as its least share."""
    return min(max((len(h) for h in heads), default=1), (width - 3) // 3)


def rich_events(view: View, color: bool, width: int) -> str:
    """`rnk events` as rich.table drew it (before rnk.render.grid.events replaced it)."""
    out = rich_console(color, width)
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, expand=True, pad_edge=False)
    table.add_column("When", style="cyan", ratio=1, width=when_width([r["when"] for r in view.rows], width))
    table.add_column("Event", ratio=4, overflow="fold")
    for row in view.rows:
        body = Text()
        body.append_text(Text(one_line(row["title"]), "bold"))
        body.append("\n")
        body.append_text(Text(one_line(row["summary"])))
        body.append("\n")
        body.append_text(Text(one_line(row["id"]), "green"))
        if row["tags"]:
            body.append("  ")
            body.append_text(Text(one_line(", ".join(row["tags"])), "magenta"))
        table.add_row(Text(one_line(row["when"])), body)
    count = len(view.rows)
    table.caption = f"{count} event{'s' if count != 1 else ''}"
    out.print(table)
    return printed(out)


def rich_marked(pieces: list[tuple[str, bool]], style: str = "") -> Text:
    out = Text()
    for piece, matched in pieces:
        out.append(re.sub(r"\s+", " ", clean(piece)), style=f"{style} {MATCH}".strip() if matched else style)
    return out


def rich_search(view: View, color: bool, width: int) -> str:
    """`rnk search` as rich.table drew it (until the grid drew it: rnk.render.grid.search)."""
    out = rich_console(color, width)
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, expand=True, pad_edge=False)
    table.add_column("When", style="cyan", ratio=1, width=when_width([hit_head(r) for r in view.rows], width))
    table.add_column("Match", ratio=4, overflow="fold")
    for row in view.rows:
        marks = hit_marks(view, row)
        body = rich_marked(marks["title"], "bold")
        if marks["snippet"]:
            body.append("\n")
            body.append_text(rich_marked(marks["snippet"]))
        body.append("\n")
        body.append_text(Text(one_line(row["id"]), "green"))
        body.append(f"  {row['kind']}, score {row['score']}", "dim")
        table.add_row(Text(one_line(hit_head(row)), "magenta" if row["kind"] == "faq" else ""), body)
    count = len(view.rows)
    table.caption = f"{count} result{'s' if count != 1 else ''}, best first"
    out.print(table)
    return printed(out)


# ----------------------------------------------------------------------------- comparing looks

_SGR = re.compile(r"\x1b\[([0-9;]*)m")
# On a space only what is drawn across the cell shows: background, underline, reverse, strike.
_SHOWN_ON_SPACES = {"4", "7", "9", *(str(n) for n in range(40, 48))}


def looks(text: str) -> list[list[tuple[str, frozenset[str]]]]:
    """Each line as (character, SGR codes in force) pairs; codes that cannot be seen on a space
    are dropped there (rich styles a cell's padding, the grid may not: nobody can tell)."""
    lines = []
    for raw in text.split("\n"):
        line, codes, pos = [], frozenset[str](), 0
        for match in [*_SGR.finditer(raw), None]:
            end = match.start() if match else len(raw)
            for char in raw[pos:end]:
                line.append((char, codes & _SHOWN_ON_SPACES if char == " " else codes))
            if match is None:
                break
            params = match.group(1)
            codes = frozenset() if params in ("", "0") else codes | set(params.split(";"))
            pos = match.end()
        lines.append(line)
    return lines


def assert_same_look(ours: str, theirs: str) -> None:
    assert _SGR.sub("", ours) == _SGR.sub("", theirs)  # the same characters in the same places
    for n, (a, b) in enumerate(zip(looks(ours), looks(theirs), strict=True)):
        assert a == b, f"line {n}: {''.join(c for c, _ in a)!r}"


def compare(view: View, drawn_by_rich: Any, widths: tuple[int, ...] = WIDTHS) -> None:
    for width in widths:
        plain = grid.render(view, False, width)
        assert plain == drawn_by_rich(view, False, width), width  # no colour: the very same text
        assert "\x1b" not in plain
        assert_same_look(grid.render(view, True, width), drawn_by_rich(view, True, width))


# ----------------------------------------------------------------------------- data


def event_row(when: str, title: str, summary: str, eid: str, tags: list[str]) -> dict[str, Any]:
    return {"when": when, "title": title, "summary": summary, "id": eid, "tags": tags}


TRICKY = View(
    kind="events",
    data=[
        event_row("1950–1953", "A title", "A summary.", "an-id", ["war", "turning-point"]),
        event_row("", "", "", "no-text", []),  # empty cells still take a line
        event_row(
            "2000-07-19/2000-07-20-and-more",  # one word longer than the When column: cut with '…'
            "Supercalifragilisticexpialidocious" * 4,  # longer than the Event column: folded
            "word " * 40 + "end",
            "id-" + "x" * 90,
            ["a", "b" * 50, "c"],
        ),
        event_row(
            "19 июня 2024",
            "Путин в Пхеньяне",
            "Договор о всеобъемлющем стратегическом партнёрстве.",
            "ru",
            ["ru"],
        ),
        # Characters two cells wide, combining marks (no cell of their own), emoji.
        event_row("2024年6月19日", "普京访问平壤" * 8, "朝鲜 러시아 북한 " * 12, "wide", ["漢字"]),
        event_row(
            "Café",
            "Cafe\u0301 and e\u0301",
            "Zero-width combining marks: a\u0301b\u0301c\u0301 " * 5,
            "marks",
            [],
        ),
        event_row("1991", "Emoji 🇰🇵🇷🇺 and 👍🏽 flags", "😀 " * 30, "emoji", ["😀"]),
        event_row("x", "[bold]markup[/bold] stays text", clean("ESC \x1b[2J and \u202e bidi"), "hostile", []),
        event_row("   spaced   ", "  leading and trailing spaces  ", "a  b", "spaces", ["  t  "]),
    ],
)


@pytest.fixture(scope="module")
def bundled() -> Any:
    return store.load(str(bundled_path()))


# ----------------------------------------------------------------------------- events


@pytest.mark.parametrize("source", ["mini", "hostile", "bundled"])
def test_events_look_as_rich_drew_them(source: str) -> None:
    path = {"mini": MINI, "hostile": FIXTURES / "hostile.toml", "bundled": bundled_path()}[source]
    # The fixtures at every width of WIDTHS; the 171 bundled events (8 s there) at three.
    widths = (37, 80, 133) if source == "bundled" else WIDTHS
    compare(events_view(store.load(str(path)), EventFilter()), rich_events, widths)


def test_awkward_text_looks_as_rich_drew_it() -> None:
    compare(TRICKY, rich_events, (20, 21, 33, 50, 57, 80, 99, 120))


def test_an_empty_list_looks_as_rich_drew_it() -> None:
    compare(View(kind="events", data=[]), rich_events, (20, 80))


# ----------------------------------------------------------------------------- search


QUERIES = ["sanctions", "putin pyongyang 2000", '"six-party talks"', "did russia back sanctions", "ussr"]


@pytest.mark.parametrize("query", QUERIES)
def test_search_hits_look_as_rich_drew_them(bundled: Any, query: str) -> None:
    view = search_view(bundled, engine.search(build_index(bundled), query, limit=10))
    assert view.rows
    compare(view, rich_search, (20, 50, 80, 100, 160))


def test_regex_and_hostile_search_hits_look_as_rich_drew_them(bundled: Any) -> None:
    view = search_view(bundled, engine.regex_search(build_index(bundled), r"resolution \d+"))
    compare(view, rich_search, (50, 80))
    hostile = store.load(str(FIXTURES / "hostile.toml"))
    view = search_view(hostile, engine.search(build_index(hostile), "hostile"))
    assert view.rows
    compare(view, rich_search, (50, 80, 100))


# ----------------------------------------------------------------------------- the parts


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab cd efghij–…é漢😀\u0301")), max_size=60),
    width=st.integers(min_value=1, max_value=25),
    fold=st.booleans(),
)
def test_wrapping_is_richs(text: str, width: int, fold: bool) -> None:
    theirs = Text(text).wrap(
        rich_console(False, 80), width, justify="left", overflow="fold" if fold else "ellipsis"
    )
    ours = ["".join(t for t, _ in line) for line in grid.wrap([(text, "")], width, fold)]
    assert ours == [line.plain for line in theirs]


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab cd efghij–漢")), max_size=50), width=st.integers(1, 25))
def test_captions_are_centred_as_rich_centres_them(text: str, width: int) -> None:
    theirs = Text(text).wrap(rich_console(False, 80), width, justify="center", overflow="fold")
    assert grid.centred(text, width) == [line.plain for line in theirs]


def test_styles_keep_to_their_characters_when_wrapped() -> None:
    line = [("Kim ", ""), ("Jong", "bold"), (" Un visits ", ""), ("Vladivostok", MATCH)]
    lines = grid.wrap(line, 12, fold=True)
    assert lines == [
        [("Kim ", ""), ("Jong", "bold"), (" Un ", "")],
        [("visits ", ""), (" " * 5, "")],
        [("Vladivostok", MATCH), (" ", "")],
    ]
    cut = grid.wrap([("1950–", ""), ("1953-and-so-on", "cyan")], 8, fold=False)
    assert cut == [[("1950–", ""), ("19…", "cyan")]]  # the ellipsis keeps the style it replaces


@pytest.mark.parametrize(
    "style", ["bold", "dim", "italic", "dim italic", "cyan", "green", "magenta", "bold black on yellow",
              "cyan magenta", "bold bold black on yellow", "underline", "red on white"],
)  # fmt: skip
def test_styles_are_written_as_rich_writes_them(style: str) -> None:
    assert grid.sgr(style) == Style.parse(style)._make_ansi_codes(ColorSystem.STANDARD)


def test_an_unknown_style_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="blink"):
        grid.sgr("blink")


def test_the_narrow_characters_are_one_cell_for_rich_too() -> None:
    wide = [c for c in measure.NARROW if cell_len(c) != 1]
    assert wide == []
    assert measure.cells("a–b’c…") == 6 and measure.cells("漢字") == 4 and measure.cells("e\u0301") == 1


def test_column_widths_are_shared_as_rich_shares_them() -> None:
    for total in range(3, 300):
        for ratios in ([1, 4], [1, 1], [2, 3, 5]):
            from rich._ratio import ratio_distribute

            minimums = [1, *([2] * (len(ratios) - 1))]
            assert grid.distribute(total, ratios, minimums) == ratio_distribute(total, ratios, minimums)


# ----------------------------------------------------------------------------- through the CLI


def test_the_command_line_prints_the_grid(tmp_path: Path) -> None:
    run = invoke("--data", str(MINI), "events", "--color", "always", env={"COLUMNS": "90"})
    assert run.code == 0
    view = events_view(store.load(str(MINI)), EventFilter())
    assert run.out == grid.render(view, True, 90)
    assert_same_look(run.out, rich_events(view, True, 90))
