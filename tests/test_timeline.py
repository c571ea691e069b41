"""`rnk timeline`: the picture's geometry, every width from 40 to 200 columns, and the SVG/HTML export."""

from __future__ import annotations

import html as html_lib
import io
import itertools
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from rnk.core.model import Chronology
from rnk.core.ranges import YearRange
from rnk.core.store import load
from rnk.render import timeline as tl
from rnk.render.sanitize import one_line
from rnk.render.view import View
from rnk.render.views import timeline_view

from conftest import FIXTURES, ROOT, invoke

SUMMARY = FIXTURES / "summary.toml"
WIDTHS = range(40, 201)
# Colour is drawn over the same lines as plain text: a sample of widths (the usual ones, the
# edges, and every 9th) shows it draws them exactly; the plain picture is checked at every width.
SOME_WIDTHS = sorted({40, 41, 60, 79, 80, 100, 120, 199, 200, *range(40, 201, 9)})
MARKS = "·●◆━◂▸"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def fixture_chron() -> Chronology:
    return load(str(SUMMARY))


@pytest.fixture(scope="module")
def bundled() -> Chronology:
    return load(None)


def picture(view: View, width: int) -> list[str]:
    return ["".join(text for text, _ in line) for line in tl.layout(view, width)]


def rnk(*args: str, env: dict[str, str] | None = None) -> Any:
    return invoke("--data", str(SUMMARY), *args, env=env)


def squash(text: str) -> str:
    return " ".join(text.split())


def label_text(rows: list[list[tuple[str, str]]], col: int) -> str:
    """What an event's rows say in the label column (from `col`)."""
    return squash(" ".join("".join(t for t, _ in row)[col:] for row in rows))


def expected_label(event: dict[str, Any]) -> str:
    return squash(one_line(f"{event['when']} {event['title']}"))  # control characters made visible


def drawn_labels(view: View, width: int) -> list[tuple[str, list[str]]]:
    """Each event's label as drawn, and its rows, in the order of the picture."""
    scale, col = tl.frame(view, width)
    eras = {e["id"]: e for e in view.extra["eras"]}
    out = []
    for era in view.extra["eras"]:
        for event in (e for e in view.rows if e["era"] == era["id"]):
            rows = tl.event_rows(scale, event, eras[event["era"]], width, col)
            out.append((label_text(rows, col), ["".join(t for t, _ in row) for row in rows]))
    return out


# ---------------------------------------------------------------- every width


# The bundled data's 161 widths take 9 s: in four parts, which xdist can run side by side.
@pytest.mark.parametrize(
    ("source", "widths"),
    [("fixture", WIDTHS), *(("bundled", WIDTHS[n::4]) for n in range(4))],
    ids=["fixture", *(f"bundled-{n + 1}-of-4" for n in range(4))],
)
def test_every_width_from_40_to_200_fits_and_says_everything(
    source: str, widths: range, fixture_chron: Chronology, bundled: Chronology
) -> None:
    chron = fixture_chron if source == "fixture" else bundled
    view = timeline_view(chron, YearRange())
    eras = {e["id"]: e for e in view.extra["eras"]}
    for width in widths:
        lines = picture(view, width)
        assert all(cell_len(line) <= width for line in lines), width
        assert not any(CONTROL.search(line) for line in lines), width
        scale, col = tl.frame(view, width)
        # Both rulers run across the time strip; the labels start beside it, never at column 0.
        rulers = [line for line in lines if line and set(line) <= set("─┴┬┊")]
        assert len(rulers) == 2 and all(len(r) == scale.width for r in rulers), width
        assert col == scale.width + 2, width  # the labels start two cells after the strip
        assert sum(line.count("│") for line in lines) >= len(eras), width
        for event in view.rows:
            rows = tl.event_rows(scale, event, eras[event["era"]], width, col)
            assert all(not row[col - 2 : col].strip(" ") for row in ("".join(t for t, _ in r) for r in rows))
            said = label_text(rows, col).replace("◆ ", "").replace("◆", "")
            wanted = expected_label(event).replace("◆ ", "")
            if said.endswith("…"):
                # Only a label longer than its rows may be cut, and never to nothing.
                assert cell_len(wanted) > (width - col - 2) * tl.LABEL_LINES - 10, (width, event["id"], said)
                assert wanted.startswith(said[:-1].rstrip()), (width, said)
            else:
                assert said == wanted, (width, event["id"], said)


@pytest.mark.parametrize("width", [60, 100, 200])
def test_every_bundled_event_is_legible_and_in_order(width: int, bundled: Chronology) -> None:
    view = timeline_view(bundled, YearRange())
    labels = drawn_labels(view, width)
    unmarked = [said.replace("◆ ", "") for said, _ in labels]
    assert unmarked == [expected_label(e).replace("◆ ", "") for e in view.rows]  # whole, in order
    _, col = tl.frame(view, width)
    for _, rows in labels:
        for row in rows:  # a label's rows all start in the label column: none wraps to column 0
            assert row[:col].strip(" ·┊━●◆◂▸") == "" and row[col : col + 3].strip(), row
    assert "…" not in "\n".join(picture(view, width))


@pytest.mark.parametrize("width", [60, 100, 200])
def test_the_busy_years_get_room_with_the_break_shown(width: int, bundled: Chronology) -> None:
    view = timeline_view(bundled, YearRange())
    scale, _ = tl.frame(view, width)
    assert [(s.first, s.last) for s in scale.segments] == [(1945, 2021), (2022, 2026)]
    quiet, busy = scale.segments
    assert busy.per_year > 5 * quiet.per_year  # 2022-2026 hold a third of the events
    assert scale.breaks == [busy.col - 1]
    lines = picture(view, width)
    ruler = next(line for line in lines if line and set(line) <= set("─┴┊"))
    assert ruler[busy.col - 1] == "┊"
    # Evenly spaced ticks within each stretch: a whole number of cells apart.
    for seg in scale.segments:
        cols = [c for year, c in scale.ticks() if seg.first <= year <= seg.last]
        assert len({b - a for a, b in itertools.pairwise(cols)}) <= 1, (width, seg, cols)


@pytest.mark.parametrize("width", [60, 100, 200])
def test_era_bands_are_named_whole_or_not_at_all(width: int, bundled: Chronology) -> None:
    view = timeline_view(bundled, YearRange())
    band = picture(view, width)[next(i for i, line in enumerate(picture(view, width)) if "│" in line)]
    names = [part.strip() for part in band.split("│") if part.strip()]
    assert all(name in {e["name"] for e in view.extra["eras"]} for name in names), (width, names)
    assert "…" not in band


def test_back_to_back_eras_share_no_cell_and_leave_no_gap(bundled: Chronology) -> None:
    eras = bundled.eras
    assert all(int(a.end) + 1 == int(b.start) for a, b in itertools.pairwise(eras))  # the data's promise
    starts = [e.first_year for e in bundled.events]
    for width in WIDTHS:
        scale = tl.Scale(int(eras[0].start), int(eras[-1].end), width, starts)
        cols = [scale.span_cols(e.start, e.end) for e in eras]
        assert cols[0][0] == 0 and cols[-1][1] == scale.width - 1, width
        assert all(left[1] + 1 == right[0] for left, right in itertools.pairwise(cols)), (width, cols)


def test_narrower_than_40_does_not_crash_or_overflow(fixture_chron: Chronology, bundled: Chronology) -> None:
    for chron in (fixture_chron, bundled):
        view = timeline_view(chron, YearRange())
        for width in range(1, 40):
            assert all(cell_len(line) <= width for line in picture(view, width)), width


def test_wide_and_combining_characters_are_measured_as_rich_measures_them(
    fixture_chron: Chronology, tmp_path: Path
) -> None:
    """Titles in Hangul, kanji and with combining accents: every row is as rich (and so the
    terminal) measures it: no wider than the picture."""
    text = SUMMARY.read_text(encoding="utf-8").replace(
        'title = "The country is divided"',
        'title = "한국 전쟁 漢字 Café\u0301 the country is divided in two"',
    )
    data = tmp_path / "wide.toml"
    data.write_text(text, encoding="utf-8")
    view = timeline_view(load(str(data)), YearRange())
    for width in (40, 47, 60, 81, 100):
        lines = picture(view, width)
        assert all(cell_len(line) <= width for line in lines), width
        assert any("한국" in line for line in lines), width
    assert any("한국 전쟁 漢字 Café" in line for line in picture(view, 100))


@pytest.mark.parametrize("width", SOME_WIDTHS)
def test_rich_draws_exactly_the_plain_picture_in_colour(width: int, bundled: Chronology) -> None:
    from rich.console import Console

    view = timeline_view(bundled, YearRange())
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=True, color_system="truecolor")
    tl.show(view, console)
    coloured = buffer.getvalue()
    assert "\x1b[" in coloured
    drawn = ANSI.sub("", coloured).rstrip("\n").split("\n")
    assert [line.rstrip() for line in drawn] == [line.rstrip() for line in picture(view, width)]


@pytest.mark.parametrize("columns", ["40", "60", "100", "200"])
def test_the_command_fits_the_terminal_width(columns: str) -> None:
    run = invoke("timeline", "--format", "table", "--color", "always", env={"COLUMNS": columns})
    assert run.code == 0, run
    lines = ANSI.sub("", run.out).splitlines()
    assert len(lines) > 171  # every bundled event has a row
    assert max(cell_len(line) for line in lines) <= int(columns)
    assert any(cell_len(line) >= int(columns) * 0.9 for line in lines)  # and uses it


def test_plain_output_in_a_pipe_uses_columns_or_80() -> None:
    # The labels wrap at spaces, so the widest line may fall a little short of the width.
    assert 75 <= max(len(line) for line in rnk("timeline").out.splitlines()) <= 80
    narrow = rnk("timeline", env={"COLUMNS": "52"}).out.splitlines()
    assert 48 <= max(len(line) for line in narrow) <= 52
    assert 41 <= max(len(line) for line in rnk("timeline", "--width", "45").out.splitlines()) <= 45


# ---------------------------------------------------------------- geometry


@pytest.fixture(scope="module")
def at77() -> list[str]:
    run = rnk("timeline", "--width", "77")
    assert run.code == 0, run
    return run.out.splitlines()


def row_with(lines: list[str], text: str) -> str:
    found = [line for line in lines if text in line]
    assert len(found) == 1, (text, found)
    return found[0]


def test_header_axis_and_band(at77: list[str]) -> None:
    # No busy stretch in the fixture: one pace, 0.3 cells a year (a tick every 20 years, 6 cells).
    assert at77[0] == "Test chronology for summaries"
    assert at77[1] == "1945 – March 2021 · 9 events · as of 30 June 2021"
    labels, ruler, band = at77[3], at77[4], at77[5]
    assert [m.start() for m in re.finditer(r"\d{4}", labels)] == [4, 10, 16]
    assert labels.split() == ["1960", "1980", "2000"]
    assert ruler == "────┴─────┴─────┴─────┴"  # 2020 too: its label has no room
    assert [i for i, c in enumerate(band) if c == "│"] == [0, 3, 13, 17]
    assert "Patronage" not in band  # too long for its band: named in its heading instead


def test_points_and_spans_sit_on_their_years(at77: list[str]) -> None:
    division = row_with(at77, "The country is divided")
    assert division.startswith("━   ·     ·     ·     ·  1945–1948  ◆ The country is divided")
    armistice = row_with(at77, "Armistice")
    assert armistice.index("●") == 2 and armistice.endswith("·  27 July 1953  Armistice")
    collapse = row_with(at77, "The patron collapses")
    assert collapse.index("◆") == 14  # a turning point drawn as a point is a diamond
    long_span = row_with(at77, "A span that runs past its era")
    assert long_span.index("━") == 21 and long_span.count("━") == 2  # 2015 to March 2021


def test_events_are_grouped_under_era_headings(at77: list[str]) -> None:
    headings = [line for line in at77 if re.search(r"^ *━+ +[A-Z]", line)]
    assert [h[25:].split("  ")[0] for h in headings] == [
        "Founding",
        "Patronage and a very long era name that will not fit",
        "Short era",
        "Revival",
    ]
    # A name too long for the column wraps beside the era's stretch: nothing is cut.
    patronage = at77.index(headings[1])
    assert at77[patronage + 1].strip(" ·") == "1954–1989 · 2 events"
    assert headings[0] == "━━━                      Founding  1945–1953 · 3 events"
    order = [at77.index(row_with(at77, t)) for t in ("The country is divided", "Armistice", "The patron")]
    assert order == sorted(order)
    assert at77[-1] == "● event   ━━ span   ◆ turning point   ◂ ▸ runs on"


def test_a_range_clips_spans_with_arrows() -> None:
    run = rnk("timeline", "1960-1965", "--width", "60")
    assert run.code == 0, run
    lines = run.out.splitlines()
    assert lines[1].startswith("1960–1965 · 2 events")
    aid = next(line for line in lines if "◂" in line)
    assert aid.startswith("◂━") and "━▸" in aid
    assert "◂━━━━━━━━━━━━━━━━━━━▸  Mid-1950s through 1960s  Aid keeps\n" in run.out
    assert "The country is divided" not in run.out


def test_json_csv_and_markdown_give_the_events_drawn() -> None:
    rows = rnk("timeline", "1950s", "--json").json()
    assert [(r["id"], r["turning_point"]) for r in rows] == [
        ("war", True),
        ("armistice", False),
        ("aid-years", False),
    ]
    assert set(rows[0]) == {"id", "when", "start", "end", "title", "era", "turning_point"}
    assert rnk("timeline", "1950s", "--format", "csv").out.splitlines()[1].startswith("war,1950-06-25,")
    assert "| armistice | 1953-07-27 |" in rnk("timeline", "1950s", "--format", "markdown").out


def test_empty_range_exits_1() -> None:
    run = rnk("timeline", "1993-1999")
    assert (run.code, run.out, run.err) == (1, "", "rnk: no events in this range\n")


NO_EVENTS = """[meta]
title = "No events yet"
as_of = "2020"

[[eras]]
id = "only"
name = "Only era"
start = "1990"
end = "2000"
summary = "The only era."
"""


def test_data_without_events_says_so_rather_than_blaming_a_range(tmp_path: Path) -> None:
    data = tmp_path / "data.toml"
    data.write_text(NO_EVENTS, encoding="utf-8")
    run = invoke("--data", str(data), "timeline")
    assert (run.code, run.out, run.err) == (1, "", "rnk: the data has no events\n")
    ranged = invoke("--data", str(data), "timeline", "1995")
    assert (ranged.code, ranged.err) == (1, "rnk: no events in this range\n")


# ---------------------------------------------------------------- export


def svg_lines(svg: str) -> list[str]:
    """Rebuild the text rows of the SVG from each <text>'s place: its row (y) and cell (x)."""
    from rnk.render.timeline_export import CHAR_WIDTH, LINE_HEIGHT, MARGIN

    root = ET.fromstring(svg)
    rows: dict[int, dict[int, str]] = {}
    for node in root.iter("{http://www.w3.org/2000/svg}text"):
        line = round((float(node.get("y", 0)) - MARGIN) / LINE_HEIGHT - 0.75)
        col = round((float(node.get("x", 0)) - MARGIN) / CHAR_WIDTH)
        rows.setdefault(line, {})[col] = node.text or ""
    out = []
    for line in range(max(rows) + 1):
        chars: list[str] = []
        for col, text in sorted(rows.get(line, {}).items()):
            chars += [" "] * (col - len(chars)) + list(text)
        out.append("".join(chars).rstrip())
    return out


def html_lines(page: str) -> list[str]:
    pre = re.search(r"<pre[^>]*>(.*)</pre>", page, re.S)
    assert pre is not None
    body = html_lib.unescape(re.sub(r"<[^>]+>", "", pre.group(1)))
    return [line.rstrip() for line in body.rstrip("\n").split("\n")]


def test_svg_and_html_hold_the_same_picture(tmp_path: Path) -> None:
    svg, page = tmp_path / "t.svg", tmp_path / "t.html"
    run = rnk("timeline", "--width", "90", "--svg", str(svg), "--html", str(page), env={"NO_COLOR": "1"})
    assert (run.code, run.out, run.err) == (0, "", f"rnk: wrote {svg}\nrnk: wrote {page}\n")
    printed = [line.rstrip() for line in rnk("timeline", "--width", "90").out.splitlines()]
    assert svg_lines(svg.read_text(encoding="utf-8")) == printed
    assert html_lines(page.read_text(encoding="utf-8")) == printed
    # In colour even under NO_COLOR: the files are for slides and reports.
    assert ".era0-band{color:#ffffff;fill:#ffffff;font-weight:bold;background:#00af87}" in page.read_text()
    assert "rect.era0-band{fill:#00af87}" in svg.read_text(encoding="utf-8")
    # Hostile data stays visible text: an escape in a title would make the SVG invalid XML.
    assert "\\x1b[31m[red]in brackets[/red]" in "\n".join(printed)


def test_export_with_a_range_and_without_a_width(tmp_path: Path) -> None:
    svg = tmp_path / "range.svg"
    run = rnk("timeline", "1990s", "--svg", str(svg), env={"COLUMNS": "64"})
    assert run.code == 0, run
    drawn = svg_lines(svg.read_text(encoding="utf-8"))
    printed = rnk("timeline", "1990s", env={"COLUMNS": "64"}).out.splitlines()
    assert drawn == [line.rstrip() for line in printed]
    assert 60 <= max(len(line) for line in drawn) <= 64


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--svg", "{tmp}/missing/t.svg"), "cannot write --svg file '{tmp}/missing/t.svg': folder"),
        (("--html", "{tmp}"), "cannot write --html file '{tmp}': it is a folder"),
        (("--svg", "{tmp}/file.txt/t.svg"), "'{tmp}/file.txt' is not a folder"),
        (("--svg", ""), "--svg needs a file name"),
        (("--svg", "{tmp}/same", "--html", "{tmp}/same"), "--svg and --html name the same file"),
        (("--width", "39"), "39 is not in the range 40<=x<=1000"),
        (("--width", "wide"), "'wide' is not a valid int"),
    ],
)
def test_bad_output_paths_are_one_line_usage_errors(
    args: tuple[str, ...], needle: str, tmp_path: Path
) -> None:
    (tmp_path / "file.txt").write_text("x")
    run = rnk("timeline", *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert run.code == 2, run
    assert needle.replace("{tmp}", str(tmp_path)) in run.err
    assert run.err.startswith("rnk: error: ") and run.err.count("\n") == 1
    assert run.out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]  # nothing written


def test_a_failed_write_is_a_usage_error_and_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied")

    (tmp_path / "t.svg").write_text("old")
    monkeypatch.setattr(os, "replace", refuse)
    run = rnk("timeline", "--svg", str(tmp_path / "t.svg"))
    assert run.code == 2
    assert run.err == f"rnk: error: cannot write --svg file '{tmp_path / 't.svg'}': Permission denied\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.svg"] and (tmp_path / "t.svg").read_text() == "old"


def test_an_export_replaces_the_file_atomically_and_writes_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "t.html"
    target.write_text("old")
    replaced: list[tuple[str, str]] = []
    real = os.replace

    def spy(source: str, destination: str) -> None:
        replaced.append((os.path.dirname(source), str(destination)))
        real(source, destination)

    monkeypatch.setattr(os, "replace", spy)
    run = rnk("timeline", "--html", str(target))
    assert (run.code, run.out, run.err) == (0, "", f"rnk: wrote {target}\n")
    # a temporary file in the same folder (the data cache replaces its own files too)
    assert [r for r in replaced if r[1] == str(target)] == [(str(tmp_path), str(target))]
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["t.html"]
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # an ordinary file, not mkstemp's


def test_a_link_a_pipe_and_permissions_survive_an_export(tmp_path: Path) -> None:
    import stat
    import threading

    real = tmp_path / "real.svg"
    real.write_text("old")
    real.chmod(0o640)
    (tmp_path / "link.svg").symlink_to(real)
    assert rnk("timeline", "--svg", str(tmp_path / "link.svg")).code == 0
    assert (tmp_path / "link.svg").is_symlink() and real.read_text().startswith("<svg ")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    assert rnk("timeline", "--html", str(fifo)).code == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(fifo.stat().st_mode) and got[0].startswith("<!DOCTYPE html>")  # not replaced


@pytest.mark.parametrize(("option", "start"), [("--svg", "<svg "), ("--html", "<!DOCTYPE html>")])
def test_a_dash_writes_the_file_on_stdout(option: str, start: str) -> None:
    run = rnk("timeline", option, "-")
    assert run.code == 0 and run.err == "" and run.out.startswith(start)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_svg_is_sized_fetches_nothing_and_shares_the_htmls_theme(theme: str) -> None:
    from rnk.render.timeline_export import CHAR_WIDTH, LINE_HEIGHT, MARGIN, THEMES, css

    svg = rnk("timeline", "--width", "100", "--svg", "-", "--theme", theme).out
    page = rnk("timeline", "--width", "100", "--html", "-", "--theme", theme).out
    root = ET.fromstring(svg)
    rows = len(rnk("timeline", "--width", "100").out.splitlines())
    # Its size in pixels, 15 px type: a browser opens it readable, not shrunk to its window.
    assert (root.get("width"), root.get("height")) == (
        f"{100 * CHAR_WIDTH + 2 * MARGIN}",
        f"{rows * LINE_HEIGHT + 2 * MARGIN}",
    )
    for text in (svg, page):
        assert "http" not in text.replace("http://www.w3.org/2000/svg", "")  # no fonts or scripts fetched
        assert css(theme) in text and THEMES[theme]["bg"] in text


def test_an_unknown_theme_is_a_usage_error() -> None:
    run = rnk("timeline", "--theme", "blue", "--svg", "-")
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith(
        "rnk: error: Invalid value for '--theme': 'blue' is not one of 'light', 'dark'."
    )


def test_no_file_for_an_empty_range(tmp_path: Path) -> None:
    run = rnk("timeline", "1993-1999", "--svg", str(tmp_path / "t.svg"))
    assert run.code == 1 and not (tmp_path / "t.svg").exists()


# ---------------------------------------------------------------- the README picture


def test_the_script_draws_the_bundled_timeline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_timeline_svg", ROOT / "scripts" / "make_timeline_svg.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = tmp_path / "t.svg"
    assert script.main([str(out), "--width", "100"]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    fresh = svg_lines(out.read_text(encoding="utf-8"))
    shipped = ROOT / "docs" / "timeline.svg"
    assert svg_lines(shipped.read_text(encoding="utf-8")) == fresh, (
        "docs/timeline.svg is out of date: run .venv/bin/python scripts/make_timeline_svg.py"
    )
    assert "timeline.svg" in (ROOT / "docs" / "summary.md").read_text(encoding="utf-8")
