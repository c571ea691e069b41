"""`rnk schema`: the JSON Schemas are valid, agree with the validator's rules, accept the real
data files, and describe the real JSON output of every command that has one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import tomli
from jsonschema import Draft202012Validator
from typer.main import get_command

from rnk.cli import app
from rnk.core.loader import bundled_path
from rnk.core.rules import SPECS
from rnk.core.schema import DATA, OUTPUT, SCHEMAS

from conftest import FIXTURES, MINI, invoke

HOSTILE = FIXTURES / "hostile.toml"
# Arguments tried with each command, so that every shape of its output is met.
CANDIDATE_ARGS = ([], ["war-begins"], ["hostile-event"], ["war"], ["when-war"], ["war", "dates"],
                  ["--all", "war"], ["1950s"], ["USSR"], ["--in", "faq", "war"], ["06-25"],
                  ["war-begins", "when-war"], ["06-25", "--days", "30"])  # fmt: skip


def as_json(value: Any) -> Any:
    """A parsed TOML document as JSON would hold it: dates become ISO strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def data_errors(document: Any) -> list[str]:
    return [e.message for e in Draft202012Validator(DATA).iter_errors(as_json(document))]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_schemas_are_valid_json_schemas(name: str) -> None:
    Draft202012Validator.check_schema(SCHEMAS[name])


def test_rnk_schema_prints_them() -> None:
    assert invoke("schema").json() == json.loads(json.dumps(SCHEMAS))
    assert invoke("schema", "data").json() == json.loads(json.dumps(DATA))
    assert invoke("schema", "output").json() == json.loads(json.dumps(OUTPUT))
    wrong = invoke("schema", "nope")
    assert wrong.code == 2 and "'nope' is not one of 'data', 'output'" in wrong.err


def test_rnk_schema_takes_the_formats_every_command_takes() -> None:
    """JSON whatever the output; --json too; jsonl on one line; the others list the $defs."""
    assert invoke("schema", "data", "--json").json() == invoke("schema", "data").json()
    one_line = invoke("schema", "output", "--format", "jsonl").out
    assert one_line.count("\n") == 1 and json.loads(one_line) == json.loads(json.dumps(OUTPUT))
    csv_rows = invoke("schema", "--format", "csv").out.splitlines()
    assert csv_rows[0] == "schema,name,description"
    assert len(csv_rows) == 1 + len(DATA["$defs"]) + len(OUTPUT["$defs"])
    plain = invoke("schema", "output", "--format", "plain", "--color", "never").out
    assert "Definition: command-events\nDescription: rnk events: the matching events, oldest first." in plain
    assert invoke("schema", "--json", "--format", "csv").code == 2


RECORD_DEFS = {"meta": "meta", "sources": "source", "eras": "era", "events": "event", "faq": "faq",
               "aliases": "alias", "names": "name"}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_the_data_schema_has_the_validators_fields_and_required_ones(kind: str) -> None:
    record = DATA["$defs"][RECORD_DEFS[kind]]
    assert list(record["properties"]) == list(SPECS[kind])
    assert sorted(record["required"]) == sorted(k for k, (_, required) in SPECS[kind].items() if required)
    assert record["additionalProperties"] is False


def data_files() -> list[Path]:
    return [*sorted(bundled_path().glob("*.toml")), MINI, HOSTILE]


@pytest.mark.parametrize("path", data_files(), ids=lambda p: p.name)
def test_real_data_files_fit_the_data_schema(path: Path) -> None:
    assert data_errors(tomli.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["events"][0].update(titel="x"), "Additional properties are not allowed ('titel'"),
        (lambda d: d["events"][0].update(id="Bad Id"), "'Bad Id' does not match"),
        (lambda d: d["events"][0].pop("sources"), "'sources' is a required property"),
        (lambda d: d["events"][0].update(tags=[]), "[] should be non-empty"),
        (lambda d: d["events"][0].update(start="1950-6"), "is not valid under any of the given schemas"),
        (lambda d: d["events"][0].update(title="two\nlines"), "does not match"),
        (lambda d: d["sources"].update({"Bad Id": d["sources"]["src-a"]}), "'Bad Id' does not match"),
        (lambda d: d.update(event=[]), "Additional properties are not allowed ('event'"),
        (lambda d: d["tags"].update(war=1), "1 is not of type 'string'"),
    ],
)
def test_the_data_schema_rejects_what_validate_rejects(change: Any, expected: str, tmp_path: Path) -> None:
    document = tomli.loads(MINI.read_text(encoding="utf-8"))
    change(document)
    errors = data_errors(document)
    assert any(expected in e for e in errors), errors


def json_commands() -> list[str]:
    commands = get_command(app).commands  # type: ignore[attr-defined]
    return sorted(name for name, cmd in commands.items() if any("--json" in p.opts for p in cmd.params))


def commands_described() -> list[str]:
    return [name.removeprefix("command-") for name in OUTPUT["$defs"] if name.startswith("command-")]


def test_every_command_with_json_output_is_described() -> None:
    missing = sorted(set(json_commands()) - set(commands_described()))
    assert not missing, f"add $defs/command-NAME to rnk/schema.py OUTPUT for: {missing}"


@pytest.mark.parametrize("name", json_commands())
def test_the_json_output_of_every_command_fits_the_output_schema(name: str, tmp_path: Path) -> None:
    assert name in commands_described(), f"no schema for 'rnk {name}' (see the test above)"
    validator = Draft202012Validator({**OUTPUT, "$ref": f"#/$defs/command-{name}"})
    whole = Draft202012Validator(OUTPUT)
    bad = tmp_path / "bad.toml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace('era = "late"', 'era = "nope"'), encoding="utf-8")
    checked = 0
    for data in (MINI, HOSTILE, bad):
        for args in CANDIDATE_ARGS:
            run = invoke("--data", str(data), name, *args, "--json")
            if run.code not in (0, 1, 3) or not run.out:
                continue
            output = run.json()
            errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(output)]
            assert not errors, (args, errors)
            assert whole.is_valid(output)
            checked += 1
    assert checked, f"'rnk {name} --json' printed nothing to check"
