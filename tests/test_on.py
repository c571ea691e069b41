"""`rnk on [DATE]`: this day in history; the date parser, the window, every format, exit codes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnk.core.errors import UsageError
from rnk.core.store import load
from rnk.query.on import on_days, parse_day, span, window

from conftest import MINI, UNICODE, run_script


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_every_real_day_parses_as_mm_dd_and_yyyy_mm_dd(day: dt.date) -> None:
    assert parse_day(f"{day.month:02d}-{day.day:02d}") == (day.month, day.day)
    assert parse_day(f"{day.month}-{day.day}") == (day.month, day.day)
    assert parse_day(day.isoformat()) == (day.month, day.day)


@given(st.integers(0, 99), st.integers(0, 99))
def test_a_month_day_parses_exactly_when_it_is_a_day_of_a_leap_year(month: int, day: int) -> None:
    try:
        dt.date(2000, month, day)
        real = True
    except ValueError:
        real = False
    try:
        assert parse_day(f"{month:02d}-{day:02d}") == (month, day)
        assert real
    except UsageError:
        assert not real


@given(st.text(UNICODE, max_size=20))
def test_any_text_parses_or_is_a_usage_error(text: str) -> None:
    try:
        month, day = parse_day(text)
    except UsageError as exc:
        assert "invalid date" in exc.message
    else:
        dt.date(2000, month, day)


@pytest.mark.parametrize(
    "text", ["02-30", "13-01", "00-10", "2025-02-29", "06/25", "june", "06-25-2024", "", "-"]
)
def test_impossible_or_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(UsageError):
        parse_day(text)


def test_the_window_crosses_the_year_end_and_keeps_the_leap_day() -> None:
    assert window(12, 30, *span(True, None)) == (
        (12, 30),
        (12, 31),
        (1, 1),
        (1, 2),
        (1, 3),
        (1, 4),
        (1, 5),
    )
    assert window(3, 1, *span(False, 1)) == ((2, 29), (3, 1), (3, 2))
    assert window(6, 25) == ((6, 25),)
    with pytest.raises(UsageError):
        span(True, 3)


def test_only_day_precision_starts_count_and_month_precision_comes_apart() -> None:
    chron = load()
    on_day, in_month = on_days(chron, window(6, 25))
    assert {e.id for e in on_day} == {"korean-war-begins-1950", "korean-war"}
    assert all(e.start[5:] == "06-25" for e in on_day)
    assert [e.first_year for e in on_day] == sorted(e.first_year for e in on_day)
    assert in_month and all(len(e.start) == 7 and e.start[5:7] == "06" for e in in_month)


def test_on_lists_the_days_events_then_one_line_for_the_month(rnk: Any) -> None:
    run = rnk("on", "06-25")
    assert run.code == 0 and run.err == ""
    assert run.out.startswith("25 June 1950  North Korea invades the South\n")
    assert run.out.splitlines()[-1].startswith("Also in June, day unknown: 1960 ")
    assert rnk("on", "1999-06-25").out == run.out  # the year is ignored


def test_on_json_marks_the_precision_and_keeps_the_event_fields(rnk: Any) -> None:
    rows = rnk("on", "06-25", "--json").json()
    assert [r["precision"] for r in rows] == sorted(
        (r["precision"] for r in rows), key=["day", "month"].index
    )
    assert rows[0]["id"] == "korean-war-begins-1950" and rows[0]["sources"]
    week = rnk("on", "06-19", "--week", "--json").json()
    assert {"treaty-2024-signed", "korean-war-begins-1950"} <= {r["id"] for r in week}


@pytest.mark.parametrize("fmt", ["table", "plain", "json", "jsonl", "csv", "markdown"])
def test_every_format_prints_the_same_events(rnk: Any, fmt: str) -> None:
    run = rnk("on", "09-13", "--days", "3", "--format", fmt, env={"COLUMNS": "120"})
    assert run.code == 0, run
    ids = [r["id"] for r in rnk("on", "09-13", "--days", "3", "--json").json()]
    assert len(ids) >= 4
    if fmt == "jsonl":
        assert [json.loads(x)["id"] for x in run.out.splitlines()] == ids
    elif fmt == "csv":
        assert [r["id"] for r in csv.DictReader(io.StringIO(run.out))] == ids
    elif fmt == "markdown":
        assert all(f"| {i} |" in run.out for i in ids)
    elif fmt != "json":
        assert "Shoigu visits Pyongyang as Security Council secretary" in run.out


def test_a_day_without_events_is_exit_1_and_json_is_empty(rnk: Any) -> None:
    run = rnk("--data", str(MINI), "on", "01-01")
    assert run.code == 1 and run.out == "" and run.err == "rnk: no events on 01-01\n"
    run = rnk("--data", str(MINI), "on", "01-01", "--week", "--json")
    assert run.code == 1 and run.out.strip() == "[]" and "01-01 or the 6 days after" in run.err


@pytest.mark.parametrize(
    "args", [["02-30"], ["13-01"], ["06-25", "--week", "--days", "2"], ["06-25", "--days", "-1"]]
)
def test_invalid_dates_and_options_are_usage_errors(rnk: Any, args: list[str]) -> None:
    run = rnk("on", *args)
    assert run.code == 2 and run.out == "" and run.err.startswith("rnk: error: ") and run.err.count("\n") == 1


def test_without_a_date_it_is_today(rnk: Any) -> None:
    today = dt.date.today()
    assert rnk("on", "--json").out == rnk("on", f"{today.month:02d}-{today.day:02d}", "--json").out


def test_on_through_the_console_script() -> None:
    run = run_script("on", "06-25", "--json")
    assert run.code == 0 and json.loads(run.out)[0]["id"] == "korean-war-begins-1950"
