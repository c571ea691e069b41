"""One test (or a few) per validation rule of rnk.core.store: each breaks a valid chronology in one
place and checks the problem names the right file, line, record and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rnk.core.errors import DataError, Problem
from rnk.core.rules import MAX_SLUG
from rnk.core.store import check_paths, load

VALID = """\
[meta]
title = "Rules"
as_of = "2020-01-01"
sources = ["src-a"]

[sources.src-a]
publisher = "Example Press"
title = "A source"
date = "2019-05"
url = "https://example.org/a"

[tags]
war = "Armed conflict"
summit = "Leaders meet"

[[eras]]
id = "early"
name = "Early years"
start = "1945"
end = "1959"
summary = "The early years."

[[events]]
id = "war-begins"
start = "1950-06-25"
end = "1953-07-27"
title = "A war"
summary = "A war happens."
era = "early"
tags = ["war"]
people = ["Kim Il Sung"]
sources = ["src-a"]

[[events]]
id = "summit"
start = "1956"
title = "A summit"
summary = "Leaders meet."
era = "early"
tags = [
  "summit",
  "war",
]
sources = ["src-a"]

[[faq]]
id = "when-war"
question = "When was the war?"
answer = "From 1950 to 1953."
events = ["war-begins"]

[[aliases]]
terms = ["USSR", "Soviet Union"]
"""


def write(tmp_path: Path, text: str, name: str = "chron.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[Problem]:
    chronology, problems = check_paths([write(tmp_path, text)])
    assert (chronology is None) == bool(problems)
    return problems


def line_with(text: str, fragment: str, nth: int = 1) -> int:
    """The line number of the nth line containing `fragment`."""
    hits = [no for no, line in enumerate(text.splitlines(), 1) if fragment in line]
    return hits[nth - 1]


def changed(old: str, new: str, nth: int = 1) -> str:
    """VALID with the nth occurrence of `old` replaced by `new`."""
    parts = VALID.split(old)
    assert len(parts) > nth, f"{old!r} occurs fewer than {nth} times"
    return old.join(parts[:nth]) + new + old.join(parts[nth:])


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_the_valid_chronology_has_no_problems(tmp_path: Path) -> None:
    chronology, problems = check_paths([write(tmp_path, VALID)])
    assert problems == []
    assert chronology is not None
    assert [e.id for e in chronology.events] == ["war-begins", "summit"]
    assert chronology.events[1].end == "1956"  # end defaults to start


# --- unique ids ---


@pytest.mark.parametrize(
    ("old", "new", "record"),
    [
        ('id = "summit"', 'id = "war-begins"', "events 'war-begins'"),
        (
            '[[faq]]\nid = "when-war"',
            '[[faq]]\nid = "dup"\nquestion = "Q?"\nanswer = "A"\nevents = ["summit"]\n\n[[faq]]\nid = "dup"',
            "faq 'dup'",
        ),
    ],
)
def test_ids_are_unique(tmp_path: Path, old: str, new: str, record: str) -> None:
    text = changed(old, new)
    problem = only(problems_of(tmp_path, text))
    dup_id = record.split("'")[1]
    first, second = line_with(text, f'id = "{dup_id}"', 1), line_with(text, f'id = "{dup_id}"', 2)
    assert problem.line == second
    assert problem.record == record
    assert problem.field == "id"
    assert problem.message == f"duplicate id '{dup_id}' (first defined at {tmp_path / 'chron.toml'}:{first})"


def test_source_ids_and_tags_are_unique_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder, VALID, "a.toml")
    other = '[tags]\nwar = "Again"\n\n[sources.src-a]\npublisher = "P"\ntitle = "T"\ndate = "2000"\nurl = "https://x"\n'
    write(folder, other, "b.toml")
    _, problems = check_paths([folder])
    assert [(Path(p.file).name, p.line, p.record) for p in problems] == [
        ("b.toml", 2, "tags.war"),
        ("b.toml", 4, "sources.src-a"),
    ]
    assert problems[0].message == f"duplicate tag 'war' (first defined at {folder / 'a.toml'}:13)"
    assert problems[1].message.startswith("duplicate source id 'src-a' (first defined at ")


def test_meta_is_defined_once(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder, VALID, "a.toml")
    write(folder, '# second\n[meta]\ntitle = "Again"\nas_of = "2021"\n', "b.toml")
    _, problems = check_paths([folder])
    problem = only(problems)
    assert (Path(problem.file).name, problem.line, problem.record) == ("b.toml", 2, "[meta]")
    assert problem.message == f"[meta] is defined more than once (first at {folder / 'a.toml'}:1)"


def test_a_chronology_needs_meta(tmp_path: Path) -> None:
    text = VALID.replace('[meta]\ntitle = "Rules"\nas_of = "2020-01-01"\nsources = ["src-a"]\n', "")
    problem = only(problems_of(tmp_path, text))
    assert problem.line == 1
    assert problem.message.startswith("no [meta] table")
    assert "--data @bundled:PATH" in problem.message


# --- one broken field, one problem: (old, new, nth occurrence, the line's fragment or number,
# record, field, message or its start) ---

ERA = '[[eras]]\nid = "early"\nname = "Again"\nstart = "1960"\nend = "1970"\nsummary = "S."\n\n'
ONE_PROBLEM = {
    "era ids are unique": (
        "[[events]]",
        ERA + "[[events]]",
        1,
        ('id = "early"', 2),
        "eras 'early'",
        "id",
        "duplicate id 'early'",
    ),
    "referenced ids are slugs": (
        'tags = ["war"]',
        'tags = ["war", "Bad Tag"]',
        1,
        'tags = ["war", "Bad Tag"]',
        "events 'war-begins'",
        "tags",
        "item 2: 'Bad Tag' is not a valid id",
    ),
    "event end is not before start": (
        'end = "1953-07-27"',
        'end = "1950-06-24"',
        1,
        'end = "1950-06-24"',
        "events 'war-begins'",
        "end",
        "end 1950-06-24 is before start 1950-06-25",
    ),
    "era end is not before start": (
        'end = "1959"',
        'end = "1944"',
        1,
        'end = "1944"',
        "eras 'early'",
        "end",
        "end 1944 is before start 1945",
    ),
    "events name a known era": (
        'era = "early"',
        'era = "middle"',
        2,
        "middle",
        "events 'summit'",
        "era",
        "unknown era 'middle' (not defined in this chronology)",
    ),
    "events use known tags, on the tag's own line": (
        '  "war",\n]',
        '  "war",\n  "peace",\n]',
        1,
        '"peace"',
        "events 'summit'",
        "tags",
        "unknown tag 'peace' (not defined in this chronology)",
    ),
    "meta sources resolve": (
        'sources = ["src-a"]\n\n[sources',
        'sources = ["src-a", "gone"]\n\n[sources',
        1,
        4,
        "[meta]",
        "sources",
        "unknown source 'gone'",
    ),
    "sources have every field": (
        'url = "https://example.org/a"\n',
        "",
        1,
        6,
        "sources.src-a",
        "url",
        "is missing (required)",
    ),
    "source urls are web addresses": (
        'url = "https://example.org/a"',
        'url = "javascript:alert(1)"',
        1,
        "javascript:",
        "sources.src-a",
        "url",
        "'javascript:alert(1)' is not an http:// or https:// address",
    ),
    "faq links resolve": (
        'events = ["war-begins"]',
        'events = ["war-begins", "no-such-event"]',
        1,
        "no-such-event",
        "faq 'when-war'",
        "events",
        "unknown event 'no-such-event' (not defined in this chronology)",
    ),
}


@pytest.mark.parametrize(
    ("old", "new", "nth", "where", "record", "field", "message"), ONE_PROBLEM.values(), ids=list(ONE_PROBLEM)
)
def test_one_broken_field_is_one_problem_in_its_place(
    tmp_path: Path, old: str, new: str, nth: int, where: Any, record: str, field: str, message: str
) -> None:
    text = changed(old, new, nth)
    problem = only(problems_of(tmp_path, text))
    if isinstance(where, int):
        line = where
    elif isinstance(where, tuple):
        line = line_with(text, *where)
    else:
        line = line_with(text, where)
    assert (problem.line, problem.record, problem.field) == (line, record, field)
    assert problem.message.startswith(message), problem.message


# --- valid slugs: ids end up in shell completion scripts ---

BAD_IDS = ["$(rm -rf ~)", "a;b", "a b", "Upper", "-lead", "a_b", "é", "a\nb", "a\n", "", "x" * (MAX_SLUG + 1)]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_event_ids_are_slugs(tmp_path: Path, bad: str) -> None:
    from rnk.render.machine import to_json

    literal = to_json(bad).strip()  # a TOML basic string: JSON escapes are valid TOML escapes
    text = changed('id = "summit"', f"id = {literal}")
    problem = only(problems_of(tmp_path, text))
    assert problem.line == line_with(text, f"id = {literal}")
    assert (problem.record, problem.field) == ("events[2]", "id")
    assert "is not a valid id" in problem.message
    assert "\n" not in str(problem)


def test_a_long_slug_at_the_limit_is_valid(tmp_path: Path) -> None:
    assert problems_of(tmp_path, changed('id = "summit"', f'id = "{"x" * MAX_SLUG}"')) == []


@pytest.mark.parametrize(
    ("old", "new", "fragment", "record"),
    [
        ("[sources.src-a]", '[sources."src a"]', '[sources."src a"]', "sources 'src a'"),
        ('war = "Armed conflict"', '"War!" = "Armed conflict"', '"War!"', "tags 'War!'"),
    ],
)
def test_table_keys_are_slugs(tmp_path: Path, old: str, new: str, fragment: str, record: str) -> None:
    text = changed(old, new)
    problem = next(p for p in problems_of(tmp_path, text) if p.record == record)
    assert problem.line == line_with(text, fragment)
    assert problem.record == record
    assert "is not a valid id" in problem.message


# --- dates: valid, and start <= end ---


def test_partial_dates_compare_as_intervals(tmp_path: Path) -> None:
    # 1950-06 .. 1950 is fine: the year 1950 ends after June 1950 starts.
    text = changed('start = "1950-06-25"\nend = "1953-07-27"', 'start = "1950-06"\nend = "1950"')
    assert problems_of(tmp_path, text) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"1950-13"', "'1950-13' has no month 13"),
        ('"1950-02-30"', "'1950-02-30' has no day 30"),
        ('"50"', "'50' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ('"1950\\n"', "'1950' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ('"١٩٥٠"', "'١٩٥٠' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ('"0000"', "'0000' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ("1956-05-01T10:00:00", "must be a date without a time"),
        ("true", "must be a date string (YYYY, YYYY-MM or YYYY-MM-DD), not a boolean"),
        ("10:00:00", "must be a date string (YYYY, YYYY-MM or YYYY-MM-DD), not a time"),
    ],
)
def test_dates_are_partial_iso_dates(tmp_path: Path, value: str, message: str) -> None:
    text = changed('start = "1956"', f"start = {value}")
    problem = only(problems_of(tmp_path, text))
    assert (problem.line, problem.field, problem.message) == (
        line_with(text, f"start = {value}"),
        "start",
        message,
    )


@pytest.mark.parametrize(("value", "stored"), [("1956", "1956"), ("1956-05-01", "1956-05-01")])
def test_toml_dates_and_bare_years_are_accepted(tmp_path: Path, value: str, stored: str) -> None:
    chronology, problems = check_paths([write(tmp_path, changed('start = "1956"', f"start = {value}"))])
    assert problems == [] and chronology is not None
    assert chronology.event("summit") is not None
    assert chronology.event("summit").start == stored  # type: ignore[union-attr]


# --- references: known era, known tags, sources present and resolving, FAQ links ---


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('sources = ["src-a"]\n\n[[events]]', "sources = []\n\n[[events]]", "must list at least one item"),
        ('sources = ["src-a"]\n\n[[events]]', "\n[[events]]", "is missing (required)"),
        ('sources = ["src-a"]\n\n[[events]]', 'sources = ["src-b"]\n\n[[events]]', "unknown source 'src-b'"),
    ],
)
def test_events_have_sources_that_resolve(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = changed(old, new)
    problem = only(problems_of(tmp_path, text))
    assert (problem.record, problem.field) == ("events 'war-begins'", "sources")
    assert problem.message.startswith(message)
    if "src-b" in text:
        assert problem.line == line_with(text, "src-b")
    elif "sources = []" in text:
        assert problem.line == line_with(text, "sources = []")
    else:
        assert problem.line == line_with(text, "[[events]]")  # missing: the record's line


def test_a_reference_to_a_record_with_problems_is_not_reported_again(tmp_path: Path) -> None:
    # The source has a problem of its own; the events citing it are not also reported.
    text = changed('publisher = "Example Press"\n', "")
    problem = only(problems_of(tmp_path, text))
    assert (problem.record, problem.field) == ("sources.src-a", "publisher")


# --- unknown fields: a misspelt field is never silently ignored ---


@pytest.mark.parametrize(
    ("old", "new", "record", "field", "hint"),
    [
        ('title = "A war"', 'titel = "A war"', "events 'war-begins'", "titel", "did you mean 'title'?"),
        ('people = ["Kim Il Sung"]', 'person = ["Kim Il Sung"]', "events 'war-begins'", "person", None),
        (
            'as_of = "2020-01-01"',
            'as_of = "2020-01-01"\nasof = "x"',
            "[meta]",
            "asof",
            "did you mean 'as_of'?",
        ),
        (
            'url = "https://example.org/a"',
            'url = "https://example.org/a"\nlink = "x"',
            "sources.src-a",
            "link",
            None,
        ),
        (
            'name = "Early years"',
            'name = "Early years"\nnmae = "x"',
            "eras 'early'",
            "nmae",
            "did you mean 'name'?",
        ),
        (
            'answer = "From',
            'answr = "x"\nanswer = "From',
            "faq 'when-war'",
            "answr",
            "did you mean 'answer'?",
        ),
        ('terms = ["USSR"', 'term = "x"\nterms = ["USSR"', "aliases[1]", "term", "did you mean 'terms'?"),
    ],
)
def test_unknown_fields_are_errors(
    tmp_path: Path, old: str, new: str, record: str, field: str, hint: str | None
) -> None:
    text = changed(old, new)
    found = problems_of(tmp_path, text)
    problem = next(p for p in found if p.field == field)
    assert problem.line == line_with(text, f"{field} =")
    assert problem.record == record
    assert problem.message.startswith("unknown field")
    if hint:
        assert hint in problem.message


def test_unknown_top_level_tables_are_errors(tmp_path: Path) -> None:
    text = VALID + '\n[[event]]\nid = "x"\n'
    problem = only(problems_of(tmp_path, text))
    assert problem.line == line_with(text, "[[event]]")
    assert problem.message.startswith("unknown top-level key 'event'")


# --- wrong types ---


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ('title = "A war"', "title = 5", "title", "must be a string, not an integer"),
        ('title = "A war"', 'title = ["A war"]', "title", "must be a string, not an array"),
        ('title = "A war"', 'title = "A\\nwar"', "title", "must be a single line"),
        ('title = "A war"', 'title = "  "', "title", "must not be empty"),
        ('tags = ["war"]', 'tags = "war"', "tags", "must be an array, not a string"),
        ('tags = ["war"]', "tags = [1]", "tags", "item 1: must be a string, not an integer"),
        ('people = ["Kim Il Sung"]', 'people = "Kim Il Sung"', "people", "must be an array, not a string"),
        (
            'people = ["Kim Il Sung"]',
            "people = [{name = 1}]",
            "people",
            "item 1: must be a string, not a table",
        ),
        ('summary = "A war happens."', "summary = 1.5", "summary", "must be a string, not a number"),
        ('era = "early"', "era = true", "era", "must be a string, not a boolean"),
    ],
)
def test_wrong_types_are_errors(tmp_path: Path, old: str, new: str, field: str, message: str) -> None:
    text = changed(old, new)
    problem = only(problems_of(tmp_path, text))
    assert (problem.line, problem.record, problem.field, problem.message) == (
        line_with(text, new.split("\n")[0]),
        "events 'war-begins'",
        field,
        message,
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("meta = 5\n", 1, "must be a table, not an integer"),
        ('events = [1]\n[meta]\ntitle = "x"\nas_of = "2000"\n', 1, "must be a table, not an integer"),
        ('events = {id = "a"}\n', 1, "'events' must be an array of tables ([[events]])"),
        ('[[sources]]\npublisher = "x"\n', 1, "'sources' must be a table ([sources])"),
        (
            '[meta]\ntitle = "x"\nas_of = "2000"\n[tags.war]\nname = "War"\n',
            4,
            "tag description must be a string",
        ),
    ],
)
def test_records_of_the_wrong_shape_are_errors(tmp_path: Path, text: str, line: int, message: str) -> None:
    found = problems_of(tmp_path, text)
    problem = next(p for p in found if message in p.message)
    assert problem.line == line


# --- missing fields ---


@pytest.mark.parametrize("field", ["id", "start", "title", "summary", "era", "tags", "sources"])
def test_required_event_fields_are_missing(tmp_path: Path, field: str) -> None:
    block_start = VALID.index('[[events]]\nid = "summit"')
    block = VALID[block_start : VALID.index("[[faq]]")]
    lines = block.split("\n")
    kept = []
    skipping = False
    for line in lines:  # drop the field's line (and the lines of a multi-line array)
        if line.startswith(f"{field} ="):
            skipping = line.endswith("[")
            continue
        if skipping:
            skipping = line != "]"
            continue
        kept.append(line)
    text = VALID[:block_start] + "\n".join(kept) + VALID[block_start + len(block) :]
    problem = only(problems_of(tmp_path, text))
    assert problem.line == line_with(text, "[[events]]", 2)
    assert (problem.field, problem.message) == (field, "is missing (required)")


@pytest.mark.parametrize("field", ["title", "as_of"])
def test_required_meta_fields_are_missing(tmp_path: Path, field: str) -> None:
    meta_line = {"title": 'title = "Rules"\n', "as_of": 'as_of = "2020-01-01"\n'}[field]
    text = changed(meta_line, "")
    problem = only(problems_of(tmp_path, text))
    assert (problem.line, problem.record, problem.field) == (1, "[meta]", field)


# --- how problems read, and the loading entry point ---


def test_problems_are_ordered_by_line_and_read_file_line_record_field_message(tmp_path: Path) -> None:
    text = changed('era = "early"', "era = 7", 2).replace('title = "A war"', "title = 5")
    path = tmp_path / "chron.toml"
    found = problems_of(tmp_path, text)
    assert [p.line for p in found] == sorted(p.line or 0 for p in found)
    assert (
        str(found[0])
        == f"{path}:{line_with(text, 'title = 5')}: events 'war-begins': field 'title': must be a string, not an integer"
    )


def test_load_raises_one_data_error_listing_every_problem(tmp_path: Path) -> None:
    path = write(tmp_path, changed('era = "early"', 'era = "x"', 2).replace('tags = ["war"]', 'tags = ["y"]'))
    with pytest.raises(DataError) as caught:
        load(str(path))
    assert len(caught.value.problems) == 2
    assert caught.value.message.endswith("(and 1 more problem(s); run 'rnk validate')")
    assert "\n" not in caught.value.message
