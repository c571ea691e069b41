"""Typer wiring only: options in, a View out through `respond.finish`. Heavy imports stay inside
the commands so that `--help`, completion and JSON output start fast. The annotations are
evaluated once, when the module loads (no `from __future__ import annotations`): Typer then reads
them as they are, rather than evaluating each string several times per command."""

from collections.abc import Callable
from typing import Annotated, Any

import typer

from rnk import options as opt
from rnk import respond
from rnk.framework import OutputCommand, RnkCommand, RnkGroup, SearchCommand, lazy_command, query_text
from rnk.options import Run

app = typer.Typer(
    cls=RnkGroup,
    name="rnk",
    help=(
        "A command-line reference on relations between Russia (and the Soviet Union) and "
        "North Korea, 1945 to today.\n\n"
        "Examples:\n\n"
        "  rnk events 1950-1953\n\n"
        "  rnk events 2020s --tag troops --json | jq -r '.[].title'\n\n"
        "Exit codes: 0 results; 1 nothing matched (JSON still prints [], or null for one record); "
        "2 usage error; 3 data error; 130 interrupted; 141 output pipe closed early."
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    # rnk's own --install-completion/--show-completion (options.py) install the scripts in completions/.
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def command(*examples: str, cls: type[RnkCommand] = OutputCommand) -> Callable[[Any], Any]:
    """A command with its examples (the help's epilog); OutputCommand adds the output options."""
    return app.command(cls=cls, epilog="\n\n  ".join(("Examples:", *examples)))


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    data: opt.DataOption = None,
    color: opt.DefaultColorOption = "auto",
    version: opt.VersionOption = False,
    _install_completion: opt.InstallCompletionOption = False,  # both act in `opt.completion`, eagerly
    _show_completion: opt.ShowCompletionOption = False,
) -> None:
    Run.data, Run.color = data, color  # a command's own --color, when not auto, replaces this one
    if version:
        respond.print_version()
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


@command(
    "rnk events 1950s",
    "rnk events 2000.. --tag summit",
    "rnk events --person putin --reverse --limit 3",
    "rnk events 2022- --json | jq -r '.[].title'",
)
def events(
    range_: opt.RangeArg = None,
    from_: opt.FromOption = None,
    to: opt.ToOption = None,
    tag: opt.TagOption = None,
    person: opt.PersonOption = None,
    era: opt.EraOption = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")] = False,
    limit: opt.LimitOption = None,
) -> None:
    """List events whose span overlaps a range of years, oldest first."""
    from rnk.core.ranges import combine
    from rnk.query.filters import EventFilter, beyond_the_data
    from rnk.render.views import events_view

    years = combine(range_, from_, to)
    flt = EventFilter(years, tuple(tag or ()), person=person, era=era, reverse=reverse, limit=limit)
    chron = respond.load()
    respond.finish(events_view(chron, flt), "no events match" + beyond_the_data(chron, years))


@command(
    "rnk search putin pyongyang 2000",
    "rnk search sanctions 2016-2017 --in events",
    "rnk search '\"six-party talks\" -sanctions'",
    "rnk search --regex 'resolution (1718|2270)' --json | jq -r '.[].id'",
    cls=SearchCommand,
)
def search(
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help='Words, "quoted phrases", -excluded words and years (2000, 2016-2017, 1990s).',
        ),
    ],
    regex: Annotated[
        bool, typer.Option("--regex", help="Treat the query as a regular expression (case-insensitive).")
    ] = False,
    in_: Annotated[
        opt.InChoice, typer.Option("--in", metavar="WHAT", help="What to search: events, faq or all.")
    ] = "all",
    limit: opt.LimitOption = 10,
) -> None:
    """Search events and FAQ answers, best match first.

    Case, accents and word endings do not matter; aliases in the data count (USSR finds "Soviet Union").

    A year or range in the query narrows the dates; a misspelt word is corrected (a note on stderr).
    """
    from rnk.query import search as engine
    from rnk.query.index_cache import search_index
    from rnk.render.views import search_view

    text, chron = query_text(query), respond.load()
    run = engine.regex_search if regex else engine.search
    result = run(search_index(chron), text, engine.kinds_for(in_), limit)
    respond.tell(result.notes)
    respond.finish(search_view(chron, result), f"nothing matches {respond.quoted(text)}")


@command(
    "rnk faq",
    "rnk faq treaty-2024",
    "rnk faq did russia back sanctions",
    "rnk faq --all how many times did putin and kim meet",
)
def faq(
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID | WORDS...]",
            help="An FAQ id, or a question in your own words. Without it: the list of questions.",
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Also list the runners-up.")] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            metavar="N",
            min=1,
            help="Show at most N questions (the list) or answers (--all; default 5).",
        ),
    ] = None,
) -> None:
    """List the questions, print one answer, or answer a question asked in your own words.

    Every answer lists the events it rests on, with their dates.
    """
    respond.answer_faq(words, all_, limit)


@command(
    "rnk ask when did kim jong un visit russia",
    "rnk ask what happened in 1996",
    "rnk ask did stalin approve the invasion --json | jq -r '.events[].id'",
)
def ask(
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="QUESTION...", help="A question in your own words: 'when did kim jong un visit russia'."
        ),
    ],
    limit: opt.LimitOption = 5,
) -> None:
    """Answer a question in your own words: the FAQ answer that fits and the events that bear on it.

    Each comes with its date and sources. Question words and filler do not count.

    A year or decade in the question narrows the dates. Exit 1 when nothing in the data answers it.
    """
    respond.answer_question(query_text(words), limit or 5)


@command("rnk show korean-war", "rnk show treaty-2024-signed --json")
def show(
    event_id: Annotated[
        str, typer.Argument(metavar="ID", help="An event id (see 'rnk events' or 'rnk search').")
    ],
) -> None:
    """Print one event in full, with its sources, related FAQ entries and the events around it."""
    from rnk.core.errors import NoMatch, UsageError
    from rnk.render.views import show_view

    if not event_id.strip():
        raise UsageError("give an event id (see 'rnk events' or 'rnk search')")
    try:
        view = show_view(respond.load(), event_id)
    except NoMatch:
        respond.no_record()
        raise
    respond.finish(view, "")


@command(
    "rnk cite treaty-2024-signed",
    "rnk cite korean-war treaty-2024 --format bibtex > rnk.bib",
    "rnk search sanctions --json | jq -r '.[].id' | rnk cite --format ris",
    cls=RnkCommand,
)
def cite(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID...]",
            help="Event or FAQ ids; '-' or none: read ids from standard input (separated by blanks).",
        ),
    ] = None,
    fmt: Annotated[
        opt.CiteFormatChoice | None,
        typer.Option(
            "--format",
            "-f",
            metavar="[text|bibtex|csl-json|ris]",
            help="text (one reference a line), bibtex (biblatex @online), csl-json (Zotero, pandoc) "
            "or ris (EndNote, Zotero).",
        ),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Shorthand for --format csl-json.")] = False,
) -> None:
    """Cite the sources of events or FAQ entries: a reference list, BibTeX, CSL-JSON or RIS.

    Each source once, in order of first mention: publisher, title, date, URL and access date.

    Ids may come on standard input; unknown ids are named on stderr, one line each (exit 1).
    """
    respond.cite_sources(ids, fmt, json_)


@command(
    "rnk on", "rnk on 06-25", "rnk on 2024-06-19 --week", "rnk on 09-13 --days 3 --json | jq -r '.[].title'"
)
def on(
    date: opt.DayArg = None,
    week: Annotated[bool, typer.Option("--week", "-w", help="The 7 days from the date.")] = False,
    days: opt.DaysOption = None,
) -> None:
    """This day in history: the events of a month and day in any year, like BSD calendar(1).

    Only events dated to the day are listed, by year; then one line per month for its events of unknown day.

    Without DATE: today. Nothing on that day: exit 1.
    """
    import datetime as dt

    from rnk.query.on import days_label, parse_day, span
    from rnk.render.views import on_view

    today = dt.date.today()
    month, day = parse_day(date) if date is not None else (today.month, today.day)
    before, after = span(week, days)
    view = on_view(respond.load(), month, day, before, after)
    respond.finish(view, f"no events on {days_label(month, day, before, after)}")


@command(
    "rnk validate my-chronology/",
    "rnk validate @bundled:my-events.toml",
    "rnk validate --json | jq -r '.[].message'",
)
def validate(
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]",
            help="A data file or folder; join several with ':' ('@bundled': the bundled data). "
            "Default: the data in use (--data, RNK_DATA, else the bundled data).",
        ),
    ] = None,
) -> None:
    """Check a chronology and list every problem as FILE:LINE[:COL]: RECORD: FIELD: MESSAGE.

    Exit 0 when the data is valid, 3 when it has problems. Files are only read, never changed.
    """
    respond.validate_data(path if path is not None else Run.data)


@command("rnk schema data > rnk-data.schema.json", "rnk schema output --format table")
def schema(
    which: Annotated[
        opt.SchemaChoice | None,
        typer.Argument(
            metavar="[data|output]",
            help="'data': the data format; 'output': the JSON output. Default: both, as "
            '{"data": ..., "output": ...}.',
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the data format and of the JSON output.

    It is JSON whatever the output (--format jsonl: on one line); table, plain, markdown and csv
    list its definitions instead, one row each."""
    from rnk.render.output import emit
    from rnk.render.views import schema_view

    chosen = Run.format if Run.format_given else "json"
    emit(schema_view(which, chosen), chosen, Run.color)


@command(
    "rnk summary",
    "rnk summary 1990s",
    "rnk summary --era wartime-alignment",
    "rnk summary --json | jq -r '.turning_points[].title'",
)
def summary(range_: opt.RangeArg = None, era: opt.EraOption = None) -> None:
    """The shape of the story: the overview, eras and turning points; or the summary of a range or era."""
    from rnk.core.ranges import combine
    from rnk.query.summary import no_events_note
    from rnk.render.views import summary_view

    years, chron = combine(range_), respond.load()
    view = summary_view(chron, years, era)
    respond.finish(view, "")
    if view.data["count"] == 0:  # the summary is printed, but it covers nothing: exit 1
        typer.echo(f"rnk: {no_events_note(chron, years, era)}", err=True)
        raise typer.Exit(1)


@command("rnk eras", "rnk eras --format csv")
def eras() -> None:
    """List the eras with their years, event counts and summaries."""
    from rnk.render.views import eras_view

    respond.finish(eras_view(respond.load()), "the data defines no eras")


@command("rnk tags", "rnk tags --json | jq -r '.[] | select(.count == 0) | .tag'")
def tags() -> None:
    """List the tags (themes) with how many events carry each, most used first."""
    from rnk.render.views import tags_view

    respond.finish(tags_view(respond.load()), "the data defines no tags")


@command("rnk people", "rnk people --format csv | head -5")
def people() -> None:
    """List the people the events name, with how many events name each, most frequent first."""
    from rnk.render.views import people_view

    respond.finish(people_view(respond.load()), "no event names anyone")


@command(
    "rnk timeline",
    "rnk timeline 1985-2005",
    "rnk timeline --width 120 --svg timeline.svg --html timeline.html",
    "rnk timeline --html - --theme dark > timeline.html",
)
def timeline(
    range_: opt.RangeArg = None,
    svg: opt.SvgOption = None,
    html: opt.HtmlOption = None,
    width: opt.WidthOption = None,
    theme: opt.ThemeOption = "light",
) -> None:
    """A picture of the chronology: eras as bands across the years, events as marks with dates and titles."""
    from rnk.core.ranges import combine
    from rnk.query.summary import no_events_note
    from rnk.render.timeline_export import check_targets, export
    from rnk.render.views import timeline_view

    targets = check_targets(svg, html)
    years, chron = combine(range_), respond.load()
    view = timeline_view(chron, years, width)
    if view.data and targets:  # the files are the output: nothing else is printed
        export(view, targets, theme)
    else:
        respond.finish(view, no_events_note(chron, years))


def run(argv: list[str] | None = None) -> int:
    """Run the app, building only the command that runs; return the exit code (see RnkGroup.main
    for how failures become messages)."""
    code: int = lazy_command(app).main(args=argv, prog_name="rnk", standalone_mode=False)
    return code
