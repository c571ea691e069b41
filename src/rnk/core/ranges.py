"""Year ranges typed by users: `1950`, `1950-1953`, `1950..1953`, `1950s`, `1950-`, `..1960`."""

from __future__ import annotations

import re
from typing import NamedTuple

from rnk.core.dates import MONTHS, days_in_month
from rnk.core.errors import UsageError, shorten

MIN_YEAR = 1
MAX_YEAR = 9999

FORMS = (
    "YEAR (1950), YEAR-YEAR or YEAR..YEAR (1950-1953), DECADE (1950s), YEAR- or YEAR.. (from), ..YEAR (until)"
)

# Patterns, not compiled ones: `re` compiles each when a range is first parsed (and keeps it), so
# the commands that parse none do not pay for compiling them at start-up.
# YEAR, YEAR-YEAR, YEAR.. (from), ..YEAR (until); `-` works as `..`.
_RANGE = r"(\d{1,4})?(?:(-|\.\.)(\d{1,4})?)?"
_DECADE = r"(\d{3})0s"


class YearRange(NamedTuple):
    """Inclusive range of years; None means open on that side."""

    # A NamedTuple, not a frozen dataclass: defining one costs a tenth of the time (start-up).

    start: int | None = None
    end: int | None = None

    def overlaps(self, first_year: int, last_year: int) -> bool:
        """True when the span first_year..last_year shares at least one year with the range."""
        if self.start is not None and last_year < self.start:
            return False
        return not (self.end is not None and first_year > self.end)

    @property
    def is_open(self) -> bool:
        return self.start is None and self.end is None


def _bad(text: str, why: str = "") -> UsageError:
    reason = f" ({why})" if why else ""
    return UsageError(f"invalid range '{shorten(text)}'{reason}; accepted forms: {FORMS}")


# `2024-12` and `2024-12-05` look like ranges but are dates: say that ranges are years.
_DATE_LIKE = r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$"


def _date_hint(cleaned: str) -> str:
    """`ranges are years: for December 2024 use 2024` when the text reads as a month or a day."""
    m = re.match(_DATE_LIKE, cleaned)
    if not m:
        return ""
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12 or year < MIN_YEAR:
        return ""
    when = f"{MONTHS[month - 1]} {year}"
    if m.group(3) is not None:
        day = int(m.group(3))
        if not 1 <= day <= days_in_month(year, month):
            return ""
        when = f"{day} {when}"
    return f"ranges are years: for {when} use {year}"


def _backwards_hint(start: int, end_text: str) -> str:
    """Why `1953-1950` or `1950-53` is refused, with the full form when the end was shortened."""
    if len(end_text) <= 2:
        full = start - start % 10 ** len(end_text) + int(end_text)
        if full >= start:
            return f"the start is after the end; for {start} to {full} write {start}-{full}"
    return "the start is after the end"


def parse_range(text: str) -> YearRange:
    """Parse one RANGE argument; raise UsageError with the accepted forms when it is not one."""
    cleaned = text.strip().replace("–", "-").replace("—", "-")
    decade = re.fullmatch(_DECADE, cleaned)
    if decade:
        return _checked(text, YearRange(int(decade.group(1)) * 10, int(decade.group(1)) * 10 + 9))
    m = re.fullmatch(_RANGE, cleaned)
    if not m or not (m.group(1) or m.group(3)):
        raise _bad(text, _date_hint(cleaned))
    first, separator, last = m.groups()
    start = int(first) if first else None
    end = int(last) if last else None if separator else start
    if start is not None and end is not None and end < start:
        raise _bad(text, _date_hint(cleaned) or _backwards_hint(start, last))
    return _checked(text, YearRange(start, end))


def parse_year(text: str, option: str) -> int:
    cleaned = text.strip()
    if not re.fullmatch(r"\d{1,4}", cleaned) or not MIN_YEAR <= int(cleaned) <= MAX_YEAR:
        raise UsageError(f"invalid year for {option}: '{shorten(text)}' (expected a year such as 1950)")
    return int(cleaned)


def combine(rng: str | None, from_year: str | None = None, to_year: str | None = None) -> YearRange:
    """RANGE narrowed by --from/--to; an empty result is a usage error naming what conflicts."""
    base = parse_range(rng) if rng is not None else YearRange()
    first = parse_year(from_year, "--from") if from_year is not None else None
    last = parse_year(to_year, "--to") if to_year is not None else None
    if first is not None and last is not None and first > last:
        raise UsageError(f"--from {first} is after --to {last}")
    label = shorten(rng.strip()) if rng is not None else ""
    if first is not None and base.end is not None and first > base.end:
        raise UsageError(f"--from {first} is after the end of the range {label} ({base.end})")
    if last is not None and base.start is not None and last < base.start:
        raise UsageError(f"--to {last} is before the start of the range {label} ({base.start})")
    start = first if base.start is None else base.start if first is None else max(first, base.start)
    end = last if base.end is None else base.end if last is None else min(last, base.end)
    return YearRange(start, end)


def _checked(text: str, rng: YearRange) -> YearRange:
    for year in (rng.start, rng.end):
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise _bad(text, f"years run from {MIN_YEAR} to {MAX_YEAR}")
    return rng
