"""The options and arguments the commands share, as typer annotations (`Annotated[type, typer.Option]`)."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from rnk.render.view import ColorMode, Format

# Choices and ranges are checked by click (a Literal is a click.Choice, min/max an IntRange);
# the modules that act on them keep their own tables, which tests/test_options.py compares.
InChoice = Literal["events", "event", "faq", "all"]
ThemeChoice = Literal["light", "dark"]
CiteFormatChoice = Literal["text", "bibtex", "csl-json", "ris"]
SchemaChoice = Literal["data", "output"]

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


RangeArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[RANGE]",
        help="Years: 1950 (one year), 1950-1953 or 1950..1953 (from-to), 1950s (a decade), "
        "1950- or 1950.. (from), ..1960 (until).",
        show_default=False,
    ),
]


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


EraOption = Annotated[
    str | None, typer.Option("--era", "-e", metavar="ERA", help="Only events of this era (see 'rnk eras').")
]


ReverseOption = Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")]


LimitOption = Annotated[
    int | None, typer.Option("--limit", "-n", metavar="N", min=1, help="Show at most N results.")
]


InOption = Annotated[
    InChoice, typer.Option("--in", metavar="WHAT", help="What to search: events, faq or all.")
]  # fmt: skip


QueryArg = Annotated[
    list[str],
    typer.Argument(
        metavar="QUERY...",
        help='Words, "quoted phrases", -excluded words and years (2000, 2016-2017, 1990s).',
        show_default=False,
    ),
]


# Eager callbacks of the group's --install-completion and --show-completion.


def install_completion(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from rnk.shell.scripts import detect_shell, install, install_message

        shell = detect_shell()
        typer.echo(install_message(shell, install(shell)))
        raise typer.Exit(0)


def show_completion(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from rnk.shell.scripts import detect_shell, script

        typer.echo(script(detect_shell()), nl=False)
        raise typer.Exit(0)


# Options of one command each (the group's own first).
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
        "--color",
        metavar="WHEN",
        help="auto, always or never: the default of every command's own --color.",
    ),
]

VersionOption = Annotated[
    bool,
    typer.Option("--version", "-V", help="Print the version and the data's 'as of' date."),
]

InstallCompletionOption = Annotated[
    bool,
    typer.Option(
        "--install-completion",
        callback=install_completion,
        is_eager=True,
        help="Install tab completion for the current shell (bash, zsh, fish or PowerShell).",
    ),
]

ShowCompletionOption = Annotated[
    bool,
    typer.Option(
        "--show-completion",
        callback=show_completion,
        is_eager=True,
        help="Print the tab-completion script for the current shell, to install it by hand.",
    ),
]

SearchRegexOption = Annotated[
    bool, typer.Option("--regex", help="Treat the query as a regular expression (case-insensitive).")
]

FaqWordsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[ID | WORDS...]",
        help="An FAQ id, or a question in your own words. Without it: the list of questions.",
        show_default=False,
    ),
]

FaqAllOption = Annotated[bool, typer.Option("--all", "-a", help="Also list the runners-up.")]

AskWordsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="QUESTION...",
        help="A question in your own words: 'when did kim jong un visit russia'.",
        show_default=False,
    ),
]


FaqLimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        metavar="N",
        min=1,
        help="Show at most N questions (the list) or answers (--all; default 5).",
    ),
]

ShowEventIdArg = Annotated[
    str, typer.Argument(metavar="ID", help="An event id (see 'rnk events' or 'rnk search').")
]

ValidatePathArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[PATH]",
        help="A data file or folder; join several with ':' ('@bundled': the bundled data). "
        "Default: the data in use (--data, RNK_DATA, else the bundled data).",
        show_default=False,
    ),
]

SchemaWhichArg = Annotated[
    SchemaChoice | None,
    typer.Argument(
        metavar="[data|output]",
        help="'data': the data format; 'output': the JSON output. Default: both, as "
        '{"data": ..., "output": ...}.',
        show_default=False,
    ),
]

TimelineSvgOption = Annotated[
    str | None,
    typer.Option(
        "--svg", metavar="FILE", help="Save the picture as SVG instead of printing it ('-': on stdout)."
    ),
]

TimelineHtmlOption = Annotated[
    str | None,
    typer.Option(
        "--html", metavar="FILE", help="Save the picture as HTML instead of printing it ('-': on stdout)."
    ),
]

TimelineThemeOption = Annotated[
    ThemeChoice,
    typer.Option("--theme", metavar="light|dark", help="The colours of the --svg and --html files."),
]

TimelineWidthOption = Annotated[
    int | None,
    typer.Option("--width", "-w", metavar="COLS", min=40, max=1000, help="Columns. Default: the terminal's."),
]

CiteIdsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[ID...]",
        help="Event or FAQ ids; '-' or none: read ids from standard input (separated by blanks).",
        show_default=False,
    ),
]

CiteFormatOption = Annotated[
    CiteFormatChoice | None,
    typer.Option(
        "--format", "-f", metavar="[text|bibtex|csl-json|ris]",
        help="text (one reference a line), bibtex (biblatex @online), csl-json (Zotero, pandoc) "
        "or ris (EndNote, Zotero).",
    ),
]  # fmt: skip

CiteJsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format csl-json.")]

OnDateArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[DATE]",
        help="MM-DD, or YYYY-MM-DD (its month and day count). Default: today.",
        show_default=False,
    ),
]

OnWeekOption = Annotated[bool, typer.Option("--week", "-w", help="The 7 days from the date.")]

OnDaysOption = Annotated[
    int | None,
    typer.Option("--days", "-d", metavar="N", min=0, max=183, help="Also the N days either side."),
]
