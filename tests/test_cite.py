"""Citations: every format is read back by a real parser of that format."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
import rispy
from hypothesis import given, settings
from hypothesis import strategies as st

from rnk.core.model import Source
from rnk.core.store import load
from rnk.query.filters import sources_of
from rnk.render import cite
from rnk.render.sanitize import clean

from conftest import FIXTURES, console_script

HOSTILE = FIXTURES / "hostile.toml"

CHECKED = "2026-03-16"
SOURCES = [
    Source("ap-2024-06-19", "Associated Press", "Putin & Kim sign a pact {100%} on $_#^~", "https://apnews.com/x", "2024-06-19"),
    Source("kcna-2023", "KCNA Watch", "[Kim arrives in Russia]", "https://kcnawatch.org/a?b=1&c=%20", "2023-09"),
    Source("britannica", "Encyclopaedia Britannica", "Kim Il-sung", "https://www.britannica.com/k"),
]  # fmt: skip
CITES = cite.citations(SOURCES, CHECKED)


def test_bibtex_reads_back_with_bibtexparser() -> None:
    library = bibtexparser.parse_string(cite.bibtex(CITES))
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    assert list(entries) == [c.key for c in CITES]
    first = entries["ap-2024-06-19"]
    assert first.entry_type == "online"
    assert first["organization"] == "Associated Press"
    assert first["date"] == "2024-06-19" and first["urldate"] == CHECKED
    assert first["url"] == "https://apnews.com/x"
    assert "date" not in entries["britannica"].fields_dict  # an undated page has no date


def test_bibtex_escapes_what_latex_would_read_as_commands() -> None:
    out = cite.bibtex(CITES[:1])
    assert r"Putin \& Kim sign a pact \{100\%\} on \$\_\#\textasciicircum{}\textasciitilde{}" in out


def test_ris_reads_back_with_rispy() -> None:
    records = rispy.loads(cite.ris(CITES))
    assert [r["id"] for r in records] == [c.key for c in CITES]
    first = records[0]
    assert first["type_of_reference"] == "ELEC"
    assert first["title"] == SOURCES[0].title
    assert first["publisher"] == "Associated Press"
    assert first["date"] == "2024/06/19/" and first["year"] == "2024"
    assert first["urls"] == ["https://apnews.com/x"]
    assert first["access_date"] == "2026/03/16/"
    assert records[1]["date"] == "2023/09//"
    assert "date" not in records[2] and "year" not in records[2]


def test_csl_json_renders_with_citeproc() -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(cite.csl_json(CITES))
    assert items[0]["issued"] == {"date-parts": [[2024, 6, 19]]}
    assert items[0]["accessed"] == {"date-parts": [[2026, 3, 16]]}
    assert "issued" not in items[2]
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for c in CITES:
        bibliography.register(Citation([CitationItem(c.key)]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == 3
    assert any("Kim arrives in Russia" in r and "kcnawatch.org" in r for r in rendered)


def test_text_is_one_reference_a_line_in_the_documented_style() -> None:
    lines = cite.text(CITES).splitlines()
    assert lines[0] == (
        "Associated Press. \u201cPutin & Kim sign a pact {100%} on $_#^~.\u201d 19 June 2024. "
        "https://apnews.com/x (checked 16 March 2026)."
    )
    assert lines[1].startswith("KCNA Watch. [Kim arrives in Russia] September 2023. ")
    assert "n.d." in lines[2]


def test_sources_of_events_and_faq_entries_in_order_each_once() -> None:
    chron = load()
    entry = chron.faq[0]
    sources, unknown = sources_of(chron, [chron.events[0].id, entry.id, chron.events[0].id, "no-such-id"])
    ids = [s.id for s in sources]
    assert ids[: len(chron.events[0].sources)] == list(chron.events[0].sources)
    assert len(ids) == len(set(ids))
    for eid in entry.events:
        assert set(chron.event(eid).sources) <= set(ids)  # type: ignore[union-attr]
    assert unknown == ["no-such-id"]


text_st = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=150, deadline=None)
@given(title=text_st, publisher=text_st)
def test_any_title_or_publisher_keeps_every_format_parseable(title: str, publisher: str) -> None:
    cites = cite.citations([Source("k", publisher, title, "https://example.org/a", "2020-01-02")], CHECKED)
    library = bibtexparser.parse_string(cite.bibtex(cites))
    assert not library.failed_blocks and [e.key for e in library.entries] == ["k"]
    (record,) = rispy.loads(cite.ris(cites))
    assert record["title"] == clean(" ".join(title.split()))  # invisible characters shown as \u200b
    assert json.loads(cite.csl_json(cites))[0]["title"] == " ".join(title.split())
    assert len(cite.text(cites).splitlines()) == 1


@pytest.mark.parametrize("fmt", cite.FORMATS)
def test_no_citations_is_empty_output(fmt: str) -> None:
    assert cite.WRITERS[fmt]([]).strip() in ("", "[]")


# --- rnk cite, through the CLI ---------------------------------------------------------------


def test_cite_prints_the_sources_of_events_and_faq_entries_as_text(rnk: Any) -> None:
    chron = load()
    run = rnk("cite", "treaty-2024-signed")
    assert run.code == 0 and run.err == ""
    event = chron.event("treaty-2024-signed")
    assert event is not None
    lines = run.out.splitlines()
    assert len(lines) == len(event.sources)
    first = chron.sources[event.sources[0]]
    assert lines[0].startswith(f"{first.publisher}. ") and first.url in lines[0]
    assert lines[0].endswith("(checked March 2026).")


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json"])
def test_cite_formats_read_back_with_their_parsers(rnk: Any, fmt: str) -> None:
    run = rnk("cite", "korean-war", "treaty-2024", "--format", fmt)
    assert run.code == 0, run
    sources, _ = sources_of(load(), ["korean-war", "treaty-2024"])
    keys = [s.id for s in sources]
    if fmt == "bibtex":
        library = bibtexparser.parse_string(run.out)
        assert not library.failed_blocks and [e.key for e in library.entries] == keys
        assert all(e["urldate"] == "2026-03" for e in library.entries)
    elif fmt == "ris":
        assert [r["id"] for r in rispy.loads(run.out)] == keys
    else:
        assert [i["id"] for i in json.loads(run.out)] == keys


def test_cite_json_is_csl_json(rnk: Any) -> None:
    assert rnk("cite", "korean-war", "--json").out == rnk("cite", "korean-war", "--format", "csl-json").out
    run = rnk("cite", "korean-war", "--json", "--format", "ris")
    assert run.code == 2 and run.err == "rnk: error: --json conflicts with --format ris\n"
    run = rnk("cite", "korean-war", "--format", "apa")
    assert run.code == 2 and "is not one of 'text', 'bibtex', 'csl-json', 'ris'" in run.err


def test_cite_unknown_ids_are_named_on_stderr_and_the_known_still_printed(rnk: Any) -> None:
    run = rnk("cite", "nope-1", "korean-war", "nope-2")
    assert run.code == 1
    assert run.out == rnk("cite", "korean-war").out
    assert run.err.splitlines() == [
        "rnk: unknown id 'nope-1' (not an event or FAQ entry)",
        "rnk: unknown id 'nope-2' (not an event or FAQ entry)",
    ]
    run = rnk("cite", "nope", "--json")
    assert run.code == 1 and json.loads(run.out) == []


def test_cite_reads_ids_from_stdin(rnk: Any) -> None:
    want = rnk("cite", "korean-war", "treaty-2024-signed", "--format", "ris").out
    assert rnk("cite", "--format", "ris", stdin="korean-war\ntreaty-2024-signed\n").out == want
    assert rnk("cite", "-", "--format", "ris", stdin="korean-war treaty-2024-signed").out == want
    assert rnk("cite", "korean-war", "-", "--format", "ris", stdin="treaty-2024-signed\n").out == want
    run = rnk("cite", stdin="")
    assert run.code == 2 and run.err.startswith("rnk: error: give event or FAQ ids")


@pytest.mark.parametrize("fmt", ["text", "bibtex", "ris"])
def test_cite_shows_control_characters_instead_of_writing_them(rnk: Any, fmt: str) -> None:
    run = rnk("--data", str(HOSTILE), "cite", "hostile-event", "--format", fmt)
    assert run.code == 0 and "HOSTILE-" in run.out
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", run.out), run.out


def test_the_search_to_cite_pipeline_in_a_real_shell(tmp_path: Path) -> None:
    rnk_bin = console_script()
    assert shutil.which("jq"), "the README's pipeline needs jq"
    for tail in (f"xargs {rnk_bin} cite --format bibtex", f"{rnk_bin} cite - --format bibtex"):
        line = f"{rnk_bin} search treaty 2024 --in events --json | jq -r '.[].id' | {tail}"
        proc = subprocess.run(["sh", "-c", line], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "RNK_CACHE_DIR": str(tmp_path)})  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        library = bibtexparser.parse_string(proc.stdout)
        assert not library.failed_blocks and len(library.entries) >= 3
        assert any(e.key == "tass-2024-ratification" for e in library.entries)
