"""Partial ISO 8601 dates: `1950`, `1950-06`, `1950-06-25`.

Events are known at different precisions. A partial date stands for an interval: `1950` is
1950-01-01..1950-12-31. Comparisons use the interval's first day for starts and its last day
for ends, so `start <= end` holds for `1950`..`1950-06`.
"""

from __future__ import annotations

import re
from functools import cache

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

DateKey = tuple[int, int, int]


def days_in_month(year: int, month: int) -> int:
    """Like `calendar.monthrange(year, month)[1]`, without importing calendar (start-up time)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def parse(text: str) -> tuple[int, int | None, int | None]:
    """Split a partial ISO date into (year, month, day); raise ValueError when it is not one."""
    m = _ISO.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month}")
    if day is not None and month is not None and not 1 <= day <= days_in_month(year, month):
        raise ValueError(f"'{text}' has no day {day}")
    return year, month, day


# Cached: sorting and summarising call these once or twice per event, and a large chronology
# repeats the same few thousand dates (on 100,000 events this halved `rnk summary`).
@cache
def first_day(text: str) -> DateKey:
    year, month, day = parse(text)
    return (year, month or 1, day or 1)


@cache
def last_day(text: str) -> DateKey:
    year, month, day = parse(text)
    if month is None:
        return (year, 12, 31)
    return (year, month, day or days_in_month(year, month))


def year_of(text: str) -> int:
    return int(text[:4])


def human(text: str) -> str:
    """`1950-06-25` -> `25 June 1950`, `1950-06` -> `June 1950`, `1950` -> `1950`."""
    year, month, day = parse(text)
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{day} {MONTHS[month - 1]} {year}"


def span_label(start: str, end: str) -> str:
    """A human label for a span, used when the data gives none."""
    if start == end:
        return human(start)
    if len(start) == 4 and len(end) == 4:
        return f"{start}–{end}"
    (y1, m1, d1), (y2, m2, d2) = parse(start), parse(end)
    if y1 == y2 and m1 is not None and m1 == m2 and d1 is not None and d2 is not None:
        return f"{d1}–{d2} {MONTHS[m1 - 1]} {y1}"
    if y1 == y2 and m1 is not None and m2 is not None and (d1 is None) == (d2 is None):
        return f"{human(start).rsplit(' ', 1)[0]} – {human(end)}"
    return f"{human(start)} – {human(end)}"
