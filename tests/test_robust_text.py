"""Text hygiene (issue 14 §4): invisible characters shown as escapes in every format, an SVG
that stays well-formed, addresses checked strictly."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnk.core.rules import Invalid, _url
from rnk.render.machine import dumps, md_text
from rnk.render.sanitize import clean, one_line

from conftest import MINI, invoke

HIDDEN = {
    "tag block": "\U000e0001\U000e0041\U000e007f",
    "soft hyphen": "\u00ad",
    "Hangul fillers": "\u115f\u1160\u3164\uffa0",
    "interlinear annotation": "\ufff9\ufffa\ufffb",
    "combining grapheme joiner": "\u034f",
    "noncharacters": "\ufffe\uffff\ufdd0",
}
ALL_HIDDEN = "".join(HIDDEN.values())


def _toml_escape(text: str) -> str:
    return "".join(f"\\U{ord(c):08x}" for c in text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini chronology with every hidden character (and U+2028) in a title, a person and a note."""
    chars = _toml_escape(ALL_HIDDEN + "\u2028")
    text = MINI.read_text(encoding="utf-8")
    text = text.replace('title = "A war"', f'title = "A {chars} war"')
    text = text.replace('people = ["Kim Il Sung"]', f'people = ["Kim {chars} Il Sung"]')
    text = text.replace('summary = "A war happens."', f'summary = "A war{chars} happens."')
    path = tmp_path_factory.mktemp("hygiene") / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    return path


COMMANDS = [
    ["events"],
    ["events", "--format", "table"],
    ["events", "--format", "markdown"],
    ["events", "--color", "always"],
    ["show", "war-begins"],
    ["show", "war-begins", "--format", "markdown"],
    ["show", "war-begins", "--color", "always"],
    ["people"],
    ["people", "--format", "markdown"],
    ["search", "war"],
    ["search", "war", "--color", "always"],
    ["timeline", "--width", "100"],
    ["summary"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_hidden_characters_are_shown_as_escapes(hostile: Path, args: list[str]) -> None:
    run = invoke("--data", str(hostile), *args)
    assert run.code == 0, run
    left = sorted({f"U+{ord(c):04X}" for c in run.out if c in ALL_HIDDEN})
    assert not left, left
    if "markdown" in args:
        assert "\u2028" not in run.out


@pytest.mark.parametrize(
    "args", [["events", "--json"], ["show", "war-begins", "--json"], ["events", "--format", "jsonl"]]
)
def test_json_escapes_them_and_decodes_to_the_data(hostile: Path, args: list[str]) -> None:
    run = invoke("--data", str(hostile), *args)
    assert not {c for c in run.out if c in ALL_HIDDEN + "\u2028"}
    first = json.loads(run.out.splitlines()[0]) if "jsonl" in args else run.json()
    record = first[0] if isinstance(first, list) else first
    assert ALL_HIDDEN in record["title"]  # the machine contract keeps the text as it is


def test_the_svg_stays_well_formed_xml(hostile: Path, tmp_path: Path) -> None:
    svg, html = tmp_path / "t.svg", tmp_path / "t.html"
    run = invoke("--data", str(hostile), "timeline", "--svg", str(svg), "--html", str(html))
    assert run.code == 0, run
    text = svg.read_text(encoding="utf-8")
    ET.fromstring(text)  # U+FFFE is not an XML character: it made the file unreadable
    for out in (text, html.read_text(encoding="utf-8")):
        assert not {c for c in out if c in ALL_HIDDEN}


SAMPLE = st.text(alphabet=st.sampled_from([*ALL_HIDDEN, "\u2028", "\u2029", "a", " ", "\x1b", "\n", "é"]))


@given(SAMPLE)
def test_clean_leaves_none_of_them(text: str) -> None:
    assert not {c for c in clean(text) if c in ALL_HIDDEN + "\x1b"}
    assert not {c for c in md_text(one_line(text)) if c in ALL_HIDDEN + "\u2028\u2029"}


@given(st.lists(SAMPLE, max_size=3))
def test_json_round_trips_and_shows_none_of_them(texts: list[str]) -> None:
    out = dumps(texts)
    assert json.loads(out) == texts
    assert not {c for c in out if c in ALL_HIDDEN + "\u2028\u2029"}


def test_characters_beyond_the_bmp_get_a_long_escape() -> None:
    assert clean("a\U000e0041b") == "a\\U000e0041b"
    assert dumps("\U000e0041") == '"\\udb40\\udc41"'


# --- addresses ---


@pytest.mark.parametrize(
    "url",
    ["http://", "https://", "http:///path", "http://?q", "https://example.org/\x1b[2J", "https://ex\u202eample.org",
     "https://example.org/\x85a", "https://example.org/a\u200bb", "ftp://example.org", "https://exa mple.org"],
)  # fmt: skip
def test_bad_addresses_are_refused(url: str) -> None:
    with pytest.raises(Invalid):
        _url(url)


@pytest.mark.parametrize("url", ["HTTPS://example.org", "Http://example.org/a?b#c", "https://example.org"])
def test_schemes_in_any_case_are_accepted(url: str) -> None:
    assert _url(url) == url


def test_validate_reports_an_address_with_a_control_character(tmp_path: Path) -> None:
    data = tmp_path / "mini.toml"
    text = MINI.read_text(encoding="utf-8").replace(
        'url = "https://example.org/a"', 'url = "https://example.org/\\u0007a"'
    )
    data.write_text(text, encoding="utf-8")
    run = invoke("validate", str(data))
    assert run.code == 3
    assert "is not an http:// or https:// address" in run.out and "\x07" not in run.out
