"""`rnk events` and the output contract, through typer's CliRunner (stdout is not a terminal)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import MINI, invoke


def events(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return invoke("--data", str(MINI), "events", *args, env=env)


def ids(run) -> list[str]:  # type: ignore[no-untyped-def]
    return [row["id"] for row in run.json()]


def test_json_is_an_array_of_full_records_in_chronological_order() -> None:
    run = events("--json")
    assert run.code == 0, run
    rows = run.json()
    assert [r["id"] for r in rows] == ["war-begins", "decade", "first-summit"]
    first = rows[0]
    for key in (
        "id",
        "start",
        "end",
        "when",
        "title",
        "summary",
        "tags",
        "people",
        "places",
        "era",
        "sources",
    ):
        assert key in first
    assert first["start"] == "1950-06-25" and first["end"] == "1953-07-27"
    assert first["when"] == "1950–1953"
    assert first["sources"] == [
        {"publisher": "Example Press", "title": "An example source", "date": "2019-05",
         "url": "https://example.org/a"}
    ]  # fmt: skip
    assert run.err == ""


def test_when_label_is_derived_when_missing() -> None:
    rows = events("2000", "--json").json()
    assert rows[0]["when"] == "19–20 July 2000"


@pytest.mark.parametrize(
    ("rng", "expected"),
    [
        ("1950", ["war-begins"]),
        ("1953", ["war-begins"]),
        ("1954", []),
        ("1950s", ["war-begins"]),
        ("1975", ["decade"]),
        ("1952-1971", ["war-begins", "decade"]),
        ("1952..1971", ["war-begins", "decade"]),
        ("1971-", ["decade", "first-summit"]),
        ("1971..", ["decade", "first-summit"]),
        ("..1970", ["war-begins", "decade"]),
    ],
)
def test_range_overlaps_the_span(rng: str, expected: list[str]) -> None:
    run = events(rng, "--json")
    assert ids(run) == expected
    assert run.code == (0 if expected else 1)


def test_from_and_to_options() -> None:
    assert ids(events("--from", "1971", "--json")) == ["decade", "first-summit"]
    assert ids(events("--to", "1960", "--json")) == ["war-begins"]
    assert ids(events("1950-2000", "--from", "1960", "--to", "1990", "--json")) == ["decade"]


def test_filters_reverse_and_limit() -> None:
    assert ids(events("--tag", "war", "--json")) == ["war-begins", "decade"]
    assert ids(events("--tag", "war", "--tag", "turning-point", "--json")) == ["war-begins"]
    assert ids(events("--tag", "WAR", "--tag", "Turning-Point", "--json")) == ["war-begins"]  # any case


def test_an_unknown_tag_suggests_the_closest() -> None:
    assert events("--tag", "sumit").err == "rnk: error: unknown tag 'sumit'; did you mean summit?\n"
    assert "known tags: summit, turning-point, war" in events("--tag", "zzz").err
    assert ids(events("--person", "putin", "--json")) == ["first-summit"]
    assert ids(events("--person", "KIM", "--json")) == ["war-begins", "first-summit"]
    assert ids(events("--era", "late", "--json")) == ["decade", "first-summit"]
    assert ids(events("--reverse", "--json")) == ["first-summit", "decade", "war-begins"]
    assert ids(events("--reverse", "--limit", "1", "--json")) == ["first-summit"]
    assert ids(events("-n", "2", "--json")) == ["war-begins", "decade"]


def test_nothing_matched_prints_empty_json_and_exits_1() -> None:
    run = events("1960", "--json")
    assert run.code == 1
    assert run.json() == []
    assert run.err == "rnk: no events match\n"  # a note, not an error: no "error:"


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["2030"], "the data ends at its as-of date, 1 January 2020"),
        (["2021-"], "the data ends at its as-of date, 1 January 2020"),
        (["1800-1900"], "the chronology starts in 1945"),
        (["..1944"], "the chronology starts in 1945"),
    ],
)
def test_a_range_outside_the_data_says_where_the_data_ends(args: list[str], why: str) -> None:
    run = events(*args)
    assert (run.code, run.out, run.err) == (1, "", f"rnk: no events match; {why}\n")
    timeline = invoke("--data", str(MINI), "timeline", *args)
    assert (timeline.code, timeline.err) == (1, f"rnk: no events in this range; {why}\n")
    assert events("1800-1900", "--format", "jsonl").out == ""


@pytest.mark.parametrize("bad", ["1953-1950", "abc", "19999999999", ""])
def test_bad_range_is_a_one_line_usage_error(bad: str) -> None:
    run = events(bad)
    assert run.code == 2
    assert run.out == ""
    assert run.err.count("\n") == 1
    assert "accepted forms" in run.err and "1950s" in run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--tag", "nope"], "unknown tag 'nope'"),
        (["--era", "nope"], "unknown era 'nope'"),
        (["--limit", "-1"], "-1 is not in the range x>=1"),
        (["--limit", "0"], "0 is not in the range x>=1"),  # 0 could only ever print nothing
        (["--limit", "x"], "--limit"),
        (["--format", "xml"], "'xml' is not one of 'table', 'plain', 'json', 'jsonl', 'csv', 'markdown'"),
        (["--color", "sometimes"], "Invalid value for '--color'"),
        (["--json", "--format", "csv"], "conflicts"),
        (["--bogus"], "No such option"),
        (["--from", "19x"], "--from"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: list[str], needle: str) -> None:
    run = events(*args)
    assert run.code == 2, run
    assert needle in run.err
    assert run.err.startswith("rnk: error: ")
    assert run.err.count("\n") == 1


def test_default_in_a_pipe_is_plain_text_without_boxes_or_colour() -> None:
    run = events()
    assert run.code == 0
    assert "\x1b" not in run.out
    assert not set("─│┃━┏┓└┘") & set(run.out)
    assert run.out.startswith(
        "1950–1953  A war\n  A war happens.\n  id: war-begins | tags: war, turning-point"
    )


def test_table_format_and_colour_modes() -> None:
    plain_table = events("--format", "table", "--color", "never")
    assert "─" in plain_table.out and "\x1b[" not in plain_table.out
    coloured = events("--color", "always")
    assert "\x1b[" in coloured.out and "─" in coloured.out
    forced = events(env={"FORCE_COLOR": "1"})
    assert "\x1b[" in forced.out
    no_color = events("--format", "table", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert "\x1b[" not in no_color.out
    flag_wins = events("--color", "always", env={"NO_COLOR": "1"})
    assert "\x1b[" in flag_wins.out


def test_markup_and_escapes_in_data_are_shown_literally() -> None:
    for args in (["--color", "always"], ["--format", "plain"]):
        out = events("2000", *args).out
        assert "[bold]in brackets[/bold]" in out
        assert "\x1b[2J" not in out
        assert "\\x1b[2J" in out
    # Markdown escapes the brackets and the backslash, so that a renderer shows them as written.
    markdown = events("2000", "--format", "markdown").out
    assert "\\[bold\\]in brackets\\[/bold\\]" in markdown
    assert "\x1b[2J" not in markdown and "\\\\x1b\\[2J" in markdown
    raw = events("2000", "--json").json()[0]
    assert raw["title"] == "A summit [bold]in brackets[/bold]"
    assert raw["summary"] == "Leaders meet.\x1b[2J Escape attempt."


def test_jsonl_csv_markdown() -> None:
    lines = events("--format", "jsonl").out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["war-begins", "decade", "first-summit"]
    rows = list(csv.DictReader(io.StringIO(events("--format", "csv").out)))
    assert rows[0]["id"] == "war-begins" and rows[0]["tags"] == "war; turning-point"
    assert rows[0]["sources"] == "https://example.org/a"
    md = events("--format", "markdown").out.splitlines()
    assert md[0].startswith("| ID | Start |") and md[1].startswith("|---|")
    assert len(md) == 2 + 3


def test_json_is_utf8_whatever_the_locale() -> None:
    run = events("1950", "--json", env={"PYTHONIOENCODING": "ascii"})
    assert "1950–1953" in run.out


def test_version_and_help() -> None:
    version = invoke("--data", str(MINI), "--version")
    assert version.code == 0
    assert version.out.startswith("rnk ") and "as of 2020-01-01" in version.out
    top = invoke("--help")
    assert top.code == 0 and "Exit codes" in top.out and "events" in top.out
    assert invoke().code == 0
    helped = invoke("events", "--help")
    assert "1950s" in helped.out and "Examples" in helped.out


def test_the_command_list_gives_each_command_one_sentence() -> None:
    """A line break inside a command's first help paragraph would break its row in `rnk --help`."""
    listing = invoke("--help", env={"COLUMNS": "200"}).out
    rows = [line for line in listing.splitlines() if line.startswith("│ ")]
    commands = [row.split()[1] for row in rows if not row[2].isspace()]
    assert "ask" in commands and "timeline" in commands
    assert all(not row[2].isspace() for row in rows), listing


def test_data_errors_exit_3(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.toml"
    bad.write_text(MINI.read_text().replace('era = "late"', 'era = "later"', 1))
    run = invoke("--data", str(bad), "events")
    assert run.code == 3
    assert "unknown era 'later'" in run.err and str(bad) in run.err
    assert run.err.count("\n") == 1
