"""An undated page (a reference work, an archive record) is cited without a publication date."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINI, invoke


@pytest.fixture
def undated(tmp_path: Path) -> Path:
    """The mini chronology with the `date` line of its first source removed."""
    text = MINI.read_text(encoding="utf-8")
    head, sep, rest = text.partition("[sources.")
    block, nl, tail = rest.partition("\n\n")
    lines = [ln for ln in block.splitlines() if not ln.startswith("date")]
    assert len(lines) < len(block.splitlines()), "the fixture's first source has a date line"
    path = tmp_path / "undated.toml"
    path.write_text(head + sep + "\n".join(lines) + nl + tail, encoding="utf-8")
    return path


def test_an_undated_source_validates(undated: Path) -> None:
    run = invoke("validate", str(undated))
    assert run.code == 0, run


def test_an_undated_source_is_null_in_json_and_undated_in_text(undated: Path) -> None:
    events = invoke("--data", str(undated), "events", "--json").json()
    shown = [invoke("--data", str(undated), "show", e["id"], "--json").json() for e in events]
    dates = [s["date"] for e in shown for s in e["sources"]]
    assert dates and None in dates
    which = next(e["id"] for e in shown if any(s["date"] is None for s in e["sources"]))
    text = invoke("--data", str(undated), "show", which, "--format", "plain")
    assert text.code == 0 and "(undated)" in text.out, text
