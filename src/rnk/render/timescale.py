"""The timeline's time strip (`Scale`): which column each date falls in, busy years given more room."""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from typing import NamedTuple

from rnk.core import dates

# Year labels need 4 cells and a gap; steps are tried in this order until labels stop colliding.
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000)
LABEL_GAP = 2
SHORT_YEARS = 25  # a stretch of fewer years is never cut into busy and quiet stretches


def year_fraction(key: dates.DateKey) -> float:
    """A day as a fractional year: 1950-07-02 -> 1950.5."""
    year, month, day = key
    first = _dt.date(year, 1, 1)
    length = (_dt.date(year + 1, 1, 1) - first).days if year < 9999 else 365
    return year + (_dt.date(year, month, day) - first).days / length


class Segment(NamedTuple):
    """A stretch of years drawn at one pace: `per_year` cells a year from column `col`, with a
    labelled tick every `step` years (a whole number of cells apart, so the ticks are even)."""

    first: int
    last: int
    col: int
    per_year: float
    step: int


def busy_stretches(first: int, last: int, starts: Sequence[int]) -> list[tuple[int, int, int]]:
    """The years cut into stretches, (first, last, events) each: a busy stretch (years with three
    times the average number of events, joined across gaps of a year or two and widened to the
    busy years beside them) holding at least a sixth of the events is a stretch of its own.
    Fewer than SHORT_YEARS years are one stretch."""
    from collections import Counter

    counts = Counter(y for y in starts if first <= y <= last)
    total = sum(counts.values())
    if last - first + 1 < SHORT_YEARS:  # a short stretch has room for each of its years
        return [(first, last, total)]
    mean = total / (last - first + 1)
    hot = [y for y in range(first, last + 1) if counts[y] >= max(4, 3 * mean)]
    runs: list[list[int]] = []
    for year in hot:
        if runs and year - runs[-1][1] <= 3:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    for run in runs:
        while run[0] > first and counts[run[0] - 1] >= 2 * mean:
            run[0] -= 1
        while run[1] < last and counts[run[1] + 1] >= 2 * mean:
            run[1] += 1
    busy = [(a, b) for a, b in runs if sum(counts[y] for y in range(a, b + 1)) * 6 >= total]
    bounds, year = [], first
    for a, b in busy:
        if a > year:
            bounds.append((year, a - 1))
        bounds.append((a, b))
        year = b + 1
    if year <= last:
        bounds.append((year, last))
    return [(a, b, sum(counts[y] for y in range(a, b + 1))) for a, b in bounds]


class Scale:
    """Maps dates to the columns of the picture's time strip, `width` cells at most. A busy
    stretch is widened: each stretch's room is weighed by its share of the events (`starts`: the
    events' start years) and, a fifth as much, its share of the years; a break column (`┊`)
    between stretches shows where the pace changes.
    """

    def __init__(self, first: int, last: int, width: int, starts: Sequence[int]) -> None:
        self.first, self.last = first, last
        stretches = busy_stretches(first, last, starts)
        years, events = last - first + 1, max(1, sum(n for _, _, n in stretches))
        room = max(1, width - (len(stretches) - 1))
        weights = [0.2 * (b - a + 1) / years + n / events for a, b, n in stretches]
        segments: list[Segment] = []
        col = 0
        for (a, b, _), weight in zip(stretches, weights, strict=True):
            if segments:
                col += 1  # the break
            share = room * weight / sum(weights)
            per_year = share / (b - a + 1)
            step = next((s for s in TICK_STEPS if s * per_year >= 4 + LABEL_GAP), TICK_STEPS[-1])
            if step * per_year >= 1:
                per_year = math.floor(step * per_year) / step  # even ticks: whole cells apart
            segments.append(Segment(a, b, col, per_year, step))
            col += round((b + 1 - a) * per_year)
        self.segments = segments
        self.width = max(1, min(width, col))
        self.breaks = [seg.col - 1 for seg in segments[1:]]

    def x(self, t: float) -> float:
        seg = next((s for s in self.segments if t < s.last + 1), self.segments[-1])
        return seg.col + (max(t, seg.first) - seg.first) * seg.per_year

    def clamp(self, col: int) -> int:
        return max(0, min(self.width - 1, col))

    def point_col(self, text: str) -> int:  # the cell a moment falls in
        return self.clamp(int(self.x(year_fraction(dates.first_day(text)))))

    def span_cols(self, start: str, end: str) -> tuple[int, int]:
        """The cells whose middles a stretch of days covers, so back-to-back eras never share a
        cell; a stretch too short to cover any middle gets the cell its start falls in."""
        a = self.x(year_fraction(dates.first_day(start)))
        last_day = dates.last_day(end)
        days = 366 if dates.days_in_month(last_day[0], 2) == 29 else 365
        b = self.x(year_fraction(last_day) + 1 / days)  # to the end of the last day: the next one's start
        first, last = math.floor(a + 0.5), math.floor(b + 0.5) - 1
        if last < first:
            return self.point_col(start), self.point_col(start)
        return self.clamp(first), self.clamp(last)

    def ticks(self) -> list[tuple[int, int]]:
        """(year, column) of each labelled year: round years, evenly spaced within a stretch."""
        out = []
        for seg in self.segments:
            for year in range(math.ceil(seg.first / seg.step) * seg.step, seg.last + 1, seg.step):
                out.append((year, self.clamp(int(seg.col + (year - seg.first) * seg.per_year))))
        return out
