"""Unit tests of the pure date and range parsers, with property tests for bad input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnk import dates
from rnk.errors import UsageError
from rnk.ranges import YearRange, combine, parse_range


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
    assert combine(None, "1990", "2000") == YearRange(1990, 2000)
    assert combine("2000-", None, "2010") == YearRange(2000, 2010)
    with pytest.raises(UsageError):
        combine("1950s", "1970", None)
    with pytest.raises(UsageError):
        combine(None, "abc", None)


def test_overlap_is_inclusive() -> None:
    rng = YearRange(1950, 1953)
    assert rng.overlaps(1945, 1950)
    assert rng.overlaps(1953, 1960)
    assert rng.overlaps(1940, 1990)
    assert not rng.overlaps(1954, 1960)
    assert not rng.overlaps(1900, 1949)
    assert YearRange().overlaps(1, 9999)


@given(st.text(max_size=30))
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
