"""Typer wiring only: options in, a View out through `output.emit`. Heavy imports stay inside
the commands so that `--help`, completion and JSON output start fast."""

from __future__ import annotations

import sys

import typer

from rnk import options as opt
from rnk import respond
from rnk.framework import RnkGroup, SearchCommand, query_text, use_rnk_command

EXIT_CODES = (
    "Exit codes: 0 results; 1 nothing matched (JSON still prints [], or null for one record); 2 usage error; "
    "3 data error; 130 interrupted; 141 output pipe closed early."
)


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
    # rnk's own --install-completion/--show-completion (below) install the scripts in completions/.
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    data: opt.DataOption = None,
    color: opt.DefaultColorOption = "auto",
    version: opt.VersionOption = False,
    install_completion: opt.InstallCompletionOption = False,
    show_completion: opt.ShowCompletionOption = False,
) -> None:
    respond.State.data = data
    # rnk.render.output is imported only when needed (start-up time); when it is already loaded (several
    # runs in one process, as in tests) it is reset to this run's choice.
    if color != "auto" or "rnk.render.output" in sys.modules:
        from rnk.render.output import set_default_color

        set_default_color(color)
    if version:
        respond.print_version()
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


@app.command(
    epilog="Examples:\n\n"
    "  rnk events 1950s\n\n"
    "  rnk events 2000.. --tag summit\n\n"
    "  rnk events --person putin --reverse --limit 3\n\n"
    "  rnk events 2022- --json | jq -r '.[].title'",
)
def events(
    range_: opt.RangeArg = None,
    from_: opt.FromOption = None,
    to: opt.ToOption = None,
    tag: opt.TagOption = None,
    person: opt.PersonOption = None,
    era: opt.EraOption = None,
    reverse: opt.ReverseOption = False,
    limit: opt.LimitOption = None,
    fmt: opt.FormatOption = None,
    json_: opt.JsonOption = False,
    color: opt.ColorOption = "auto",
) -> None:
    """List events whose span overlaps a range of years, oldest first."""
    from rnk.core.ranges import combine
    from rnk.query.filters import EventFilter, beyond_the_data
    from rnk.render.views import events_view

    flt = EventFilter(
        years=combine(range_, from_, to),
        tags=tuple(tag or ()),
        person=person,
        era=era,
        reverse=reverse,
        limit=limit,
    )
    chron = respond.load()
    respond.finish(
        events_view(chron, flt), fmt, json_, color, "no events match" + beyond_the_data(chron, flt.years)
    )


@app.command(
    cls=SearchCommand,
    epilog="Examples:\n\n"
    "  rnk search putin pyongyang 2000\n\n"
    "  rnk search sanctions 2016-2017 --in events\n\n"
    "  rnk search '\"six-party talks\" -sanctions'\n\n"
    "  rnk search --regex 'resolution (1718|2270)' --json | jq -r '.[].id'",
)
def search(
    query: opt.QueryArg,
    regex: opt.SearchRegexOption = False,
    in_: opt.InOption = "all",
    limit: opt.LimitOption = 10,
    fmt: opt.FormatOption = None,
    json_: opt.JsonOption = False,
    color: opt.ColorOption = "auto",
) -> None:
    """Search events and FAQ answers, best match first.

    Case, accents and word endings do not matter; aliases in the data count (USSR finds "Soviet Union").

    A year or range in the query narrows the dates; a misspelt word is corrected (a note on stderr).
    """
    from rnk.query import search as engine
    from rnk.render.output import resolve_format
    from rnk.render.views import search_view

    kinds, text = engine.kinds_for(in_), query_text(query)
    resolve_format(fmt, json_, color)  # a bad option fails before any note reaches stderr
    chron = respond.load()
    index = respond.search_index(chron)
    run = engine.regex_search if regex else engine.search
    result = run(index, text, kinds, limit)
    respond.tell(result.notes)
    respond.finish(search_view(chron, result), fmt, json_, color, f"nothing matches {respond.quoted(text)}")


@app.command(
    epilog="Examples:\n\n"
    "  rnk faq\n\n"
    "  rnk faq treaty-2024\n\n"
    "  rnk faq did russia back sanctions\n\n"
    "  rnk faq --all how many times did putin and kim meet",
)
def faq(
    words: opt.FaqWordsArg = None,
    all_: opt.FaqAllOption = False,
    limit: opt.FaqLimitOption = None,
    fmt: opt.FormatOption = None,
    json_: opt.JsonOption = False,
    color: opt.ColorOption = "auto",
) -> None:
    """List the questions, print one answer, or answer a question asked in your own words.

    Every answer lists the events it rests on, with their dates.
    """
    respond.answer_faq(words, all_, limit, fmt, json_, color)


@app.command(
    epilog="Examples:\n\n"
    "  rnk ask when did kim jong un visit russia\n\n"
    "  rnk ask what happened in 1996\n\n"
    "  rnk ask did stalin approve the invasion --json | jq -r '.events[].id'",
)
def ask(
    words: opt.AskWordsArg,
    limit: opt.LimitOption = 5,
    fmt: opt.FormatOption = None,
    json_: opt.JsonOption = False,
    color: opt.ColorOption = "auto",
) -> None:
    """Answer a question in your own words: the FAQ answer when one fits, and the events that bear
    on it, each with its date and sources.

    Question words and filler do not count; a year or decade in the question narrows the dates.
    Exit 1 when nothing in the data answers it.
    """
    respond.answer_question(words, limit, fmt, json_, color)


@app.command(epilog="Examples:\n\n  rnk show korean-war\n\n  rnk show treaty-2024-signed --json")
def show(
    event_id: opt.ShowEventIdArg,
    fmt: opt.FormatOption = None,
    json_: opt.JsonOption = False,
    color: opt.ColorOption = "auto",
) -> None:
    """Print one event in full, with its sources, related FAQ entries and the events around it."""
    from rnk.core.errors import NoMatch, UsageError
    from rnk.render.output import resolve_format
    from rnk.render.views import show_view

    if not event_id.strip():
        raise UsageError("give an event id (see 'rnk events' or 'rnk search')")
    resolve_format(fmt, json_, color)  # a bad option fails before the data is read
    chron = respond.load()
    try:
        view = show_view(chron, event_id)
    except NoMatch:
        respond.no_record(fmt, json_, color)
        raise
    respond.finish(view, fmt, json_, color, "")


@app.command(
    epilog="Examples:\n\n"
    "  rnk cite treaty-2024-signed\n\n"
    "  rnk cite korean-war treaty-2024 --format bibtex > rnk.bib\n\n"
    "  rnk search sanctions --json | jq -r '.[].id' | rnk cite --format ris",
)
def cite(
    ids: opt.CiteIdsArg = None, fmt: opt.CiteFormatOption = None, json_: opt.CiteJsonOption = False
) -> None:
    """Cite the sources of events or FAQ entries: a reference list, BibTeX, CSL-JSON or RIS.

    Each source once, in order of first mention: publisher, title, date, URL and access date.

    Ids may come on standard input; unknown ids are named on stderr, one line each (exit 1).
    """
    respond.cite_sources(ids, fmt, json_)


@app.command(
    epilog="Examples:\n\n"
    "  rnk on\n\n"
    "  rnk on 06-25\n\n"
    "  rnk on 2024-06-19 --week\n\n"
    "  rnk on 09-13 --days 3 --json | jq -r '.[].title'",
)
def on(
    date: opt.OnDateArg = None,
    week: opt.OnWeekOption = False,
    days: opt.OnDaysOption = None,
    fmt: opt.FormatOption = None,
    json_: opt.JsonOption = False,
    color: opt.ColorOption = "auto",
) -> None:
    """This day in history: the events of a month and day in any year, like BSD calendar(1).

    Only events dated to the day are listed, by year; then one line per month for its events of unknown day.

    Without DATE: today. Nothing on that day: exit 1.
    """
    import datetime as dt

    from rnk.query.on import days_label, parse_day, span
    from rnk.render.output import resolve_format
    from rnk.render.views import on_view

    today = dt.date.today()
    month, day = parse_day(date) if date is not None else (today.month, today.day)
    before, after = span(week, days)
    resolve_format(fmt, json_, color)  # a bad option fails before the data is read
    view = on_view(respond.load(), month, day, before, after)
    respond.finish(view, fmt, json_, color, f"no events on {days_label(month, day, before, after)}")


@app.command(
    epilog="Examples:\n\n"
    "  rnk validate my-chronology/\n\n"
    "  rnk validate @bundled:my-events.toml\n\n"
    "  rnk validate --json | jq -r '.[].message'",
)
def validate(
    path: opt.ValidatePathArg = None,
    fmt: opt.FormatOption = None,
    json_: opt.JsonOption = False,
    color: opt.ColorOption = "auto",
) -> None:
    """Check a chronology and list every problem as FILE:LINE[:COL]: RECORD: FIELD: MESSAGE.

    Exit 0 when the data is valid, 3 when it has problems. Files are only read, never changed.
    """
    respond.validate_data(path, fmt, json_, color)


@app.command(
    epilog="Examples:\n\n  rnk schema data > rnk-data.schema.json\n\n  rnk schema output --format table"
)
def schema(
    which: opt.SchemaWhichArg = None,
    fmt: opt.FormatOption = None,
    json_: opt.JsonOption = False,
    color: opt.ColorOption = "auto",
) -> None:
    """Print the JSON Schema of the data format and of the JSON output.

    It is JSON whatever the output (--format jsonl: on one line); table, plain, markdown and csv
    list its definitions instead, one row each."""
    from rnk.render.output import emit, resolve_format
    from rnk.render.views import schema_view

    chosen = resolve_format(fmt, json_, color) if fmt or json_ else "json"
    emit(schema_view(which, chosen), chosen, color)


@app.command(
    epilog="Examples:\n\n"
    "  rnk summary\n\n"
    "  rnk summary 1990s\n\n"
    "  rnk summary --era wartime-alignment\n\n"
    "  rnk summary --json | jq -r '.turning_points[].title'",
)
def summary(
    range_: opt.RangeArg = None,
    era: opt.EraOption = None,
    fmt: opt.FormatOption = None,
    json_: opt.JsonOption = False,
    color: opt.ColorOption = "auto",
) -> None:
    """The shape of the story: the overview, eras and turning points; or the summary of a range or era."""
    from rnk.core.ranges import combine
    from rnk.query.summary import no_events_note
    from rnk.render.views import summary_view

    years, chron = combine(range_), respond.load()
    view = summary_view(chron, years, era)
    respond.finish(view, fmt, json_, color, "")
    if view.data["count"] == 0:  # the summary is printed, but it covers nothing: exit 1
        typer.echo(f"rnk: {no_events_note(chron, years, era)}", err=True)
        raise typer.Exit(1)


@app.command(epilog="Examples:\n\n  rnk eras\n\n  rnk eras --format csv")
def eras(
    fmt: opt.FormatOption = None, json_: opt.JsonOption = False, color: opt.ColorOption = "auto"
) -> None:
    """List the eras with their years, event counts and summaries."""
    from rnk.render.views import eras_view

    respond.finish(eras_view(respond.load()), fmt, json_, color, "the data defines no eras")


@app.command(epilog="Examples:\n\n  rnk tags\n\n  rnk tags --json | jq -r '.[] | select(.count == 0) | .tag'")
def tags(
    fmt: opt.FormatOption = None, json_: opt.JsonOption = False, color: opt.ColorOption = "auto"
) -> None:
    """List the tags (themes) with how many events carry each, most used first."""
    from rnk.render.views import tags_view

    respond.finish(tags_view(respond.load()), fmt, json_, color, "the data defines no tags")


@app.command(epilog="Examples:\n\n  rnk people\n\n  rnk people --format csv | head -5")
def people(
    fmt: opt.FormatOption = None, json_: opt.JsonOption = False, color: opt.ColorOption = "auto"
) -> None:
    """List the people the events name, with how many events name each, most frequent first."""
    from rnk.render.views import people_view

    respond.finish(people_view(respond.load()), fmt, json_, color, "no event names anyone")


@app.command(
    epilog="Examples:\n\n"
    "  rnk timeline\n\n"
    "  rnk timeline 1985-2005\n\n"
    "  rnk timeline --width 120 --svg timeline.svg --html timeline.html\n\n"
    "  rnk timeline --html - --theme dark > timeline.html",
)
def timeline(
    range_: opt.RangeArg = None,
    svg: opt.TimelineSvgOption = None,
    html: opt.TimelineHtmlOption = None,
    width: opt.TimelineWidthOption = None,
    theme: opt.TimelineThemeOption = "light",
    fmt: opt.FormatOption = None,
    json_: opt.JsonOption = False,
    color: opt.ColorOption = "auto",
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
        respond.finish(view, fmt, json_, color, no_events_note(chron, years))


def run(argv: list[str] | None = None) -> int:
    """Run the app; return the exit code (see RnkGroup.main for how failures become messages)."""
    from rnk.framework import lazy_command  # builds only the command that runs (a few ms saved)

    result = lazy_command(app).main(args=argv, prog_name="rnk", standalone_mode=False)
    return int(result) if isinstance(result, int) else 0


use_rnk_command(app)  # kept last: it covers every command defined above
