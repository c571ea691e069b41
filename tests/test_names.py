"""Names in their own scripts: `[[names]]` in the data, search across scripts and romanisations,
`rnk show` listing them, tables that stay aligned with wide (CJK) characters."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from rnk.core.store import check_paths, load
from rnk.query.analysis import fold, stems_of

from conftest import MINI

NAMES = """
[[names]]
name = "Kim Il Sung"
ko = "김일성"
ru = "Ким Ир Сен"
romanised = ["Kim Il-song", "Gim Il-seong"]
sources = ["src-a"]
note = "A note."

[[names]]
name = "Seoul"
ko = "서울"
sources = ["src-a"]
"""


def with_names(tmp_path: Path, names: str = NAMES) -> Path:
    path = tmp_path / "names.toml"
    path.write_text(MINI.read_text(encoding="utf-8") + names, encoding="utf-8")
    return path


def problems(tmp_path: Path, names: str) -> list[str]:
    chron, found = check_paths([with_names(tmp_path, names)])
    assert (chron is None) == bool(found)
    return [f"{p.field}: {p.message}" for p in found]


# --- the data ---


def test_names_load_and_become_alias_groups(tmp_path: Path) -> None:
    chron, found = check_paths([with_names(tmp_path)])
    assert chron is not None, found
    kim = chron.names["Kim Il Sung"]
    assert (kim.ko, kim.ru, kim.romanised, kim.sources) == (
        "김일성",
        "Ким Ир Сен",
        ("Kim Il-song", "Gim Il-seong"),
        ("src-a",),
    )
    assert chron.names["Seoul"].ru == ""
    assert ("Kim Il Sung", "김일성", "Ким Ир Сен", "Kim Il-song", "Gim Il-seong") in chron.aliases


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (
            '[[names]]\nname = "Nobody"\nsources = ["src-a"]\n',
            "name: no event names the person or place 'Nobody'",
        ),
        ('[[names]]\nname = "Seoul"\nsources = ["nope"]\n', "sources: unknown source 'nope'"),
        ('[[names]]\nname = "Seoul"\nsources = []\n', "sources: must list at least one item"),
        ('[[names]]\nname = "Seoul"\n', "sources: is missing (required)"),
        ('[[names]]\nname = "Seoul"\nja = "ソウル"\nsources = ["src-a"]\n', "ja: unknown field"),
        (
            '[[names]]\nname = "Seoul"\nko = ["서울"]\nsources = ["src-a"]\n',
            "ko: must be a string, not an array",
        ),
        (NAMES + '[[names]]\nname = "Seoul"\nsources = ["src-a"]\n', "name: 'Seoul' is named more than once"),
    ],
)
def test_names_follow_the_rules(tmp_path: Path, names: str, message: str) -> None:
    found = problems(tmp_path, names)
    assert len(found) == 1 and found[0].startswith(message), found


def test_every_bundled_name_has_a_korean_or_russian_form_or_a_note() -> None:
    chron = load()
    assert len(chron.names) >= 90
    for n in chron.names.values():
        assert n.ko or n.ru or n.note, n.name
        assert not n.ko or re.search("[\uac00-\ud7a3]", n.ko), n.name  # Hangul syllables
        assert not n.ru or re.search("[\u0400-\u04ff]", n.ru), n.name  # Cyrillic
        assert n.name not in n.romanised, n.name


# --- search ---


def test_folding_in_every_script() -> None:
    assert fold("Ким Чен Ын") == fold("КИМ ЧЕН ЫН") == fold("ким чен ын")
    assert fold("Горбачёв") == fold("Горбачев")
    assert fold("Kim Jong-un") == fold("Kim Jong Un") == fold("KIM JONG UN")
    assert stems_of("김정은") == stems_of("김정은")  # Hangul has no case: the word stays one word
    assert len(stems_of("김정은 위원장")) == 2


def ids_for(rnk: Any, *query: str) -> list[str]:
    run = rnk("search", *query, "--in", "events", "-n", "100", "--json")
    assert run.code == 0, run
    return sorted(hit["id"] for hit in run.json())


def test_a_name_in_hangul_cyrillic_or_any_romanisation_finds_the_same_events(rnk: Any) -> None:
    english = ids_for(rnk, "Kim Jong Un")
    assert len(english) >= 20
    for query in (["김정은"], ["Ким", "Чен", "Ын"], ["Kim", "Jong-un"], ["Kim", "Chong-un"], ["ким чен ын"]):
        assert ids_for(rnk, *query) == english, query


def test_places_too(rnk: Any) -> None:
    assert ids_for(rnk, "블라디보스토크") == ids_for(rnk, "Владивосток") == ids_for(rnk, "Vladivostok")


# --- rnk show ---


def test_show_lists_the_names_in_every_format(rnk: Any) -> None:
    data = rnk("show", "treaty-2024-signed", "--json").json()
    assert {
        "name": "Pyongyang",
        "ko": "평양",
        "ru": "Пхеньян",
        "romanised": ["Pyeongyang", "P'yongyang"],
    } in data["names"]
    assert [n["name"] for n in data["names"]] == ["Vladimir Putin", "Kim Jong Un", "Pyongyang"]
    plain = rnk("show", "treaty-2024-signed").out
    assert "Names:\n  Vladimir Putin (ko 블라디미르 푸틴, ru Владимир Путин)\n" in plain
    markdown = rnk("show", "treaty-2024-signed", "--format", "markdown").out
    assert "Kim Jong Un (ko 김정은, ru Ким Чен Ын)" in markdown
    table = rnk("show", "treaty-2024-signed", "--format", "table", "--color", "never").out
    assert "김정은" in table and "Ким Чен Ын" in table


def test_an_event_without_names_has_an_empty_list(rnk: Any) -> None:
    run = rnk("--data", str(MINI), "show", "war-begins", "--json")
    assert run.json()["names"] == []
    assert "Names" not in rnk("--data", str(MINI), "show", "war-begins").out


def test_the_names_table_stays_aligned_with_wide_characters(rnk: Any) -> None:
    for width in ("60", "100"):
        out = rnk(
            "show", "treaty-2024-signed", "--format", "table", "--color", "never", env={"COLUMNS": width}
        ).out
        lines = out.splitlines()
        start = next(i for i, line in enumerate(lines) if line.split() == ["Name", "Korean", "Russian"])
        table = lines[start - 1 : start + 6]  # the blank edge, header, rule, 3 rows, blank edge
        assert any("김정은" in line for line in table)
        assert len({cell_len(line) for line in table}) == 1, table
        korean = [
            line.index(part) for line, part in zip(table[3:6], ("블라디미르", "김정은", "평양"), strict=True)
        ]
        russian_at = {
            cell_len(line[: line.index(ru)])
            for line, ru in zip(table[3:6], ("Владимир", "Ким", "Пхеньян"), strict=True)
        }
        assert len(russian_at) == 1, table  # the Russian column starts in the same cell on every row
        assert len({cell_len(line[:i]) for line, i in zip(table[3:6], korean, strict=True)}) == 1


@pytest.mark.parametrize("command", [["events"], ["search", "war"], ["people"], ["on", "06-25"]])
def test_tables_with_hangul_and_cyrillic_in_the_data_keep_their_columns(
    rnk: Any, tmp_path: Path, command: list[str]
) -> None:
    data = tmp_path / "wide.toml"
    text = MINI.read_text(encoding="utf-8").replace(
        'title = "A war"', 'title = "A war 한국 전쟁 Корейская война"'
    )
    data.write_text(
        text.replace('people = ["Kim Il Sung"]', 'people = ["김일성 Ким Ир Сен"]'), encoding="utf-8"
    )
    run = rnk("--data", str(data), *command, "--format", "table", "--color", "never", env={"COLUMNS": "70"})
    assert run.code == 0, run
    assert "한국" in run.out or "김일성" in run.out
    rows = [
        line
        for line in run.out.splitlines()
        if line.strip() and not line.strip().endswith(("events", "event"))
    ]
    assert len({cell_len(line) for line in rows}) == 1, run.out
