"""Shell completion: the generated index and scripts, the fast path's protocol, user data, speed.

The real shells drive the same scripts in tests/test_shells.py; here the console script is run
with the environment each script sets, and the engine is tested in-process.
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnk.core.paths import BUNDLED
from rnk.shell import complete
from rnk.shell import index as shell_index
from rnk.shell.complete import split_line
from rnk.shell.index import Index, parse_index
from rnk.shell.scripts import FILE_NAMES, script

from conftest import MINI, ROOT

RNK = Path(sys.executable).parent / "rnk"
INDEX_FILE = ROOT / "src" / "rnk" / "shell" / "_completion_index.tsv"
HEAVY = ("typer", "rich", "tomli", "tomllib", "click")
# Arguments that take free text, so nothing completes for them. A new argument must either get
# a kind in rnk.shell.completion_index or be added here on purpose.
FREE_ARGUMENTS = {("search", "query"), ("ask", "words")}


def load_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    return tomllib.loads(path.read_text(encoding="utf-8"))


def bundled() -> dict[str, Any]:
    """The bundled data, read here independently of rnk's loader."""
    merged: dict[str, Any] = {"events": [], "faq": [], "eras": [], "tags": {}}
    for path in sorted((ROOT / "data").glob("*.toml")):
        doc = read_toml(path)
        for kind in ("events", "faq", "eras"):
            merged[kind] += doc.get(kind, [])
        merged["tags"].update(doc.get("tags", {}))
    return merged


def shipped() -> Index:
    return parse_index(INDEX_FILE.read_text(encoding="utf-8"))


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_RNK", "COMP_", "RNK_"))}
    env["RNK_CACHE_DIR"] = str(tmp_path / "cache")
    env.update(extra)
    return env


def run_rnk(env: dict[str, str], *args: str, importtime: bool = False) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, *(["-X", "importtime"] if importtime else []), str(RNK), *args]
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)


def bash_tab(line: str, tmp_path: Path, **extra: str) -> list[str]:
    """What the bash script's completion command prints for a line typed up to the cursor."""
    env = env_for(tmp_path, COMP_LINE=line, COMP_POINT=str(len(line)), _RNK_COMPLETE="bash", **extra)
    env.setdefault("COMP_WORDBREAKS", " \t\n\"'><=;|&(:")
    proc = run_rnk(env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def shell_tab(shell: str, words: list[str], current: str, tmp_path: Path, **extra: str) -> list[str]:
    env = env_for(tmp_path, _RNK_COMPLETE=shell, _RNK_CURRENT=current, **extra)
    proc = run_rnk(env, *words)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def unique_prefix(word: str, others: list[str]) -> str:
    for n in range(1, len(word) + 1):
        if not any(o != word and o.startswith(word[:n]) for o in others):
            return word[:n]
    return word


# --- generated files ---


def test_generated_index_and_scripts_match_the_app_and_data() -> None:
    gen = load_module("gen_completions")
    stale = [str(p.relative_to(ROOT)) for p in gen.stale(gen.outputs())]
    assert not stale, f"out of date (run scripts/gen_completions.py): {stale}"


def test_zsh_script_starts_with_compdef() -> None:
    assert (ROOT / "completions" / "_rnk").read_text().splitlines()[0] == "#compdef rnk"


def test_index_holds_every_value_of_the_bundled_data() -> None:
    data = bundled()
    values = shipped().values
    got = {kind: {v for v, _ in values.get(kind, [])} for kind in shell_index.DATA_KINDS}
    assert got["events"] == {e["id"] for e in data["events"]}
    assert got["faq"] == {f["id"] for f in data["faq"]}
    assert got["tags"] == set(data["tags"])
    assert got["eras"] == {e["id"] for e in data["eras"]}
    assert got["people"] == {p for e in data["events"] for p in e.get("people", [])}
    decades = set()
    for e in data["events"]:
        first, last = int(str(e["start"])[:4]), int(str(e.get("end", e["start"]))[:4])
        decades |= {f"{d}s" for d in range(first // 10 * 10, last // 10 * 10 + 1, 10)}
    assert got["decades"] == decades
    assert got["days"] == {str(e["start"])[5:] for e in data["events"] if len(str(e["start"])) == 10}


def test_event_descriptions_give_date_and_title() -> None:
    described = dict(shipped().values["events"])
    for event in bundled()["events"]:
        desc = described[event["id"]]
        assert desc.startswith(str(event["start"])), desc
        assert " ".join(event["title"].split())[:40] in desc


def test_faq_descriptions_give_the_question() -> None:
    described = dict(shipped().values["faq"])
    for entry in bundled()["faq"]:
        assert described[entry["id"]].startswith(" ".join(entry["question"].split())[:60])


def app_tree() -> list[tuple[str, Any, Any]]:
    """(path, command, context) for the root group and every command, read from the Typer app."""
    from typer._click.core import Context
    from typer.main import get_command

    from rnk.cli import app

    root = get_command(app)
    ctx = Context(root, info_name="rnk", **root.context_settings)
    out = [("", root, ctx)]
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        sub = root.get_command(ctx, name)  # type: ignore[attr-defined]
        out.append((name, sub, Context(sub, info_name=name, parent=ctx)))
    return out


def test_index_has_every_command_and_option_of_the_app() -> None:
    index = shipped()
    for path, command, ctx in app_tree():
        node = index.root.commands[path] if path else index.root
        names = {n for opt in node.options for n in opt.names}
        for param in command.get_params(ctx):
            if param.param_type_name == "option":
                assert set(param.opts) <= names, (path, param.opts)
            else:
                assert [param.name] in [a.names for a in node.arguments], (path, param.name)


def option_kinds(node: shell_index.Node) -> dict[str, str]:
    return {opt.names[0]: opt.kind for opt in node.options}


def test_options_and_arguments_complete_with_the_right_values() -> None:
    commands = shipped().root.commands
    assert commands["show"].arguments[0].kind == "events"
    assert commands["faq"].arguments[0].kind == "faq"
    assert commands["events"].arguments[0].kind == "decades"
    want = {
        "--tag": "tags",
        "--person": "people",
        "--era": "eras",
    }
    assert commands["cite"].arguments[0].kind == "records"  # event and FAQ ids
    assert option_kinds(commands["cite"])["--format"] == "choice:cite:fmt"  # its own formats
    seen = set()
    for node in (n for path, n in commands.items() if path != "cite"):
        for name, kind in option_kinds(node).items():
            if name in want:
                assert kind == want[name], name
                seen.add(name)
    assert seen == set(want)
    assert option_kinds(shipped().root)["--data"] == "data-paths"  # files and @bundled


def test_every_argument_has_a_completion_kind_or_is_free_text_on_purpose() -> None:
    for path, node in shipped().root.commands.items():
        for arg in node.arguments:
            if arg.kind == "text":
                assert (path, arg.names[0]) in FREE_ARGUMENTS, f"rnk {path} {arg.name}: give it a kind"


def test_formats_and_colours_come_from_the_output_contract() -> None:
    from rnk.render.view import COLOR_MODES, FORMATS

    values = shipped().values
    assert [v for v, _ in values["formats"]] == list(FORMATS)
    assert [v for v, _ in values["colors"]] == list(COLOR_MODES)
    assert all(desc for _, desc in values["formats"])


# --- the protocol, through the console script ---


def test_bash_completes_commands(tmp_path: Path) -> None:
    assert bash_tab("rnk sh", tmp_path) == [":values", "show"]
    assert bash_tab("rnk s", tmp_path)[1:] == ["search", "show", "schema", "summary"]


def test_bash_completes_event_ids_for_show(tmp_path: Path) -> None:
    ids = [e["id"] for e in bundled()["events"]]
    target = max(ids, key=lambda i: len(unique_prefix(i, ids)))
    prefix = unique_prefix(target, ids)
    assert bash_tab(f"rnk show {prefix}", tmp_path) == [":values", target]
    shorter = prefix[:-1]
    assert bash_tab(f"rnk show {shorter}", tmp_path)[1:] == [i for i in ids if i.startswith(shorter)]


def test_bash_completes_tags_formats_faq_and_decades(tmp_path: Path) -> None:
    assert "sanctions" in bundled()["tags"]
    assert bash_tab("rnk events --tag sanc", tmp_path) == [":values", "sanctions"]
    assert bash_tab("rnk events -t sanc", tmp_path) == [":values", "sanctions"]
    assert bash_tab("rnk events --format js", tmp_path) == [":values", "json", "jsonl"]
    assert bash_tab("rnk faq ", tmp_path)[1:] == [f["id"] for f in bundled()["faq"]]
    assert bash_tab("rnk events 199", tmp_path) == [":values", "1990s"]
    assert bash_tab("rnk events --color a", tmp_path) == [":values", "auto", "always"]


def test_bash_replaces_only_the_part_after_a_word_break(tmp_path: Path) -> None:
    # bash splits `--format=js` at `=` and replaces only `js`
    assert bash_tab("rnk events --format=js", tmp_path) == [":values", "json", "jsonl"]
    words = bash_tab("rnk events --format=js", tmp_path, COMP_WORDBREAKS=" \t\n")
    assert words == [":values", "--format=json", "--format=jsonl"]


def test_bash_quotes_names_with_spaces(tmp_path: Path) -> None:
    assert "Kim Jong Un" in {p for e in bundled()["events"] for p in e.get("people", [])}
    assert "Kim\\ Jong\\ Un" in bash_tab("rnk events --person Kim", tmp_path)
    assert bash_tab("rnk events --person Kim\\ Jong\\ U", tmp_path) == [":values", "Kim\\ Jong\\ Un"]
    # inside quotes readline keeps the quote: the word goes in as it is
    assert bash_tab('rnk events --person "Kim Jong U', tmp_path) == [":values", "Kim Jong Un"]
    assert bash_tab("rnk events --person putin", tmp_path) == [":values", "Vladimir\\ Putin"]


def test_bash_asks_for_file_names_after_data(tmp_path: Path) -> None:
    assert bash_tab("rnk --data ", tmp_path) == [":files", "@bundled"]
    assert bash_tab("rnk --data @b", tmp_path) == [":files", "@bundled"]
    assert bash_tab("rnk --data=da", tmp_path) == [":files"]
    assert bash_tab("rnk validate ", tmp_path) == [":files", "@bundled"]
    assert bash_tab("rnk timeline --svg ", tmp_path) == [":files"]  # an output file: no @bundled


def test_options_complete_after_a_dash_and_used_ones_drop_out(tmp_path: Path) -> None:
    out = bash_tab("rnk events --for", tmp_path)
    assert out == [":values", "--format"]
    out = bash_tab("rnk events --format json --for", tmp_path)
    assert out == [":values"]
    # --tag may be repeated
    assert bash_tab("rnk events --tag war --ta", tmp_path) == [":values", "--tag"]
    assert bash_tab("rnk --da", tmp_path) == [":values", "--data"]


def test_zsh_lines_carry_descriptions_and_escape_colons(tmp_path: Path) -> None:
    event = bundled()["events"][0]
    out = shell_tab("zsh", ["show"], event["id"], tmp_path)
    assert out[0] == ":values"
    line = next(x for x in out if x.split(":", 1)[0] == event["id"])
    assert str(event["start"]) in line and event["title"][:20] in line
    # a value with a colon is escaped so that _describe does not split it
    assert complete.render("zsh", "values", [("a:b", "c")]) == ":values\na\\:b:c\n"


def test_fish_and_powershell_lines_are_value_tab_description(tmp_path: Path) -> None:
    for shell in ("fish", "powershell"):
        out = shell_tab(shell, ["events", "--tag"], "sanc", tmp_path)
        assert out[0] == ":values"
        value, desc = out[1].split("\t")
        assert value == "sanctions" and desc == " ".join(bundled()["tags"]["sanctions"].split())


def test_an_opening_quote_from_fish_or_powershell_is_ignored(tmp_path: Path) -> None:
    out = shell_tab("powershell", ["events", "--person"], "'Kim Jong U", tmp_path)
    assert [x.split("\t")[0] for x in out[1:]] == ["Kim Jong Un"]


def test_source_instruction_prints_the_shipped_scripts(tmp_path: Path) -> None:
    for shell, name in FILE_NAMES.items():
        proc = run_rnk(env_for(tmp_path, _RNK_COMPLETE=f"source_{shell}"))
        assert proc.stdout == (ROOT / "completions" / name).read_text(encoding="utf-8")


def test_typer_protocol_still_answers_through_typer(tmp_path: Path) -> None:
    proc = run_rnk(env_for(tmp_path, _RNK_COMPLETE="complete_bash", COMP_WORDS="rnk ev", COMP_CWORD="1"))
    assert proc.stdout.split() == ["events"]


def imported(stderr: str) -> set[str]:
    """Top-level package names in `python -X importtime` output."""
    names = set()
    for row in stderr.splitlines():
        if row.startswith("import time:") and "|" in row:
            names.add(row.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_a_tab_press_imports_no_framework_and_parses_no_toml(tmp_path: Path) -> None:
    for line in ("rnk sh", "rnk show kor", "rnk events --tag sanc", "rnk faq "):
        env = env_for(tmp_path, COMP_LINE=line, COMP_POINT=str(len(line)), _RNK_COMPLETE="bash")
        proc = run_rnk(env, importtime=True)
        assert proc.stdout.startswith(":values")
        heavy = imported(proc.stderr) & set(HEAVY)
        assert not heavy, f"{line!r} imported {heavy}"
    assert not (tmp_path / "cache").exists()  # the shipped index was current: no cache needed


# --- user data ---


def user_data(tmp_path: Path, text: str | None = None) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    target = folder / "chronology.toml"
    target.write_text(text if text is not None else MINI.read_text(encoding="utf-8"), encoding="utf-8")
    old = target.stat().st_mtime - 60
    os.utime(target, (old, old))  # not "just written": the cache may keep it
    return folder


def test_user_data_completes_and_is_cached(tmp_path: Path) -> None:
    # not a file written by the test: files changed in the last two seconds are not cached
    folder = MINI
    mini = read_toml(MINI)
    line = "rnk events --tag "
    first = run_rnk(
        env_for(
            tmp_path, COMP_LINE=line, COMP_POINT=str(len(line)), _RNK_COMPLETE="bash", RNK_DATA=str(folder)
        ),
        importtime=True,
    )
    assert first.stdout.splitlines()[1:] == list(mini["tags"])
    assert "tomli" in imported(first.stderr) or "tomllib" in imported(first.stderr)
    assert list((tmp_path / "cache").glob("completion-*.bin"))
    again = run_rnk(
        env_for(
            tmp_path, COMP_LINE=line, COMP_POINT=str(len(line)), _RNK_COMPLETE="bash", RNK_DATA=str(folder)
        ),
        importtime=True,
    )
    assert again.stdout == first.stdout
    assert not imported(again.stderr) & set(HEAVY)


def test_user_data_changes_are_seen_at_once(tmp_path: Path) -> None:
    folder = user_data(tmp_path)
    env = {"RNK_DATA": str(folder)}
    assert "brand-new" not in bash_tab("rnk events --tag ", tmp_path, **env)
    text = MINI.read_text(encoding="utf-8").replace("[tags]", '[tags]\nbrand-new = "Added later"', 1)
    user_data(tmp_path, text)
    assert "brand-new" in bash_tab("rnk events --tag ", tmp_path, **env)
    # a second file in the folder is a change too
    (folder / "more.toml").write_text('[tags]\nanother-one = "x"\n', encoding="utf-8")
    assert "another-one" in bash_tab("rnk events --tag ", tmp_path, **env)


def test_data_option_on_the_line_wins_over_the_environment(tmp_path: Path) -> None:
    folder = user_data(tmp_path)
    ids = [e["id"] for e in read_toml(MINI)["events"]]
    out = bash_tab(f"rnk --data {folder} show ", tmp_path, RNK_DATA="/nonexistent")
    assert out[1:] == ids
    both = bash_tab(f"rnk --data {BUNDLED}:{folder} show ", tmp_path)
    assert set(ids) < set(both) and set(e["id"] for e in bundled()["events"]) < set(both)


def test_user_data_completes_without_a_usable_cache(tmp_path: Path) -> None:
    folder = user_data(tmp_path)
    want = list(read_toml(MINI)["tags"])
    assert bash_tab("rnk events --tag ", tmp_path, RNK_DATA=str(folder), RNK_NO_CACHE="1")[1:] == want
    assert not (tmp_path / "cache").exists()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    assert (
        bash_tab("rnk events --tag ", tmp_path, RNK_DATA=str(folder), RNK_CACHE_DIR=str(blocked))[1:] == want
    )
    # a damaged cache file is ignored (MINI: files changed in the last two seconds are not cached)
    bash_tab("rnk events --tag ", tmp_path, RNK_DATA=str(MINI))
    (cached,) = (tmp_path / "cache").glob("completion-*.bin")
    cached.write_bytes(cached.read_bytes() + b"\nV\ttags\tbogus\t\n")
    assert bash_tab("rnk events --tag ", tmp_path, RNK_DATA=str(MINI))[1:] == want


def test_broken_user_data_still_completes_what_it_can(tmp_path: Path) -> None:
    text = '[tags]\nfine = "ok"\n\n[[events]]\nid = "half-an-event"\n'  # fails validation
    folder = user_data(tmp_path, text)
    assert bash_tab("rnk events --tag ", tmp_path, RNK_DATA=str(folder))[1:] == ["fine"]
    assert bash_tab("rnk show ", tmp_path, RNK_DATA=str(folder))[1:] == ["half-an-event"]
    folder = user_data(tmp_path, "this is [not toml")
    assert bash_tab("rnk show h", tmp_path, RNK_DATA=str(folder)) == [":values"]
    assert all(w.startswith("--") for w in bash_tab("rnk show ", tmp_path, RNK_DATA=str(folder))[1:])


def test_edited_bundled_data_is_read_instead_of_the_stale_index(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RNK_CACHE_DIR", str(tmp_path))
    index = shipped()
    assert complete.layer_values(index, BUNDLED) is index.values  # current: used as it is
    index.fingerprint = "0"  # as if data/ had changed since generation
    rebuilt = complete.layer_values(index, BUNDLED)
    assert rebuilt is not index.values
    for kind in shell_index.DATA_KINDS:
        assert rebuilt[kind] == index.values[kind]


def test_missing_index_is_built_from_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(complete, "INDEX_NAME", "no-such-index.tsv")
    live = complete.load_index()
    index = shipped()
    assert list(live.root.commands) == list(index.root.commands)
    assert live.values == index.values


# --- the engine, in-process ---

TOY = "\n".join(
    [
        shell_index.MAGIC,
        "C\t\tToy.",
        "P\t\t--data\tpaths\t0\tData.",
        "P\t\t--verbose -v\tflag\t0\tMore.",
        "C\tgo\tGo somewhere.",
        "P\tgo\twhere\tplaces\t0\tWhere.",
        "P\tgo\trest\ttext\t1\tMore words.",
        "P\tgo\t--tag -t\ttags\t1\tTag.",
        "P\tgo\t--quick -q\tflag\t0\tQuick.",
        "P\tgo\t--limit -n\ttext\t0\tLimit.",
        "C\tgroup\tA group.",
        "C\tgroup inner\tNested.",
        "P\tgroup inner\t--deep\tflag\t0\tDeep.",
        "V\tplaces\thome\tHome, sweet.",
        "V\tplaces\thorizon\tFar.",
        "V\ttags\twar\tWar.",
        "V\ttags\twork\tWork.",
        "V\tpeople\tVladimir Putin\t14 events",
    ]
)


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Index:
    index = parse_index(TOY)
    monkeypatch.setattr(complete, "data_values", lambda idx, option, kind: idx.values.get(kind, []))
    return index


def values(result: tuple[str, list[tuple[str, str]]]) -> list[str]:
    return [v for v, _ in result[1]]


def test_engine_walks_options_values_and_nested_commands(toy: Index) -> None:
    assert values(complete.complete(toy, [], "g")) == ["go", "group"]
    assert values(complete.complete(toy, ["-v"], "g")) == ["go", "group"]
    assert values(complete.complete(toy, ["--data", "x"], "g")) == ["go", "group"]
    assert values(complete.complete(toy, ["go"], "ho")) == ["home", "horizon"]
    assert values(complete.complete(toy, ["go", "-t", "war"], "ho")) == ["home", "horizon"]
    assert values(complete.complete(toy, ["go", "-qt", "war"], "ho")) == ["home", "horizon"]
    assert values(complete.complete(toy, ["go", "-twar"], "ho")) == ["home", "horizon"]
    assert values(complete.complete(toy, ["go", "-t"], "w")) == ["war", "work"]
    assert values(complete.complete(toy, ["go", "-qt"], "wo")) == ["work"]
    assert values(complete.complete(toy, ["go", "home"], "")) == ["--tag", "--quick", "--limit"]
    assert values(complete.complete(toy, ["go", "-n"], "")) == []
    assert values(complete.complete(toy, ["go", "--"], "-")) == []
    assert values(complete.complete(toy, ["group"], "")) == ["inner"]
    assert values(complete.complete(toy, ["group", "inner"], "--d")) == ["--deep"]
    assert values(complete.complete(toy, ["go"], "--tag=w")) == ["--tag=war", "--tag=work"]
    assert values(complete.complete(toy, ["go"], "--quick=")) == []
    assert complete.complete(toy, [], "--data=") == ("files", [])


def test_engine_hides_used_options_unless_repeatable(toy: Index) -> None:
    assert values(complete.complete(toy, ["go", "-q"], "--")) == ["--tag", "--limit"]
    assert values(complete.complete(toy, ["go", "--tag", "war"], "--t")) == ["--tag"]
    assert values(complete.complete(toy, ["go"], "-")) == ["--tag", "--quick", "--limit"]
    assert values(complete.complete(toy, ["go"], "-t")) == ["-t"]


def test_people_match_by_any_of_their_names(toy: Index) -> None:
    state = complete.walk(toy.root, [])
    assert complete.values_of(toy, state, "people", "put") == [("Vladimir Putin", "14 events")]
    assert complete.values_of(toy, state, "people", "VLAD") == [("Vladimir Putin", "14 events")]
    assert complete.values_of(toy, state, "tags", "ar") == []  # other kinds: prefix only


def test_split_line_handles_quotes_and_escapes() -> None:
    assert split_line("rnk show ") == (["rnk", "show"], "", "", "")
    assert split_line("rnk events --person 'Kim J") == (["rnk", "events", "--person"], "Kim J", "'", "'Kim J")
    assert split_line('rnk "a b" c\\ d e') == (["rnk", "a b", "c d"], "e", "", "e")
    assert split_line('rnk x "say \\"hi') == (["rnk", "x"], 'say "hi', '"', '"say \\"hi')
    assert complete.drop_command(["FOO=1", "rnk", "show"]) == ["show"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1), min_size=1, max_size=5)
)
def test_split_line_undoes_shell_quoting(words: list[str]) -> None:
    line = " ".join(["rnk", *map(shlex.quote, words)])
    got_words, current, quote, _ = split_line(line)
    assert [*got_words[1:], current] == words
    assert quote == ""


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_bash_words_read_back_as_the_value(value: str) -> None:
    """What bash inserts, read by bash again, is the value (checked with our own reader)."""
    word = complete.bash_word(value, "", "")
    assert split_line(f"rnk {word} ")[0][1:] == [value]


def test_bash_output_skips_values_that_would_break_the_protocol() -> None:
    text = complete.render("bash", "values", [("ok", ""), ("two\nlines", ""), ("tab\there", "")])
    assert text == ":values\nok\n"


# --- install locations ---


def test_powershell_script_registers_a_native_completer() -> None:
    text = (ROOT / "completions" / "rnk.ps1").read_text(encoding="utf-8")
    assert "Register-ArgumentCompleter -Native -CommandName 'rnk'" in text
    assert "$env:_RNK_COMPLETE = 'powershell'" in text
    assert "$env:_RNK_CURRENT = $wordToComplete" in text
    assert (
        "[System.Management.Automation.CompletionResult]::new($text, $value, 'ParameterValue', $help)" in text
    )
    assert "Remove-Item Env:_RNK_COMPLETE, Env:_RNK_CURRENT" in text
    assert text.count("{") == text.count("}") and text.count("(") == text.count(")")
    assert text == script("powershell")


def test_pyproject_installs_scripts_and_man_page_in_share() -> None:
    config = read_toml(ROOT / "pyproject.toml")
    shared = config["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    assert shared == {
        "completions/rnk.bash": "share/bash-completion/completions/rnk",
        "completions/_rnk": "share/zsh/site-functions/_rnk",
        "completions/rnk.fish": "share/fish/vendor_completions.d/rnk.fish",
        "man/rnk.1": "share/man/man1/rnk.1",
    }


@pytest.mark.xdist_group("wheel")
def test_wheel_ships_completion_and_man_page(wheel: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        data = next(n.split("/")[0] for n in names if ".data/" in n)
        for source, target in [
            ("completions/rnk.bash", "share/bash-completion/completions/rnk"),
            ("completions/_rnk", "share/zsh/site-functions/_rnk"),
            ("completions/rnk.fish", "share/fish/vendor_completions.d/rnk.fish"),
            ("man/rnk.1", "share/man/man1/rnk.1"),
        ]:
            assert zf.read(f"{data}/data/{target}") == (ROOT / source).read_bytes()
        assert zf.read("rnk/shell/_completion_index.tsv") == INDEX_FILE.read_bytes()
        zf.extractall(tmp_path / "site")
    # Installed layout (data inside the package): the shipped index answers, no cache is written.
    env = env_for(tmp_path, PYTHONPATH=str(tmp_path / "site"), _RNK_COMPLETE="bash", COMP_LINE="rnk faq ")
    env["COMP_POINT"] = str(len(env["COMP_LINE"]))
    proc = subprocess.run(
        [sys.executable, "-c", "from rnk.entry import main; main()"],
        env=env, capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert proc.stdout.splitlines()[1:] == [f["id"] for f in bundled()["faq"]], proc.stderr
    assert not (tmp_path / "cache").exists()


def test_cite_completes_event_and_faq_ids_and_its_own_formats(tmp_path: Path) -> None:
    assert bash_tab("rnk cite treaty-2024-si", tmp_path) == [":values", "treaty-2024-signed"]
    found = bash_tab("rnk cite korean-war treaty-2024", tmp_path)[1:]
    assert "treaty-2024" in found and "treaty-2024-signed" in found  # an FAQ id and an event id
    assert bash_tab("rnk cite --format b", tmp_path) == [":values", "bibtex"]
    assert bash_tab("rnk cite --format ", tmp_path)[1:] == ["text", "bibtex", "csl-json", "ris"]
    assert bash_tab("rnk on --we", tmp_path) == [":values", "--week"]
    assert bash_tab("rnk on 06-2", tmp_path)[1:] == ["06-25"]  # the days events start on
