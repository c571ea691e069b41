"""Shell completion fast path: answer a TAB press from the index shipped in the package
(`rnk.shell.index`) without importing typer, rich or a TOML parser (typer's own completion takes
over 5 times as long, and every TAB press runs `rnk` once).

Protocol (spoken by the scripts of `rnk.shell.scripts`):
- `_RNK_COMPLETE=bash`: the words come from `COMP_LINE` up to `COMP_POINT`, split here as bash
  would (quotes, backslashes), so `--format=js` and quoted names work whatever `COMP_WORDBREAKS` is.
- `_RNK_COMPLETE=zsh|fish|powershell`: argv holds the words before the cursor, unquoted by the
  shell; `_RNK_CURRENT` the word being completed. `source_<shell>`: print the script.
The answer is a line `:values` or `:files` (the shell adds file names), then one candidate a line:
bash gets escaped words, zsh `value:description`, fish and PowerShell `value<TAB>description`.
Any other `_RNK_COMPLETE` value (typer's `complete_bash`, ...) is left to typer.
"""

from __future__ import annotations

import os
import sys

from rnk.core.paths import BUNDLED, bundled_dir, layers
from rnk.shell.index import (
    DATA_KINDS,
    DATA_PATHS,
    FILES,
    FLAG,
    MAGIC,
    Index,
    Item,
    Node,
    Param,
    fingerprint,
    parse_index,
)

SHELLS = ("bash", "zsh", "fish", "powershell")
INDEX_NAME = "_completion_index.tsv"


def load_index() -> Index:
    """The shipped index; if it is missing or unreadable, build it from the app (slow, but right)."""
    try:
        with open(os.path.join(os.path.dirname(__file__), INDEX_NAME), encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        text = ""
    if not text.startswith(MAGIC):
        from rnk.shell.completion_index import live_index_text

        text = live_index_text()
    return parse_index(text)


def data_values(index: Index, option: str | None, kind: str) -> list[Item]:
    """Values of a data kind across the layers in force; the first description of a value wins."""
    found: dict[str, str] = {}
    for layer in layers(option or None) or [BUNDLED]:
        for value, desc in layer_values(index, layer).get(kind, []):
            found.setdefault(value, desc)
    return list(found.items())


def layer_values(index: Index, layer: str) -> dict[str, list[Item]]:
    """The shipped index's values while the bundled data is what it was built from, else the data's."""
    if layer == BUNDLED:
        layer = bundled_dir()
        if fingerprint(layer) == index.fingerprint:
            return index.values
    return cached_values(os.path.abspath(os.path.expanduser(layer)))


# The modules that decide the values: an edited checkout never reads entries made by older code.
VALUES_CODE = ("shell/completion_index.py", "shell/index.py", "core/loader.py", "core/paths.py")


def cached_values(path: str) -> dict[str, list[Item]]:
    """The values of the data at `path`, cached while no file changes: only the first TAB after a
    change parses the data."""
    from rnk.core import cache

    name, key = cache.entry([path], "completion", VALUES_CODE)
    found = cache.load(name, key)
    if found is not None:
        return parse_index(found[1]).values
    from pathlib import Path

    from rnk.shell.completion_index import data_lines

    text = "\n".join(data_lines([Path(path)]))
    cache.save(name, key, None, text)
    return parse_index(text).values


class State:
    """Where the words before the cursor leave us."""

    def __init__(self, root: Node) -> None:
        self.node = root
        self.pending: Param | None = None  # an option whose value is the current word
        self.only_args = False  # after `--`
        self.positional = 0
        self.used: set[str] = set()
        self.data: str | None = None  # --data given on the line

    def take(self, opt: Param, value: str | None) -> None:
        """An option was given; `value`: its value when in the same word, None when it is the next."""
        self.used.add(opt.names[0])
        self.pending = None if opt.kind == FLAG or value is not None else opt
        if opt.names[0] == "--data" and value is not None:
            self.data = value


def walk(root: Node, words: list[str]) -> State:
    state = State(root)
    for word in words:
        if state.pending is not None:
            state.take(state.pending, word)
        elif word == "--" and not state.only_args:
            state.only_args = True
        elif word.startswith("--") and not state.only_args:
            name, eq, value = word.partition("=")
            opt = state.node.option(name)
            if opt is not None:
                state.take(opt, value if eq else None)
        elif word.startswith("-") and word != "-" and not state.only_args:
            take_short_options(state, word)
        elif state.node.commands and state.positional == 0 and word in state.node.commands:
            state.node = state.node.commands[word]
            state.used = set()
        else:
            state.positional += 1
    return state


def take_short_options(state: State, word: str) -> None:
    """`-r`, `-rn 5`, `-n5`, `-tsanctions`: flags until one that takes a value."""
    for i in range(1, len(word)):
        opt = state.node.option("-" + word[i])
        if opt is None:
            return
        state.take(opt, word[i + 1 :] or None)
        if opt.kind != FLAG:
            return


def matches(kind: str, value: str, prefix: str) -> bool:
    low, want = value.lower(), prefix.lower()
    # A person may be typed by any of their names: `putin` finds "Vladimir Putin".
    return low.startswith(want) or (kind == "people" and any(p.startswith(want) for p in low.split()))


def values_of(index: Index, state: State, kind: str, prefix: str) -> list[Item]:
    if kind == "records":  # `rnk cite ID...`: events and FAQ entries
        return values_of(index, state, "events", prefix) + values_of(index, state, "faq", prefix)
    pool = data_values(index, state.data, kind) if kind in DATA_KINDS else index.values.get(kind, [])
    return [(v, d) for v, d in pool if matches(kind, v, prefix)]


def option_items(state: State, prefix: str) -> list[Item]:
    out: list[Item] = []
    for opt in state.node.options:
        if opt.names[0] in state.used and not opt.many:
            continue
        names = opt.names if prefix not in ("", "-") else [n for n in opt.names if n.startswith("--")]
        out.extend((n, opt.help) for n in names if n.startswith(prefix))
    return out


def value_items(index: Index, state: State, kind: str, prefix: str, lead: str = "") -> tuple[str, list[Item]]:
    if kind in (FILES, DATA_PATHS):  # the shell lists the files; `@bundled` comes with them
        bundled = kind == DATA_PATHS and BUNDLED.startswith(prefix)
        return "files", [(lead + BUNDLED, "the bundled data")] if bundled else []
    return "values", [(lead + v, d) for v, d in values_of(index, state, kind, prefix)]


def complete(index: Index, words: list[str], current: str) -> tuple[str, list[Item]]:
    """The directive (`values` or `files`) and the candidates for `current` after `words`."""
    state = walk(index.root, words)
    if state.pending is not None:
        return value_items(index, state, state.pending.kind, current)
    if not state.only_args and current.startswith("--") and "=" in current:
        name, _, value = current.partition("=")
        opt = state.node.option(name)
        if opt is None or opt.kind == FLAG:
            return "values", []
        return value_items(index, state, opt.kind, value, name + "=")
    if current.startswith("-") and not state.only_args:
        return "values", option_items(state, current)
    node = state.node
    if node.commands and state.positional == 0:
        return "values", [(name, sub.help) for name, sub in node.commands.items() if name.startswith(current)]
    args = node.arguments
    if args and (state.positional < len(args) or args[-1].many):
        arg = args[min(state.positional, len(args) - 1)]
        directive, items = value_items(index, state, arg.kind, current)
        if items or directive == "files" or current:
            return directive, items
    # Nothing left to fill in: offer the options rather than nothing.
    return "values", option_items(state, current)


BASH_SPECIAL = set(" \t\n\"'\\$`!&|;()<>*?[]{}")


def split_line(line: str) -> tuple[list[str], str, str, str]:
    """Split a bash command line before the cursor as bash would, removing quotes and backslashes:
    (words, current word, its open quote, the current word as typed)."""
    words: list[str] = []
    buf: list[str] = []
    quote, start, i = "", -1, 0  # start: where the word being read began (-1: between words)
    while i < len(line):
        c = line[i]
        if not quote and c in " \t\n":
            if start >= 0:
                words.append("".join(buf))
                buf, start = [], -1
        else:
            start = i if start < 0 else start
            if c == quote or (not quote and c in "'\""):
                quote = "" if quote else c
            elif c == "\\" and quote != "'" and (not quote or line[i + 1 : i + 2] in ('"', "\\", "$", "`")):
                i += 1
                buf.append(line[i : i + 1])  # a backslash at the very end stands for nothing
            else:
                buf.append(c)
        i += 1
    if start < 0:
        return words, "", "", ""
    return words, "".join(buf), quote, line[start:]


def drop_command(words: list[str]) -> list[str]:
    """Drop `VAR=value` prefixes and the command name itself."""
    i = 0
    while i < len(words) - 1 and "=" in words[i] and not words[i].startswith(("-", "=")):
        i += 1
    return words[i + 1 :]


def bash_word(value: str, quote: str, raw: str) -> str:
    """What bash should put in place of the word it is completing: bash splits the word at `=`
    and `:` (COMP_WORDBREAKS) and replaces only the last piece."""
    if quote == "'":
        return value.replace("'", "'\\''")
    if quote == '"':
        return "".join("\\" + c if c in '"\\$`' else c for c in value)
    word = "".join("\\" + c if c in BASH_SPECIAL else c for c in value)
    if word.startswith(("~", "#")):
        word = "\\" + word
    breaks = [c for c in "=:" if c in os.environ.get("COMP_WORDBREAKS", "=:")]
    cut = max((raw.rfind(c) for c in breaks), default=-1) + 1
    return word[cut:] if cut and word.startswith(raw[:cut]) else word


def render(shell: str, directive: str, items: list[Item], quote: str = "", raw: str = "") -> str:
    lines = [":" + directive]
    for value, desc in items:
        if "\n" in value or "\t" in value:
            continue
        desc = " ".join(desc.split())  # one line whatever the index holds
        if shell == "bash":
            lines.append(bash_word(value, quote, raw))
        elif shell == "zsh":
            escaped = value.replace("\\", "\\\\").replace(":", "\\:")
            lines.append(f"{escaped}:{desc}" if desc else escaped)
        else:
            lines.append(f"{value}\t{desc}" if desc else value)
    return "\n".join(lines) + "\n"


def answer(shell: str) -> str:
    quote = raw = ""
    if shell == "bash":
        line = os.environ.get("COMP_LINE", "")
        point = os.environ.get("COMP_POINT", "")
        words, current, quote, raw = split_line(line[: int(point) if point.isdigit() else len(line)])
        words = drop_command(words)
    else:
        words, current = sys.argv[1:], os.environ.get("_RNK_CURRENT", "")
        # fish hands over the current token as typed: drop an opening quote.
        if current[:1] in ("'", '"') and current.count(current[0]) == 1:
            current = current[1:]
    return render(shell, *complete(load_index(), words, current), quote, raw)


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
    except OSError:
        pass
    return True
