"""Never a traceback, whatever rnk is given; hostile text is shown, never obeyed.

Every test here runs over the commands the Typer app has *now*, so commands added later are
covered without editing this file. In-process runs go through typer's CliRunner (`invoke`, with
exceptions not caught: an exception escaping rnk fails the test); the rest run the installed
console script in a subprocess (pipes, signals, encodings, unwritable output).
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import signal
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command

from rnk.cli import app

from conftest import FIXTURES, MINI, Run, console_script, invoke

HOSTILE = FIXTURES / "hostile.toml"
EXIT_CODES = {0, 1, 2, 3}
# What a terminal would obey if it reached it raw: clear screen, OSC 8 hyperlink, C1 CSI.
DANGEROUS = ("\x1b[2J", "\x1b]8;", "\x9b")
HUMAN_FORMATS = (["--format", "plain"], ["--format", "table", "--color", "always"],
                 ["--format", "table", "--color", "never"], ["--format", "markdown"])  # fmt: skip
SLOW = settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def commands() -> dict[str, Any]:
    return dict(get_command(app).commands)  # type: ignore[attr-defined]


def options_of(command: Any) -> list[str]:
    found = []
    for param in command.params:
        if param.param_type_name == "option":
            found += [*param.opts, *param.secondary_opts]
    return found


def takes(name: str, option: str) -> bool:
    return option in options_of(commands()[name])


def check_contract(run: Run) -> None:
    """A documented exit code; stderr empty or one line from rnk (`rnk cite`: one line per unknown
    id); no traceback anywhere."""
    assert run.code in EXIT_CODES, run
    assert "Traceback" not in run.err and "Traceback" not in run.out, run
    if run.err:
        lines = run.err.splitlines()
        assert len(lines) == 1 or all(line.startswith("rnk: unknown id ") for line in lines), run
        assert run.err.count("\n") == len(lines) and run.err.endswith("\n"), run
        assert all(line.startswith("rnk: ") for line in lines), run


# rnk's own hyperlinks (a source's URL in colour, made of printable ASCII only), to set aside
# before looking for escape sequences that came from the data.
OWN_LINK = re.compile(r"\x1b\]8;id=\d+;https?://[\x21-\x7e]+?\x1b\\|\x1b\]8;;\x1b\\")


def without_source_links(out: str) -> str:
    return OWN_LINK.sub("", out)


def all_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from all_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from all_strings(v)


# --- hostile text: literal on the terminal, raw in JSON, for every command ---

# Arguments tried with every command: ids and words of the hostile and mini fixtures, a range.
CANDIDATE_ARGS = (
    [],
    ["event-1"],  # an id of big_chronology's: `rnk show` and `rnk cite` print something there too
    ["hostile-event"],
    ["HOSTILE"],
    ["1940-2030"],
    ["hostile-question"],
    ["war-begins"],
    ["war"],
    ["06-25"],
)


@pytest.mark.parametrize("name", sorted(commands()))
def test_hostile_text_is_shown_literally_and_kept_raw_in_json(name: str) -> None:
    human_shown = json_shown = False
    formats = [*HUMAN_FORMATS, ["--json"]] if takes(name, "--format") else [[]]
    if name == "cite":  # its own formats (bibtex and ris: tests/test_cite.py)
        formats = [["--format", "text"], ["--json"]]
    for args in CANDIDATE_ARGS:
        for fmt in formats:
            run = invoke("--data", str(HOSTILE), name, *args, *fmt, env={"COLUMNS": "500"})
            check_contract(run)
            if fmt == ["--json"] and run.code == 0:
                strings = [s for s in all_strings(run.json()) if "HOSTILE-" in s]
                if strings:
                    json_shown = True
                    assert any("\x1b[2J" in s and "[red]HOSTILE-" in s for s in strings), strings
                    assert not any("\\x1b" in s for s in strings), "JSON must keep the raw text"
            elif run.code == 0:
                for bad in DANGEROUS:
                    assert bad not in without_source_links(run.out), (name, args, fmt, run.out)
                # Markdown backslash-escapes the data's punctuation: check the text a reader sees.
                out = re.sub(r"\\(.)", r"\1", run.out) if fmt == ["--format", "markdown"] else run.out
                if "HOSTILE-" in out:
                    human_shown = True
                    assert "[red]HOSTILE-" in out, (name, args, fmt, run.out)
                    assert "[link=https://evil.example]" in out, (name, args, fmt, run.out)
                    assert "\\x1b[2J" in out, (name, args, fmt, run.out)  # shown, not obeyed
    if name not in ("validate", "schema") and takes(name, "--json"):
        assert human_shown and json_shown, f"'rnk {name}' never showed the hostile data: check CANDIDATE_ARGS"


def test_hostile_text_in_error_messages_is_one_clean_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        HOSTILE.read_text(encoding="utf-8").replace('id = "hostile-event"', 'id = "x\\u001b[2J\\n[red]y"'),
        encoding="utf-8",
    )
    run = invoke("--data", str(bad), "events")
    check_contract(run)
    assert run.code == 3
    assert not any(bad in run.err for bad in DANGEROUS)
    assert "\\x1b[2J" in run.err
    listed = invoke("validate", str(bad))
    assert not any(bad in listed.out for bad in DANGEROUS)
    assert all(line.startswith(str(bad)) for line in listed.out.splitlines())


# --- random arguments, for every command ---

WORDS = [
    "1950", "1950-1953", "1950s", "..1960", "1960..", "2000-", "-5", "0", "99999999999999999999",
    "1950-13", "", "-", "--", "hostile-event", "war-begins", "HOSTILE", "json", "table", "plain",
    "csv", "jsonl", "markdown", "always", "never", "auto", "data", "output", "[red]x[/red]",
    "\x1b[2J", "é", "\udcff", "(a+)+$", "*", "%s", "{}", "NaN", "-1", "1e9", "a,b",
]  # fmt: skip
RANDOM_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00")
    | st.sampled_from(["\udc80"]),
    max_size=10,
).filter(lambda t: not t.startswith("~"))


def arguments(name: str) -> st.SearchStrategy[list[str]]:
    options = [o for o in options_of(commands()[name]) if o not in ("--svg", "--html")]
    token = st.one_of(st.sampled_from(options or ["--help"]), st.sampled_from(WORDS), RANDOM_TEXT)
    return st.lists(token, max_size=6)


@pytest.mark.parametrize("name", sorted(commands()))
def test_random_arguments_never_crash(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # anything a command might write lands here

    @settings(SLOW, max_examples=40)
    @given(args=arguments(name), data=st.sampled_from([MINI, HOSTILE]))
    def check(args: list[str], data: Path) -> None:
        check_contract(invoke("--data", str(data), name, *args))

    check()


LIMITED = {"events": [], "search": ["war"], "faq": ["war"], "ask": ["war"]}  # words that find something


def test_every_command_with_a_limit_is_tried_with_a_huge_one() -> None:
    assert set(LIMITED) == {n for n, c in commands().items() if "--limit" in options_of(c)}


@pytest.mark.parametrize("name", sorted(LIMITED))
def test_a_limit_beyond_any_machine_integer(name: str) -> None:
    """Hypothesis once found `rnk faq WORDS -n 99999999999999999999` crashing (islice refuses a
    stop beyond sys.maxsize): every --limit takes any positive integer."""
    run = invoke("--data", str(MINI), name, *LIMITED[name], "--limit", "9" * 30)
    check_contract(run)
    assert run.code == 0, run


GLOBAL = ["--data", "--version", "-V", "--help", "-h", "--show-completion", "@bundled", str(MINI), "events"]


@settings(SLOW, max_examples=60)
@given(
    args=st.lists(st.one_of(st.sampled_from(GLOBAL + sorted(commands()) + WORDS), RANDOM_TEXT), max_size=5)
)
def test_random_global_arguments_never_crash(args: list[str]) -> None:
    check_contract(invoke(*args))


# --- random data files: every problem named with file and line, for every command ---

FRAGMENTS = [
    "[[events]]", "[meta]", "[tags]", "[sources.x]", '[sources."a b"]', 'id = "x"', 'id = "Bad Id"',
    "title = 5", "tags = []", 'tags = ["nope"]', "start = 1950-06-25", 'start = "1950-13"',
    'end = "1900"', "= = =", '"', '"""', "'''", "[" * 450 + "]" * 450, 'era = "nope"', "x.y.z = 1",
    "summary = \"\\u001b[2J\"", "events = 1", "meta = []", "[[faq]]\nid = \"q\"", "#", "\\",
    'people = [1, "a"]', 'sources = ["src-a", "src-a"]', "faq = [{}]", "[aliases]",
]  # fmt: skip


@st.composite
def broken_files(draw: st.DrawFn) -> bytes:
    lines = draw(st.sampled_from([MINI, HOSTILE])).read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(lines)))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "splice"]))
        if action == "delete" and where < len(lines):
            del lines[where]
        elif action == "duplicate" and where < len(lines):
            lines.insert(where, lines[where])
        elif action == "insert":
            lines.insert(where, draw(st.sampled_from(FRAGMENTS) | RANDOM_TEXT))
        elif where < len(lines):
            line = lines[where]
            cut = draw(st.integers(0, len(line)))
            lines[where] = line[:cut] + draw(st.sampled_from(FRAGMENTS) | RANDOM_TEXT) + line[cut:]
    raw = "\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\x00", b"\xef\xbb\xbf", b"\r"])) + raw[at:]
    return raw


def test_random_data_files_are_reported_with_file_and_line(tmp_path: Path) -> None:
    names = sorted(commands())
    counter = iter(range(10**9))

    @settings(SLOW, max_examples=80)
    @given(raw=broken_files(), name=st.sampled_from(names), fmt=st.sampled_from(["plain", "json", "table"]))
    def check(raw: bytes, name: str, fmt: str) -> None:
        path = tmp_path / f"data-{next(counter)}.toml"  # a new name each time: no cache can answer
        path.write_bytes(raw)
        located = re.compile(rf"{re.escape(str(path))}:\d+(:\d+)?: ")
        events = invoke("--data", str(path), "events", "--format", fmt)
        check_contract(events)
        listed = invoke("validate", str(path))
        check_contract(listed)
        assert (events.code == 3) == (listed.code == 3), (events, listed)
        if listed.code == 3:
            assert events.err.startswith("rnk: error: ") and located.match(events.err[len("rnk: error: ") :])
            assert listed.out and all(located.match(line) for line in listed.out.splitlines()), listed.out
        else:
            assert listed.out.startswith("ok: ")
        other = invoke("--data", str(path), name, *(["--format", fmt] if takes(name, "--format") else []))
        check_contract(other)

    check()


# --- subprocesses: the installed console script ---


def script(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    full = {**os.environ, "RNK_NO_CACHE": "1", **(env or {})}
    return subprocess.run([console_script(), *args], capture_output=True, env=full, timeout=timeout)


def big_chronology(folder: Path, count: int) -> Path:
    """MINI with `count` events: output far larger than a pipe's buffer."""
    text = MINI.read_text(encoding="utf-8")
    head = text[: text.index("[[events]]")]
    template = (
        '[[events]]\nid = "event-{n}"\nstart = "{year}"\ntitle = "Event {n} – a title of some length"\n'
        'summary = "A summary that is long enough to fill lines: {n} {n} {n} {n} {n} {n}."\n'
        'era = "late"\ntags = ["war"]\npeople = ["Kim Il Sung"]\nsources = ["src-a"]\n\n'
    )
    body = "".join(template.format(n=n, year=1960 + n % 60) for n in range(count))
    path = folder / f"big-{count}.toml"
    path.write_text(head + body, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return big_chronology(tmp_path_factory.mktemp("big"), 3000)


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough events for any command's longest output to overflow a 4 KiB pipe three times over
    (events, timeline; schema overflows on any data), and cheap to search and answer from."""
    return big_chronology(tmp_path_factory.mktemp("medium"), 300)


@pytest.fixture(scope="module")
def big_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("big-cache")


def no_traceback(err: bytes) -> str:
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and "Exception ignored" not in text, text
    return text


@pytest.mark.parametrize("fmt", ["plain", "table", "json", "jsonl", "csv", "markdown"])
def test_a_closed_pipe_stops_quietly(big: Path, big_cache: Path, fmt: str) -> None:
    # `rnk ... | head -n 1`, with the exit status of rnk itself. Through one cache: the 3,000 events
    # are parsed once, not once per format.
    command = (
        f'"{console_script()}" --data "{big}" events --format {fmt} | head -n 1; exit ${{PIPESTATUS[0]}}'
    )
    done = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        timeout=60,
        env={**os.environ, "RNK_CACHE_DIR": str(big_cache)},
    )
    assert done.returncode == 141, done
    assert no_traceback(done.stderr) == ""
    assert done.stdout.count(b"\n") == 1


@functools.cache
def working_args(name: str, data: Path) -> list[str]:
    """Arguments with which `rnk NAME` succeeds on `data` (commands may require some)."""
    for args in CANDIDATE_ARGS:
        if invoke("--data", str(data), name, *args).code == 0:
            return list(args)
    return []


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="needs Linux pipes")
@pytest.mark.parametrize("name", sorted(commands()))
def test_a_closed_pipe_never_gives_a_traceback_for_any_command(
    medium: Path, name: str, big_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RNK_CACHE_DIR", str(big_cache))  # parse the events once, not once per command
    args = ["--data", str(medium), name, *working_args(name, medium)]
    full = invoke(*args)
    reader, writer = os.pipe()
    fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, 4096)  # small, and set before rnk starts writing
    proc = subprocess.Popen(
        [console_script(), *args],
        stdout=writer,
        stderr=subprocess.PIPE,
    )  # through the cache the test's first run filled
    os.close(writer)
    assert proc.stderr is not None
    os.read(reader, 1)
    os.close(reader)
    err = proc.stderr.read()
    code = proc.wait(timeout=60)
    no_traceback(err)
    if len(full.out.encode("utf-8")) > 3 * 4096:  # more than the pipe could take: it was cut
        assert (code, err) == (141, b"")
    else:
        assert code == full.code


def test_a_closed_pipe_after_a_long_list_of_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(MINI.read_text(encoding="utf-8") + '[[events]]\nid = "Bad"\n' * 2000, encoding="utf-8")
    command = f'"{console_script()}" validate "{bad}" | head -n 1; exit ${{PIPESTATUS[0]}}'
    done = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60)
    assert done.returncode == 141, done
    assert no_traceback(done.stderr) == ""


def pipe_bytes(fd: int) -> int:
    buffer = bytearray(4)
    fcntl.ioctl(fd, termios.FIONREAD, buffer)
    return int.from_bytes(buffer, sys.byteorder)


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="needs Linux pipes")
def test_ctrl_c_while_blocked_writing_to_a_full_pipe(big: Path) -> None:
    proc = subprocess.Popen(
        [console_script(), "--data", str(big), "events", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "RNK_NO_CACHE": "1"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    size = fcntl.fcntl(proc.stdout.fileno(), fcntl.F_SETPIPE_SZ, 4096)
    deadline = time.monotonic() + 30
    while pipe_bytes(proc.stdout.fileno()) < size:  # the pipe is full: rnk is blocked in write()
        assert proc.poll() is None and time.monotonic() < deadline, "rnk ended before filling the pipe"
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)  # the pipe is full: rnk is in, or entering, a blocked write()
    proc.stdout.read()  # let it finish writing what it had buffered
    err = proc.stderr.read()
    assert proc.wait(timeout=30) == 130
    assert no_traceback(err) == "rnk: error: interrupted\n"


def bytes_read(pid: int) -> int:
    """What a process has read so far (/proc/PID/io: rchar), 0 before it can be told."""
    try:
        with open(f"/proc/{pid}/io") as io:
            return next(int(line.split()[1]) for line in io if line.startswith("rchar:"))
    except (OSError, StopIteration):
        return 0


def test_ctrl_c_while_loading_data(tmp_path: Path) -> None:
    huge = big_chronology(tmp_path, 20000)  # a few seconds of parsing and checking
    proc = subprocess.Popen(
        [console_script(), "--data", str(huge), "events", "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "RNK_NO_CACHE": "1"},
    )
    assert proc.stderr is not None
    # The event: rnk has read as many bytes as the data file holds (its imports read about half as
    # much), so it is reading or parsing 20,000 events, which takes seconds.
    deadline = time.monotonic() + 30
    while bytes_read(proc.pid) < huge.stat().st_size:
        assert proc.poll() is None and time.monotonic() < deadline, "rnk ended before reading its data"
        time.sleep(0.005)
    assert proc.poll() is None, "rnk finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    err = proc.stderr.read()
    assert proc.wait(timeout=30) == 130
    assert no_traceback(err) == "rnk: error: interrupted\n"


# A C locale, a dumb terminal and 20 columns touch separate code (encodings, colour, width), so
# they share one environment; an ASCII-only stdout would hide the C locale's, so it has its own.
ENVIRONMENTS = {
    "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii"},
    "LANG=C TERM=dumb COLUMNS=20": {"LANG": "C", "LC_ALL": "C", "TERM": "dumb", "COLUMNS": "20"},
}


@pytest.mark.parametrize("label", sorted(ENVIRONMENTS))
def test_odd_terminals_and_locales(label: str) -> None:
    env = ENVIRONMENTS[label]
    runs = []
    for name in sorted(commands()):
        data = ["--data", str(HOSTILE)]
        runs.append([*data, name, *working_args(name, HOSTILE)])  # plain: stdout is a pipe
        if takes(name, "--format"):
            runs.append([*data, name, *working_args(name, HOSTILE), "--format", "table", "--color", "always"])
    runs.append(["--data", str(HOSTILE), "events", "--json"])
    runs.append(["validate", str(HOSTILE)])
    runs.append(["--data", str(Path("é-missing.toml")), "events"])  # a non-ASCII error message
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda args: (args, script(*args, env=env)), runs))
    for args, done in results:
        assert done.returncode in EXIT_CODES, (args, done)
        err = no_traceback(done.stderr)
        assert err.count("\n") <= 1, (args, err)
        if "--json" in args and done.returncode == 0:
            json.loads(done.stdout.decode("utf-8"))  # machine output stays UTF-8 whatever the locale
        elif label == "PYTHONIOENCODING=ascii" and done.returncode == 0:
            done.stdout.decode("ascii")  # what ASCII cannot show is replaced, never fatal
    assert any(done.returncode == 0 for _, done in results)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("name", sorted(commands()))
def test_output_that_cannot_be_written(name: str) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [console_script(), "--data", str(MINI), name, *working_args(name, MINI)],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
            env={**os.environ, "RNK_NO_CACHE": "1"},
        )
    err = no_traceback(done.stderr)
    assert done.returncode == 2, (done.returncode, err)
    assert err == "rnk: error: cannot write the output: No space left on device\n"


FILE_OPTIONS = ("--svg", "--html", "--output", "-o")


def file_options() -> list[tuple[str, str]]:
    return [
        (name, o) for name, cmd in sorted(commands().items()) for o in options_of(cmd) if o in FILE_OPTIONS
    ]


def test_the_options_these_tests_need_exist() -> None:
    """The tables below are built from the app: a renamed option must fail here, not skip."""
    assert sorted(file_options()) == [("timeline", "--html"), ("timeline", "--svg")]
    assert regex_option()


@pytest.mark.parametrize(("name", "option"), file_options())
def test_an_output_file_that_cannot_be_written(tmp_path: Path, name: str, option: str) -> None:
    targets = [tmp_path / "no-such-folder" / "out", tmp_path]  # a missing folder; a folder
    if Path("/dev/full").exists():
        targets.append(Path("/dev/full"))
    for target in targets:
        run = invoke("--data", str(MINI), name, option, str(target))
        check_contract(run)
        assert run.code == 2, (target, run)
        assert str(target) in run.err


def regex_option() -> bool:
    return "search" in commands() and takes("search", "--regex")


@pytest.mark.parametrize(
    "pattern", ["(a+)+$", "(a|aa)*c", "(.*a){12}", "(a*)*b", "^(([a-z])+.)+[A-Z]([a-z])+$"]
)
def test_a_regex_that_backtracks_badly_cannot_hang(tmp_path: Path, pattern: str) -> None:
    text = MINI.read_text(encoding="utf-8").replace('"A war happens."', '"' + "a" * 5000 + '!"')
    data = tmp_path / "aaaa.toml"
    data.write_text(text, encoding="utf-8")
    started = time.monotonic()
    done = script("--data", str(data), "search", "--regex", pattern, timeout=30)
    assert time.monotonic() - started < 10
    assert done.returncode in EXIT_CODES
    assert no_traceback(done.stderr).count("\n") <= 1
