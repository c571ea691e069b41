"""The options and arguments of the commands as typer annotations (the short ones of a single command
are in its signature in cli.py); `Run`: what this run chose."""

from typing import Annotated, Any, Literal

import typer

from rnk.render.view import ColorMode, Format

# Choices and ranges are checked by click (a Literal is a click.Choice, min/max an IntRange);
# the modules that act on them keep their own tables, which tests/test_options.py compares.
InChoice = Literal["events", "event", "faq", "all"]
ThemeChoice = Literal["light", "dark"]
CiteFormatChoice = Literal["text", "bibtex", "csl-json", "ris"]
SchemaChoice = Literal["data", "output"]


class Run:
    """What this run chose: the group's --data, and the output options of the command (set by
    `framework.OutputCommand` before the command starts)."""

    data: str | None = None
    format: str = "plain"  # resolved: --json is json, no option is a table on a terminal
    format_given = False
    color: ColorMode = "auto"  # the command's --color, else the group's


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="table, plain, json, jsonl, csv or markdown. Default: a table on a terminal "
        "(or with --color always / FORCE_COLOR), plain text otherwise.",
    ),
]  # fmt: skip
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
ColorOption = Annotated[
    ColorMode,
    typer.Option(
        "--color", metavar="WHEN", help="auto, always or never. NO_COLOR and FORCE_COLOR are honoured."
    ),
]


def output_options(fmt: FormatOption = None, json_: JsonOption = False, color: ColorOption = "auto") -> None:
    """The options of every command that prints a View (all but `cite`), last in its help."""


RangeArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[RANGE]",
        help="Years: 1950 (one year), 1950-1953 or 1950..1953 (from-to), 1950s (a decade), "
        "1950- or 1950.. (from), ..1960 (until).",
    ),
]
EraOption = Annotated[
    str | None, typer.Option("--era", "-e", metavar="ERA", help="Only events of this era (see 'rnk eras').")
]
LimitOption = Annotated[
    int | None, typer.Option("--limit", "-n", metavar="N", min=1, help="Show at most N results.")
]


# The group's own options.
DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        envvar="RNK_DATA",
        metavar="PATH",
        help="Use this chronology (a TOML file or folder) instead of the bundled one. "
        "Join several with ':'; '@bundled' names the bundled data.",
    ),
]
DefaultColorOption = Annotated[
    ColorMode,
    typer.Option(
        "--color", metavar="WHEN", help="auto, always or never: the default of every command's own --color."
    ),
]
VersionOption = Annotated[
    bool, typer.Option("--version", "-V", help="Print the version and the data's 'as of' date.")
]


def completion(ctx: typer.Context, param: typer.CallbackParam, value: bool) -> None:
    """--install-completion and --show-completion: eager, they act before the rest is parsed."""
    if value and not ctx.resilient_parsing:
        from rnk.shell.scripts import detect_shell, install, install_message, script

        shell = detect_shell()
        if "--install-completion" in param.opts:
            typer.echo(install_message(shell, install(shell)))
        else:
            typer.echo(script(shell), nl=False)
        raise typer.Exit(0)


def _eager(name: str, text: str) -> Any:
    return typer.Option(name, callback=completion, is_eager=True, help=text)


InstallCompletionOption = Annotated[
    bool,
    _eager(
        "--install-completion",
        "Install tab completion for the current shell (bash, zsh, fish or PowerShell).",
    ),
]
ShowCompletionOption = Annotated[
    bool,
    _eager(
        "--show-completion", "Print the tab-completion script for the current shell, to install it by hand."
    ),
]


# The longer options of single commands (`events`, `on`, `timeline`).
FromOption = Annotated[
    str | None, typer.Option("--from", metavar="YEAR", help="Only events that reach this year or later.")
]
ToOption = Annotated[
    str | None, typer.Option("--to", metavar="YEAR", help="Only events that start by this year.")
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        metavar="TAG",
        help="Only events with this tag, in any case (repeat to require several).",
    ),
]
PersonOption = Annotated[
    str | None,
    typer.Option("--person", "-p", metavar="NAME", help="Only events naming this person (case-insensitive)."),
]
DayArg = Annotated[
    str | None,
    typer.Argument(metavar="[DATE]", help="MM-DD, or YYYY-MM-DD (its month and day count). Default: today."),
]
DaysOption = Annotated[
    int | None,
    typer.Option("--days", "-d", metavar="N", min=0, max=183, help="Also the N days either side."),
]


def _saved_as(kind: str) -> Any:
    text = f"Save the picture as {kind} instead of printing it ('-': on stdout)."
    return typer.Option(f"--{kind.lower()}", metavar="FILE", help=text)


SvgOption = Annotated[str | None, _saved_as("SVG")]
HtmlOption = Annotated[str | None, _saved_as("HTML")]
WidthOption = Annotated[
    int | None,
    typer.Option("--width", "-w", metavar="COLS", min=40, max=1000, help="Columns. Default: the terminal's."),
]
ThemeOption = Annotated[
    ThemeChoice,
    typer.Option("--theme", metavar="light|dark", help="The colours of the --svg and --html files."),
]
