"""This day in history (`rnk on`), as BSD calendar(1) reads its files. Pure: the day is given
(the CLI passes the clock's date; tests pass any date). An event is on a day when its start has
day precision and falls on that month and day, in any year; events whose start is known only to
the month are returned apart (the CLI shows them in one line per month of the window)."""

from __future__ import annotations

import datetime as dt

from rnk.core import dates
from rnk.core.errors import UsageError, shorten
from rnk.core.model import Chronology, Event

LEAP_YEAR = 2000  # a month-day without a year is checked and moved in a leap year: 02-29 exists


def parse_day(text: str) -> tuple[int, int]:
    """`MM-DD` (or `M-D`), or `YYYY-MM-DD`, whose month and day count. A day that does not
    exist (02-30, 13-01, 2025-02-29) is a UsageError."""
    parts = text.strip().split("-")
    year = LEAP_YEAR
    if len(parts) == 3 and len(parts[0]) == 4 and parts[0].isascii() and parts[0].isdigit():
        year = int(parts.pop(0))
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() and 1 <= len(p) <= 2 for p in parts):
        raise UsageError(f"invalid date '{shorten(text)}': give MM-DD or YYYY-MM-DD (such as 06-25)")
    month, day = int(parts[0]), int(parts[1])
    try:
        dt.date(year, month, day)
    except ValueError:
        raise UsageError(f"invalid date '{shorten(text)}': no such day") from None
    return month, day


def window(month: int, day: int, before: int = 0, after: int = 0) -> tuple[tuple[int, int], ...]:
    """The (month, day)s from `before` days before the given one to `after` days after, in
    calendar order across year ends."""
    centre = dt.date(LEAP_YEAR, month, day)
    moved = (centre + dt.timedelta(days=k) for k in range(-before, after + 1))
    return tuple((d.month, d.day) for d in moved)


def span(week: bool, days: int | None) -> tuple[int, int]:
    """Days before and after the date: --week is the 7 days from it, --days N the N either side."""
    if week and days is not None:
        raise UsageError("--week and --days cannot be used together")
    return (0, 6) if week else (days or 0, days or 0)


def days_label(month: int, day: int, before: int, after: int) -> str:
    """`06-25`, `06-25 or the 6 days after`, `06-25 or 3 days either side`, for messages."""
    mm_dd = f"{month:02d}-{day:02d}"
    if before:
        return f"{mm_dd} or {before} days either side"
    return f"{mm_dd} or the {after} days after" if after else mm_dd


def on_days(chron: Chronology, when: tuple[tuple[int, int], ...]) -> tuple[list[Event], list[Event]]:
    """Events starting on a day of the window (by year, as the chronology keeps them), and the
    events whose start is known only to a month of the window."""
    days, months = set(when), {month for month, _ in when}
    on_day: list[Event] = []
    in_month: list[Event] = []
    for event in chron.events:
        _, month, day = dates.parse(event.start)
        if day is not None and (month, day) in days:
            on_day.append(event)
        elif day is None and month in months:
            in_month.append(event)
    return on_day, in_month
