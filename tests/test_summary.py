"""`rnk summary`, `rnk eras`, `rnk tags`, `rnk people`: content, every format, and the bundled data.

The fixture tests/fixtures/summary.toml is small enough to check by hand; the expected values
below were worked out from it, not copied from the program's output.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from rnk.core import dates
from rnk.core.model import Chronology, Era, Event, Meta
from rnk.core.ranges import YearRange
from rnk.query import summary as sm

from conftest import FIXTURES, ROOT, invoke

SUMMARY = FIXTURES / "summary.toml"
FORMATS = ("table", "plain", "json", "jsonl", "csv", "markdown")


def rnk(*args: str) -> Any:
    return invoke("--data", str(SUMMARY), *args)


def summary_json(*args: str) -> dict[str, Any]:
    run = rnk("summary", *args, "--json")
    assert run.code == 0, run
    data: dict[str, Any] = run.json()
    return data


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in rows]


# ---------------------------------------------------------------- the overview


def test_overview_has_the_overview_span_as_of_eras_and_turning_points() -> None:
    data = summary_json()
    assert data["title"] == "Test chronology for summaries"
    assert data["overview"] == (
        "The first paragraph of the overview.\n\nThe second paragraph, with [bold]markup[/bold] kept as text."
    )
    # The span runs from the first era to the latest end: the long span ends after its era.
    assert (data["start"], data["end"], data["as_of"]) == ("1945", "2021-03", "2021-06-30")
    assert data["count"] == 9
    assert ids(data["eras"]) == ["founding", "patronage", "short", "revival"]
    founding = data["eras"][0]
    assert founding == {
        "id": "founding",
        "name": "Founding",
        "start": "1945",
        "end": "1953",
        "summary": "The founding years and a war.",
        "count": 3,
        "first": "1945",
        "last": "1953",
        "events": ["division", "war", "armistice"],
        "counts": {"turning-point": 2, "war": 2, "aid": 1},
    }
    assert [e["count"] for e in data["eras"]] == [3, 2, 1, 3]
    assert data["eras"][3]["events"] == ["summit-2000", "long-span", "summit-2019"]
    assert ids(data["turning_points"]) == ["division", "war", "collapse"]
    assert data["turning_points"][2] == {
        "id": "collapse",
        "when": "26 December 1991",
        "start": "1991-12-26",
        "end": "1991-12-26",
        "title": "The patron collapses",
    }


def test_overview_counts_every_tag_most_used_first_ties_alphabetical() -> None:
    counts = summary_json()["counts"]
    assert list(counts.items()) == [
        ("aid", 3),
        ("turning-point", 3),
        ("summit", 2),
        ("treaty", 2),
        ("war", 2),
    ]


def test_overview_has_no_event_list_or_people() -> None:
    data = summary_json()
    assert "events" not in data and "people" not in data


def test_overview_plain_text_shows_paragraphs_eras_and_turning_points() -> None:
    run = rnk("summary")
    assert run.code == 0, run
    out = run.out
    assert out.startswith(
        "Test chronology for summaries\n1945 – March 2021 · 9 events · as of 30 June 2021\n"
    )
    assert "\nThe first paragraph of the overview.\n\nThe second paragraph" in out
    assert "[bold]markup[/bold]" in out  # data text is shown, never interpreted
    assert "  1945–1953  Founding (founding) · 3 events\n    The founding years and a war.\n" in out
    assert "  1990–1992  Short era (short) · 1 event\n" in out
    turning = out.split("\nTurning points\n", 1)[1].splitlines()
    assert [line.split()[-1] for line in turning] == ["(division)", "(war)", "(collapse)"]
    assert "26 December 1991  The patron collapses" in turning[2]


def test_overview_table_shows_the_same_content() -> None:
    run = invoke("--data", str(SUMMARY), "summary", "--format", "table", env={"COLUMNS": "100"})
    assert run.code == 0, run
    for text in ("Test chronology for summaries", "The second paragraph", "Founding", "Short era",
                 "Three years only.", "Turning points", "The patron collapses", "collapse"):  # fmt: skip
        assert text in run.out
    assert "\x1b" not in run.out  # not a terminal: no colour


# ---------------------------------------------------------------- a range or an era


def test_range_summary_has_overlapping_eras_events_themes_and_people() -> None:
    data = summary_json("1950s")
    assert data["overview"] is None
    assert (data["start"], data["end"]) == ("1950", "1959")
    assert ids(data["eras"]) == ["founding", "patronage"]
    # Each era lists only its events inside the range.
    assert [e["events"] for e in data["eras"]] == [["war", "armistice"], ["aid-years"]]
    assert [e["count"] for e in data["eras"]] == [2, 1]
    assert ids(data["events"]) == ["war", "armistice", "aid-years"]
    assert data["events"][0] == {
        "id": "war",
        "when": "1950–1953",
        "start": "1950-06-25",
        "end": "1953-07-27",
        "title": "The war",
        "era": "founding",
    }
    assert list(data["counts"].items()) == [("aid", 2), ("war", 2), ("turning-point", 1)]
    assert data["people"] == [{"name": "Kim Il Sung", "count": 2}, {"name": "Joseph Stalin", "count": 1}]
    assert ids(data["turning_points"]) == ["war"]
    assert data["count"] == 3


def test_range_summary_includes_an_era_that_only_overlaps_and_skips_a_gap() -> None:
    data = summary_json("1985-1995")
    assert ids(data["eras"]) == ["patronage", "short"]
    assert data["eras"][0]["events"] == []  # overlaps the range, but no event of it does
    assert ids(data["events"]) == ["collapse"]


def test_range_summary_is_clipped_to_what_the_data_covers() -> None:
    data = summary_json("2015-2030")
    assert (data["start"], data["end"]) == ("2015", "2021-03")
    data = summary_json("..1950")
    assert (data["start"], data["end"]) == ("1945", "1950")


def test_era_summary() -> None:
    data = summary_json("--era", "revival")
    assert (data["start"], data["end"]) == ("2000", "2020")
    assert ids(data["eras"]) == ["revival"]
    assert ids(data["events"]) == ["summit-2000", "long-span", "summit-2019"]
    assert data["people"][0] == {"name": "Vladimir Putin", "count": 3}
    assert [p["name"] for p in data["people"]] == ["Vladimir Putin", "Kim Jong Il", "Kim Jong Un"]
    assert list(data["counts"].items()) == [("summit", 2), ("aid", 1), ("treaty", 1)]
    assert data["turning_points"] == []


def test_era_and_range_together_narrow_each_other() -> None:
    data = summary_json("1953-1960", "--era", "founding")
    assert (data["start"], data["end"]) == ("1953", "1953")
    assert ids(data["events"]) == ["war", "armistice"]
    assert ids(data["eras"]) == ["founding"]


def test_range_plain_text_lists_events_themes_and_people() -> None:
    run = rnk("summary", "1950s")
    assert run.code == 0, run
    out = run.out
    assert out.startswith("Test chronology for summaries\n1950–1959 · 3 events · as of 30 June 2021\n")
    events = out.split("\nEvents\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(events) == 3
    assert events[0].split() == ["1950–1953", "◆", "The", "war", "(war)"]
    assert events[2].split()[-1] == "(aid-years)"
    assert "\nThemes\n  aid 2 · war 2 · turning-point 1\n" in out
    assert "\nPeople\n  Kim Il Sung 2 · Joseph Stalin 1\n" in out
    assert "Turning points" not in out  # marked with ◆ in the event list instead


@pytest.mark.parametrize(
    ("fmt", "shown"),
    [
        ("plain", "\\x1b[31m[red]in brackets[/red]"),
        ("table", "\\x1b[31m[red]in brackets[/red]"),
        # Markdown escapes the backslash and the brackets, so that they read as written.
        ("markdown", "\\\\x1b\\[31m\\[red\\]in brackets\\[/red\\]"),
    ],
)
def test_hostile_text_is_shown_escaped_in_every_human_format(fmt: str, shown: str) -> None:
    run = rnk("summary", "2000", "--format", fmt, "--color", "always")
    assert run.code == 0, run
    assert shown in run.out
    assert "\x1b[31m[red]" not in run.out


def test_markdown_escapes_the_title_and_overview_too() -> None:
    out = rnk("summary", "--format", "markdown").out
    assert "\nThe second paragraph, with \\[bold\\]markup\\[/bold\\] kept as text.\n" in out


def test_empty_range_prints_the_summary_and_exits_1() -> None:
    run = rnk("summary", "1993-1999", "--json")
    assert run.code == 1
    data = run.json()
    assert data["events"] == [] and data["eras"] == [] and data["people"] == []
    assert run.err == "rnk: no events in this range\n"
    before = rnk("summary", "1900-1910", "--json")
    assert before.code == 1
    assert (before.json()["start"], before.json()["end"]) == ("1900", "1910")


NO_EVENTS = """[meta]
title = "No events yet"
as_of = "2020"
overview = "Nothing has been entered."

[[eras]]
id = "only"
name = "Only era"
start = "1990"
end = "2000"
summary = "The only era."
"""


@pytest.mark.parametrize(
    ("args", "note"),
    [
        ((), "the data has no events"),
        (("--era", "only"), "no events in this era"),
        (("1995",), "no events in this range"),
        (("1995", "--era", "only"), "no events in this range"),
    ],
)
def test_a_summary_of_no_events_is_printed_and_exits_1_like_events(
    tmp_path: Path, args: tuple[str, ...], note: str
) -> None:
    data = tmp_path / "data.toml"
    data.write_text(NO_EVENTS, encoding="utf-8")
    run = invoke("--data", str(data), "summary", *args, "--json")
    assert run.code == 1 and run.err == f"rnk: {note}\n"
    assert run.json()["count"] == 0 and run.json()["title"] == "No events yet"
    assert invoke("--data", str(data), "events").code == 1  # the same exit code as `rnk events`


def test_an_empty_events_section_says_so_in_every_human_format(tmp_path: Path) -> None:
    data = tmp_path / "data.toml"
    data.write_text(NO_EVENTS, encoding="utf-8")
    plain = invoke("--data", str(data), "summary", "1995", "--format", "plain").out
    assert plain.endswith("\nEvents\n  no events\n")
    table = invoke("--data", str(data), "summary", "1995", "--format", "table").out
    assert table.rstrip().endswith("Events\nno events")
    markdown = invoke("--data", str(data), "summary", "1995", "--format", "markdown").out
    assert markdown.endswith("\n## Events\n\nNo events.\n")
    assert "## Themes" not in markdown and "## People" not in markdown


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--era", "nope"), "unknown era 'nope'"),
        (("19x0",), "invalid range '19x0'"),
        (("--format", "yaml"), "'yaml' is not one of"),
    ],
)
def test_bad_arguments_are_one_line_usage_errors(args: tuple[str, ...], needle: str) -> None:
    run = rnk("summary", *args)
    assert run.code == 2
    assert needle in run.err and run.err.count("\n") == 1 and run.out == ""


def test_summary_markdown() -> None:
    whole = rnk("summary", "--format", "markdown").out
    assert whole.startswith("# Test chronology for summaries\n\n1945 – March 2021 · 9 events")
    assert "\n## Eras\n\n| Years | Era | ID | Events | Summary |\n|---|---|---|---|---|\n" in whole
    assert "| 1990–1992 | Short era | short | 1 | Three years only. |" in whole
    assert (
        "\n## Turning points\n" in whole and "| 26 December 1991 | The patron collapses | collapse |" in whole
    )
    part = rnk("summary", "1950s", "--format", "markdown").out
    assert "\n## Events\n" in part and "| 27 July 1953 | Armistice | armistice |" in part
    assert "\n## Themes\n" in part and "| aid | 2 |" in part
    assert "\n## People\n" in part and "| Kim Il Sung | 2 |" in part


def test_summary_csv_and_jsonl() -> None:
    rows = list(csv.DictReader(io.StringIO(rnk("summary", "--format", "csv").out)))
    assert len(rows) == 1
    assert rows[0]["start"] == "1945" and rows[0]["count"] == "9"
    assert rows[0]["eras"] == "founding; patronage; short; revival"
    assert rows[0]["turning_points"] == "division; war; collapse"
    lines = rnk("summary", "--format", "jsonl").out.splitlines()
    assert len(lines) == 1 and json.loads(lines[0]) == summary_json()


# ---------------------------------------------------------------- pure functions


def event(eid: str, year: int, people: tuple[str, ...] = (), tags: tuple[str, ...] = ("x",)) -> Event:
    return Event(eid, str(year), str(year), str(year), eid, "s", "only", tags, people)


def test_people_are_cut_to_the_most_frequent_with_stable_ties() -> None:
    names = [f"Person {chr(ord('A') + i)}" for i in range(12)]
    events = [event(f"e{i}", 2000 + i, tuple(names[: i + 1])) for i in range(12)]
    chron = Chronology(
        Meta("t", "2020"), eras=(Era("only", "Only", "2000", "2011", "s"),), events=tuple(events)
    )
    people = sm.summarise(chron, YearRange(2000, 2011)).people
    assert len(people) == sm.PEOPLE_LIMIT
    assert people[0] == ("Person A", 12) and people[9] == ("Person J", 3)
    # Two people with the same count are listed alphabetically.
    tied = sm.ranked(["b", "a", "c", "a", "b"])
    assert tied == (("a", 2), ("b", 2), ("c", 1))


def test_bounds_and_span_without_eras() -> None:
    chron = Chronology(Meta("t", "2020"), events=(event("a", 1990), event("b", 1995)))
    assert sm.span(chron) == ("1990", "1995")
    assert sm.bounds(chron, YearRange(1992, None), None) == ("1992", "1995")
    empty = Chronology(Meta("t", "2020-05"))
    assert sm.span(empty) == ("2020-05", "2020-05")
    whole = sm.summarise(empty, YearRange())
    assert whole.eras == () and whole.turning_points == ()


# ---------------------------------------------------------------- eras, tags, people


def listing(command: str, fmt: str) -> Any:
    run = rnk(command, "--format", fmt)
    assert run.code == 0, run
    return run


def test_eras_json() -> None:
    rows = listing("eras", "json").json()
    assert ids(rows) == ["founding", "patronage", "short", "revival"]
    assert rows[2] == {
        "id": "short",
        "name": "Short era",
        "start": "1990",
        "end": "1992",
        "summary": "Three years only.",
        "count": 1,
        "first": "1991",
        "last": "1991",
        "events": ["collapse"],
        "counts": {"turning-point": 1},
    }


def test_tags_json_has_every_tag_with_counts_and_years() -> None:
    rows = listing("tags", "json").json()
    assert [(r["tag"], r["count"]) for r in rows] == [
        ("aid", 3), ("turning-point", 3), ("summit", 2), ("treaty", 2), ("war", 2), ("space", 0),
    ]  # fmt: skip
    aid = rows[0]
    assert aid == {
        "tag": "aid",
        "description": "Aid from one side to the other",
        "count": 3,
        # Years are strings, as everywhere in the JSON; `last` is the year the latest event
        # STARTS (long-span runs 2015 to 2021-03).
        "first": "1950",
        "last": "2015",
        "events": ["war", "aid-years", "long-span"],
    }
    assert rows[-1]["first"] is None and rows[-1]["events"] == []


def test_people_json() -> None:
    rows = listing("people", "json").json()
    assert [(r["name"], r["count"]) for r in rows] == [
        ("Kim Il Sung", 4), ("Vladimir Putin", 3), ("Joseph Stalin", 1), ("Kim Jong Il", 1),
        ("Kim Jong Un", 1), ("Mikhail Gorbachev", 1), ("Nikita Khrushchev", 1),
    ]  # fmt: skip
    assert rows[0] == {
        "name": "Kim Il Sung",
        "count": 4,
        # treaty-1961 starts last; aid-years (1955-1969) ends later but must not stretch the range.
        "first": "1945",
        "last": "1961",
        "events": ["division", "war", "aid-years", "treaty-1961"],
    }


@pytest.mark.parametrize("command", ["eras", "tags", "people"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_listings_support_every_format_with_the_same_rows(command: str, fmt: str) -> None:
    rows = listing(command, "json").json()
    key = {"eras": "name", "tags": "tag", "people": "name"}[command]
    run = listing(command, fmt)
    out = run.out
    if fmt == "json":
        assert json.loads(out) == rows
    elif fmt == "jsonl":
        assert [json.loads(line) for line in out.splitlines()] == rows
    elif fmt == "csv":
        parsed = list(csv.DictReader(io.StringIO(out)))
        assert [r[key] for r in parsed] == [r[key] for r in rows]
        assert [r["count"] for r in parsed] == [str(r["count"]) for r in rows]
    elif fmt == "markdown":
        lines = out.splitlines()
        assert len(lines) == len(rows) + 2 and lines[1].startswith("|---")
        assert all(f"| {r[key]} |" in out or f" {r[key]} |" in out for r in rows)
    else:
        positions = [out.find(r[key]) for r in rows]
        assert -1 not in positions and positions == sorted(positions), (fmt, positions)


def test_plain_listings_align_counts_and_years() -> None:
    tags = listing("tags", "plain").out.splitlines()
    assert tags[0].split() == ["aid", "3", "1950–2015", "Aid", "from", "one", "side", "to", "the", "other"]
    assert tags[-1].split()[:3] == ["space", "0", "-"]
    assert (
        len({line.index(line.split()[1]) + len(line.split()[1]) for line in tags}) == 1
    )  # counts right-aligned
    people = listing("people", "plain").out.splitlines()
    assert people[0].split() == ["Kim", "Il", "Sung", "4", "1945–1961"]
    assert people[3].split() == ["Kim", "Jong", "Il", "1", "2000"]
    eras = listing("eras", "plain").out
    assert "1990–1992  Short era (short) · 1 event\n  Three years only.\n" in eras


# ---------------------------------------------------------------- the bundled data


def bundled_toml() -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    merged: dict[str, Any] = {}
    for path in sorted((ROOT / "data").glob("*.toml")):
        for key, value in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            else:
                merged.setdefault(key, {}).update(value)
    # The events are split across files by period: the chronology lists them oldest first.
    merged["events"].sort(
        key=lambda e: (dates.first_day(e["start"]), dates.last_day(e.get("end", e["start"])), e["id"])
    )
    return merged


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return bundled_toml()


def test_bundled_overview_covers_every_era_and_event(raw: dict[str, Any]) -> None:
    run = invoke("summary", "--json")
    assert run.code == 0, run
    data = run.json()
    assert data["overview"] == raw["meta"]["overview"].strip()
    assert data["as_of"] == raw["meta"]["as_of"]
    assert ids(data["eras"]) == [e["id"] for e in raw["eras"]]
    assert data["count"] == len(raw["events"])
    assert sum(e["count"] for e in data["eras"]) == len(raw["events"])
    for era in data["eras"]:
        assert era["events"] == [e["id"] for e in raw["events"] if e["era"] == era["id"]]
    assert ids(data["turning_points"]) == [e["id"] for e in raw["events"] if "turning-point" in e["tags"]]
    assert data["counts"] == dict(
        sorted(Counter(t for e in raw["events"] for t in e["tags"]).items(), key=lambda kv: (-kv[1], kv[0]))
    )
    assert data["start"] == min(e["start"] for e in raw["eras"])


def test_bundled_overview_prints_within_a_few_screens() -> None:
    run = invoke("summary", "--format", "plain")
    assert run.code == 0, run
    assert 20 < len(run.out.splitlines()) < 80


def test_bundled_listings_match_the_data(raw: dict[str, Any]) -> None:
    tags = {r["tag"]: r["count"] for r in invoke("tags", "--json").json()}
    assert tags == {t: sum(t in e["tags"] for e in raw["events"]) for t in raw["tags"]}
    people = {r["name"]: r["count"] for r in invoke("people", "--json").json()}
    assert people == dict(Counter(p for e in raw["events"] for p in e.get("people", [])))
    eras = invoke("eras", "--json").json()
    assert [(e["id"], e["count"]) for e in eras] == [
        (era["id"], sum(e["era"] == era["id"] for e in raw["events"])) for era in raw["eras"]
    ]


def test_bundled_era_summaries(raw: dict[str, Any]) -> None:
    for era in raw["eras"]:
        run = invoke("summary", "--era", era["id"], "--json")
        assert run.code == 0, (era["id"], run)
        data = run.json()
        assert ids(data["events"]) == [e["id"] for e in raw["events"] if e["era"] == era["id"]]
        assert (data["start"], data["end"]) == (era["start"], era["end"])
