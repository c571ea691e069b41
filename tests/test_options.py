"""Choices and ranges are click's to check (rnk.options); the modules that act on a choice keep a
table of their own. These must agree, or a value click accepts would fail further in."""

from __future__ import annotations

from typing import get_args

import pytest

from rnk import options
from rnk.core.schema import SCHEMAS
from rnk.query.search import kinds_for
from rnk.render import cite
from rnk.render.timeline_export import THEMES
from rnk.render.view import COLOR_MODES, FORMATS, ColorMode, Format


@pytest.mark.parametrize(
    ("choice", "table"),
    [
        (options.CiteFormatChoice, cite.FORMATS),
        (options.ThemeChoice, THEMES),
        (options.SchemaChoice, SCHEMAS),
        (Format, FORMATS),
        (ColorMode, COLOR_MODES),
    ],
)
def test_each_choice_is_what_its_module_knows(choice: object, table: object) -> None:
    assert set(get_args(choice)) == set(table)  # type: ignore[call-overload]


def test_every_in_choice_names_kinds_of_record() -> None:
    assert all(kinds_for(what) for what in get_args(options.InChoice))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "--limit", "0"], "Invalid value for '--limit' / '-n': 0 is not in the range x>=1."),
        (["events", "--format", "xml"], "Invalid value for '--format' / '-f': 'xml' is not one of"),
        (["search", "x", "--in", "foo"], "Invalid value for '--in': 'foo' is not one of"),
        (["on", "--days", "184"], "184 is not in the range 0<=x<=183."),
        (["timeline", "--width", "39"], "39 is not in the range 40<=x<=1000."),
        (["timeline", "--theme", "blue"], "'blue' is not one of 'light', 'dark'."),
        (["schema", "nope"], "'nope' is not one of 'data', 'output'."),
        (["cite", "x", "-f", "y"], "'y' is not one of 'text', 'bibtex', 'csl-json', 'ris'."),
        (["--color", "blue", "events"], "'blue' is not one of 'auto', 'always', 'never'."),
    ],
)
def test_a_bad_choice_is_one_usage_line(args: list[str], message: str) -> None:
    from conftest import invoke

    run = invoke(*args)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("rnk: error: ") and message in run.err and run.err.count("\n") == 1
