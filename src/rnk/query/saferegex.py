"""`--regex` patterns, compiled and run by RE2 (google-re2), imported only for --regex.

RE2 matches in time linear in the text (no backtracking), so no pattern can hang rnk; it refuses
what would need backtracking (back-references, look-around). The pattern's length is bounded,
and RE2 bounds the memory (so the size) of the compiled program, so a search costs at most a
constant per character of the data.
"""

from __future__ import annotations

import re
from typing import Any

from rnk.core.errors import UsageError

MAX_PATTERN = 200

# What RE2 refuses because it would need backtracking, as its error messages say it.
_BACKTRACKING = re.compile(r"invalid escape sequence: \\[1-9]|invalid perl operator: \(\?(P=|=|!|<=|<!)")


def compile_pattern(pattern: str) -> Any:
    """Compile a user's pattern (case-insensitive) with RE2, or raise a one-line UsageError."""
    import re2

    if not pattern:
        raise UsageError("--regex needs a pattern")
    if len(pattern) > MAX_PATTERN:
        raise UsageError(
            f"the --regex pattern is too long ({len(pattern)} characters; at most {MAX_PATTERN})"
        )
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # RE2 would also print the error on stderr
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args else "invalid"
        if _BACKTRACKING.match(reason):
            raise UsageError(
                "--regex does not support back-references or look-around "
                "(RE2 syntax, which matches in linear time)"
            ) from None
        raise UsageError(f"invalid regular expression '{pattern}': {reason}") from None


def find_spans(pattern: Any, text: str) -> list[tuple[int, int]]:
    """Non-empty matches of a compiled pattern in `text`, as (start, end) character offsets."""
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
