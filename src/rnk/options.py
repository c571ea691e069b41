"""The options and arguments the commands share, as typer annotations (`Annotated[type, typer.Option]`)."""

from __future__ import annotations

from typing import Annotated

import typer

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="table, plain, json, jsonl, csv or markdown. Default: a table on a terminal "
        "(or with --color always / FORCE_COLOR), plain text otherwise.",
    ),
]  # fmt: skip


JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]


ColorOption = Annotated[
    str,
    typer.Option(
        "--color", metavar="WHEN", help="auto, always or never. NO_COLOR and FORCE_COLOR are honoured."
    ),
]


RangeArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[RANGE]",
        help="Years: 1950, 1950-1953, 1950..1953, 1950s, 1950- or 1950.. (from), ..1960 (until).",
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
    typer.Option("--tag", "-t", metavar="TAG", help="Only events with this tag (repeat to require several)."),
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
    int | None, typer.Option("--limit", "-n", metavar="N", help="Show at most N results.")
]


InOption = Annotated[
    str, typer.Option("--in", metavar="WHAT", help="What to search: events, faq or all.")
]  # fmt: skip


QueryArg = Annotated[
    list[str],
    typer.Argument(
        metavar="QUERY...",
        help='Words, "quoted phrases", -excluded words and years (2000, 2016-2017, 1990s).',
        show_default=False,
    ),
]
