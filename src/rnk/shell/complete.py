"""Shell completion fast path: answer a TAB press without importing typer, rich or a TOML parser.

Every TAB press runs `rnk` once, so this module only uses what Python has loaded at start-up
(`os`, `sys`) plus `zlib`. It reads a small tab-separated index shipped in the package
(`_completion_index.tsv`, generated from the app and the bundled data by
`scripts/gen_completions.py`) and, for a user's own data (`--data` / `RNK_DATA`), a cached index of
the same format built from that data on the first TAB after it changes (see `rnk.shell.completion_index`).

Protocol (used by the scripts that `rnk.shell.scripts` renders into completions/):
- `_RNK_COMPLETE=bash`: the words come from `COMP_LINE` up to `COMP_POINT`, split here like bash
  would (quotes, backslashes), so `--format=js` and quoted names work whatever `COMP_WORDBREAKS` is.
- `_RNK_COMPLETE=zsh|fish|powershell`: argv holds the words after `rnk` before the cursor, already
  unquoted by the shell; `_RNK_CURRENT` holds the word being completed.
- `_RNK_COMPLETE=source_<shell>`: print the completion script (like click's `source_bash`).
The answer is a first line `:values` or `:files` (complete file names in the shell), then one
candidate per line, formatted for the shell: bash gets escaped words, zsh `value:description`,
fish and PowerShell `value<TAB>description`.
Any other `_RNK_COMPLETE` value (typer's `complete_bash`, ...) returns False: typer answers it.
"""

from __future__ import annotations

import os
import sys

from rnk.shell.index import (
    BUNDLED,
    DATA_KINDS,
    DATA_PATHS,
    FILES,
    FLAG,
    INDEX_MAGIC,
    INDEX_NAME,
    Argument,
    Index,
    Item,
    Node,
    Option,
    package_dir,
    parse_index,
)
from rnk.shell.values import data_values

SHELLS = ("bash", "zsh", "fish", "powershell")


def read_file(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None


def load_index() -> Index:
    """The shipped index; if it is missing or unreadable, build it from the app (slow, but right)."""
    text = read_file(os.path.join(package_dir(), "shell", INDEX_NAME))
    if text is None or not text.startswith(INDEX_MAGIC):
        from rnk.shell.completion_index import live_index_text

        text = live_index_text()
    return parse_index(text)


# --- where the data values come from ---


# --- walking the command line ---


class State:
    """Where the words before the cursor leave us."""

    def __init__(self, root: Node) -> None:
        self.node = root
        self.pending: Option | None = None  # an option whose value is the current word
        self.only_args = False  # after `--`
        self.positional = 0
        self.used: set[str] = set()
        self.data: str | None = None  # --data given on the line


def walk(root: Node, words: list[str]) -> State:
    state = State(root)
    for word in words:
        if state.pending is not None:
            take_value(state, state.pending, word)
        elif word == "--" and not state.only_args:
            state.only_args = True
        elif word.startswith("-") and word != "-" and not state.only_args:
            take_option(state, word)
        elif state.node.commands and state.positional == 0 and word in state.node.commands:
            state.node = state.node.commands[word]
            state.used = set()
        else:
            state.positional += 1
    return state


def take_value(state: State, opt: Option, value: str) -> None:
    state.pending = None
    if opt.names[0] == "--data":
        state.data = value


def take_option(state: State, word: str) -> None:
    if word.startswith("--"):
        name, eq, value = word.partition("=")
        opt = state.node.option(name)
        if opt is None:
            return
        state.used.add(opt.names[0])
        if opt.kind != FLAG:
            if eq:
                take_value(state, opt, value)
            else:
                state.pending = opt
        return
    # Short options: `-r`, `-rn 5`, `-n5`, `-tsanctions`.
    for i in range(1, len(word)):
        opt = state.node.option("-" + word[i])
        if opt is None:
            return
        state.used.add(opt.names[0])
        if opt.kind != FLAG:
            rest = word[i + 1 :]
            if rest:
                take_value(state, opt, rest)
            else:
                state.pending = opt
            return


def matches(kind: str, value: str, prefix: str) -> bool:
    low, want = value.lower(), prefix.lower()
    if low.startswith(want):
        return True
    # A person may be typed by any of their names: `putin` finds "Vladimir Putin".
    return kind == "people" and any(part.startswith(want) for part in low.split())


def values_of(index: Index, state: State, kind: str, prefix: str) -> list[Item]:
    if kind == "records":  # `rnk cite ID...`: events and FAQ entries
        return values_of(index, state, "events", prefix) + values_of(index, state, "faq", prefix)
    pool = data_values(index, state.data, kind) if kind in DATA_KINDS else index.values.get(kind, [])
    return [(v, d) for v, d in pool if matches(kind, v, prefix)]


def option_items(state: State, prefix: str) -> list[Item]:
    out: list[Item] = []
    for opt in state.node.options:
        if opt.names[0] in state.used and not opt.multiple:
            continue
        names = opt.names if prefix not in ("", "-") else [n for n in opt.names if n.startswith("--")]
        out.extend((n, opt.help) for n in names if n.startswith(prefix))
    return out


def complete(index: Index, words: list[str], current: str) -> tuple[str, list[Item]]:
    """The directive (`values` or `files`) and the candidates for `current` after `words`."""
    state = walk(index.root, words)
    if state.pending is not None:
        return value_items(index, state, state.pending.kind, current, "")
    if not state.only_args and current.startswith("--") and "=" in current:
        name, _, value = current.partition("=")
        opt = state.node.option(name)
        if opt is None or opt.kind == FLAG:
            return "values", []
        directive, items = value_items(index, state, opt.kind, value, name + "=")
        return directive, items
    if current.startswith("-") and not state.only_args:
        return "values", option_items(state, current)
    node = state.node
    if node.commands and state.positional == 0:
        items = [(name, sub.help) for name, sub in node.commands.items() if name.startswith(current)]
        return "values", items
    arg = next_argument(node, state.positional)
    if arg is not None:
        directive, items = value_items(index, state, arg.kind, current, "")
        if items or directive == "files" or current:
            return directive, items
    # Nothing left to fill in: offer the options rather than nothing.
    return "values", option_items(state, current)


def next_argument(node: Node, position: int) -> Argument | None:
    if position < len(node.arguments):
        return node.arguments[position]
    if node.arguments and node.arguments[-1].many:
        return node.arguments[-1]
    return None


def value_items(index: Index, state: State, kind: str, prefix: str, lead: str) -> tuple[str, list[Item]]:
    if kind in (FILES, DATA_PATHS):  # the shell lists the files; `@bundled` comes with them
        bundled = kind == DATA_PATHS and BUNDLED.startswith(prefix)
        return "files", [(lead + BUNDLED, "the bundled data")] if bundled else []
    return "values", [(lead + v, d) for v, d in values_of(index, state, kind, prefix)]


# --- the shells' side of the protocol ---

BASH_SPECIAL = set(" \t\n\"'\\$`!&|;()<>*?[]{}")


def split_line(line: str) -> tuple[list[str], str, str, str]:
    """Split a bash command line before the cursor: (words, current word, open quote, raw current).

    Quotes and backslashes are removed as bash would; `raw` is the current word as typed.
    """
    words: list[str] = []
    buf: list[str] = []
    quote, in_word, start, i = "", False, 0, 0
    while i < len(line):
        c = line[i]
        if quote == "'":
            if c == "'":
                quote = ""
            else:
                buf.append(c)
        elif quote == '"':
            if c == '"':
                quote = ""
            elif c == "\\" and i + 1 < len(line) and line[i + 1] in '"\\$`':
                i += 1
                buf.append(line[i])
            else:
                buf.append(c)
        elif c in " \t\n":
            if in_word:
                words.append("".join(buf))
                buf, in_word = [], False
        else:
            if not in_word:
                in_word, start = True, i
            if c in "'\"":
                quote = c
            elif c == "\\":
                if i + 1 < len(line):
                    i += 1
                    buf.append(line[i])
            else:
                buf.append(c)
        i += 1
    if not in_word:
        return words, "", "", ""
    return words, "".join(buf), quote, line[start:]


def drop_command(words: list[str]) -> list[str]:
    """Drop `VAR=value` prefixes and the command name itself."""
    i = 0
    while i < len(words) - 1 and "=" in words[i] and not words[i].startswith(("-", "=")):
        i += 1
    return words[i + 1 :]


def bash_request() -> tuple[list[str], str, str, str]:
    line = os.environ.get("COMP_LINE", "")
    try:
        point = int(os.environ.get("COMP_POINT", len(line)))
    except ValueError:
        point = len(line)
    words, current, quote, raw = split_line(line[:point])
    return drop_command(words), current, quote, raw


def bash_escape(value: str) -> str:
    out = "".join("\\" + c if c in BASH_SPECIAL else c for c in value)
    return "\\" + out if out.startswith(("~", "#")) else out


def bash_word(value: str, quote: str, raw: str) -> str:
    """What bash should put in place of the word it is completing.

    Bash splits the word at `=` and `:` (COMP_WORDBREAKS) and replaces only the last piece.
    """
    if quote == "'":
        return value.replace("'", "'\\''")
    if quote == '"':
        return "".join("\\" + c if c in '"\\$`' else c for c in value)
    word = bash_escape(value)
    breaks = [c for c in "=:" if c in os.environ.get("COMP_WORDBREAKS", "=:")]
    cut = max((raw.rfind(c) for c in breaks), default=-1) + 1
    if cut and word.startswith(raw[:cut]):
        word = word[cut:]
    return word


def one_line(text: str) -> str:
    """Descriptions are cleaned when the index is built; this keeps the protocol safe regardless."""
    return " ".join(text.replace("\t", " ").split())


def render(shell: str, directive: str, items: list[Item], quote: str = "", raw: str = "") -> str:
    lines = [":" + directive]
    for value, desc in items:
        if "\n" in value or "\t" in value:
            continue
        if shell == "bash":
            lines.append(bash_word(value, quote, raw))
        elif shell == "zsh":
            escaped = value.replace("\\", "\\\\").replace(":", "\\:")
            lines.append(f"{escaped}:{one_line(desc)}" if desc else escaped)
        else:
            lines.append(f"{value}\t{one_line(desc)}" if desc else value)
    return "\n".join(lines) + "\n"


def shell_request(shell: str) -> tuple[list[str], str, str, str]:
    if shell == "bash":
        return bash_request()
    current = os.environ.get("_RNK_CURRENT", "")
    # fish hands over the current token as typed: drop an opening quote.
    if current[:1] in ("'", '"') and current.count(current[0]) == 1:
        current = current[1:]
    return sys.argv[1:], current, "", ""


def answer(shell: str) -> str:
    words, current, quote, raw = shell_request(shell)
    directive, items = complete(load_index(), words, current)
    return render(shell, directive, items, quote, raw)


def fast_complete() -> bool:
    """Answer the completion request in `_RNK_COMPLETE`; False leaves it to typer."""
    mode = os.environ.get("_RNK_COMPLETE", "")
    if mode in SHELLS:
        text = answer(mode)
    elif mode.startswith("source_") and mode[7:] in SHELLS:
        from rnk.shell.scripts import script

        text = script(mode[7:])
    else:
        return False
    if sys.stdout is None:  # started with stdout closed (`>&-`): nowhere to answer
        return True
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        pass
    return True
