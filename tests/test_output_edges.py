"""Edges of the output contract: what reaches a terminal, Markdown that stays text, narrow
terminals, long arguments in messages, exit-1 messages, empty --data and the global --color.
In-process through typer's CliRunner (stdout is not a terminal)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import MINI, Run, invoke


def mini(*args: str, env: dict[str, str] | None = None) -> Run:
    return invoke("--data", str(MINI), *args, env=env)


def variant(tmp_path: Path, old: str, new: str, name: str = "variant.toml") -> Path:
    """MINI with one piece of text replaced (`new` is TOML string content)."""
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# --- control and invisible characters (findings 5 and 23) ---

# C1 CSI, DEL, a right-to-left override and a zero-width space, as TOML escapes.
TRICKY_TOML = r"A war \u009b31m red \u007f del \u202e gpj.exe \u200b zw"
TRICKY = "A war \x9b31m red \x7f del \u202e gpj.exe \u200b zw"
RAW_TRICKS = ("\x9b", "\x7f", "\u202e", "\u200b")


@pytest.fixture
def tricky(tmp_path: Path) -> Path:
    return variant(tmp_path, 'title = "A war"', f'title = "{TRICKY_TOML}"')


def test_json_escapes_c1_controls_del_and_invisible_characters(tricky: Path) -> None:
    run = invoke("--data", str(tricky), "events", "1950", "--json")
    assert run.code == 0, run
    for raw in RAW_TRICKS:
        assert raw not in run.out
    assert "\\u009b31m" in run.out and "\\u202e" in run.out
    assert run.json()[0]["title"] == TRICKY  # the same text once decoded


def test_jsonl_escapes_them_too(tricky: Path) -> None:
    run = invoke("--data", str(tricky), "events", "1950", "--format", "jsonl")
    for raw in RAW_TRICKS:
        assert raw not in run.out
    assert json.loads(run.out)["title"] == TRICKY


@pytest.mark.parametrize("fmt", ["plain", "table", "markdown"])
def test_human_formats_show_invisible_characters(tricky: Path, fmt: str) -> None:
    run = invoke("--data", str(tricky), "events", "1950", "--format", fmt, "--color", "always")
    assert run.code == 0, run
    for raw in RAW_TRICKS:
        assert raw not in run.out, fmt
    assert "u202e" in run.out and "x9b31m" in run.out


def test_csv_in_a_pipe_keeps_the_data_as_it_is(tricky: Path) -> None:
    # CSV has no escapes: only on a terminal are controls shown (see test_console_script).
    run = invoke("--data", str(tricky), "events", "1950", "--format", "csv")
    assert next(csv.DictReader(io.StringIO(run.out)))["title"] == TRICKY


# --- Markdown stays text (finding 6) ---

MARKUP = "*md* <b>html</b> [x](https://evil.example) _u_ `code` ~~gone~~ &amp; a|b \\ back"


def rendered_text(markdown: str) -> tuple[str, str]:
    """(HTML, visible text) as a GitHub-like Markdown renderer produces them."""
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    text = re.sub(r"<[^>]+>", "", html)
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&")):
        text = text.replace(entity, char)
    return html, text


@pytest.mark.parametrize(
    "value",
    [
        MARKUP,
        "# heading",
        "1990. A year, not a list",
        "- not a list",
        "+ nor this",
        "> not a quote",
        "---",
        "2) closing",
        "=",
    ],
)
def test_md_text_renders_as_the_text_itself(value: str) -> None:
    from rnk.render.machine import md_text

    html, text = rendered_text(md_text(value))
    assert text.strip() == value
    assert re.findall(r"<(\w+)", html) == ["p"], html  # one paragraph, no formatting


def test_markdown_table_and_record_keep_data_as_text(tmp_path: Path) -> None:
    escaped_toml = MARKUP.replace("\\", "\\\\")
    data = variant(tmp_path, 'title = "A war"', f'title = "{escaped_toml}"')
    table = invoke("--data", str(data), "events", "1950", "--format", "markdown")
    html, text = rendered_text(table.out)
    assert not re.search(r"<(em|strong|a|b|code|s|del)\b", html), html
    assert MARKUP in text
    record = invoke("--data", str(data), "show", "war-begins", "--format", "markdown")
    html, text = rendered_text(record.out)
    tags = set(re.findall(r"<(\w+)", html))
    assert tags <= {"h2", "ul", "li", "strong", "p"}, html  # the record's own layout only
    assert f"Title: {MARKUP}" in text
    assert text.startswith(f"{MARKUP}\n")  # the heading


# --- colour (finding 7) ---


def test_color_always_colours_even_a_dumb_terminal() -> None:
    run = mini("events", "--color", "always", env={"TERM": "dumb"})
    assert "─" in run.out and "\x1b[" in run.out
    assert "\x1b[" not in mini("events", "--format", "table", env={"TERM": "dumb"}).out


# --- narrow terminals (finding 8) ---


def test_below_50_columns_a_table_is_printed_as_plain_text() -> None:
    narrow = mini("events", "--format", "table", "--color", "always", env={"COLUMNS": "20"})
    plain = mini("events", "--format", "plain")
    assert narrow.out == plain.out
    assert "1950–1953  A war" in narrow.out  # the date whole
    assert "─" in mini("events", "--format", "table", env={"COLUMNS": "50"}).out


def test_narrow_tags_keep_their_words_whole() -> None:
    narrow = mini("tags", "--format", "table", env={"COLUMNS": "40"}).out
    assert narrow == mini("tags", "--format", "plain").out
    assert "turning-point" in narrow


def test_the_timeline_keeps_its_own_narrow_layout() -> None:
    run = mini("timeline", "--format", "table", "--color", "always", env={"COLUMNS": "45"})
    assert run.code == 0 and "\x1b[" in run.out  # drawn by rich, in colour: not the plain fallback


# --- source URLs in `rnk show` (finding 9) ---

LONG_URL = "https://example.org/" + "/".join(f"segment-{i}" for i in range(12)) + "?q=1&r=2"


def test_show_prints_source_urls_whole_and_links_them_only_in_colour(tmp_path: Path) -> None:
    data = variant(tmp_path, 'url = "https://example.org/a"', f'url = "{LONG_URL}"')
    env = {"COLUMNS": "60"}
    plain = invoke(
        "--data", str(data), "show", "war-begins", "--format", "table", "--color", "never", env=env
    )
    assert LONG_URL in plain.out.splitlines()[plain.out.splitlines().index("Sources") + 2].strip()
    assert "\x1b]8;" not in plain.out
    coloured = invoke("--data", str(data), "show", "war-begins", "--color", "always", env=env)
    assert f";{LONG_URL}\x1b\\{LONG_URL}\x1b]8;;\x1b\\" in coloured.out  # an OSC 8 link, whole


def test_a_url_with_controls_is_never_a_link(tmp_path: Path) -> None:
    data = variant(tmp_path, 'url = "https://example.org/a"', r'url = "https://e.example/\u0007x"')
    run = invoke("--data", str(data), "show", "war-begins", "--color", "always")
    assert "\x1b]8;" not in run.out + run.err and "\x07" not in run.out + run.err
    # Since issue 14 validation refuses such an address; the message shows it escaped.
    assert run.code == 3 and "https://e.example/\\x07x" in run.err


# --- long arguments are not echoed whole (finding 13) ---


@pytest.mark.parametrize(
    "args",
    [
        ["events", "--tag", "t" * 100_000],
        ["events", "--era", "e" * 100_000],
        ["events", "1" * 100_000],
        ["events", "--from", "x" * 100_000],
        ["show", "s" * 100_000],
        ["c" * 100_000],
        ["events", "'" * 100_000],
    ],
)
def test_error_messages_quote_at_most_about_100_characters(args: list[str]) -> None:
    run = mini(*args)
    assert run.code in (1, 2), run
    assert run.err.count("\n") == 1
    assert len(run.err) < 400, run.err[:500]


# --- CSV and Markdown cells (finding 14) ---


def test_booleans_read_as_in_json() -> None:
    rows = list(csv.DictReader(io.StringIO(mini("timeline", "--format", "csv").out)))
    assert [r["turning_point"] for r in rows] == ["true", "false", "false"]
    markdown = mini("timeline", "--format", "markdown").out
    assert "| true |" in markdown and "True" not in markdown and "False" not in markdown


# --- exit 1 (finding 15 and the JSON-on-no-match rule) ---


def test_nothing_matched_is_a_plain_note_not_an_error() -> None:
    run = mini("events", "1954")
    assert (run.code, run.out, run.err) == (1, "", "rnk: no events match\n")
    show = mini("show", "no-such-event")
    assert show.code == 1 and show.err.startswith("rnk: no event 'no-such-event'")


@pytest.mark.parametrize(("fmt", "printed"), [("json", "[]\n"), ("jsonl", ""), ("csv", None)])
def test_a_list_with_no_match_still_prints_its_machine_form(fmt: str, printed: str | None) -> None:
    run = mini("events", "1954", "--format", fmt)
    assert run.code == 1 and run.err == "rnk: no events match\n"
    if printed is None:  # csv: the header row
        assert run.out.startswith("id,start,end,")
    else:
        assert run.out == printed


# --- --data (finding 17) ---


@pytest.mark.parametrize("args", [["--data", "", "events"], ["--data", ":", "events"], ["validate", ""]])
def test_an_empty_data_path_is_a_usage_error(args: list[str]) -> None:
    run = invoke(*args)
    assert run.code == 2, run
    assert run.err.startswith("rnk: error: empty data path")


def test_an_empty_rnk_data_is_ignored() -> None:
    run = invoke("events", "1950", "--json", env={"RNK_DATA": ""})
    assert run.code == 0 and run.json()


# --- --version (finding 20) ---


def test_version_is_printed_whatever_the_data(tmp_path: Path) -> None:
    run = invoke("--version", env={"RNK_DATA": str(tmp_path / "missing")})
    assert run.code == 0
    assert re.match(r"rnk \d+\.\d+", run.out)
    assert run.err.startswith("rnk: note: the data cannot be used: ")


# --- the global --color (finding 21) ---


def test_global_color_is_the_default_of_every_command() -> None:
    never = mini("--color", "never", "events", "--format", "table")
    assert never.code == 0 and "─" in never.out and "\x1b[" not in never.out
    always = mini("--color", "always", "events")
    assert "─" in always.out and "\x1b[" in always.out  # as with `events --color always`
    assert "\x1b[" in mini("--color", "always", "tags").out


def test_a_commands_own_color_wins_over_the_global_one() -> None:
    run = mini("--color", "always", "events", "--format", "table", "--color", "never")
    assert "\x1b[" not in run.out
    run = mini("--color", "never", "events", "--color", "always")
    assert "\x1b[" in run.out


def test_global_color_does_not_outlive_its_run() -> None:
    mini("--color", "always", "events")
    assert mini("events").out == mini("events", "--format", "plain").out


def test_a_bad_global_color_is_a_usage_error() -> None:
    run = mini("--color", "sometimes", "events")
    assert run.code == 2 and "Invalid value for '--color': 'sometimes'" in run.err


# --- help text (finding 16) ---


def test_help_says_what_the_default_format_is() -> None:
    from typer.main import get_command

    from rnk.cli import app

    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            if "--format" in param.opts and name != "cite":  # cite's formats are citation formats
                assert "plain in a pipe" not in param.help, name
                assert "(or with --color always / FORCE_COLOR), plain text otherwise" in param.help, name
