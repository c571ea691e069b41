"""Generate the man page man/rnk.1 from the app: commands, options, exit codes, environment, examples.

Everything that describes the command line is read from the Typer app (help texts, usage, options,
epilog examples, the exit codes in the top-level help, environment variables bound to options);
what the app cannot say (the other environment variables and files) is in the tables below.
`--check` reports whether man/rnk.1 is out of date (exit 1), as tests/test_man.py does.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
MAN = ROOT / "man" / "rnk.1"

if TYPE_CHECKING:
    from typer._click import Command, Context, Parameter

# Read by rnk but not bound to an option (RNK_DATA is: it comes from --data).
ENVIRONMENT = {
    "NO_COLOR": "When set to a non-empty value, no colour (unless --color always).",
    "FORCE_COLOR": "When set to a non-empty value, colour even when the output is not a terminal "
    "(NO_COLOR and --color win).",
    "COLUMNS": "The width of tables and wrapped text; by default the terminal's width.",
    "XDG_CACHE_HOME": "The cache folder is $XDG_CACHE_HOME/rnk (default ~/.cache/rnk): parsed data "
    "and completion values, rebuilt whenever the data changes; safe to delete.",
    "RNK_CACHE_DIR": "Use this cache folder instead.",
    "RNK_NO_CACHE": "When set to 1, use no cache (rnk is slower, never different).",
}
FILES = {
    "~/.cache/rnk/": "The cache (see XDG_CACHE_HOME).",
    "share/bash-completion/completions/rnk": "Tab completion for bash (also zsh: share/zsh/"
    "site-functions/_rnk; fish: share/fish/vendor_completions.d/rnk.fish), under the install prefix.",
}
SEE_ALSO = r"\fBjq\fR(1)"


# --- roff ---


def roff(text: str) -> str:
    """Escape text for roff: backslashes, then any non-ASCII character as a named Unicode escape."""
    text = text.replace("\\", r"\e")
    return "".join(c if ord(c) < 128 else f"\\[u{ord(c):04X}]" for c in text)


def line(text: str) -> str:
    """A text line that roff will not read as a request (leading `.` or `'`)."""
    text = roff(text)
    return "\\&" + text if text.startswith((".", "'")) else text


def code(text: str) -> str:
    """A literal: hyphens stay minus signs, so commands copied from the page work."""
    return line(text).replace("-", r"\-")


def plain(text: str | None) -> str:
    """Help text without rich markup or click's `\\b` markers."""
    if not text:
        return ""
    text = text.replace("\b", "")
    if "[" in text:
        from rich.text import Text

        try:
            return Text.from_markup(text).plain
        except Exception:  # not markup after all
            return text
    return text


def paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in text.split("\n\n") if p.strip()]


def fill(paragraph: str) -> str:
    return line(" ".join(paragraph.split()))


# --- reading the app ---


def context(command: Command, name: str, parent: Context | None) -> Context:
    from typer._click.core import Context

    return Context(command, info_name=name, parent=parent, **(command.context_settings or {}))


def subcommands(command: Command, ctx: Context) -> list[tuple[str, Command]]:
    names = command.list_commands(ctx) if hasattr(command, "list_commands") else []
    found = [(n, command.get_command(ctx, n)) for n in names]  # type: ignore[attr-defined]
    return [(n, c) for n, c in found if c is not None and not c.hidden]


def split_help(text: str) -> tuple[list[str], list[str], list[str]]:
    """(description paragraphs, example lines, exit-code paragraph) of a help text or epilog."""
    prose: list[str] = []
    examples: list[str] = []
    exits: list[str] = []
    in_examples = False
    for para in paragraphs(plain(text)):
        if para.startswith("Examples:"):
            in_examples = True
            rest = para.removeprefix("Examples:").strip()
            examples.extend(x.strip() for x in rest.splitlines() if x.strip())
        elif para.startswith("Exit codes:"):
            in_examples = False
            exits.append(para.removeprefix("Exit codes:").strip())
        elif in_examples and para.startswith(" "):
            examples.extend(x.strip() for x in para.splitlines() if x.strip())
        else:
            in_examples = False
            prose.append(para)
    return prose, examples, exits


def exit_codes(text: str) -> list[tuple[str, str]]:
    """'0 results; 1 nothing matched (...)' -> [('0', 'results'), ('1', 'nothing matched (...)')]."""
    out = []
    for part in " ".join(text.split()).rstrip(".").split("; "):
        number, _, meaning = part.partition(" ")
        if number.isdigit():
            out.append((number, meaning))
    return out


def option_lines(params: list[Parameter], ctx: Context) -> Iterator[str]:
    for param in params:
        if getattr(param, "hidden", False) or param.param_type_name != "option":
            continue
        names = sorted([*param.opts, *param.secondary_opts], key=lambda n: (not n.startswith("--"), n))
        head = ", ".join(rf"\fB{code(n)}\fR" for n in names)
        flag = getattr(param, "is_flag", False) or getattr(param, "count", False)
        if not flag:
            head += rf" \fI{code(param.make_metavar(ctx))}\fR"
        yield ".TP"
        yield head
        text = " ".join(plain(getattr(param, "help", "")).split())
        envvar = param.envvar if isinstance(param.envvar, str) else None
        if envvar:
            text += f" Environment: {envvar}."
        yield line(text) if text else r"\&"


def argument_lines(params: list[Parameter], ctx: Context) -> Iterator[str]:
    for param in params:
        if param.param_type_name != "argument":
            continue
        yield ".TP"
        yield rf"\fI{code(param.make_metavar(ctx))}\fR"
        yield fill(plain(getattr(param, "help", "") or "")) or r"\&"


def example_block(examples: list[str], label: str = "Examples:") -> Iterator[str]:
    if not examples:
        return
    yield ".PP"
    if label:
        yield label
    yield ".RS 4"
    yield ".nf"
    yield from (code(x) for x in examples)
    yield ".fi"
    yield ".RE"


def command_section(name: str, command: Command, parent: Context) -> Iterator[str]:
    ctx = context(command, name, parent)
    # typer writes a required argument as {ID}; a man page writes it plain (optional ones keep [ ]).
    usage = " ".join(command.collect_usage_pieces(ctx)).replace("{", "").replace("}", "")
    yield f'.SS "{code(f"rnk {name} {usage}")}"'
    prose, examples, _ = split_help(command.help or "")
    for i, para in enumerate(prose):
        if i:
            yield ".PP"
        yield fill(para)
    params = command.get_params(ctx)
    yield from argument_lines(params, ctx)
    yield from option_lines(params, ctx)
    _, more, _ = split_help(command.epilog or "")
    yield from example_block(examples + more)


def env_lines(root: Command, ctx: Context) -> Iterator[str]:
    bound = {}
    for param in root.get_params(ctx):
        if isinstance(param.envvar, str):
            bound[param.envvar] = f"Same as {param.opts[0]} (the option wins). " + " ".join(
                plain(getattr(param, "help", "")).split()
            )
    for var, text in sorted({**bound, **ENVIRONMENT}.items()):
        yield ".TP"
        yield rf"\fB{code(var)}\fR"
        yield line(text)


def page() -> str:
    from typer.main import get_command

    from rnk import __version__
    from rnk.cli import app

    root = get_command(app)
    ctx = context(root, "rnk", None)
    prose, examples, exits = split_help(root.help or "")
    lines = [
        r".\" Generated by scripts/gen_man.py from the rnk app; do not edit.",
        f'.TH RNK 1 "" "rnk {__version__}" "User Commands"',
        ".SH NAME",
        rf"rnk \- {line(prose[0].rstrip('.')[:1].lower() + prose[0].rstrip('.')[1:])}",
        ".SH SYNOPSIS",
        r".B rnk",
        r"[\fIOPTIONS\fR] \fICOMMAND\fR [\fIARGUMENTS\fR]...",
        ".SH DESCRIPTION",
    ]
    lines += [fill(p) for p in prose]
    names = [name for name, _ in subcommands(root, ctx)]
    lines += [
        ".PP",
        line(f"Commands: {', '.join(names)}; each is described below and in 'rnk COMMAND --help'."),
        ".PP",
        line(
            "Tab completion for bash, zsh, fish and PowerShell completes commands, options, "
            "formats, tags, people, eras, event and FAQ ids and decades: install it with "
            "'rnk --install-completion' (see FILES)."
        ),
    ]
    lines += [".SH OPTIONS", *option_lines(root.get_params(ctx), ctx)]
    lines += [".SH COMMANDS"]
    for name, sub in subcommands(root, ctx):
        lines += command_section(name, sub, ctx)
    lines += [".SH EXIT STATUS"]
    for number, meaning in exit_codes(" ".join(exits)):
        lines += [".TP", rf"\fB{number}\fR", line(meaning[:1].upper() + meaning[1:] + ".")]
    lines += [".SH ENVIRONMENT", *env_lines(root, ctx)]
    lines += [".SH FILES"]
    for path, text in FILES.items():
        lines += [".TP", rf"\fI{code(path)}\fR", line(text)]
    lines += [".SH EXAMPLES", *example_block(examples, label="")]
    lines += [".SH SEE ALSO", SEE_ALSO]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = page()
    if "--check" in argv:
        current = MAN.read_text(encoding="utf-8") if MAN.is_file() else ""
        if current != text:
            print("out of date: man/rnk.1 (run scripts/gen_man.py)", file=sys.stderr)
            return 1
        return 0
    MAN.parent.mkdir(parents=True, exist_ok=True)
    MAN.write_text(text, encoding="utf-8")
    print(f"wrote {MAN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
