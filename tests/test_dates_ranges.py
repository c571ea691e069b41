"""Unit tests of the pure date and range parsers, with property tests for bad input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnk.core import dates
from rnk.core.errors import UsageError
from rnk.core.ranges import YearRange, combine, parse_range

from conftest import MINI, UNICODE, invoke


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1950", YearRange(1950, 1950)),
        ("1950-1953", YearRange(1950, 1953)),
        ("1950..1953", YearRange(1950, 1953)),
        ("1950–1953", YearRange(1950, 1953)),
        ("1950s", YearRange(1950, 1959)),
        ("1950-", YearRange(1950, None)),
        ("1950..", YearRange(1950, None)),
        ("..1960", YearRange(None, 1960)),
        (" 2000 ", YearRange(2000, 2000)),
    ],
)
def test_range_forms(text: str, expected: YearRange) -> None:
    assert parse_range(text) == expected


@pytest.mark.parametrize(
    "text", ["1953-1950", "abc", "19999999999", "", " ", "1950-1953-1954", "195s", "-", ".."]
)
def test_bad_ranges_name_the_accepted_forms(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_range(text)
    assert "accepted forms" in info.value.message
    assert "\n" not in info.value.message


def test_from_and_to_narrow_a_range() -> None:
    assert combine("1950s", "1952", None) == YearRange(1952, 1959)
    assert combine("1950s", "1940", "1990") == YearRange(1950, 1959)
    assert combine(None, "1990", "2000") == YearRange(1990, 2000)
    assert combine(None, "1990", None) == YearRange(1990, None)
    assert combine("2000-", None, "2010") == YearRange(2000, 2010)
    assert combine("..1960", "1955", None) == YearRange(1955, 1960)
    with pytest.raises(UsageError):
        combine(None, "abc", None)


@pytest.mark.parametrize(
    ("rng", "from_year", "to_year", "message"),
    [
        ("1950s", "1960", None, "--from 1960 is after the end of the range 1950s (1959)"),
        ("1950s", None, "1940", "--to 1940 is before the start of the range 1950s (1950)"),
        ("..1960", "1970", None, "--from 1970 is after the end of the range ..1960 (1960)"),
        ("2000-", None, "1990", "--to 1990 is before the start of the range 2000- (2000)"),
        (None, "2000", "1990", "--from 2000 is after --to 1990"),
        ("1950s", "1955", "1952", "--from 1955 is after --to 1952"),
    ],
)
def test_a_conflict_with_from_or_to_names_the_option(
    rng: str | None, from_year: str | None, to_year: str | None, message: str
) -> None:
    with pytest.raises(UsageError) as info:
        combine(rng, from_year, to_year)
    assert info.value.message == message


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("events", "1950s", "--from", "1960"), "--from 1960 is after the end of the range 1950s (1959)\n"),
        (("summary", "2024-12"), "invalid range '2024-12' (ranges are years: for December 2024 use 2024); "),
    ],
)
def test_the_cli_prints_the_explanation_as_one_usage_error(args: tuple[str, ...], expected: str) -> None:
    run = invoke("--data", str(MINI), *args)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith(f"rnk: error: {expected}") and run.err.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("2024-12", "ranges are years: for December 2024 use 2024"),
        ("2024-5", "ranges are years: for May 2024 use 2024"),
        ("1990-06", "ranges are years: for June 1990 use 1990"),
        ("2024-12-05", "ranges are years: for 5 December 2024 use 2024"),
        ("1950-53", "the start is after the end; for 1950 to 1953 write 1950-1953"),
        ("2024-13", "the start is after the end"),
        ("1953-1950", "the start is after the end"),
    ],
)
def test_a_month_or_a_backwards_range_is_explained(text: str, hint: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_range(text)
    assert info.value.message.startswith(f"invalid range '{text}' ({hint}); accepted forms: YEAR (1950)")


def test_a_date_that_does_not_exist_gets_no_date_hint() -> None:
    with pytest.raises(UsageError) as info:
        parse_range("2024-02-30")
    assert "ranges are years" not in info.value.message


@pytest.mark.parametrize(
    ("rng", "from_year", "echoed"), [("x" * 100_000, None, "x"), (None, "9" * 100_000, "9")]
)
def test_huge_input_is_echoed_shortened(rng: str | None, from_year: str | None, echoed: str) -> None:
    with pytest.raises(UsageError) as info:
        combine(rng, from_year, None)
    message = info.value.message
    assert len(message) < 400
    assert f"'{echoed * 99}…'" in message


def test_overlap_is_inclusive() -> None:
    rng = YearRange(1950, 1953)
    assert rng.overlaps(1945, 1950)
    assert rng.overlaps(1953, 1960)
    assert rng.overlaps(1940, 1990)
    assert not rng.overlaps(1954, 1960)
    assert not rng.overlaps(1900, 1949)
    assert YearRange().overlaps(1, 9999)


@given(st.text(UNICODE, max_size=30))
def test_parse_range_never_raises_anything_but_usage_errors(text: str) -> None:
    try:
        rng = parse_range(text)
    except UsageError as exc:
        assert "accepted forms" in exc.message
    else:
        if rng.start is not None and rng.end is not None:
            assert rng.start <= rng.end


@given(st.integers(1, 9999), st.integers(1, 9999))
def test_any_ordered_pair_of_years_parses(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    assert parse_range(f"{lo}-{hi}") == YearRange(lo, hi)
    assert parse_range(f"{lo}..{hi}") == YearRange(lo, hi)


def test_partial_dates() -> None:
    assert dates.first_day("1950") == (1950, 1, 1)
    assert dates.last_day("1950") == (1950, 12, 31)
    assert dates.last_day("2024-02") == (2024, 2, 29)
    assert dates.first_day("1950-06-25") == (1950, 6, 25)
    for bad in ("1950-13", "1950-02-30", "50", "1950/06", "1950-6-1", ""):
        with pytest.raises(ValueError):
            dates.parse(bad)


def test_labels() -> None:
    assert dates.human("1950-06-25") == "25 June 1950"
    assert dates.span_label("1950", "1953") == "1950–1953"
    assert dates.span_label("2000-07-19", "2000-07-20") == "19–20 July 2000"
    assert dates.span_label("2023-07-25", "2023-07-27") == "25–27 July 2023"
    assert dates.span_label("2024-11-09", "2024-12-04") == "9 November – 4 December 2024"
    assert dates.span_label("1950-06-25", "1953-07-27") == "25 June 1950 – 27 July 1953"
    assert dates.span_label("2011-12-17", "2011-12-17") == "17 December 2011"
