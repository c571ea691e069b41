"""Typer wiring only: options in, a View out through `output.emit`. Heavy imports stay inside
the commands so that `--help`, completion and JSON output start fast."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from rnk import __version__

if TYPE_CHECKING:
    from rnk.model import Chronology
    from rnk.output import View

EXIT_CODES = (
    "Exit codes: 0 results; 1 nothing matched (JSON still prints []); 2 usage error; "
    "3 data error; 130 interrupted; 141 output pipe closed early."
)


class RnkGroup(TyperGroup):
    """The top-level group: every failure becomes one line on stderr and a documented exit code.

    Overriding `main` covers both the console script and typer.testing.CliRunner.
    """

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code = self._guarded_main(args, prog_name, complete_var, **extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _guarded_main(
        self, args: list[str] | None, prog_name: str | None, complete_var: str | None, **extra: Any
    ) -> int:
        from typer._click import exceptions as click_exc  # click is vendored in typer 0.28

        from rnk.errors import ExitCode, PipeClosed, RnkError

        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            return int(result) if isinstance(result, int) else 0
        except RnkError as exc:
            _error(exc.message)
            return int(exc.code)
        except click_exc.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "rnk"
            _error(f"{exc.format_message()} (see '{where} --help')")
            return int(ExitCode.USAGE)
        except click_exc.ClickException as exc:
            _error(exc.format_message())
            return exc.exit_code
        except (typer.Abort, KeyboardInterrupt):
            _error("interrupted")
            return int(ExitCode.INTERRUPTED)
        except (BrokenPipeError, PipeClosed):
            # The reader went away (`| head`): stop quietly and keep Python from complaining at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return int(ExitCode.BROKEN_PIPE)


app = typer.Typer(
    cls=RnkGroup,
    name="rnk",
    help=(
        "A command-line reference on relations between Russia (and the Soviet Union) and "
        "North Korea, 1945 to today.\n\n"
        "Examples:\n\n"
        "  rnk events 1950-1953\n\n"
        "  rnk events 2020s --tag troops --json | jq -r '.[].title'\n\n"
        f"{EXIT_CODES}"
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


class State:
    data: str | None = None


def print_version() -> None:
    from rnk.loader import resolve_paths
    from rnk.store import load_meta

    meta = load_meta(resolve_paths(State.data))
    typer.echo(f"rnk {__version__} (data as of {meta.as_of})")


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            envvar="RNK_DATA",
            metavar="PATH",
            help="Use this chronology (a TOML file or folder) instead of the bundled one. "
            "Join several with ':'; '@bundled' names the bundled data.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Print the version and the data's 'as of' date."),
    ] = False,
) -> None:
    State.data = data
    if version:
        print_version()
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="table, plain, json, jsonl, csv or markdown. Default: table on a terminal, plain in a pipe.",
    ),
]  # fmt: skip
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
ColorOption = Annotated[
    str,
    typer.Option(
        "--color", metavar="WHEN", help="auto, always or never. NO_COLOR and FORCE_COLOR are honoured."
    ),
]


def load() -> Chronology:
    from rnk.store import load as load_store

    return load_store(State.data)


def finish(view: View, fmt: str | None, json_: bool, color: str, empty: str) -> None:
    """Print a view; exit 1 with a note on stderr when it holds nothing."""
    from rnk.output import emit, resolve_format

    chosen = resolve_format(fmt, json_, color)
    if view.single or view.data or chosen in ("json", "jsonl", "csv"):
        emit(view, chosen, color)
    if not view.single and not view.data:
        typer.echo(f"rnk: {empty}", err=True)
        raise typer.Exit(1)


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


@app.command(
    epilog="Examples:\n\n"
    "  rnk events 1950s\n\n"
    "  rnk events 2000.. --tag summit\n\n"
    "  rnk events --person putin --reverse --limit 3\n\n"
    "  rnk events 2022- --json | jq -r '.[].title'",
)
def events(
    range_: RangeArg = None,
    from_: FromOption = None,
    to: ToOption = None,
    tag: TagOption = None,
    person: PersonOption = None,
    era: EraOption = None,
    reverse: ReverseOption = False,
    limit: LimitOption = None,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    color: ColorOption = "auto",
) -> None:
    """List events whose span overlaps a range of years, oldest first."""
    from rnk.query import EventFilter
    from rnk.ranges import combine
    from rnk.views import events_view

    flt = EventFilter(
        years=combine(range_, from_, to),
        tags=tuple(tag or ()),
        person=person,
        era=era,
        reverse=reverse,
        limit=limit,
    )
    finish(events_view(load(), flt), fmt, json_, color, "no events match")


def run(argv: list[str] | None = None) -> int:
    """Run the app; return the exit code (see RnkGroup.main for how failures become messages)."""
    from typer.main import get_command

    result = get_command(app).main(args=argv, prog_name="rnk", standalone_mode=False)
    return int(result) if isinstance(result, int) else 0


def _error(message: str) -> None:
    from rnk.render.sanitize import one_line

    try:
        sys.stderr.write(f"rnk: error: {one_line(message)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
