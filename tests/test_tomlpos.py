"""The line-locating scanner (rnk.core.tomlpos): every path of a document is found on the right line.

The main test writes random documents in every shape TOML allows ([table] and [[array]] headers,
dotted keys, inline tables, arrays over several lines, the four kinds of string holding text that
looks like headers or keys, comments), recording the line each path is written on, and checks
the scanner finds each one there. tomli checks that the writer wrote what it meant.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnk.core.loader import bundled_path
from rnk.core.tomlpos import positions

from conftest import UNICODE

BARE = re.compile(r"\A[A-Za-z0-9_-]+\Z")

# Keys and strings are drawn to confuse a line-based reader: brackets, '=', '#', quotes, newlines.
KEY = st.sampled_from(
    ["id", "title", "events", "tags", "meta", "a-b", "x_1", "7", "with space", "dot.ted",
     'quo"te', "back\\slash", "tab\tkey", "é", "[[events]]", "k=v", "#c", ""]
)  # fmt: skip
PIECE = st.sampled_from([*"ab [].=#\"'\\\n\tx", "é", "\x1b", "[[events]]", "title = ", "'''", '"""'])
TEXT = st.lists(PIECE, max_size=12).map("".join)
SCALAR = st.one_of(
    TEXT,
    st.integers(-(2**40), 2**40),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(min_value=dt.datetime(1000, 1, 1)).map(lambda d: d.replace(microsecond=0)),
)


def documents() -> st.SearchStrategy[dict[str, Any]]:
    values = st.recursive(
        SCALAR,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(KEY, inner, max_size=4),
        ),
        max_leaves=12,
    )
    return st.dictionaries(KEY, values, max_size=6)


class Writer:
    """Writes a document as TOML in styles drawn at random; remembers each path's line."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.parts: list[str] = []
        self.line = 1
        self.expected: dict[tuple[str | int, ...], int] = {}

    def emit(self, text: str) -> None:
        self.parts.append(text)
        self.line += text.count("\n")

    def expect(self, path: tuple[str | int, ...]) -> None:
        self.expected.setdefault(path, self.line)

    def text(self) -> str:
        return "".join(self.parts)

    # --- keys and scalars ---

    def key(self, k: str) -> str:
        if BARE.match(k) and self.draw(st.booleans()):
            return k
        if "'" not in k and not any(c in k for c in "\n\t\\") and self.draw(st.booleans()):
            return f"'{k}'"
        return json.dumps(k, ensure_ascii=False)

    def string(self, s: str) -> str:
        styles = ["basic"]
        if not any(c in s for c in "'\n\x1b\r"):
            styles.append("literal")
        styles.append("ml-basic")
        if "'''" not in s and not s.endswith("'") and not any(c in s for c in "\x1b\r"):
            styles.append("ml-literal")
        style = self.draw(st.sampled_from(styles))
        if style == "basic":
            return json.dumps(s, ensure_ascii=False)
        if style == "literal":
            return f"'{s}'"
        if style == "ml-literal":
            return f"'''\n{s}'''"  # the newline right after the opening quotes is not content
        escaped = s.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\u001b")
        return f'"""\n{escaped}"""'

    def scalar(self, v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return self.string(v)
        if isinstance(v, dt.datetime):
            return v.isoformat(sep=self.draw(st.sampled_from(["T", " "])))
        if isinstance(v, dt.date):
            return v.isoformat()
        return str(v)

    # --- values: scalars, arrays over lines, inline tables ---

    def value(self, v: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(v, list):
            self.array(v, path)
        elif isinstance(v, dict):
            self.inline_table(v, path)
        else:
            self.emit(self.scalar(v))

    def array(self, items: list[Any], path: tuple[str | int, ...]) -> None:
        self.emit("[")
        for i, item in enumerate(items):
            if self.draw(st.booleans()):
                self.emit("\n  ")
                if self.draw(st.booleans()):
                    self.emit('# [[events]] title = "not a key"\n  ')
            self.expect((*path, i))
            self.value(item, (*path, i))
            if i < len(items) - 1 or self.draw(st.booleans()):
                self.emit(", ")
        if items and self.draw(st.booleans()):
            self.emit("\n")
        self.emit("]")

    def inline_table(self, table: dict[str, Any], path: tuple[str | int, ...]) -> None:
        self.emit("{ ")
        for i, (k, v) in enumerate(table.items()):
            self.expect((*path, k))
            self.emit(f"{self.key(k)} = ")
            self.value(v, (*path, k))
            if i < len(table) - 1:
                self.emit(", ")
        self.emit(" }")

    # --- statements: key = value lines, dotted keys, [table] and [[array]] sections ---

    def is_array_of_tables(self, v: Any) -> bool:
        return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)

    def section(self, table: dict[str, Any], path: tuple[str | int, ...], header: list[str]) -> None:
        """The body of a table: key/value lines first, then sub-tables under their own headers."""
        later = []
        for k, v in table.items():
            style = "line"
            if isinstance(v, dict):
                style = self.draw(st.sampled_from(["line", "header", "dotted"] if v else ["line", "header"]))
            elif self.is_array_of_tables(v):
                style = self.draw(st.sampled_from(["line", "header"]))
            if style == "header":
                later.append((k, v))
            elif style == "dotted":
                self.dotted([self.key(k)], v, (*path, k))
            else:
                self.expect((*path, k))
                self.emit(f"{self.key(k)} = ")
                self.value(v, (*path, k))
                self.emit("\n")
        for k, v in later:
            keys = [*header, self.key(k)]
            if isinstance(v, dict):
                self.emit("\n")
                self.expect((*path, k))
                self.emit(f"[{self.draw(st.sampled_from(['.', ' . ', '. '])).join(keys)}]")
                self.emit(self.draw(st.sampled_from(["\n", "  # [x]\n"])))
                self.section(v, (*path, k), keys)
            else:
                for i, element in enumerate(v):
                    self.emit("\n")
                    self.expect((*path, k))
                    self.expect((*path, k, i))
                    self.emit(f"[[{'.'.join(keys)}]]\n")
                    self.section(element, (*path, k, i), keys)

    def dotted(self, keys: list[str], table: dict[str, Any], path: tuple[str | int, ...]) -> None:
        self.expect(path)  # defined by the first dotted key that names it
        for k, v in table.items():
            if isinstance(v, dict) and v:
                self.dotted([*keys, self.key(k)], v, (*path, k))
                continue
            self.expect((*path, k))
            self.emit(f"{'.'.join([*keys, self.key(k)])} = ")
            self.value(v, (*path, k))
            self.emit("\n")


@st.composite
def written(draw: st.DrawFn) -> tuple[dict[str, Any], str, dict[tuple[str | int, ...], int]]:
    doc = draw(documents())
    writer = Writer(draw)
    if draw(st.booleans()):
        writer.emit("# a comment: [meta] x = 1\n\n")
    writer.section(doc, (), [])
    return doc, writer.text(), writer.expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written())
def test_every_path_is_found_on_the_line_it_was_written(case: Any) -> None:
    doc, text, expected = case
    assert tomli.loads(text) == doc, "the test's writer wrote something else than it meant"
    found = positions(text)
    wrong = {
        path: (line, found.spots.get(path, (None,))[0])
        for path, line in expected.items()
        if found.spots.get(path, (None,))[0] != line
    }
    assert not wrong, f"expected vs found lines: {wrong}\n{text}"


@settings(max_examples=200, deadline=None)
@given(st.text(UNICODE, max_size=200))
def test_never_raises_on_any_text(text: str) -> None:
    found = positions(text)
    for line, column in found.spots.values():
        assert 1 <= line <= text.count("\n") + 1
        assert column >= 1


EXAMPLE = '''\
# [[events]] in a comment is not a header
[meta]
title = "A"
as_of = "2020"

[sources.ap-1]
publisher = "AP"
"title" = 'x'

[sources."quoted-id"]
publisher = "Q"

[tags]
war = "War"
"turning-point" = "TP"

[[events]]
id = "one"
summary = """
[[events]]
title = "inside a string"
"""
tags = [
  "war",
  # a comment between items
  "turning-point",
]

[[events]]
id = "two"
sources = { a = 1,
  b = 2 }

[[events]]
id = "three"
'''


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("meta",), 2),
        (("meta", "as_of"), 4),
        (("sources", "ap-1"), 6),
        (("sources", "ap-1", "title"), 8),
        (("sources", "quoted-id"), 10),
        (("tags", "war"), 14),
        (("tags", "turning-point"), 15),
        (("events", 0), 17),
        (("events", 0, "summary"), 19),
        (("events", 0, "tags"), 23),
        (("events", 0, "tags", 0), 24),
        (("events", 0, "tags", 1), 26),
        (("events", 1), 29),
        (("events", 1, "sources", "b"), 32),
        (("events", 2), 34),
        (("events", 2, "id"), 35),
    ],
)
def test_the_shapes_of_the_data_format(path: tuple[str | int, ...], line: int) -> None:
    assert positions(EXAMPLE).line(path) == line


def test_a_missing_path_falls_back_to_its_record() -> None:
    # A field that is not in the text (a missing required field) is reported at its record.
    assert positions(EXAMPLE).line(("events", 2, "title")) == 34
    assert positions(EXAMPLE).line(("nothing",)) is None


def test_deep_nesting_is_scanned_without_recursion() -> None:
    text = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    found = positions(text)
    assert found.deepest[0] == 401  # the scan stops past tomli's limit (see test_robust_scaling.py)
    assert found.deepest[1] == (1, 4 + 401)


def _bundled_files() -> list[Path]:
    return sorted(bundled_path().glob("*.toml"))


def _paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [path] if path else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


@pytest.mark.parametrize("data_file", _bundled_files(), ids=lambda p: p.name)
def test_every_path_of_the_bundled_data_is_found_where_its_key_is(data_file: Path) -> None:
    text = data_file.read_text(encoding="utf-8")
    found = positions(text)
    lines = text.splitlines()
    for path in _paths(tomli.loads(text)):
        assert path in found.spots, path
        last_key = next((p for p in reversed(path) if isinstance(p, str)), None)
        line = lines[found.spots[path][0] - 1]
        if isinstance(path[-1], str) and last_key is not None:
            assert last_key in line, (path, line)
