"""Where things are in TOML text: the line and column of every table, key and array item.

tomli gives no positions, so a problem found after parsing is located by scanning the text once
more, in every shape TOML allows. The scan is iterative, never raises (on text that is not TOML
it keeps what it found before it got lost), stops past tomli's limits and keeps paths short, so
hostile nesting or dotted keys cost time and memory linear in the text. Paths name values as the
parsed document does: `("events", 3, "tags", 1)` is the second tag of the fourth `[[events]]`.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

Path = tuple[str | int, ...]
Spot = tuple[int, int]  # (line, column), both counted from 1

# tomli refuses arrays and inline tables nested deeper than this, and dotted keys of more parts.
NESTING_LIMIT = 400
KEY_PARTS_LIMIT = 1000
# Paths are kept to this many parts: a deeper value is located by its enclosing path of this
# depth. Every path is a tuple and every prefix of a dotted key is recorded, so without a bound
# hostile nesting or a 50,000-part key would cost time and memory quadratic in the text's size.
MAX_PATH_PARTS = 32

_BLANK = re.compile(r"[ \t]*")
_BLANK_LINES = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_REST_OF_LINE = re.compile(r"[^\n]*\n?")
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_KEY_PART = re.compile(rf"[A-Za-z0-9_-]+|{_BASIC}|{_LITERAL}")
_KEY_STEP = re.compile(rf"[ \t]*\.[ \t]*(?:{_KEY_PART.pattern})")
# Multi-line strings are written without nested repetition so they match in linear time; up to
# two quotes right before the closing three belong to the string.
_ML_BASIC = r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""' + '"{0,2}'
_ML_LITERAL = r"'''[^']*(?:'(?!'')[^']*)*'''" + "'{0,2}"
_STRING = re.compile("|".join((_ML_BASIC, _ML_LITERAL, _BASIC, _LITERAL)))
_SCALAR = re.compile(r"[^,\]}\r\n#]*")


@dataclass
class Positions:
    """The first place each path is defined, plus where nesting or keys grow deepest."""

    spots: dict[Path, Spot] = field(default_factory=dict)
    # nesting depth of arrays/inline tables, where; the scan stops past NESTING_LIMIT
    deepest: tuple[int, Spot] = (0, (1, 1))
    longest_key: tuple[int, Spot] = (0, (1, 1))  # parts in a dotted key, where

    def line(self, path: Path) -> int | None:
        """The line of `path`, else of the nearest enclosing path that was found."""
        while path:
            if path in self.spots:
                return self.spots[path][0]
            path = path[:-1]
        return None


@lru_cache(maxsize=16)
def positions(text: str) -> Positions:
    """Scan `text` once (cached: a file with many problems is scanned only once)."""
    scanner = _Scanner(text)
    with contextlib.suppress(_Lost):
        scanner.document()
    return scanner.found


class _Lost(Exception):
    """The text stopped looking like TOML: keep what was found so far."""


class _Frame:
    __slots__ = ("index", "is_array", "path")

    def __init__(self, path: Path, is_array: bool) -> None:
        self.path = path
        self.is_array = is_array
        self.index = 0


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.found = Positions()
        self.array_tables: dict[Path, int] = {}  # [[x]] path -> index of its last element
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def spot(self, pos: int) -> Spot:
        line = bisect_right(self.line_starts, pos)
        return line, pos - self.line_starts[line - 1] + 1

    def mark(self, path: Path, pos: int) -> None:
        """Mark a path and every enclosing path not seen before (a dotted key defines them all)."""
        for end in range(1, min(len(path), MAX_PATH_PARTS) + 1):
            if path[:end] not in self.found.spots:
                self.found.spots[path[:end]] = self.spot(pos)

    def skip(self, pattern: re.Pattern[str]) -> None:
        match = pattern.match(self.text, self.pos)
        if match:
            self.pos = match.end()

    def peek(self, count: int = 1) -> str:
        return self.text[self.pos : self.pos + count]

    def expect(self, token: str) -> None:
        self.skip(_BLANK)
        if not self.text.startswith(token, self.pos):
            raise _Lost()
        self.pos += len(token)

    def key(self) -> tuple[str, ...]:
        start = self.pos
        parts: list[str] = []
        while True:
            self.skip(_BLANK)
            match = _KEY_PART.match(self.text, self.pos)
            if not match:
                raise _Lost()
            parts.append(_unquote(match.group()))
            self.pos = match.end()
            if len(parts) > KEY_PARTS_LIMIT:
                # tomli refuses the key: count the rest of its parts at regex speed, and stop.
                count = len(parts)
                for step in _KEY_STEP.finditer(self.text, self.pos):
                    if step.start() != self.pos:
                        break
                    count, self.pos = count + 1, step.end()
                if count > self.found.longest_key[0]:
                    self.found.longest_key = (count, self.spot(start))
                raise _Lost()
            self.skip(_BLANK)
            if self.peek() != ".":
                break
            self.pos += 1
        if len(parts) > self.found.longest_key[0]:
            self.found.longest_key = (len(parts), self.spot(start))
        return tuple(parts[:MAX_PATH_PARTS])

    def resolve(self, keys: tuple[str, ...]) -> Path:
        """A header's keys as a path: a name that is an array of tables means its last element."""
        path: Path = ()
        for k in keys:
            path += (k,)
            if path in self.array_tables:
                path += (self.array_tables[path],)
        return path

    def document(self) -> None:
        table: Path = ()
        while True:
            self.skip(_BLANK_LINES)
            if self.pos >= len(self.text):
                return
            start = self.pos
            if self.peek(2) == "[[":
                self.pos += 2
                table = self.array_header(self.key(), start)
                self.expect("]]")
            elif self.peek() == "[":
                self.pos += 1
                table = self.resolve(self.key())
                self.mark(table, start)
                self.expect("]")
            else:
                path = table + self.key()
                self.mark(path, start)
                self.expect("=")
                self.value(path)
            self.skip(_REST_OF_LINE)

    def array_header(self, keys: tuple[str, ...], start: int) -> Path:
        array = (*self.resolve(keys[:-1]), keys[-1])
        index = self.array_tables.get(array, -1) + 1
        self.array_tables[array] = index
        self.mark((*array, index), start)
        return (*array, index)

    def value(self, path: Path | None) -> None:
        """Skip a value, marking each item and key in it (the arrays and inline tables it opens
        are walked with a stack, not recursion)."""
        stack: list[_Frame] = []
        while path is not None:
            self.skip(_BLANK_LINES if stack else _BLANK)
            self.mark(path, self.pos)
            char = self.peek()
            if char in ("[", "{"):
                stack.append(_Frame(path, is_array=char == "["))
                if len(stack) > self.found.deepest[0]:
                    self.found.deepest = (len(stack), self.spot(self.pos))
                if len(stack) > NESTING_LIMIT:
                    raise _Lost()  # tomli refuses it: stop here rather than scan all the way down
                self.pos += 1
                self.skip(_BLANK_LINES)
                if self.peek() not in ("]", "}"):  # else empty: `close` consumes the bracket
                    path = self.member(stack[-1])
                    continue
            elif char in ('"', "'"):
                match = _STRING.match(self.text, self.pos)
                if not match:
                    raise _Lost()
                self.pos = match.end()
            else:
                self.skip(_SCALAR)
            path = self.close(stack)

    def member(self, frame: _Frame) -> Path:
        """The path of the next member of an open array or inline table."""
        if frame.is_array:
            return (*frame.path, frame.index)[:MAX_PATH_PARTS]
        start = self.pos
        path = (frame.path + self.key())[:MAX_PATH_PARTS]
        self.mark(path, start)
        self.expect("=")
        return path

    def close(self, stack: list[_Frame]) -> Path | None:
        """After a value: close finished containers; return the next member's path, or None."""
        while stack:
            self.skip(_BLANK_LINES)
            frame = stack[-1]
            char = self.peek()
            if char == ",":
                self.pos += 1
                self.skip(_BLANK_LINES)
                if self.peek() in ("]", "}"):
                    continue  # a trailing comma
                frame.index += 1
                return self.member(frame)
            if char == ("]" if frame.is_array else "}"):
                self.pos += 1
                stack.pop()
                continue
            raise _Lost()
        return None


def _unquote(key: str) -> str:
    if key[0] not in "'\"":
        return key
    if key[0] == "'" or "\\" not in key:
        return key[1:-1]
    import tomli  # escapes in a quoted key are rare: let the real parser decode them

    try:
        return str(tomli.loads(f"k = {key}")["k"])
    except tomli.TOMLDecodeError:
        return key[1:-1]
