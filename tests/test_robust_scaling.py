"""Linear cost on hostile data (issue 14 §2): each case scaled ×10 stays within a generous bound.

The bounds are on counts of operations or on memory measured with tracemalloc, never on wall
time, so a slow or busy machine cannot make them fail. Quadratic code grows ×100 when the input
grows ×10; the bounds allow ×20.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnk.core.model import Chronology, Era, Event, Meta
from rnk.core.tomlpos import KEY_PARTS_LIMIT, NESTING_LIMIT, Positions, positions
from rnk.query import aliases, summary

from conftest import invoke

GROWTH = 20  # linear code grows ×10 when the input does, quadratic code ×100


def _peak(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _scan(text: str) -> Positions:
    positions.cache_clear()
    return positions(text)


# --- the position scanner: nesting and dotted keys ---

HOSTILE_TOML: dict[str, Callable[[int], str]] = {
    # 21 KB of nested arrays used 1.9 GB before; 17.5 KB of inline tables took 127 s.
    "nested arrays": lambda n: "x = " + "[" * n + "]" * n + "\n",
    "nested inline tables": lambda n: "x = " + "{a = " * n + "1" + "}" * n + "\n",
    "nested mixed": lambda n: "x = " + "[{a = " * (n // 2) + "1" + "}]" * (n // 2) + "\n",
    # a 50,000-part dotted key used 9.8 GB
    "dotted key": lambda n: ".".join(["a"] * n) + " = 1\n",
    "dotted key, quoted parts": lambda n: ".".join(['"a.b"'] * n) + " = 1\n",
    "dotted header": lambda n: "[" + ".".join(["t"] * n) + "]\n",
}


@pytest.mark.parametrize("case", HOSTILE_TOML)
def test_the_position_scanner_uses_memory_linear_in_hostile_text(case: str) -> None:
    make = HOSTILE_TOML[case]
    small, large = make(5_000), make(50_000)
    peak_small = _peak(lambda: _scan(small))
    peak_large = _peak(lambda: _scan(large))
    assert peak_large <= GROWTH * peak_small + 1_000_000, (peak_small, peak_large)
    assert peak_large < 64 * 1024 * 1024


def test_the_scanner_stops_at_the_nesting_limit_and_still_says_where() -> None:
    found = _scan(HOSTILE_TOML["nested inline tables"](50_000))
    assert found.deepest[0] == NESTING_LIMIT + 1
    assert len(found.spots) <= 64  # paths are kept short: no record of every prefix


def test_a_long_dotted_key_is_counted_in_full_without_recording_its_prefixes() -> None:
    text = "title = 1\n" + ".".join(["a", '"b.c"', "'d . e'"] * 20_000) + " = 1\n"
    found = _scan(text)
    assert found.longest_key == (60_000, (2, 1))
    assert found.spots == {("title",): (1, 1)}


def test_a_key_at_tomlis_limit_is_still_located() -> None:
    key = ".".join(f"k{i}" for i in range(KEY_PARTS_LIMIT))
    found = _scan(f"a = 1\n{key} = 2\nb = 3\n")
    assert found.longest_key[0] == KEY_PARTS_LIMIT
    assert found.line(("k0", "k1")) == 2
    assert found.line(tuple(f"k{i}" for i in range(KEY_PARTS_LIMIT))) == 2  # by its enclosing path
    assert found.line(("b",)) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HOSTILE_TOML["dotted key"](50_000), "a dotted key has 50000 parts: too many"),
        (HOSTILE_TOML["nested inline tables"](20_000), "nested more than 400 levels deep"),
        (HOSTILE_TOML["nested arrays"](100_000), "nested more than 400 levels deep"),
    ],
    ids=["dotted key", "inline tables", "arrays"],
)
def test_hostile_files_give_one_line_with_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    data = tmp_path / "hostile.toml"
    data.write_text(text, encoding="utf-8")
    run = invoke("validate", str(data))
    assert run.code == 3
    assert run.out.startswith(f"{data}:1:") and message in run.out
    assert run.err == "rnk: error: 1 problem found in 1 file\n"


# --- people, tags and aliases: one pass with dicts ---


class _Names(tuple):  # type: ignore[type-arg]
    """A tuple of names that counts how often it is searched or walked."""

    calls = 0

    def __contains__(self, item: object) -> bool:
        _Names.calls += 1
        return super().__contains__(item)

    def __iter__(self) -> Iterator[Any]:
        _Names.calls += 1
        return super().__iter__()


def _chronology(n: int, shared: int = 3) -> Chronology:
    """n events, each with a person and a tag of its own and `shared` names common to all."""
    common = tuple(f"common {k}" for k in range(shared))
    events = tuple(
        Event(
            id=f"e{i}", start="1950", end="1950", when="", title="t", summary="s", era="era",
            tags=_Names((f"tag{i}", *common)), people=_Names((f"Person {i}", *common)),
        )
        for i in range(n)
    )  # fmt: skip
    tags = {f"tag{i}": "d" for i in range(n)} | dict.fromkeys(common, "d")
    return Chronology(
        Meta("T", "2020"), eras=(Era("era", "E", "1900", "2020", "s"),), tags=tags, events=events
    )


@pytest.mark.parametrize("listing", [summary.people_listing, summary.tag_listing], ids=["people", "tags"])
def test_people_and_tags_are_counted_in_one_pass(
    listing: Callable[[Chronology], list[summary.Facet]],
) -> None:
    counts = []
    for n in (2_000, 20_000):  # 20,000 people or tags took 21-49 s before
        chron = _chronology(n)
        _Names.calls = 0
        facets = listing(chron)
        counts.append(_Names.calls)
        assert len(facets) == n + 3
        assert facets[0].count == n
    assert counts[1] <= GROWTH // 2 * counts[0] + 100
    assert counts[1] <= 5 * 20_000  # a few walks per event, not one search per name per event


class _Stem(str):
    """A stem that counts comparisons and hashes: a membership test in a list compares."""

    calls = 0

    def __eq__(self, other: object) -> bool:
        _Stem.calls += 1
        return str.__eq__(self, other)

    def __hash__(self) -> int:
        _Stem.calls += 1
        return str.__hash__(self)


def test_an_alias_group_of_many_terms_is_built_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    original = aliases.tokens
    monkeypatch.setattr(
        aliases, "tokens", lambda text: [t._replace(stem=_Stem(t.stem)) for t in original(text)]
    )
    counts = []
    for n in (5_000, 50_000):  # a group of 50,000 terms made `search` take 39 s before
        group = [f"term{i}" for i in range(n)] + ["term0", "term1"]  # repeats count once
        _Stem.calls = 0
        built = aliases.build_aliases([group, ["term0", "other"]])
        counts.append(_Stem.calls)
        assert len(built.group_terms["#0"]) == n
        assert built.by_first["term0"][0].groups == ("#0", "#1")
    assert counts[1] <= GROWTH // 2 * counts[0] + 100
    assert counts[1] <= 10 * 50_000


# --- one pass gives the same answer as asking for each name ---

NAMES = st.lists(st.sampled_from(["a", "b", "c", "Kim", "kim", "Ä"]), max_size=4)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(NAMES, NAMES), max_size=8), st.lists(st.sampled_from(["a", "b", "z"]), unique=True))
def test_one_pass_listings_match_asking_each_name(
    events: list[tuple[list[str], list[str]]], tags: list[str]
) -> None:
    evs = tuple(
        Event(id=f"e{i}", start=f"{1950 + i}", end=f"{1950 + i}", when="", title="t", summary="s", era="era",
              tags=tuple(t), people=tuple(p))
        for i, (t, p) in enumerate(events)
    )  # fmt: skip
    chron = Chronology(Meta("T", "2020"), tags=dict.fromkeys(tags, "d"), events=evs)
    people = [(f.name, f.events) for f in summary.people_listing(chron)]
    named = summary.ranked(p for e in evs for p in e.people)
    assert people == [(name, tuple(e for e in evs if name in e.people)) for name, _ in named]
    tagged = sorted(
        ((t, tuple(e for e in evs if t in e.tags)) for t in tags), key=lambda f: (-len(f[1]), f[0])
    )
    assert [(f.name, f.events) for f in summary.tag_listing(chron)] == tagged
