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

from rnk.core.model import Chronology
from rnk.core.ranges import YearRange
from rnk.core.store import load
from rnk.render import timeline as tl
from rnk.render import timeline_rich
from rnk.render.sanitize import one_line
from rnk.render.view import View
from rnk.render.views import timeline_view

from conftest import FIXTURES, ROOT, invoke

SUMMARY = FIXTURES / "summary.toml"
WIDTHS = range(40, 201)
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


def label_text(rows: list[list[tuple[str, str]]]) -> str:
    """What an event's rows say once the marks and guides are taken out."""
    joined = " ".join("".join(t for t, _ in row) for row in rows)
    return squash("".join(" " if c in MARKS else c for c in joined))


def expected_label(event: dict[str, Any]) -> str:
    return squash(one_line(f"{event['when']} {event['title']}"))  # control characters made visible


# ---------------------------------------------------------------- every width


@pytest.mark.parametrize("source", ["fixture", "bundled"])
def test_every_width_from_40_to_200_fits_and_says_everything(
    source: str, fixture_chron: Chronology, bundled: Chronology
) -> None:
    chron = fixture_chron if source == "fixture" else bundled
    view = timeline_view(chron, YearRange())
    eras = {e["id"]: e for e in view.extra["eras"]}
    for width in WIDTHS:
        lines = picture(view, width)
        assert all(tl.cells(line) <= width for line in lines), width
        assert not any(CONTROL.search(line) for line in lines), width
        # Both rulers run the full width; the band starts with an era.
        rulers = [line for line in lines if line and set(line) <= set("─┴┬")]
        assert len(rulers) == 2 and all(len(r) == width for r in rulers), width
        assert sum(line.count("│") for line in lines) >= len(eras), width
        scale = tl.Scale(int(view.extra["start"][:4]), int(view.extra["end"][:4]), width)
        for event in view.rows:
            said = label_text(tl.event_rows(scale, event, eras[event["era"]]))
            wanted = expected_label(event).replace("◆ ", "")
            said = said.replace("◆ ", "").replace("◆", "")
            if said.endswith("…"):
                # Only a label longer than its three rows may be cut, and never to nothing.
                assert tl.cells(wanted) > width * 2, (width, event["id"], said)
                assert wanted.startswith(said[:-1].rstrip()) and len(said) > width, (width, said)
            else:
                assert said == wanted, (width, event["id"], said)


def test_bundled_labels_are_never_cut_from_60_columns(bundled: Chronology) -> None:
    view = timeline_view(bundled, YearRange())
    for width in (60, 80, 100, 200):
        lines = picture(view, width)
        first = next(i for i, line in enumerate(lines) if line.startswith("━━ "))
        events = [line for line in lines[first:-4] if not line.startswith("━━ ")]
        assert len(events) >= len(view.rows) and "…" not in "\n".join(events), width


def test_back_to_back_eras_share_no_cell_and_leave_no_gap(bundled: Chronology) -> None:
    eras = bundled.eras
    assert all(int(a.end) + 1 == int(b.start) for a, b in itertools.pairwise(eras))  # the data's promise
    for width in WIDTHS:
        scale = tl.Scale(int(eras[0].start), int(eras[-1].end), width)
        cols = [scale.span_cols(e.start, e.end) for e in eras]
        assert cols[0][0] == 0 and cols[-1][1] == width - 1, width
        assert all(left[1] + 1 == right[0] for left, right in itertools.pairwise(cols)), (width, cols)


def test_narrower_than_40_does_not_crash_or_overflow(fixture_chron: Chronology, bundled: Chronology) -> None:
    for chron in (fixture_chron, bundled):
        view = timeline_view(chron, YearRange())
        for width in range(1, 40):
            assert all(tl.cells(line) <= width for line in picture(view, width)), width


@pytest.mark.parametrize("width", WIDTHS)
def test_rich_draws_exactly_the_plain_picture_in_colour(width: int, bundled: Chronology) -> None:
    from rich.console import Console

    view = timeline_view(bundled, YearRange())
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=True, color_system="truecolor")
    timeline_rich.show(view, console)
    coloured = buffer.getvalue()
    assert "\x1b[" in coloured
    drawn = ANSI.sub("", coloured).rstrip("\n").split("\n")
    assert [line.rstrip() for line in drawn] == [line.rstrip() for line in picture(view, width)]


@pytest.mark.parametrize("columns", ["40", "60", "100", "200"])
def test_the_command_fits_the_terminal_width(columns: str) -> None:
    run = invoke("timeline", "--format", "table", "--color", "always", env={"COLUMNS": columns})
    assert run.code == 0, run
    lines = ANSI.sub("", run.out).splitlines()
    assert len(lines) > 60  # every bundled event has a row
    assert max(tl.cells(line) for line in lines) <= int(columns)
    assert any(tl.cells(line) == int(columns) for line in lines)  # and uses it


def test_plain_output_in_a_pipe_uses_columns_or_80() -> None:
    assert max(len(line) for line in rnk("timeline").out.splitlines()) == 80
    narrow = rnk("timeline", env={"COLUMNS": "52"}).out.splitlines()
    assert max(len(line) for line in narrow) == 52
    assert max(len(line) for line in rnk("timeline", "--width", "45").out.splitlines()) == 45


# ---------------------------------------------------------------- geometry (one column per year)


@pytest.fixture(scope="module")
def at77() -> list[str]:
    # 1945..2021 is 77 years: at 77 columns each year is one cell, so places can be checked by hand.
    run = rnk("timeline", "--width", "77")
    assert run.code == 0, run
    return run.out.splitlines()


def row_with(lines: list[str], text: str) -> str:
    found = [line for line in lines if text in line]
    assert len(found) == 1, (text, found)
    return found[0]


def test_header_axis_and_band(at77: list[str]) -> None:
    assert at77[0] == "Test chronology for summaries"
    assert at77[1] == "1945 – March 2021 · 9 events · as of 30 June 2021"
    labels, ruler, band = at77[3], at77[4], at77[5]
    assert [m.start() for m in re.finditer(r"\d{4}", labels)] == [5, 15, 25, 35, 45, 55, 65]
    assert labels.split() == ["1950", "1960", "1970", "1980", "1990", "2000", "2010"]
    assert [i for i, c in enumerate(ruler) if c == "┴"] == [5, 15, 25, 35, 45, 55, 65, 75]
    # Eras: founding 0-8, patronage 9-44, short 45-47, a gap 48-54, revival 55-75.
    assert [i for i, c in enumerate(band) if c == "│"] == [0, 9, 45, 55]
    assert band[1:9] == "Founding"
    assert band[10:45] == "Patronage and a very long era name…"
    assert band[46:48] == "S…" and band[48:55].strip() == ""
    assert band[56:63] == "Revival"


def test_points_and_spans_sit_on_their_years(at77: list[str]) -> None:
    division = row_with(at77, "The country is divided")
    assert division.startswith("━━━━ 1945–1948  ◆ The country is divided")  # 1945-1948: cells 0-3
    armistice = row_with(at77, "Armistice")
    assert armistice.index("●") == 8 and armistice[10:] == "27 July 1953  Armistice"
    aid = at77[at77.index(row_with(at77, "Mid-1950s through 1960s")) - 1]
    assert aid.index("━") == 10 and aid.count("━") == 15  # 1955-1969
    collapse = row_with(at77, "The patron collapses")
    assert collapse.index("◆") == 46  # a turning point drawn as a point is a diamond
    assert collapse.rstrip(" ·").endswith("26 December 1991  The patron collapses ◆")
    long_span = row_with(at77, "A span that runs past its era")
    assert long_span.index("━") == 70 and long_span.count("━") == 6  # 2015 to March 2021


def test_events_are_grouped_under_era_headings(at77: list[str]) -> None:
    headings = [line for line in at77 if line.startswith("━━ ")]
    assert [h[:14] for h in headings] == [
        "━━ Founding  1",
        "━━ Patronage a",
        "━━ Short era  ",
        "━━ Revival  20",
    ]
    # A name too long for the line is cut; the years and the count never are.
    assert headings[1].startswith(
        "━━ Patronage and a very long era name that will not…  1954–1989 · 2 events ─"
    )
    assert all(len(h) == 77 for h in headings)
    assert headings[0].startswith("━━ Founding  1945–1953 · 3 events ─") and len(headings[0]) == 77
    order = [at77.index(row_with(at77, t)) for t in ("The country is divided", "Armistice", "The patron")]
    assert order == sorted(order)
    assert at77[-1] == "● event   ━━ span   ◆ turning point   ◂ ▸ runs on"


def test_a_range_clips_spans_with_arrows() -> None:
    run = rnk("timeline", "1960-1965", "--width", "60")
    assert run.code == 0, run
    lines = run.out.splitlines()
    assert lines[1].startswith("1960–1965 · 2 events")
    aid = next(line for line in lines if "━" in line and not line.startswith("━━ "))
    assert aid.startswith("◂━") and aid.endswith("━▸") and len(aid) == 60
    assert "Mid-1950s through 1960s  Aid keeps coming" in run.out
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
    from rnk.render.timeline_rich import CHAR_WIDTH, LINE_HEIGHT, MARGIN

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
    assert max(len(line) for line in drawn) == 64


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--svg", "{tmp}/missing/t.svg"), "cannot write --svg file '{tmp}/missing/t.svg': folder"),
        (("--html", "{tmp}"), "cannot write --html file '{tmp}': it is a folder"),
        (("--svg", "{tmp}/file.txt/t.svg"), "'{tmp}/file.txt' is not a folder"),
        (("--svg", ""), "--svg needs a file name"),
        (("--svg", "{tmp}/same", "--html", "{tmp}/same"), "--svg and --html name the same file"),
        (("--width", "39"), "--width must be between 40 and 1000"),
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


@pytest.mark.parametrize(("option", "start"), [("--svg", "<svg "), ("--html", "<!DOCTYPE html>")])
def test_a_dash_writes_the_file_on_stdout(option: str, start: str) -> None:
    run = rnk("timeline", option, "-")
    assert run.code == 0 and run.err == "" and run.out.startswith(start)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_svg_is_sized_fetches_nothing_and_shares_the_htmls_theme(theme: str) -> None:
    from rnk.render.timeline_rich import CHAR_WIDTH, LINE_HEIGHT, MARGIN, THEMES, css

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
    assert run.err == "rnk: error: invalid --theme 'blue' (choose from light, dark)\n"


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
