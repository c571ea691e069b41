"""Integrity of the bundled data: it loads, it is complete, consistent and sourced."""

from __future__ import annotations

import datetime as _dt
import importlib.util
import os
import re
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from rnk.core import dates
from rnk.core.model import Chronology
from rnk.core.store import load

from conftest import ROOT, invoke

ARTICLE_HEADINGS = [
    "1945–1948", "1950–1953", "Mid-1950s through 1960s", "1970s", "1980s", "1990s", "Early 2000s",
    "Mid-to-late 2000s", "2011–2012", "2016–2017", "2018–2019", "2022", "12 September 2023",
]  # fmt: skip


@pytest.fixture(scope="module")
def chron() -> Chronology:
    return load(str(ROOT / "data"))


def test_bundled_data_loads_from_the_default_location(chron: Chronology) -> None:
    assert load() == chron


def test_all_thirteen_article_entries_carry_their_restored_headings(chron: Chronology) -> None:
    labels = [e.when for e in chron.events]
    for heading in ARTICLE_HEADINGS:
        assert heading in labels, heading
    spans = {e.when: e for e in chron.events}
    assert (spans["1950–1953"].start, spans["1950–1953"].end) == ("1950-06-25", "1953-07-27")
    assert spans["1970s"].start == "1970" and spans["1970s"].end == "1979"


def test_enough_events_with_exact_dates(chron: Chronology) -> None:
    exact = [e for e in chron.events if len(e.start) == 10]
    assert len(chron.events) >= 50
    assert len(exact) >= 40
    years = {e.first_year for e in chron.events}
    assert {1950, 1991, 2000, 2019, 2023, 2024, 2025} <= years


def test_nothing_reaches_past_the_as_of_date(chron: Chronology) -> None:
    as_of = dates.last_day(chron.meta.as_of)
    assert chron.meta.as_of >= "2026-03"  # the fact-check of December 2026 reaches March 2026
    assert all(dates.first_day(e.start) <= as_of and dates.last_day(e.end) <= as_of for e in chron.events)
    assert (
        max(dates.first_day(e.start) for e in chron.events)[:2] == as_of[:2]
    )  # as_of is the newest fact's month


def test_no_date_is_impossible(chron: Chronology) -> None:
    # The loader already refuses 31 February; these are dates that parse but cannot be true.
    today = _dt.date.today()
    assert dates.last_day(chron.meta.as_of) <= (today.year, today.month, today.day)
    for e in chron.events:
        assert dates.first_day(e.start) >= (1945, 1, 1), e.id
    for s in chron.sources.values():
        if s.date is not None:  # a page is published after 1945 and not in the future
            assert dates.first_day(s.date) >= (1945, 1, 1), s.id
            assert dates.first_day(s.date) <= (today.year, today.month, today.day), s.id


def test_every_source_is_cited_and_every_citation_resolves(chron: Chronology) -> None:
    cited = set(chron.meta.sources)
    cited.update(sid for e in chron.events for sid in e.sources)
    cited.update(sid for f in chron.faq for sid in f.sources)
    cited.update(sid for n in chron.names.values() for sid in n.sources)
    assert cited <= set(chron.sources), sorted(cited - set(chron.sources))
    assert set(chron.sources) <= cited, sorted(set(chron.sources) - cited)


def _same_page(url: str) -> str:
    # http/https, a leading www. and a trailing slash do not make a different page.
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    return host.lower().removeprefix("www.") + "/" + path.rstrip("/")


def test_no_two_sources_share_a_url(chron: Chronology) -> None:
    seen: dict[str, str] = {}
    for s in chron.sources.values():
        key = _same_page(s.url)
        assert key not in seen, (s.id, seen.get(key))
        seen[key] = s.id


# The Big Big News article is a reprint of AP's 2023 timeline: one text, not two sources.
ONE_TEXT = {"bbn-2023": "ap-2023"}


def test_an_event_resting_on_one_source_says_so(chron: Chronology) -> None:
    for e in chron.events:
        texts = {ONE_TEXT.get(sid, sid) for sid in e.sources}
        if len(texts) == 1:
            assert e.note and re.search(r"\b(single|one|only) source", e.note, re.I), e.id


def test_every_event_is_complete_and_sourced(chron: Chronology) -> None:
    for e in chron.events:
        assert e.sources, e.id
        assert e.tags, e.id
        assert "\n" not in e.title and len(e.title) <= 100, e.id
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", e.summary) if s]
        assert 1 <= len(sentences) <= 4, (e.id, len(sentences))
        for sid in e.sources:
            assert chron.sources[sid].url.startswith(("http://", "https://"))


def test_eras_tile_the_whole_span_and_hold_their_events(chron: Chronology) -> None:
    assert 4 <= len(chron.eras) <= 8
    assert chron.eras[0].start == "1945"
    for before, after in zip(chron.eras, chron.eras[1:], strict=False):
        assert dates.year_of(after.start) == dates.year_of(before.end) + 1, (before.id, after.id)
    for e in chron.events:
        era = chron.era(e.era)
        assert era is not None
        assert dates.first_day(era.start) <= dates.first_day(e.start) <= dates.last_day(era.end), e.id


def test_faq_covers_the_article_and_more(chron: Chronology) -> None:
    assert len(chron.faq) >= 18
    for entry in chron.faq:
        assert entry.events, entry.id
        assert all(chron.event(eid) for eid in entry.events)
    questions = " ".join(f.question.lower() for f in chron.faq)
    for topic in ("treaty", "troops", "debt", "china", "sanctions", "putin", "korean war", "cold war"):
        assert topic in questions, topic


def test_turning_points_are_marked(chron: Chronology) -> None:
    turning = [e for e in chron.events if "turning-point" in e.tags]
    assert 5 <= len(turning) <= 12


def test_metadata_cites_the_article_and_its_ap_original(chron: Chronology) -> None:
    publishers = {chron.sources[s].publisher for s in chron.meta.sources}
    assert "Big Big News" in publishers
    assert any("Associated Press" in p or p == "AP" for p in publishers)
    assert chron.meta.overview.count("\n\n") >= 2


def test_data_is_in_our_own_words() -> None:
    tool = ROOT.parent / "shared" / "tools" / "seed-overlap"
    if not tool.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing in CI")
        pytest.skip("shared/tools/seed-overlap is not beside this checkout")
    proc = subprocess.run(
        ["python3", str(tool), "data", "README.md"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.stdout == "", proc.stdout


def test_data_files_are_plain_toml_split_by_kind_and_period() -> None:
    names = {p.name for p in Path(ROOT / "data").glob("*.toml")}
    kinds = {
        "meta.toml",
        "sources.toml",
        "eras.toml",
        "tags.toml",
        "events.toml",
        "faq.toml",
        "aliases.toml",
        "names.toml",
    }
    assert kinds <= names
    assert all(re.fullmatch(r"events-[0-9]{4}-[0-9]{4}\.toml", n) for n in names - kinds), names - kinds


def _coverage_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_coverage", ROOT / "scripts" / "gen_coverage.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Issue 10's coverage goals: events touching each decade.
DECADE_GOALS = {1940: 3, 1950: 8, 1960: 5, 1970: 4, 1980: 6, 1990: 7, 2000: 10, 2010: 15, 2020: 45}


def test_coverage_per_decade_meets_the_goals_and_the_readme_shows_it(chron: Chronology) -> None:
    coverage = _coverage_script()
    doc = coverage.read_data()
    block = coverage.tables(doc)
    print(block)  # pytest -s shows the table the README carries
    counts = coverage.decade_counts(doc["events"])
    assert {d: counts[d] for d in DECADE_GOALS if counts[d] < DECADE_GOALS[d]} == {}
    assert len(chron.events) >= 120 and len(chron.faq) >= 33
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert coverage.render_readme(readme, block) == readme, "run scripts/gen_coverage.py"


def test_editor_supplied_source_titles_are_in_square_brackets(chron: Chronology) -> None:
    # docs/data-format.md: a title the editors supplied is written "[Like this]", not marked
    # with a suffix such as "(descriptive title)".
    titles = [s.title for s in chron.sources.values()]
    assert not [t for t in titles if "descriptive" in t.lower()]
    for title in titles:
        assert title.startswith("[") == title.endswith("]"), title
        assert "[" not in title[1:-1] and "]" not in title[1:-1], title


@pytest.mark.parametrize(("fmt", "env"), [("plain", {}), ("table", {"COLUMNS": "200"}), ("json", {})])
def test_bracketed_titles_are_printed_as_written(fmt: str, env: dict[str, str]) -> None:
    run = invoke("show", "vostochny-summit-2023", "--format", fmt, "--color", "always", env=env)
    assert run.code == 0, run
    assert "[Putin and Kim meet at the Vostochny Cosmodrome]" in run.out


def test_a_source_published_before_its_event_is_explained(chron: Chronology) -> None:
    # A page published before an event began cannot report it: when it is all an event cites,
    # the event's note must say so and name the page's date.
    for e in chron.events:
        cited = [chron.sources[sid] for sid in e.sources]
        dated = [s for s in cited if s.date is not None]
        if (
            dated
            and len(dated) == len(cited)
            and all(dates.last_day(s.date) < dates.first_day(e.start) for s in dated)
        ):
            assert e.note, e.id
            for s in dated:
                assert dates.human(s.date) in e.note, (e.id, s.date)


def test_an_event_resting_on_wikipedia_says_so(chron: Chronology) -> None:
    for e in chron.events:
        if any(chron.sources[sid].publisher == "Wikipedia" for sid in e.sources):
            assert e.note and "Wikipedia" in e.note, e.id


def test_no_count_of_months_the_facts_do_not_give(chron: Chronology) -> None:
    # The verified facts date the Gorbachev-Roh meeting in San Francisco to June 1990 only, so
    # the gap to 30 September 1990 cannot be given as a number of months.
    texts = [e.summary for e in chron.events] + [f.answer for f in chron.faq]
    meeting = [t for t in texts if "San Francisco" in t]
    assert len(meeting) >= 2  # the event and its FAQ answer
    for text in meeting:
        assert not re.search(r"\b(one|two|three|four|\d+) months?\b", text), text
