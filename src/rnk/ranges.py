"""Year ranges typed by users: `1950`, `1950-1953`, `1950..1953`, `1950s`, `1950-`, `..1960`."""

from __future__ import annotations

import re
from typing import NamedTuple

from rnk.errors import UsageError

MIN_YEAR = 1
MAX_YEAR = 9999

FORMS = (
    "YEAR (1950), YEAR-YEAR or YEAR..YEAR (1950-1953), DECADE (1950s), YEAR- or YEAR.. (from), ..YEAR (until)"
)

_YEAR = r"(\d{1,4})"
_PATTERNS = (
    (re.compile(rf"^{_YEAR}$"), "single"),
    (re.compile(rf"^{_YEAR}(?:-|\.\.){_YEAR}$"), "span"),
    (re.compile(r"^(\d{3})0s$"), "decade"),
    (re.compile(rf"^{_YEAR}(?:-|\.\.)$"), "from"),
    (re.compile(rf"^(?:\.\.|-){_YEAR}$"), "until"),
)


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
    return UsageError(f"invalid range '{text}'{reason}; accepted forms: {FORMS}")


def parse_range(text: str) -> YearRange:
    """Parse one RANGE argument; raise UsageError with the accepted forms when it is not one."""
    cleaned = text.strip().replace("–", "-").replace("—", "-")
    for pattern, kind in _PATTERNS:
        m = pattern.match(cleaned)
        if not m:
            continue
        if kind == "single":
            year = int(m.group(1))
            result = YearRange(year, year)
        elif kind == "span":
            result = YearRange(int(m.group(1)), int(m.group(2)))
        elif kind == "decade":
            start = int(m.group(1)) * 10
            result = YearRange(start, start + 9)
        elif kind == "from":
            result = YearRange(int(m.group(1)), None)
        else:
            result = YearRange(None, int(m.group(1)))
        return _checked(text, result)
    raise _bad(text)


def parse_year(text: str, option: str) -> int:
    """Parse the value of --from/--to."""
    cleaned = text.strip()
    if not re.fullmatch(r"\d{1,4}", cleaned) or not MIN_YEAR <= int(cleaned) <= MAX_YEAR:
        raise UsageError(f"invalid year for {option}: '{text}' (expected a year such as 1950)")
    return int(cleaned)


def combine(rng: str | None, from_year: str | None = None, to_year: str | None = None) -> YearRange:
    """RANGE narrowed by --from/--to; an empty result is a usage error."""
    base = parse_range(rng) if rng is not None else YearRange()
    start, end = base.start, base.end
    if from_year is not None:
        y = parse_year(from_year, "--from")
        start = y if start is None else max(start, y)
    if to_year is not None:
        y = parse_year(to_year, "--to")
        end = y if end is None else min(end, y)
    label = rng if rng is not None else f"{from_year or ''}..{to_year or ''}"
    return _checked(label, YearRange(start, end))


def _checked(text: str, rng: YearRange) -> YearRange:
    for year in (rng.start, rng.end):
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise _bad(text, f"years run from {MIN_YEAR} to {MAX_YEAR}")
    if rng.start is not None and rng.end is not None and rng.start > rng.end:
        raise _bad(text, "the start is after the end")
    return rng
