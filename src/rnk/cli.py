"""Typer wiring only: options in, a View out through `output.emit`. Heavy imports stay inside
the commands so that `--help`, completion and JSON output start fast."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from rnk.framework import RnkGroup, SearchCommand, query_text, use_rnk_command
from rnk.options import (
    AskWordsArg,
    CiteFormatOption,
    CiteIdsArg,
    CiteJsonOption,
    ColorOption,
    DataOption,
    DefaultColorOption,
    EraOption,
    FaqAllOption,
    FaqLimitOption,
    FaqWordsArg,
    FormatOption,
    FromOption,
    InOption,
    InstallCompletionOption,
    JsonOption,
    LimitOption,
    OnDateArg,
    OnDaysOption,
    OnWeekOption,
    PersonOption,
    QueryArg,
    RangeArg,
    ReverseOption,
    SchemaWhichArg,
    SearchRegexOption,
    ShowCompletionOption,
    ShowEventIdArg,
    TagOption,
    TimelineHtmlOption,
    TimelineSvgOption,
    TimelineThemeOption,
    TimelineWidthOption,
    ToOption,
    ValidatePathArg,
    VersionOption,
)
from rnk.respond import (
    State,
    check_limit,
    finish,
    load,
    no_record,
    pointer,
    print_version,
    quoted,
    read_ids,
    search_index,
    tell,
    write_out,
)

if TYPE_CHECKING:
    pass

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
    data: DataOption = None,
    color: DefaultColorOption = "auto",
    version: VersionOption = False,
    install_completion: InstallCompletionOption = False,
    show_completion: ShowCompletionOption = False,
) -> None:
    State.data = data
    # rnk.render.output is imported only when needed (start-up time); when it is already loaded (several
    # runs in one process, as in tests) it is reset to this run's choice.
    if color != "auto" or "rnk.render.output" in sys.modules:
        from rnk.render.output import set_default_color

        set_default_color(color)
    if version:
        print_version()
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
    chron = load()
    finish(events_view(chron, flt), fmt, json_, color, "no events match" + beyond_the_data(chron, flt.years))


# ---------------------------------------------------------------- search, faq, show


@app.command(
    cls=SearchCommand,
    epilog="Examples:\n\n"
    "  rnk search putin pyongyang 2000\n\n"
    "  rnk search sanctions 2016-2017 --in events\n\n"
    "  rnk search '\"six-party talks\" -sanctions'\n\n"
    "  rnk search --regex 'resolution (1718|2270)' --json | jq -r '.[].id'",
)
def search(
    query: QueryArg,
    regex: SearchRegexOption = False,
    in_: InOption = "all",
    limit: LimitOption = 10,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    color: ColorOption = "auto",
) -> None:
    """Search events and FAQ answers, best match first.

    Case, accents and word endings do not matter; aliases in the data count (USSR finds "Soviet Union").

    A year or range in the query narrows the dates; a misspelt word is corrected (a note on stderr).
    """
    from rnk.query import search as engine
    from rnk.render.output import resolve_format
    from rnk.render.views import search_view

    kinds, text = engine.kinds_for(in_), query_text(query)
    check_limit(limit)
    resolve_format(fmt, json_, color)  # a bad option fails before any note reaches stderr
    chron = load()
    index = search_index(chron)
    run = engine.regex_search if regex else engine.search
    result = run(index, text, kinds, limit)
    tell(result.notes)
    finish(search_view(chron, result), fmt, json_, color, f"nothing matches {quoted(text)}")


@app.command(
    epilog="Examples:\n\n"
    "  rnk faq\n\n"
    "  rnk faq treaty-2024\n\n"
    "  rnk faq did russia back sanctions\n\n"
    "  rnk faq --all how many times did putin and kim meet",
)
def faq(
    words: FaqWordsArg = None,
    all_: FaqAllOption = False,
    limit: FaqLimitOption = None,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    color: ColorOption = "auto",
) -> None:
    """List the questions, print one answer, or answer a question asked in your own words.

    Every answer lists the events it rests on, with their dates.
    """
    from rnk.core.errors import NoMatch
    from rnk.query.search import match_faq
    from rnk.render.output import resolve_format
    from rnk.render.views import faq_answer_view, faq_answers_view, faq_best_view, faq_list_view, find_faq

    check_limit(limit)
    resolve_format(fmt, json_, color)  # a bad option fails before any note reaches stderr
    chron = load()
    if not words:
        finish(faq_list_view(chron, limit), fmt, json_, color, "the data has no FAQ entries")
        return
    text = " ".join(words)
    entry = find_faq(chron, text)
    if entry is not None and not all_:
        finish(faq_answer_view(chron, entry), fmt, json_, color, "")
        return
    index = search_index(chron)
    if entry is not None:  # --all with an id: that answer first, then the questions closest to it
        result = match_faq(index, entry.question, limit=limit or 5, first=entry.id)
    else:
        result = match_faq(index, text, limit=limit or 5)
    nothing = "no FAQ entry answers that"
    if not result.hits:  # one line on stderr: no correction note before it
        raise NoMatch(nothing + pointer(index, text, fmt, json_, color, "[]" if all_ else "null"))
    tell(result.notes)
    if all_:
        finish(faq_answers_view(chron, result), fmt, json_, color, nothing)
        return
    finish(faq_best_view(chron, result), fmt, json_, color, "")


@app.command(
    epilog="Examples:\n\n"
    "  rnk ask when did kim jong un visit russia\n\n"
    "  rnk ask what happened in 1996\n\n"
    "  rnk ask did stalin approve the invasion --json | jq -r '.events[].id'",
)
def ask(
    words: AskWordsArg,
    limit: LimitOption = 5,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    color: ColorOption = "auto",
) -> None:
    """Answer a question in your own words: the FAQ answer when one fits, and the events that bear
    on it, each with its date and sources.

    Question words and filler do not count; a year or decade in the question narrows the dates.
    Exit 1 when nothing in the data answers it.
    """
    from rnk.core.errors import NoMatch
    from rnk.query.search import answer
    from rnk.render.output import resolve_format
    from rnk.render.view import MACHINE_FORMATS
    from rnk.render.views import ask_view

    check_limit(limit)
    chosen = resolve_format(fmt, json_, color)  # a bad option fails before any note reaches stderr
    chron = load()
    found = answer(search_index(chron), query_text(words), limit or 5)
    nothing = found.faq is None and not found.events
    if not nothing:  # when nothing fits, the one line on stderr says so
        tell(found.notes)
    if not nothing or chosen in MACHINE_FORMATS:  # machine formats still print the empty answer
        finish(ask_view(chron, found), fmt, json_, color, "")
    if nothing:
        raise NoMatch("nothing in the data answers that ('rnk faq' lists the questions)")


@app.command(epilog="Examples:\n\n  rnk show korean-war\n\n  rnk show treaty-2024-signed --json")
def show(
    event_id: ShowEventIdArg,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    color: ColorOption = "auto",
) -> None:
    """Print one event in full, with its sources, related FAQ entries and the events around it."""
    from rnk.core.errors import NoMatch, UsageError
    from rnk.render.output import resolve_format
    from rnk.render.views import show_view

    if not event_id.strip():
        raise UsageError("give an event id (see 'rnk events' or 'rnk search')")
    resolve_format(fmt, json_, color)  # a bad option fails before the data is read
    chron = load()
    try:
        view = show_view(chron, event_id)
    except NoMatch:
        no_record(fmt, json_, color)
        raise
    finish(view, fmt, json_, color, "")


@app.command(
    epilog="Examples:\n\n"
    "  rnk cite treaty-2024-signed\n\n"
    "  rnk cite korean-war treaty-2024 --format bibtex > rnk.bib\n\n"
    "  rnk search sanctions --json | jq -r '.[].id' | rnk cite --format ris",
)
def cite(ids: CiteIdsArg = None, fmt: CiteFormatOption = None, json_: CiteJsonOption = False) -> None:
    """Cite the sources of events or FAQ entries: a reference list, BibTeX, CSL-JSON or RIS.

    Each source once, in order of first mention: publisher, title, date, URL and access date.

    Ids may come on standard input; unknown ids are named on stderr, one line each (exit 1).
    """
    from rnk.query.cite import sources_of
    from rnk.render import cite as writers

    chosen = writers.choose(fmt, json_)
    wanted = read_ids(ids)
    chron = load()
    sources, unknown = sources_of(chron, wanted)
    if sources or chosen == "csl-json":  # CSL-JSON is always a document, `[]` when nothing is known
        cites = writers.citations(sources, chron.meta.as_of)
        write_out(writers.WRITERS[chosen](cites), machine=chosen != "text")
    tell(tuple(f"unknown id {quoted(i)} (not an event or FAQ entry)" for i in dict.fromkeys(unknown)))
    if unknown:
        raise typer.Exit(1)


@app.command(
    epilog="Examples:\n\n"
    "  rnk on\n\n"
    "  rnk on 06-25\n\n"
    "  rnk on 2024-06-19 --week\n\n"
    "  rnk on 09-13 --days 3 --json | jq -r '.[].title'",
)
def on(
    date: OnDateArg = None,
    week: OnWeekOption = False,
    days: OnDaysOption = None,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    color: ColorOption = "auto",
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
    view = on_view(load(), month, day, before, after)
    finish(view, fmt, json_, color, f"no events on {days_label(month, day, before, after)}")


@app.command(
    epilog="Examples:\n\n"
    "  rnk validate my-chronology/\n\n"
    "  rnk validate @bundled:my-events.toml\n\n"
    "  rnk validate --json | jq -r '.[].message'",
)
def validate(
    path: ValidatePathArg = None,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    color: ColorOption = "auto",
) -> None:
    """Check a chronology and list every problem as FILE:LINE[:COL]: RECORD: FIELD: MESSAGE.

    Exit 0 when the data is valid, 3 when it has problems. Files are only read, never changed.
    """
    from rnk.render import validate as checker
    from rnk.render.output import emit, resolve_format

    chosen = resolve_format(fmt, json_, color)
    paths, chronology, problems = checker.check(path if path is not None else State.data)
    if chosen in ("table", "plain"):
        if chronology is not None:
            write_out(checker.ok_line(chronology, paths))
        else:
            write_out(checker.problem_lines(problems))
    else:
        emit(checker.problems_view(problems), chosen, color)
    if problems:
        raise checker.ProblemsFound(checker.summary(problems))


@app.command(
    epilog="Examples:\n\n  rnk schema data > rnk-data.schema.json\n\n  rnk schema output --format table"
)
def schema(
    which: SchemaWhichArg = None,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    color: ColorOption = "auto",
) -> None:
    """Print the JSON Schema of the data format and of the JSON output.

    It is JSON whatever the output (--format jsonl: on one line); table, plain, markdown and csv
    list its definitions instead, one row each."""
    from rnk.render.output import emit, resolve_format
    from rnk.render.views import schema_view

    chosen = resolve_format(fmt, json_, color) if fmt or json_ else "json"
    emit(schema_view(which, chosen), chosen, color)


# ---------------------------------------------------------------- summary, eras, tags, people, timeline


@app.command(
    epilog="Examples:\n\n"
    "  rnk summary\n\n"
    "  rnk summary 1990s\n\n"
    "  rnk summary --era wartime-alignment\n\n"
    "  rnk summary --json | jq -r '.turning_points[].title'",
)
def summary(
    range_: RangeArg = None,
    era: EraOption = None,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    color: ColorOption = "auto",
) -> None:
    """The shape of the story: the overview, eras and turning points; or the summary of a range or era."""
    from rnk.core.ranges import combine
    from rnk.query.summary import no_events_note
    from rnk.render.views import summary_view

    years, chron = combine(range_), load()
    view = summary_view(chron, years, era)
    finish(view, fmt, json_, color, "")
    if view.data["count"] == 0:  # the summary is printed, but it covers nothing: exit 1
        typer.echo(f"rnk: {no_events_note(chron, years, era)}", err=True)
        raise typer.Exit(1)


@app.command(epilog="Examples:\n\n  rnk eras\n\n  rnk eras --format csv")
def eras(fmt: FormatOption = None, json_: JsonOption = False, color: ColorOption = "auto") -> None:
    """List the eras with their years, event counts and summaries."""
    from rnk.render.views import eras_view

    finish(eras_view(load()), fmt, json_, color, "the data defines no eras")


@app.command(epilog="Examples:\n\n  rnk tags\n\n  rnk tags --json | jq -r '.[] | select(.count == 0) | .tag'")
def tags(fmt: FormatOption = None, json_: JsonOption = False, color: ColorOption = "auto") -> None:
    """List the tags (themes) with how many events carry each, most used first."""
    from rnk.render.views import tags_view

    finish(tags_view(load()), fmt, json_, color, "the data defines no tags")


@app.command(epilog="Examples:\n\n  rnk people\n\n  rnk people --format csv | head -5")
def people(fmt: FormatOption = None, json_: JsonOption = False, color: ColorOption = "auto") -> None:
    """List the people the events name, with how many events name each, most frequent first."""
    from rnk.render.views import people_view

    finish(people_view(load()), fmt, json_, color, "no event names anyone")


@app.command(
    epilog="Examples:\n\n"
    "  rnk timeline\n\n"
    "  rnk timeline 1985-2005\n\n"
    "  rnk timeline --width 120 --svg timeline.svg --html timeline.html\n\n"
    "  rnk timeline --html - --theme dark > timeline.html",
)
def timeline(
    range_: RangeArg = None,
    svg: TimelineSvgOption = None,
    html: TimelineHtmlOption = None,
    width: TimelineWidthOption = None,
    theme: TimelineThemeOption = "light",
    fmt: FormatOption = None,
    json_: JsonOption = False,
    color: ColorOption = "auto",
) -> None:
    """A picture of the chronology: eras as bands across the years, events as marks with dates and titles."""
    from rnk.core.ranges import combine
    from rnk.query.summary import no_events_note
    from rnk.render.timeline_export import check_targets, export
    from rnk.render.views import timeline_view

    targets = check_targets(svg, html, width, theme)
    years, chron = combine(range_), load()
    view = timeline_view(chron, years, width)
    if view.data and targets:  # the files are the output: nothing else is printed
        export(view, targets, theme)
    else:
        finish(view, fmt, json_, color, no_events_note(chron, years))


def run(argv: list[str] | None = None) -> int:
    """Run the app; return the exit code (see RnkGroup.main for how failures become messages)."""
    from rnk.framework import lazy_command  # builds only the command that runs (a few ms saved)

    result = lazy_command(app).main(args=argv, prog_name="rnk", standalone_mode=False)
    return int(result) if isinstance(result, int) else 0


use_rnk_command(app)  # kept last: it covers every command defined above
