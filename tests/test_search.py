"""Ranked search: the analyser, aliases, BM25F ranking, query syntax, typo correction, --regex,
highlighting, and `rnk search` on the command line. Fixture: tests/fixtures/search.toml."""

from __future__ import annotations

import pickle
import re
import time
from pathlib import Path

import pytest

from rnk.core.errors import UsageError
from rnk.core.model import Chronology
from rnk.core.store import load
from rnk.query.analysis import fold_word, stem, stems_of
from rnk.query.answer import match_faq
from rnk.query.index import EVENT, FAQ, Index, build_index
from rnk.query.parse import correct_word, edit_distance, parse_query, query_years
from rnk.query.search import (
    compile_pattern,
    find_spans,
    kinds_for,
    regex_search,
    search,
    suggest_events,
    unknown_event_message,
)
from rnk.render.highlight import mark_spans, segments, snippet

from conftest import FIXTURES, invoke

DATA = FIXTURES / "search.toml"


@pytest.fixture(scope="module")
def chron() -> Chronology:
    return load(str(DATA))


@pytest.fixture(scope="module")
def index(chron: Chronology) -> Index:
    return build_index(chron)


def ids(index: Index, query: str, **kw: object) -> list[str]:
    return [h.id for h in search(index, query, **kw).hits]  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- analyser


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (["sanction", "sanctions", "Sanctions"], True),
        (["die", "dies", "died", "death", "dying"], True),
        (["ratify", "ratified", "ratifies", "ratification"], True),
        (["meet", "meets", "meeting", "met"], True),
        (["treaty", "treaties"], True),
        (["ship", "shipped", "shipping"], True),
        (["invade", "invaded"], True),
        (["party", "part"], False),
        (["us", "use"], False),
    ],
)
def test_light_stemming(words: list[str], same: bool) -> None:
    stems = {stem(fold_word(w)) for w in words}
    assert (len(stems) == 1) is same, stems


def test_folding_handles_case_accents_and_apostrophes() -> None:
    assert fold_word("Gorbachëv's") == "gorbachevs"
    assert fold_word("GENÈVE") == "geneve"
    assert stems_of("Russia's") == stems_of("russia")


def test_hyphenated_and_spaced_names_are_the_same_words() -> None:
    assert stems_of("Kim Jong-un") == stems_of("kim jong un") == ("kim", "jong", "un")


def test_accented_data_is_found_without_accents(index: Index) -> None:
    assert ids(index, "geneve cafe")[0] == "cafe-geneve-2020"
    assert ids(index, "Genève")[0] == "cafe-geneve-2020"


def test_stemming_finds_other_forms(index: Index) -> None:
    assert ids(index, "died")[0] == "kim-il-sung-dies-1994"
    assert ids(index, "death")[0] == "kim-il-sung-dies-1994"
    assert "oil-sanction-2017" in ids(index, "sanctions")


# ----------------------------------------------------------------------------- ranking


def test_title_match_outranks_summary_match_whatever_the_order(index: Index) -> None:
    # "Moscow" is in one event's title (2001) and in a later event's summary (2016-2017); the
    # title wins, and both come before events that only say "Russia" (an alias).
    hits = ids(index, "Moscow", kinds=(EVENT,))
    assert hits[0] == "north-korea-talks-2001"
    assert hits[1] == "sanctions-2016-2017"
    assert "un-veto-2024" in hits[2:]


def test_ranking_is_not_chronological_order(chron: Chronology, index: Index) -> None:
    # Three events say "Pyongyang" in title and places; the oldest (1960) has the longest title.
    found = ids(index, "Pyongyang", kinds=(EVENT,))
    order = [e.id for e in chron.events]
    assert found[0] == "putin-visit-2000"
    assert found != sorted(found, key=order.index)


def test_a_rare_word_counts_more_than_a_common_one(index: Index) -> None:
    # "Vladivostok" occurs once, "Putin" in several records: the Vladivostok summit comes first.
    assert ids(index, "Putin Vladivostok")[0] == "kim-jong-un-summit-2019"


def test_scores_are_best_first_and_positive(index: Index) -> None:
    hits = search(index, "sanctions").hits
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)


def test_keyword_queries_prefer_events_and_questions_may_prefer_answers(index: Index) -> None:
    assert search(index, "russia backed sanctions").hits[0].kind == EVENT
    assert (
        search(index, "has russia backed sanctions").hits[0]
        == search(index, "has russia backed sanctions?").hits[0]
    )
    assert search(index, "has russia backed sanctions?").hits[0].id == "sanctions-backed"


def test_kinds_filter(index: Index) -> None:
    assert {h.kind for h in search(index, "sanctions", kinds=(FAQ,)).hits} == {FAQ}
    assert {h.kind for h in search(index, "sanctions", kinds=(EVENT,)).hits} == {EVENT}
    assert kinds_for("all") == (EVENT, FAQ)


def test_limit(index: Index) -> None:
    assert len(search(index, "sanctions", limit=2).hits) == 2
    assert search(index, "sanctions", limit=0).hits == ()


# ----------------------------------------------------------------------------- aliases


def test_alias_finds_the_other_spelling(index: Index) -> None:
    assert ids(index, "Soviet Union") == ids(index, "USSR") == ["ussr-aid-1960"]
    assert "ussr-aid-1960" in ids(index, "DPRK")  # via "Pyongyang"
    assert ids(index, "South Korea")[0] == "gorbachev-seoul-1990"  # via "Seoul"


def test_the_typed_term_beats_its_aliases(index: Index) -> None:
    # Both mention North Korea one way or another; the one that says "North Korea" comes first.
    found = ids(index, "North Korea")
    assert found[0] == "north-korea-talks-2001"
    assert "putin-visit-2000" in found  # says only "Pyongyang"


def test_acronyms_in_the_data_must_be_capitals(index: Index) -> None:
    # "UN" must not match the "Un" of "Kim Jong Un".
    found = ids(index, "UN")
    assert "un-veto-2024" in found and "sanctions-2006" in found
    assert "kim-jong-un-summit-2019" not in found
    assert ids(index, "united nations")[:2] == found[:2]


def test_an_acronym_in_an_id_counts(tmp_path: Path) -> None:
    # Ids are lowercase slugs: `treaty-ratified-dprk-2024` says DPRK though no text does, and
    # it is the one record about "DPRK" rather than about North Korea in general.
    data = tmp_path / "chronology.toml"
    extra = (
        '\n[[events]]\nid = "treaty-ratified-dprk-2024"\nstart = "2024-11-11"\n'
        'title = "Kim Jong Un ratifies the treaty"\nsummary = "A decree in the capital."\n'
        'era = "modern"\ntags = ["diplomacy"]\nplaces = ["Pyongyang"]\nsources = ["src-a"]\n'
    )
    data.write_text(DATA.read_text(encoding="utf-8") + extra, encoding="utf-8")
    index = build_index(load(str(data)))
    assert ids(index, "DPRK")[0] == "treaty-ratified-dprk-2024"
    assert "treaty-ratified-dprk-2024" in ids(index, "north korea")  # the alias group, as before
    # An acronym inside a longer lowercase id term is part of the name: kim-jong-un is not UN.
    assert "kim-jong-un-summit-2019" not in ids(index, "UN")
    assert ids(index, "UN")[0] == "un-veto-2024"  # says UN in its title and its id


def test_a_name_inside_a_longer_alias_still_counts(index: Index) -> None:
    # "Putin" is inside "Vladimir Putin" in the people lists.
    assert set(ids(index, "Vladimir Putin")) <= set(ids(index, "putin")) | {"putin-kim-meetings"}
    assert "putin-era-2000s" in ids(index, "putin")


# ----------------------------------------------------------------------------- query syntax


def test_quoted_phrase_requires_the_words_in_order(index: Index) -> None:
    loose = ids(index, "six-party talks")
    assert "party-congress-2016" in loose
    assert ids(index, '"six-party talks"') == ["six-party-talks-2008"]
    assert ids(index, '"talks six"') == []


def test_excluded_words(index: Index) -> None:
    assert "sanctions-2016-2017" in ids(index, "sanctions")
    found = ids(index, "sanctions -oil")
    assert "sanctions-2016-2017" not in found and "oil-sanction-2017" not in found
    assert "sanctions-2006" in found
    assert "six-party-talks-2008" not in ids(index, 'talks -"six-party talks"')


def test_a_year_narrows_and_a_close_fit_ranks_first(index: Index) -> None:
    assert ids(index, "putin 2000")[0] == "putin-visit-2000"  # 2000 exactly, not 2000-2004
    found = ids(index, "sanctions 2016-2017", kinds=(EVENT,))
    assert found == ["sanctions-2016-2017", "oil-sanction-2017"]
    assert "sanctions-2006" not in ids(index, "sanctions 2010s")
    assert "un-veto-2024" in ids(index, "sanctions 2020s")


def test_a_year_alone_lists_that_year(index: Index) -> None:
    assert ids(index, "1994", kinds=(EVENT,)) == ["kim-il-sung-dies-1994"]


def test_when_nothing_is_in_the_years_other_years_are_shown_with_a_note(index: Index) -> None:
    result = search(index, "sanctions 1999")
    assert result.hits
    assert any("1999" in note for note in result.notes)


@pytest.mark.parametrize(
    ("word", "years"),
    [("2000", (2000, 2000)), ("2016-2017", (2016, 2017)), ("1990s", (1990, 1999)), ("2000..", (2000, None))],
)
def test_query_years(word: str, years: tuple[int, int | None]) -> None:
    rng = query_years(word)
    assert rng is not None and (rng.start, rng.end) == years


@pytest.mark.parametrize("word", ["1718", "2270", "12", "abc", "1,000"])
def test_numbers_that_are_not_years_stay_words(word: str) -> None:
    assert query_years(word) is None


def test_resolution_numbers_are_words(index: Index) -> None:
    assert ids(index, "Resolution 1718")[0] == "sanctions-2006"


def test_empty_and_oversized_queries_are_usage_errors(index: Index) -> None:
    for bad in ("", "   ", "-soviet", "!!!"):
        with pytest.raises(UsageError):
            search(index, bad)
    with pytest.raises(UsageError, match="too long"):
        search(index, "word " * 500)


def test_only_common_words_are_still_searched(index: Index) -> None:
    assert parse_query(index, "the of").clauses


# ----------------------------------------------------------------------------- typos


def test_edit_distance() -> None:
    assert edit_distance("gorbachov", "gorbachev", 2) == 1
    assert edit_distance("pyongayng", "pyongyang", 2) == 1  # a swap counts once
    assert edit_distance("abc", "xyz", 1) == 2  # over the limit: limit + 1


def test_a_word_that_matches_nothing_is_corrected_with_a_note(index: Index) -> None:
    result = search(index, "Gorbachov")
    assert [h.id for h in result.hits] == ["gorbachev-seoul-1990"]
    assert result.corrected == "gorbachev"
    assert result.notes == ("showing results for 'gorbachev'",)


def test_correction_keeps_the_rest_of_the_query(index: Index) -> None:
    result = search(index, 'Vladivastok "first summit" 2019')
    assert result.corrected == 'vladivostok "first summit" 2019'
    assert result.hits[0].id == "kim-jong-un-summit-2019"


def test_short_or_known_words_are_not_corrected(index: Index) -> None:
    assert correct_word(index, "part") is None  # an English word, not a typo for "party"
    assert search(index, "sanctions").corrected is None
    assert search(index, "Gorbachov", correct=False).hits == ()


# ----------------------------------------------------------------------------- FAQ matching


def test_faq_matching_in_plain_words(index: Index) -> None:
    assert match_faq(index, "did the kremlin support sanctions").hits[0].id == "sanctions-backed"
    assert match_faq(index, "who founded north korea").hits[0].id == "founder"
    # An entry answers only when it covers most of the question's words (issue 11).
    assert match_faq(index, "what is the capital of france").hits == ()
    assert match_faq(index, "how often did putin meet kim").hits[0].id == "putin-kim-meetings"


def test_faq_matching_can_put_one_entry_first(index: Index) -> None:
    hits = match_faq(index, "sanctions", first="founder").hits
    assert hits[0].id == "founder" and len(hits) > 1


# ----------------------------------------------------------------------------- the index


def test_index_building_is_pure_and_picklable(chron: Chronology, index: Index) -> None:
    again = build_index(chron)
    assert again.postings == index.postings and again.vocabulary == index.vocabulary
    copy = pickle.loads(pickle.dumps(index))
    assert search(copy, "putin pyongyang") == search(index, "putin pyongyang")


def test_index_of_an_empty_chronology(chron: Chronology) -> None:
    empty = build_index(chron._replace(events=(), faq=()))
    assert search(empty, "anything").hits == ()


# ----------------------------------------------------------------------------- regex mode


def test_regex_search_ranks_by_field_and_count(index: Index) -> None:
    hits = regex_search(index, r"resolution \d+").hits
    assert [h.id for h in hits] == ["sanctions-2006"]
    titles = [h.id for h in regex_search(index, "putin").hits]
    assert titles[0] in ("putin-visit-2000", "putin-era-2000s", "kim-jong-un-summit-2019")
    assert regex_search(index, "PUTIN").hits == regex_search(index, "putin").hits  # case-insensitive


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("[unclosed", "invalid regular expression .* missing ]"),
        (r"(a)\1", "back-references or look-around"),
        ("war(?= )", "back-references or look-around"),
        ("(?<!a)b", "back-references or look-around"),
        ("a" * 201, "too long"),
        ("", "needs a pattern"),
    ],
)
def test_invalid_or_unsupported_patterns_are_refused(pattern: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        compile_pattern(pattern)


@pytest.mark.parametrize(
    "pattern", [r"kim jong.?un", "resolution (1718|2270)", r"(a|b)*c", r"\d{4}", "x?y?z?", "(a+)+b"]
)
def test_ordinary_patterns_are_accepted(pattern: str) -> None:
    compile_pattern(pattern)


def test_patterns_that_backtrack_in_re_run_in_linear_time() -> None:
    text = "a" * 100_000
    start = time.monotonic()
    for pattern in ("(a+)+b", ".*.*.*x", "(a|aa)*c", "(x*)*y"):
        assert find_spans(compile_pattern(pattern), text) == []
    assert time.monotonic() - start < 5  # `re` would not finish (a few ms with RE2)


def test_regex_offsets_are_characters_not_bytes() -> None:
    text = "Kim Il Sung (김일성) met Stalin"
    assert find_spans(compile_pattern("stalin"), text) == [(text.index("Stalin"), len(text))]


# ----------------------------------------------------------------------------- highlighting


def test_mark_spans_find_words_forms_and_alias_phrases(index: Index) -> None:
    result = search(index, "Soviet sanctions")
    text = "The Soviet Union's sanction, and USSR sanctions."
    found = [text[s:e] for s, e in mark_spans(text, result.marks)]
    assert found == ["Soviet Union's", "sanction", "USSR", "sanctions"]  # whole words, possessive too


def test_segments_rebuild_the_text() -> None:
    text = "Putin visits Pyongyang"
    pieces = segments(text, [(0, 5), (13, 22)])
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, m in pieces if m] == ["Putin", "Pyongyang"]


def test_snippet_is_a_window_around_the_first_match() -> None:
    text = "word " * 60 + "TARGET here " + "more " * 60
    start = text.index("TARGET")
    pieces = snippet(text, [(start, start + 6)], width=80)
    shown = "".join(p for p, _ in pieces)
    assert shown.startswith("…") and shown.endswith("…")
    assert ("TARGET", True) in pieces
    assert len(shown) <= 82


def test_snippet_maps_offsets_when_whitespace_is_folded() -> None:
    text = "A  long\n\nsummary   with TARGET"
    start = text.index("TARGET")
    pieces = snippet(text, [(start, start + 6)])
    assert ("TARGET", True) in pieces and "".join(p for p, _ in pieces) == "A long summary with TARGET"


# ----------------------------------------------------------------------------- suggestions


def test_suggestions_for_an_unknown_event(chron: Chronology) -> None:
    assert suggest_events(chron, "putin-visit")[0] == "putin-visit-2000"
    assert "kim-il-sung-dies-1994" in suggest_events(chron, "kim il sung died")
    assert "FAQ entry" in unknown_event_message(chron, "founder")
    assert unknown_event_message(chron, "zzzz-qqqq").startswith("no event 'zzzz-qqqq'")


# ----------------------------------------------------------------------------- the CLI


def cli(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return invoke("--data", str(DATA), "search", *args, env=env)


def test_cli_json_is_an_array_of_hits_with_record_fields() -> None:
    run = cli("putin", "pyongyang", "--json")
    assert run.code == 0, run
    rows = run.json()
    assert rows[0]["kind"] == "event" and rows[0]["id"] == "putin-visit-2000"
    for key in ("score", "start", "end", "when", "title", "summary", "tags", "people", "places", "sources"):
        assert key in rows[0]
    faq = next(r for r in rows if r["kind"] == "faq")
    assert {"id", "score", "question", "answer", "events"} <= set(faq)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_cli_in_and_limit() -> None:
    assert {r["kind"] for r in cli("sanctions", "--in", "faq", "--json").json()} == {"faq"}
    assert {r["kind"] for r in cli("sanctions", "--in", "events", "--json").json()} == {"event"}
    assert len(cli("sanctions", "--limit", "2", "--json").json()) == 2
    assert len(cli("sanctions", "-n1", "--json").json()) == 1
    bad = cli("sanctions", "--in", "nowhere")
    assert bad.code == 2 and "--in" in bad.err and bad.err.count("\n") == 1
    assert cli("sanctions", "--limit", "-1").code == 2


def test_cli_limit_must_be_1_or_more() -> None:
    for limit in ("0", "-1"):
        run = cli("sanctions", "--limit", limit)
        assert run.code == 2, run
        assert run.out == "" and f"{limit} is not in the range x>=1." in run.err


def test_cli_usage_errors_point_at_rnk_search_help() -> None:
    for args in (("sanctions", "-n"), ("sanctions", "--in"), ("-n",)):
        run = cli(*args)
        assert run.code == 2, run
        assert run.err.endswith("(see 'rnk search --help')\n") and run.err.count("\n") == 1, run.err


def test_cli_excluded_words_need_no_quoting() -> None:
    run = cli("sanctions", "-oil", "-n", "20", "--json")
    assert run.code == 0, run
    found = [r["id"] for r in run.json()]
    assert "sanctions-2006" in found and "oil-sanction-2017" not in found
    # -nuclear is an excluded word, not "-n uclear"
    run = cli("sanctions", "-nuclear", "--json")
    assert run.code == 0, run
    assert "sanctions-2006" not in [r["id"] for r in run.json()]


def test_cli_no_match_is_exit_1_and_json_still_an_array() -> None:
    run = cli("zzzzqqqq", "--json")
    assert run.code == 1 and run.out.strip() == "[]"
    assert run.err == "rnk: nothing matches 'zzzzqqqq'\n"
    assert cli("zzzzqqqq").code == 1
    long = cli("zq" * 450)
    assert long.code == 1 and long.err.count("\n") == 1 and len(long.err) < 200


def test_cli_typo_note_on_stderr() -> None:
    run = cli("Gorbachov", "--json")
    assert run.code == 0
    assert run.json()[0]["id"] == "gorbachev-seoul-1990"
    assert "showing results for 'gorbachev'" in run.err


def test_cli_regex_and_its_errors() -> None:
    run = cli("--regex", r"resolution \d+", "--json")
    assert run.code == 0 and [r["id"] for r in run.json()] == ["sanctions-2006"]
    for pattern in ("[unclosed", r"(a)\1"):
        bad = cli("--regex", pattern)
        assert bad.code == 2, bad
        assert bad.err.startswith("rnk: error:") and bad.err.count("\n") == 1
        assert "Traceback" not in bad.err


def test_cli_plain_output_shows_title_snippet_and_id() -> None:
    run = cli("heart attack")
    assert run.code == 0
    assert "Kim Il Sung dies" in run.out
    assert "heart attack" in run.out
    assert "event: kim-il-sung-dies-1994" in run.out


def test_cli_terminal_output_highlights_matches() -> None:
    run = cli("heart", "--color", "always")
    assert run.code == 0
    assert re.search(r"\x1b\[[0-9;]*m+heart\x1b\[0m", run.out), run.out


def test_cli_data_text_is_shown_not_obeyed() -> None:
    for color in ("always", "never"):
        run = cli("markup", "--color", color, "--format", "table")
        assert run.code == 0
        plain = re.sub(r"\x1b\[[0-9;]*m", "", run.out)  # colour codes only
        assert "[bold]" in plain and "[/bold]" in plain
        assert "\x1b[2J" not in run.out
        assert "\\x1b[2J" in plain


def test_cli_csv_and_markdown() -> None:
    csv_out = cli("sanctions", "--format", "csv").out
    assert csv_out.splitlines()[0] == "kind,id,score,when,title,question,summary,answer"
    assert cli("sanctions", "--format", "markdown").out.startswith("| Kind | ID |")


def test_search_on_the_bundled_data(tmp_path: Path) -> None:
    run = invoke("search", "Gorbachov", "--json")
    assert run.code == 0, run
    assert run.json()[0]["id"] == "gorbachev-1980s"
    found = [r["id"] for r in invoke("search", "DPRK", "--json").json()]
    assert "treaty-ratified-dprk-2024" in found  # in the top 10, the default --limit


def test_cli_empty_query_is_a_usage_error() -> None:
    for args in ([""], ["--", "-soviet"]):
        run = cli(*args)
        assert run.code == 2, run
        assert run.err.startswith("rnk: error: nothing to search for") and run.err.count("\n") == 1


def test_cli_jsonl_and_regex_highlight() -> None:
    lines = cli("sanctions", "--format", "jsonl", "-n", "3").out.splitlines()
    assert len(lines) == 3 and all(line.startswith('{"kind": ') for line in lines)
    run = cli("--regex", r"heart \w+", "--color", "always")
    assert run.code == 0
    assert re.search(r"\x1b\[[0-9;]*mheart attack\x1b\[0m", run.out), run.out


def test_search_knows_the_turning_point_tag_without_loading_summaries() -> None:
    from rnk.query import search as engine
    from rnk.query.summary import TURNING_POINT

    assert engine.TURNING_POINT == TURNING_POINT
