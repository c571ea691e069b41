"""How a command answers, shared by the commands in `rnk.cli`: the data in force, a view printed
in the chosen format (or NoMatch when it is empty), `null` for a missing record, notes on stderr."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from rnk import __version__
from rnk.framework import error_line
from rnk.options import Run
from rnk.render.view import MACHINE_FORMATS, View  # loaded with rnk.options anyway

if TYPE_CHECKING:
    from rnk.core.model import Chronology


def load() -> Chronology:
    from rnk.core.store import load as load_store

    return load_store(Run.data)


def machine() -> bool:
    return Run.format in MACHINE_FORMATS


def finish(view: View, empty: str) -> None:
    """Print a view. An empty list is NoMatch(empty): exit 1 with `rnk: <empty>` on stderr,
    after `[]` with --json (nothing with jsonl, the header row with csv)."""
    from rnk.core.errors import NoMatch
    from rnk.render.output import emit

    if view.single or view.data or machine():
        emit(view, Run.format, Run.color)
    if not view.single and not view.data:
        raise NoMatch(empty)


def tell(notes: tuple[str, ...]) -> None:
    from rnk.render.sanitize import one_line  # notes quote the user's words: keep them one safe line

    for note in notes:
        typer.echo(f"rnk: {one_line(note)}", err=True)


def quoted(text: str) -> str:
    """The user's words as a message quotes them: one safe line, at most ~100 characters."""
    from rnk.core.errors import shorten
    from rnk.render.sanitize import one_line

    return f"'{one_line(shorten(text))}'"


def no_record(empty: str = "null") -> None:
    """A lookup found nothing: `--json` still prints a value to parse (`null` for one record)."""
    if Run.format == "json":
        write_out(empty + "\n", machine=True)


def write_out(text: str, machine: bool = False) -> None:
    """Print text outside `output.emit`; a closed pipe raises PipeClosed, as emit's writers do."""
    from rnk.core.errors import PipeClosed
    from rnk.render.output import write_machine, write_text

    try:
        (write_machine if machine else write_text)(text)
    except BrokenPipeError as exc:
        raise PipeClosed() from exc


def print_version() -> None:
    """The version, whatever state the data is in: unusable data is a note on stderr, not a failure."""
    from rnk.core.errors import RnkError
    from rnk.core.loader import resolve_paths
    from rnk.core.store import load_meta

    try:
        as_of = load_meta(resolve_paths(Run.data)).as_of
    except RnkError as exc:
        typer.echo(f"rnk {__version__} (data unusable: run 'rnk validate')")
        error_line(f"the data cannot be used: {exc.message}", prefix="rnk: note: ")
        return
    typer.echo(f"rnk {__version__} (data as of {as_of})")


def read_ids(given: list[str] | None) -> list[str]:
    """Ids from the arguments; '-', or no argument with input piped in, reads standard input
    (ids separated by blanks, as `jq -r '.[].id'` writes them)."""
    from rnk.core.errors import UsageError

    given = given or []
    piped = sys.stdin is not None and not sys.stdin.isatty()
    if "-" in given or (not given and piped):
        words = sys.stdin.read().split() if sys.stdin is not None else []
        given = [w for part in given for w in (words if part == "-" else [part])] or words
    ids = [i for i in given if i.strip()]
    if not ids:
        raise UsageError("give event or FAQ ids, or pipe them in (see 'rnk events' or 'rnk search')")
    return ids


def answer_faq(words: list[str] | None, all_: bool, limit: int | None) -> None:
    """`rnk faq`: the list, one entry by id, or the entry that answers a question."""
    from rnk.core.errors import NoMatch
    from rnk.query.answer import match_faq
    from rnk.query.index_cache import search_index
    from rnk.query.search import search
    from rnk.render.views import faq_answer_view, faq_answers_view, faq_best_view, faq_list_view, find_faq

    chron = load()
    if not words:
        finish(faq_list_view(chron, limit), "the data has no FAQ entries")
        return
    text = " ".join(words)
    entry = find_faq(chron, text)
    if entry is not None and not all_:
        finish(faq_answer_view(chron, entry), "")
        return
    index = search_index(chron)
    # --all with an id: that answer first, then the questions closest to it
    asked, first = (text, None) if entry is None else (entry.question, entry.id)
    result = match_faq(index, asked, limit=limit or 5, first=first)
    nothing = "no FAQ entry answers that"
    if not result.hits:  # one line on stderr, ending with the closest events for text formats
        no_record("[]" if all_ else "null")
        hits = [] if machine() else search(index, text, kinds=("event",), limit=3, correct=False).hits
        if hits:
            nothing += f"; the closest events: {', '.join(h.id for h in hits)} (rnk show ID)"
        raise NoMatch(nothing)
    tell(result.notes)
    finish((faq_answers_view if all_ else faq_best_view)(chron, result), nothing)


def answer_question(text: str, limit: int) -> None:
    from rnk.core.errors import NoMatch
    from rnk.query.answer import answer
    from rnk.query.index_cache import search_index
    from rnk.render.views import ask_view

    chron = load()
    found = answer(search_index(chron), text, limit)
    nothing = found.faq is None and not found.events
    if not nothing:  # when nothing fits, the one line on stderr says so
        tell(found.notes)
    if not nothing or machine():  # machine formats still print the empty answer
        finish(ask_view(chron, found), "")
    if nothing:
        raise NoMatch("nothing in the data answers that ('rnk faq' lists the questions)")


def cite_sources(ids: list[str] | None, fmt: str | None, json_: bool) -> None:
    from rnk.query.filters import sources_of
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


def validate_data(path: str | None) -> None:
    """`rnk validate`: an ok line, or every problem; exit 3 when there are problems."""
    from rnk.render import validate as checker
    from rnk.render.output import emit

    paths, chronology, problems = checker.check(path)
    if Run.format not in ("table", "plain"):
        emit(checker.problems_view(problems), Run.format, Run.color)
    elif chronology is not None:
        write_out(checker.ok_line(chronology, paths))
    else:
        write_out(checker.problem_lines(problems))
    if problems:
        raise checker.ProblemsFound(checker.summary(problems))
