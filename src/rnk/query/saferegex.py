"""Regular expressions typed by users, run so that a bad one cannot hang rnk.

Python's `re` backtracks, so some patterns take exponential time (`(a+)+b`) or a high
polynomial (`.*.*.*.*x`) on ordinary text. Three guards, documented in docs/search.md:

1. Before compiling, the pattern is checked: at most MAX_PATTERN characters; no back-references
   or conditional groups; no repeat of something that itself repeats or holds alternatives
   (`(a+)+`, `(a|ab)*`), which is where exponential time comes from; at most MAX_REPEATS
   repeats of variable length in all.
2. Texts are matched in pieces of at most CHUNK characters (sentences, or hard cuts of longer
   ones), so the cost of one match is bounded.
3. On Unix, the whole search runs under a timer (TIME_LIMIT seconds, plus PER_10K for every
   10,000 records); when it fires, the search stops with a usage error. `re` checks for
   signals while it matches, so this works.
"""

from __future__ import annotations

import importlib
import re
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rnk.core.errors import UsageError

MAX_PATTERN = 200
MAX_REPEATS = 3
CHUNK = 300
TIME_LIMIT = 2.0  # seconds, plus PER_10K for every 10,000 records searched
PER_10K = 1.0

_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


class RegexTimeout(Exception):
    """Raised by the timer's signal handler inside a long match."""


def _sre_parser() -> Any:
    # `sre_parse` is deprecated from 3.11 (and warns on import); `re._parser` replaces it.
    return importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")


def _name(op: Any) -> str:
    return str(getattr(op, "name", op))


def _children(op: str, av: Any) -> list[Any]:
    """The sub-patterns inside one parsed item."""
    if op in _REPEATS:
        return [av[2]]
    if op == "SUBPATTERN":
        return [av[-1]]
    if op == "BRANCH":
        return list(av[1])
    if op in ("ASSERT", "ASSERT_NOT"):
        return [av[1]]
    if op == "ATOMIC_GROUP":
        return [av]
    return []


def _repeats_more_than_once(av: Any) -> bool:
    """`*`, `+`, `{2,}`, `{1,5}`: a choice of how many, more than one. `?` and `{3}` are not."""
    low, high = av[0], av[1]
    return bool(high != low and high > 1)


def _check(parsed: Any, inside_repeat: bool, counter: list[int]) -> None:
    for op_code, av in parsed:
        op = _name(op_code)
        if op in ("GROUPREF", "GROUPREF_EXISTS", "GROUPREF_IGNORE"):
            raise UsageError("back-references are not supported in --regex patterns")
        if op == "BRANCH" and inside_repeat:
            raise UsageError(
                "--regex refuses a repeated group with alternatives, such as (a|ab)*: "
                "it can take exponential time"
            )
        variable = op in _REPEATS and _repeats_more_than_once(av)
        if variable:
            if inside_repeat:
                raise UsageError(
                    "--regex refuses nested repeats, such as (a+)+: they can take exponential time"
                )
            counter[0] += 1
            if counter[0] > MAX_REPEATS:
                raise UsageError(f"--regex allows at most {MAX_REPEATS} repeats (*, +, {{m,n}})")
        for child in _children(op, av):
            _check(child, inside_repeat or variable, counter)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a user's pattern (case-insensitive) or raise a one-line UsageError."""
    if not pattern:
        raise UsageError("--regex needs a pattern")
    if len(pattern) > MAX_PATTERN:
        raise UsageError(
            f"the --regex pattern is too long ({len(pattern)} characters; at most {MAX_PATTERN})"
        )
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
        parsed = _sre_parser().parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError, ValueError) as exc:
        raise UsageError(f"invalid regular expression '{pattern}': {exc}") from exc
    _check(parsed, False, [0])
    return compiled


def chunks(text: str) -> Iterator[tuple[int, str]]:
    """Sentences of `text` with their offsets, each cut to at most CHUNK characters."""
    pos = 0
    for piece in _SENTENCE_END.split(text):
        start = text.find(piece, pos) if piece else pos
        for k in range(0, max(len(piece), 1), CHUNK):
            yield start + k, piece[k : k + CHUNK]
        pos = start + len(piece)


def find_spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Non-empty matches of the pattern in `text`, chunk by chunk, as (start, end) offsets."""
    if len(text) <= CHUNK and "\n" not in text:  # most fields: no need to cut
        return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    spans = []
    for offset, piece in chunks(text):
        for m in pattern.finditer(piece):
            if m.end() > m.start():
                spans.append((offset + m.start(), offset + m.end()))
    return spans


@contextmanager
def time_limit(seconds: float = TIME_LIMIT) -> Iterator[None]:
    """Stop a search that runs too long (Unix, main thread); elsewhere only the static checks
    and the chunk size protect."""
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def _fire(_signum: int, _frame: Any) -> None:
        raise RegexTimeout()

    previous = signal.signal(signal.SIGALRM, _fire)
    started = time.monotonic()
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except RegexTimeout:
        raise UsageError(f"the --regex pattern took more than {seconds:.2g} s to run; simplify it") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # someone else's timer was running: give it back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))
