"""The options and arguments several commands share, as typer annotations (a command's own are in
its signature in cli.py); `Run`: what this run chose."""

from typing import Annotated, Literal

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
