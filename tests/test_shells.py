"""Tab completion in the real shells, through each shell's own completion machinery.

bash and zsh run interactively in a pseudo-terminal: the test types a command line and a TAB
and reads what the line editor did (the completed line, or the list it printed). fish answers
`complete -C`, its own completion entry point. The shells come from Debian packages (bash, zsh,
fish); a missing shell is skipped on a developer machine and fails in CI (CI=true).
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, require_tool

BIN = Path(sys.executable).parent  # holds the `rnk` console script of this environment
COMPLETIONS = ROOT / "completions"
READY = "READY-2"  # what `echo READY-$((1+1))` prints (the typed command itself does not match)
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]|\x1b\][^\x07]*\x07|[\r\x07\x08]")


need = require_tool


def read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    return tomllib.loads(path.read_text(encoding="utf-8"))


def data(kind: str) -> list[dict[str, Any]]:
    return [r for p in sorted((ROOT / "data").glob("*.toml")) for r in read_toml(p).get(kind, [])]


def event_ids() -> list[str]:
    return [e["id"] for e in data("events")]


def unique_prefix(word: str, others: list[str]) -> str:
    for n in range(3, len(word) + 1):
        if not any(o != word and o.startswith(word[:n]) for o in others):
            return word[:n]
    return word


def shell_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_RNK", "COMP_", "RNK_", "XDG_"))}
    env.update(
        PATH=f"{BIN}{os.pathsep}/usr/bin{os.pathsep}/bin",
        HOME=str(tmp_path / "home"),
        RNK_CACHE_DIR=str(tmp_path / "cache"),
        TERM="xterm",
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    env.pop("ZDOTDIR", None)
    env.update(extra)
    (tmp_path / "home").mkdir(exist_ok=True)
    return env


class Terminal:
    """An interactive shell in a pseudo-terminal, 250 columns wide."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        import fcntl
        import pty
        import struct
        import termios

        pid, fd = pty.fork()
        if pid == 0:  # the child: become the shell
            try:
                os.chdir(cwd)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 200, 250, 0, 0))
        self.seen = ""

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def expect(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        """Read until `pattern` matches what arrived since the last match; return the match."""
        end = time.monotonic() + timeout
        while True:
            found = re.search(pattern, self.seen)
            if found:
                self.seen = self.seen[found.end() :]
                return found
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f"timed out waiting for {pattern!r}; screen so far: {self.seen[-2000:]!r}"
                )
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.1))
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"shell exited; screen: {self.seen[-2000:]!r}")
                self.seen += ANSI.sub("", chunk.decode("utf-8", "replace"))

    def run(self, command: str) -> None:
        self.send(f"{command}; echo READY-$((1+1))\n")
        self.expect(READY)

    def complete_line(self, typed: str) -> str:
        """Type `typed`, press TAB, and return the command line the shell was left with."""
        self.send(typed + "\t")
        # Ctrl-A, then turn the line into `echo DONE:<line>` and run it: echo prints the line.
        self.send("\x01echo DONE:\n")
        return self.expect(r"\nDONE:([^\n]*)\n").group(1).rstrip()

    def listing(self, typed: str, words: list[str]) -> str:
        """Type `typed`, press TAB, and wait until every word of `words` is on the screen."""
        self.send(typed + "\t")
        pattern = "".join(f"(?=[\\s\\S]*\\b{re.escape(w)}\\b)" for w in words) + r"[\s\S]*"
        screen = self.expect(pattern).group(0)
        self.send("\x15")  # Ctrl-U: clear the line
        self.run(":")
        return screen

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        os.close(self.fd)


def bash_terminal(tmp_path: Path, source: bool = True) -> Terminal:
    term = Terminal([need("bash"), "--norc", "-i"], shell_env(tmp_path), tmp_path)
    setup = [
        "PS1='$ '",
        "bind 'set show-all-if-ambiguous on'",
        "bind 'set completion-query-items -1'",
        "bind 'set page-completions off'",
        "bind 'set bell-style none'",
    ]
    if source:
        setup.append(f"source {COMPLETIONS / 'rnk.bash'}")
    term.run("; ".join(setup))
    return term


def zsh_terminal(tmp_path: Path, load: bool = True) -> Terminal:
    args = [need("zsh"), "-i"] if not load else [need("zsh"), "-f", "-i"]
    term = Terminal(args, shell_env(tmp_path), tmp_path)
    setup = [
        "PS1='%% '",
        "bindkey -e",
        "unsetopt beep listambiguous",
        "LISTMAX=0",
        "zstyle ':completion:*' list-prompt ''",
    ]
    if load:
        setup += [f"fpath=({COMPLETIONS} $fpath)", "autoload -Uz compinit", "compinit -u -D"]
    term.run("; ".join(setup))
    return term


@pytest.fixture
def bash(tmp_path: Path) -> Iterator[Terminal]:
    term = bash_terminal(tmp_path)
    yield term
    term.close()


@pytest.fixture
def zsh(tmp_path: Path) -> Iterator[Terminal]:
    term = zsh_terminal(tmp_path)
    yield term
    term.close()


def fish_complete(line: str, tmp_path: Path, load: bool = True, **extra: str) -> list[tuple[str, str]]:
    """fish's own answer to `complete -C LINE`: (candidate, description) pairs.

    With `load`, the script is sourced; else fish must find it itself (in ~/.config/fish).
    """
    setup = f"source {COMPLETIONS / 'rnk.fish'}; " if load else ""
    script = f"{setup}complete -C {quote_fish(line)}"
    proc = subprocess.run(
        [need("fish"), *(["--no-config"] if load else []), "-c", script],
        env=shell_env(tmp_path, **extra), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    pairs = [(*row.split("\t", 1), "")[:2] for row in proc.stdout.splitlines()]
    return [(value, description) for value, description in pairs]


def quote_fish(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


# --- the five lines of the issue, in each shell ---


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_command_names_complete(shell: str, request: pytest.FixtureRequest) -> None:
    term: Terminal = request.getfixturevalue(shell)
    assert term.complete_line("rnk sh") == "rnk show"


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_event_ids_complete_after_show(shell: str, request: pytest.FixtureRequest) -> None:
    term: Terminal = request.getfixturevalue(shell)
    ids = event_ids()
    target = ids[len(ids) // 2]
    prefix = unique_prefix(target, ids)
    assert term.complete_line(f"rnk show {prefix}") == f"rnk show {target}"


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_tags_complete_after_tag(shell: str, request: pytest.FixtureRequest) -> None:
    term: Terminal = request.getfixturevalue(shell)
    assert term.complete_line("rnk events --tag sanc") == "rnk events --tag sanctions"


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_formats_complete_after_format(shell: str, request: pytest.FixtureRequest) -> None:
    term: Terminal = request.getfixturevalue(shell)
    screen = term.listing("rnk events --format js", ["json", "jsonl"])
    assert "csv" not in screen
    # json and jsonl share "json": that much goes in
    assert term.complete_line("rnk events --format js") == "rnk events --format json"
    assert term.complete_line("rnk events --format jsonl") == "rnk events --format jsonl"


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_faq_ids_are_listed(shell: str, request: pytest.FixtureRequest) -> None:
    term: Terminal = request.getfixturevalue(shell)
    ids = [f["id"] for f in data("faq")]
    term.listing("rnk faq ", ids)


def test_zsh_lists_event_ids_with_date_and_title(zsh: Terminal) -> None:
    events = data("events")
    stems = [e["id"][:3] for e in events]
    stem = max(stems, key=stems.count)  # a stem several ids share, so zsh lists them
    matching = [e for e in events if e["id"].startswith(stem)]
    screen = zsh.listing(f"rnk show {stem}", [e["id"] for e in matching])
    for event in matching:
        row = next(r for r in screen.splitlines() if re.search(rf"\b{re.escape(event['id'])}\s+--", r))
        assert str(event["start"]) in row, row
        assert event["title"][:20] in row, row


def test_zsh_lists_faq_ids_with_their_questions(zsh: Terminal) -> None:
    entries = data("faq")
    screen = zsh.listing("rnk faq ", [f["id"] for f in entries])
    assert f"{entries[0]['id']}" in screen and entries[0]["question"][:30] in screen


def test_bash_quotes_a_name_with_spaces(bash: Terminal) -> None:
    assert bash.complete_line("rnk events --person putin") == "rnk events --person Vladimir Putin"
    assert bash.complete_line("rnk events --format=jso") == "rnk events --format=json"


def test_zsh_completes_a_name_and_an_option_value_after_equals(zsh: Terminal) -> None:
    assert zsh.complete_line("rnk events --person putin") == "rnk events --person Vladimir Putin"
    assert zsh.complete_line("rnk events --format=jsonl") == "rnk events --format=jsonl"
    assert zsh.complete_line("rnk events --ta") == "rnk events --tag"


def test_data_paths_complete_as_files(bash: Terminal, tmp_path: Path) -> None:
    (tmp_path / "my-chronology.toml").write_text("")
    assert bash.complete_line("rnk --data my-chro") == "rnk --data my-chronology.toml"
    assert bash.complete_line("rnk --data @bu") == "rnk --data @bundled"


# fish


def test_fish_completes_the_five_lines(tmp_path: Path) -> None:
    assert [c for c, _ in fish_complete("rnk sh", tmp_path)] == ["show"]
    ids = event_ids()
    target = ids[len(ids) // 2]
    prefix = unique_prefix(target, ids)
    assert [c for c, _ in fish_complete(f"rnk show {prefix}", tmp_path)] == [target]
    assert [c for c, _ in fish_complete("rnk events --tag sanc", tmp_path)] == ["sanctions"]
    assert [c for c, _ in fish_complete("rnk events --format js", tmp_path)] == ["json", "jsonl"]
    faq = fish_complete("rnk faq ", tmp_path)
    assert [c for c, _ in faq] == sorted(f["id"] for f in data("faq"))


def test_fish_shows_descriptions(tmp_path: Path) -> None:
    events = {e["id"]: e for e in data("events")}
    for candidate, description in fish_complete("rnk show ", tmp_path):
        event = events[candidate]
        assert description.startswith(str(event["start"])), description
        assert event["title"][:20] in description
    questions = {f["id"]: f["question"] for f in data("faq")}
    for candidate, description in fish_complete("rnk faq ", tmp_path):
        assert description.startswith(questions[candidate][:30])


def test_fish_completes_names_with_spaces_and_files(tmp_path: Path) -> None:
    assert [c for c, _ in fish_complete("rnk events --person Kim\\ Jong\\ U", tmp_path)] == ["Kim Jong Un"]
    (tmp_path / "home" / "mine.toml").write_text("")
    found = [c for c, _ in fish_complete("rnk --data ~/mi", tmp_path)]
    assert found == ["~/mine.toml"]


# --- installing ---


def test_install_completion_for_bash_works_in_a_new_shell(tmp_path: Path) -> None:
    env = shell_env(tmp_path)
    proc = subprocess.run(
        [need("bash"), "-c", "rnk --install-completion; true"], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0 and "bash completion for rnk installed" in proc.stdout, proc.stderr
    script = tmp_path / "home" / ".local" / "share" / "bash-completion" / "completions" / "rnk"
    assert script.read_text() == (COMPLETIONS / "rnk.bash").read_text()
    # again: the ~/.bashrc block is replaced, not repeated
    subprocess.run([need("bash"), "-c", "rnk --install-completion; true"], env=env, capture_output=True)
    assert (tmp_path / "home" / ".bashrc").read_text().count("rnk completion >>>") == 1
    term = Terminal([need("bash"), "-i"], env, tmp_path)  # reads ~/.bashrc
    try:
        term.run("PS1='$ '")
        assert term.complete_line("rnk sh") == "rnk show"
    finally:
        term.close()


def test_install_completion_for_zsh_works_in_a_new_shell(tmp_path: Path) -> None:
    env = shell_env(tmp_path)
    proc = subprocess.run(
        [need("zsh"), "-c", "rnk --install-completion; true"], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0 and "zsh completion for rnk installed" in proc.stdout, proc.stderr
    assert (tmp_path / "home" / ".zfunc" / "_rnk").read_text() == (COMPLETIONS / "_rnk").read_text()
    term = zsh_terminal(tmp_path, load=False)  # reads ~/.zshrc, which runs compinit
    try:
        assert term.complete_line("rnk events --tag sanc") == "rnk events --tag sanctions"
    finally:
        term.close()


def test_install_completion_for_fish_is_found_by_fish(tmp_path: Path) -> None:
    env = shell_env(tmp_path)
    proc = subprocess.run(
        [need("fish"), "--no-config", "-c", "rnk --install-completion; true"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and "fish completion for rnk installed" in proc.stdout, proc.stderr
    assert (tmp_path / "home" / ".config" / "fish" / "completions" / "rnk.fish").is_file()
    # fish loads ~/.config/fish/completions/rnk.fish on its own (nothing sourced here)
    assert [c for c, _ in fish_complete("rnk sh", tmp_path, load=False)] == ["show"]


def test_show_completion_prints_the_script_for_the_shell(tmp_path: Path) -> None:
    env = shell_env(tmp_path)
    for shell, name in (("bash", "rnk.bash"), ("zsh", "_rnk"), ("fish", "rnk.fish")):
        argv = [
            need(shell),
            *(["--no-config"] if shell == "fish" else []),
            "-c",
            "rnk --show-completion; true",
        ]
        proc = subprocess.run(argv, env=env, capture_output=True, text=True)
        assert proc.stdout == (COMPLETIONS / name).read_text(), shell


def test_bash_reads_back_every_escaped_value(tmp_path: Path) -> None:
    """What the bash script inserts for a value is read by bash as exactly that value."""
    from rnk.shell.complete import bash_word

    values = [
        "Kim Jong Un",
        "a'b",
        'a"b',
        "x$y",
        "~home",
        "#hash",
        "semi;colon",
        "star*",
        "{a,b}",
        "back\\slash",
    ]
    values += ["pipe|amp&", "(paren)", "<in>", "tab\u00e9", "q?", "`tick`", "a=b:c", "!bang"]
    words = " ".join(bash_word(v, "", "") for v in values)
    proc = subprocess.run(
        [need("bash"), "--norc", "-c", f"printf '%s\\n' {words}"],
        env=shell_env(tmp_path), capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert proc.stdout.splitlines() == values
