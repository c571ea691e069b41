"""Exit codes and the exceptions that carry them to the CLI edge."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class ExitCode(IntEnum):
    """Exit codes, documented in `rnk --help` and the README."""

    OK = 0
    NO_MATCH = 1
    USAGE = 2
    DATA = 3
    INTERRUPTED = 130
    BROKEN_PIPE = 141


class RnkError(Exception):
    """An error the user can act on: printed as one line on stderr, never as a traceback."""

    code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(RnkError):
    code = ExitCode.USAGE


class NoMatch(RnkError):
    code = ExitCode.NO_MATCH


class PipeClosed(Exception):
    """stdout was closed by its reader. Not an OSError, so no framework layer swallows it."""


class Problem(NamedTuple):
    """One problem found in a data file: where it is and what is wrong."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        """`file:line:column: record: field 'name': message`, without the parts not known."""
        where = ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)
        field = f"field '{self.field}'" if self.field else ""
        return ": ".join(part for part in (where, self.record, field, self.message) if part)

    def as_dict(self) -> dict[str, object]:
        return {key: getattr(self, key) for key in ("file", "line", "column", "record", "field", "message")}


class DataError(RnkError):
    """The data cannot be used: exit 3. Carries every problem found."""

    code = ExitCode.DATA

    def __init__(self, problems: list[Problem]) -> None:
        first = str(problems[0]) if problems else "invalid data"
        more = f" (and {len(problems) - 1} more problem(s); run 'rnk validate')" if len(problems) > 1 else ""
        super().__init__(first + more)
        self.problems = problems


# Messages quote what the user typed (or the data holds) at most this long: a 100 KB argument is
# not echoed.
QUOTE_LIMIT = 100


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """At most `limit` characters, the cut marked with '…' (rnk's one truncation helper)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
