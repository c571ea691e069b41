"""A user's own chronology: --data and RNK_DATA (file, folder, layers), `rnk validate`, the
documented examples, and files that are broken, hostile or cannot be read."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from rnk.core import loader
from rnk.core.loader import bundled_path
from rnk.core.store import check_paths

from conftest import MINI, ROOT, invoke, run_script

LOCATED = re.compile(r"^rnk: error: (?P<file>[^:]+):(?P<line>\d+)(?::(?P<col>\d+))?: ")


def one_line_error(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def fenced_blocks(markdown: str, heading: str) -> list[str]:
    """The ```toml blocks of the section under the first heading that contains `heading`."""
    blocks: list[str] = []
    inside_section = in_fence = False
    current: list[str] | None = None
    for line in markdown.splitlines(keepends=True):
        if line.startswith("```"):
            in_fence = not in_fence
            if inside_section and in_fence and line.strip() == "```toml":
                current = []
            elif current is not None:
                blocks.append("".join(current))
                current = None
        elif current is not None:
            current.append(line)
        elif not in_fence and line.startswith("#"):  # a heading (a '#' inside a fence is TOML)
            if inside_section:
                break
            inside_section = heading.lower() in line.lower()
    return blocks


def documented_example(heading: str, docs: tuple[str, ...] = ("README.md", "docs/user-data.md")) -> str:
    """The first ```toml block under a heading, from the first of `docs` that has one."""
    for doc in (ROOT / name for name in docs):
        blocks = fenced_blocks(doc.read_text(encoding="utf-8"), heading)
        if blocks:
            return blocks[0]
    raise AssertionError(f"no ```toml block under a '{heading}' heading in README.md or docs/user-data.md")


def test_the_minimal_example_validates_and_every_command_can_read_it(tmp_path: Path) -> None:
    example = tmp_path / "my-chronology.toml"
    example.write_text(documented_example("minimal example", ("README.md",)), encoding="utf-8")
    run = invoke("validate", str(example))
    assert run.code == 0, run
    assert run.out.startswith("ok: 2 events, 1 FAQ entry, 1 era, 3 tags, 1 source, 1 alias group")
    events = invoke("--data", str(example), "events", "--json")
    assert [e["id"] for e in events.json()] == ["vostochny-summit", "treaty-signed"]


def test_the_layering_example_validates_on_top_of_the_bundled_data(tmp_path: Path) -> None:
    layer = tmp_path / "my-events.toml"
    layer.write_text(documented_example("layering"), encoding="utf-8")
    run = invoke("validate", f"@bundled{os.pathsep}{layer}")
    assert run.code == 0, run
    alone = invoke("validate", str(layer))  # without the bundled data: no [meta], unknown era
    assert alone.code == 3
    assert "no [meta] table" in alone.out


def test_the_bundled_data_validates() -> None:
    run = invoke("validate")
    assert run.code == 0, run.out
    assert re.match(r"ok: \d+ events, \d+ FAQ entr(y|ies), ", run.out)
    assert str(bundled_path()) in run.out


# --- --data and RNK_DATA: a file, a folder, layers ---


def split_mini(folder: Path) -> None:
    """mini.toml as a folder: [meta] and the rest in separate files."""
    text = MINI.read_text(encoding="utf-8")
    cut = text.index("[sources.src-a]")
    folder.mkdir()
    (folder / "meta.toml").write_text(text[:cut], encoding="utf-8")
    (folder / "records.toml").write_text(text[cut:], encoding="utf-8")


def ids(run_json: list[dict[str, str]]) -> list[str]:
    return [e["id"] for e in run_json]


def test_a_single_file_by_option_and_by_environment() -> None:
    by_option = invoke("--data", str(MINI), "events", "--json")
    by_env = invoke("events", "--json", env={"RNK_DATA": str(MINI)})
    assert ids(by_option.json()) == ids(by_env.json()) == ["war-begins", "decade", "first-summit"]


def test_a_folder_reads_like_the_file(tmp_path: Path) -> None:
    split_mini(tmp_path / "mine")
    assert ids(invoke("--data", str(tmp_path / "mine"), "events", "--json").json()) == [
        "war-begins",
        "decade",
        "first-summit",
    ]


def test_the_option_beats_the_environment(tmp_path: Path) -> None:
    run = invoke("--data", str(MINI), "events", "--json", env={"RNK_DATA": str(tmp_path / "nowhere")})
    assert run.code == 0


def bundled_ids() -> tuple[str, str, str]:
    chronology, problems = check_paths([bundled_path()])
    assert chronology is not None, [str(p) for p in problems]
    return chronology.eras[-1].id, next(iter(chronology.tags)), next(iter(chronology.sources))


def test_a_layer_adds_to_the_bundled_data(tmp_path: Path) -> None:
    era, tag, source = bundled_ids()
    layer = tmp_path / "extra.toml"
    layer.write_text(
        f'[[events]]\nid = "my-own-event"\nstart = "2099"\ntitle = "Mine"\nsummary = "S."\n'
        f'era = "{era}"\ntags = ["{tag}"]\nsources = ["{source}"]\n',
        encoding="utf-8",
    )
    bundled = invoke("events", "--json").json()
    layered = invoke("--data", f"@bundled{os.pathsep}{layer}", "events", "--json").json()
    assert ids(layered) == [*ids(bundled), "my-own-event"]


def test_layers_keep_ids_unique_and_meta_single(tmp_path: Path) -> None:
    run = invoke("validate", f"@bundled{os.pathsep}{MINI}")
    assert run.code == 3
    assert f"{MINI}:2: [meta]: [meta] is defined more than once (first at " in run.out


def test_a_path_named_twice_is_read_once(tmp_path: Path) -> None:
    run = invoke("validate", f"{MINI}{os.pathsep}{MINI}")
    assert run.code == 0, run


def test_hidden_files_in_a_folder_are_skipped(tmp_path: Path) -> None:
    split_mini(tmp_path / "mine")
    (tmp_path / "mine" / ".#records.toml").symlink_to(tmp_path / "gone")  # an editor's lock file
    (tmp_path / "mine" / ".backup.toml").write_text("not toml [", encoding="utf-8")
    assert invoke("validate", str(tmp_path / "mine")).code == 0


# --- rnk validate ---


def tree_state(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_validate_never_modifies_the_files(tmp_path: Path) -> None:
    split_mini(tmp_path / "good")
    bad = tmp_path / "bad.toml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace('era = "late"', 'era = "nope"'), encoding="utf-8")
    before = tree_state(tmp_path)
    assert invoke("validate", str(tmp_path / "good")).code == 0
    assert invoke("validate", str(bad)).code == 3
    assert invoke("validate", str(bad), "--json").code == 3
    assert tree_state(tmp_path) == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["bad.toml", "good", "meta.toml", "records.toml"]


def test_validate_lists_every_problem_one_per_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    text = MINI.read_text(encoding="utf-8")
    text = text.replace('era = "late"', 'era = "nope"', 1).replace('title = "A war"', 'titel = "A war"')
    bad.write_text(text, encoding="utf-8")
    run = invoke("validate", str(bad))
    assert run.code == 3
    lines = run.out.splitlines()
    assert lines == [
        f"{bad}:33: events 'war-begins': field 'title': is missing (required)",
        f"{bad}:38: events 'war-begins': field 'titel': unknown field (did you mean 'title'? known: id, start, "
        "end, when, title, summary, era, tags, people, places, sources, note)",
        f"{bad}:52: events 'first-summit': field 'era': unknown era 'nope' (not defined in this chronology)",
    ]
    assert run.err == "rnk: error: 3 problems found in 1 file\n"


def test_validate_json_lists_the_problems_as_records(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[meta]\ntitle = "x"\nas_of = "2020"\n[[events]]\nid = "Bad Id"\n', encoding="utf-8")
    run = invoke("validate", str(bad), "--json")
    assert run.code == 3
    problems = run.json()
    assert len(problems) == 7  # six required fields missing and a bad id
    assert {
        "file": str(bad),
        "line": 5,
        "column": None,
        "record": "events[1]",
        "field": "id",
    }.items() <= next(p for p in problems if p["field"] == "id").items()
    assert all(set(p) == {"file", "line", "column", "record", "field", "message"} for p in problems)
    assert invoke("validate", str(MINI), "--json").json() == []


def test_validate_uses_the_data_in_force_without_a_path(tmp_path: Path) -> None:
    run = invoke("--data", str(MINI), "validate")
    assert run.out.startswith("ok: 3 events, 1 FAQ entry") and str(MINI) in run.out
    run = invoke("validate", env={"RNK_DATA": str(tmp_path / "nowhere")})
    assert run.code == 3
    assert run.out == f"{tmp_path / 'nowhere'}: no such file or folder\n"


# --- broken, hostile and unreadable files: exit 3 and one line naming file (and line) ---


def located(err: str) -> tuple[str, int, int | None]:
    match = LOCATED.match(one_line_error(err))
    assert match, err
    return match["file"], int(match["line"]), int(match["col"]) if match["col"] else None


def test_a_toml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[meta]\ntitle = "x"\nas_of = 2020-13-01\n', encoding="utf-8")
    run = invoke("--data", str(bad), "events")
    assert run.code == 3
    file, line, column = located(run.err)
    assert (file, line) == (str(bad), 3) and column is not None and column > 1
    assert "TOML syntax error" in run.err


def test_non_utf8_bytes_give_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('[meta]\ntitle = "Caf\u00e9"\n'.encode("latin-1"))
    run = invoke("--data", str(bad), "events")
    assert run.code == 3
    assert located(run.err) == (str(bad), 2, 13)
    assert "not valid UTF-8 (byte 0xe9)" in run.err


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    with_bom = tmp_path / "bom.toml"
    with_bom.write_bytes(b"\xef\xbb\xbf" + MINI.read_bytes())
    assert invoke("validate", str(with_bom)).code == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("x = " + "[" * 2000 + "]" * 2000, "arrays or inline tables nested more than 400 levels deep"),
        (
            "x = " + "{a = " * 1000 + "1" + "}" * 1000,
            "arrays or inline tables nested more than 400 levels deep",
        ),
        (".".join(["a"] * 3000) + " = 1", "a dotted key has 3000 parts: too many"),
    ],
)
def test_deep_nesting_is_refused_with_its_place(tmp_path: Path, body: str, message: str) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text('[meta]\ntitle = "x"\nas_of = "2020"\n' + body + "\n", encoding="utf-8")
    run = invoke("--data", str(deep), "events")
    assert run.code == 3
    file, line, column = located(run.err)
    assert (file, line) == (str(deep), 4)
    assert column == (405 if "{" not in body else 4 + 5 * 400 + 1) or "key" in message
    assert message in run.err


def test_files_over_the_size_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.toml"
    big.write_text(MINI.read_text(encoding="utf-8") + "# padding\n" * 200, encoding="utf-8")
    run = invoke("--data", str(big), "events")
    assert run.code == 3
    assert one_line_error(run.err) == (
        f"rnk: error: {big}: file is {big.stat().st_size} bytes, over the size limit of 1000 bytes\n"
    )


def test_the_size_limit_is_documented_in_mib() -> None:
    assert loader.MAX_FILE_BYTES == 128 * 1024 * 1024
    assert "128 MiB" in (ROOT / "docs" / "user-data.md").read_text(encoding="utf-8")


def test_an_unreadable_file_monkeypatched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root in CI, where chmod 000 does not stop reading: make open() fail instead.
    target = tmp_path / "locked.toml"
    target.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    run = invoke("--data", str(target), "events")
    assert run.code == 3
    assert one_line_error(run.err) == f"rnk: error: {target}: cannot read file: Permission denied\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_an_unreadable_file_by_permissions(tmp_path: Path) -> None:
    target = tmp_path / "locked.toml"
    target.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    target.chmod(0)
    try:
        run = invoke("--data", str(target), "events")
    finally:
        target.chmod(0o644)
    assert run.code == 3
    assert one_line_error(run.err) == f"rnk: error: {target}: cannot read file: Permission denied\n"


def unreadable_even_for_root() -> Path | None:
    """A file this process cannot open for reading whatever its privileges: a write-only sysfs
    attribute (Linux refuses to open one for reading, even for root; `uevent` files are 0200).
    Only ever opened for reading, which fails."""
    import glob

    for name in sorted(glob.glob("/sys/bus/*/uevent")):
        try:
            with open(name, "rb"):
                pass
        except PermissionError:
            return Path(name)
        except OSError:
            continue
    return None


@pytest.mark.skipif(unreadable_even_for_root() is None, reason="needs a write-only sysfs file (Linux)")
@pytest.mark.parametrize("layout", ["file", "folder"])
def test_a_file_that_cannot_be_opened_even_by_root(tmp_path: Path, layout: str) -> None:
    """The chmod 000 test above, with a file that stays unreadable when tests run as root (CI):
    given directly, and as a *.toml link in a folder, end to end through the console script."""
    locked = unreadable_even_for_root()
    assert locked is not None
    target = locked
    if layout == "folder":
        split_mini(tmp_path / "mine")
        target = tmp_path / "mine" / "zz-locked.toml"
        target.symlink_to(locked)
    run = run_script("--data", str(target if layout == "file" else tmp_path / "mine"), "events")
    assert run.code == 3 and run.out == ""
    assert one_line_error(run.err) == f"rnk: error: {target}: cannot read file: Permission denied\n"


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_a_file_that_fails_to_read_even_for_root() -> None:
    # /proc/self/mem is a regular file whose first page is unmapped: reading it fails with EIO.
    run = run_script("--data", "/proc/self/mem", "events")
    assert run.code == 3
    assert one_line_error(run.err) == "rnk: error: /proc/self/mem: cannot read file: Input/output error\n"


def test_a_folder_named_like_a_data_file_is_not_skipped_silently(tmp_path: Path) -> None:
    split_mini(tmp_path / "mine")
    (tmp_path / "mine" / "more.toml").mkdir()
    run = invoke("--data", str(tmp_path / "mine"), "events")
    assert run.code == 3
    assert (
        one_line_error(run.err)
        == f"rnk: error: {tmp_path / 'mine' / 'more.toml'}: cannot read: not a regular file\n"
    )


def test_a_broken_link_in_a_folder(tmp_path: Path) -> None:
    split_mini(tmp_path / "mine")
    (tmp_path / "mine" / "linked.toml").symlink_to(tmp_path / "gone.toml")
    run = invoke("--data", str(tmp_path / "mine"), "events")
    assert run.code == 3
    assert "linked.toml: broken symbolic link: its target does not exist" in one_line_error(run.err)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "folder holds no *.toml data files"),
        (
            lambda p: (p / "sub").mkdir(parents=True),
            "folder holds no *.toml data files (subfolders are not read)",
        ),
        (lambda p: None, "no such file or folder"),
    ],
    ids=["empty folder", "only subfolders", "missing path"],
)
def test_paths_without_data(tmp_path: Path, make: object, message: str) -> None:
    target = tmp_path / "mine"
    make(target)  # type: ignore[operator]
    for run in (invoke("--data", str(target), "events"), invoke("events", env={"RNK_DATA": str(target)})):
        assert run.code == 3
        assert one_line_error(run.err) == f"rnk: error: {target}: {message}\n"


def test_a_device_is_not_a_data_file() -> None:
    run = invoke("--data", os.devnull, "events")
    assert run.code == 3
    assert one_line_error(run.err) == f"rnk: error: {os.devnull}: not a regular file or folder\n"


def test_several_problems_are_summed_up_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace('era = "late"', 'era = "nope"'), encoding="utf-8")
    run = invoke("--data", str(bad), "events")
    assert run.code == 3
    assert one_line_error(run.err).endswith("(and 1 more problem(s); run 'rnk validate')\n")
    assert located(run.err)[:2] == (str(bad), 52)


def test_shell_metacharacters_in_ids_never_reach_completion(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        MINI.read_text(encoding="utf-8").replace('id = "decade"', 'id = "x`reboot`"'), encoding="utf-8"
    )
    run = invoke("--data", str(bad), "events", "--json")
    assert run.code == 3 and run.out == ""
    problems = json.loads(invoke("validate", str(bad), "--json").out)
    assert problems[0]["field"] == "id" and "is not a valid id" in problems[0]["message"]
