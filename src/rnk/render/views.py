"""Query results -> the View each command shows; model -> JSON-ready dicts (the machine contract).
Pure: no I/O, no rich."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rnk.core.dates import first_day, last_day
from rnk.core.model import Chronology, Era, Event, FaqEntry, Name, Source
from rnk.core.ranges import YearRange
from rnk.query.filters import EventFilter, select_events
from rnk.render.view import View

# rnk.query.summary (and rnk.query.search) are imported inside the views that use them: `rnk events --json`
# should not pay for them at start-up (tests/test_imports.py checks this).
if TYPE_CHECKING:
    from rnk.query.answer import Answer
    from rnk.query.search import Hit, Result
    from rnk.query.summary import EraPart, Facet, Summary


EVENT_COLUMNS = (
    ("id", "ID"), ("start", "Start"), ("end", "End"), ("when", "When"), ("title", "Title"),
    ("summary", "Summary"), ("era", "Era"), ("tags", "Tags"), ("people", "People"),
    ("places", "Places"), ("sources", "Sources"), ("note", "Note"),
)  # fmt: skip


def source_dict(source: Source) -> dict[str, str | None]:
    return {"publisher": source.publisher, "title": source.title, "date": source.date, "url": source.url}


def event_dict(chron: Chronology, event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "start": event.start,
        "end": event.end,
        "when": event.when,
        "title": event.title,
        "summary": event.summary,
        "era": event.era,
        "tags": list(event.tags),
        "people": list(event.people),
        "places": list(event.places),
        "sources": [source_dict(chron.sources[s]) for s in event.sources],
        "note": event.note or None,
    }


def names_of(chron: Chronology, names: tuple[str, ...]) -> list[dict[str, Any]]:
    """The Korean and Russian names of these people and places, for those the data has."""
    found: list[Name] = [chron.names[n] for n in dict.fromkeys(names) if n in chron.names]
    return [
        {"name": n.name, "ko": n.ko or None, "ru": n.ru or None, "romanised": list(n.romanised)}
        for n in found
    ]


def faq_dict(entry: FaqEntry) -> dict[str, Any]:
    return {"id": entry.id, "question": entry.question, "answer": entry.answer, "events": list(entry.events)}


def era_dict(era: Era) -> dict[str, Any]:
    return {"id": era.id, "name": era.name, "start": era.start, "end": era.end, "summary": era.summary}


def events_view(chron: Chronology, flt: EventFilter) -> View:
    rows = [event_dict(chron, e) for e in select_events(chron, flt)]
    return View(kind="events", data=rows, columns=EVENT_COLUMNS)


ON_COLUMNS = (("precision", "Precision"), *EVENT_COLUMNS)


def on_view(chron: Chronology, month: int, day: int, before: int, after: int) -> View:
    """`rnk on`: the events of those days, then those known only to their month (`precision`),
    which come only with the day's: on a day without events, nothing is listed (exit 1)."""
    from rnk.query.on import on_days, window

    on_day, in_month = on_days(chron, window(month, day, before, after))
    found = [("day", e) for e in on_day] + [("month", e) for e in in_month if on_day]
    rows = [{**event_dict(chron, e), "precision": precision} for precision, e in found]
    return View(kind="on", data=rows, columns=ON_COLUMNS)


# ---------------------------------------------------------------- summary, eras, tags, people, timeline

SUMMARY_COLUMNS = (
    ("start", "Start"), ("end", "End"), ("as_of", "As of"), ("count", "Events"),
    ("eras", "Eras"), ("turning_points", "Turning points"),
)  # fmt: skip
ERA_COLUMNS = (
    ("id", "ID"), ("name", "Name"), ("start", "Start"), ("end", "End"), ("count", "Events"),
    ("first", "First"), ("last", "Last"), ("summary", "Summary"),
)  # fmt: skip
TAG_COLUMNS = (
    ("tag", "Tag"), ("count", "Events"), ("first", "First"), ("last", "Last"), ("description", "Description"),
)  # fmt: skip
PEOPLE_COLUMNS = (("name", "Name"), ("count", "Events"), ("first", "First"), ("last", "Last"))
TIMELINE_COLUMNS = (
    ("id", "ID"), ("start", "Start"), ("end", "End"), ("when", "When"), ("title", "Title"), ("era", "Era"),
    ("turning_point", "Turning point"),
)  # fmt: skip


def event_line(event: Event) -> dict[str, Any]:
    """An event in one line: enough to list it and to look it up with `rnk show ID`."""
    return {"id": event.id, "when": event.when, "start": event.start, "end": event.end, "title": event.title}


def facet_counts(facet: Facet) -> dict[str, Any]:
    """The names every facet's counts share (eras, tags, people): count, first, last, events."""
    return {
        "count": facet.count,
        "first": facet.first,
        "last": facet.last,
        "events": [e.id for e in facet.events],
    }


def era_part_dict(part: EraPart) -> dict[str, Any]:
    from rnk.query.summary import Facet

    facet = Facet(part.era.id, part.events)
    return {**era_dict(part.era), **facet_counts(facet), "counts": dict(part.counts)}


def summary_dict(s: Summary) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": s.title,
        "overview": s.overview,
        "start": s.start,
        "end": s.end,
        "as_of": s.as_of,
        "count": len(s.events),
        "eras": [era_part_dict(p) for p in s.eras],
        "counts": dict(s.counts),
        "turning_points": [event_line(e) for e in s.turning_points],
    }
    if s.scoped:
        data["events"] = [{**event_line(e), "era": e.era} for e in s.events]
        data["people"] = [{"name": name, "count": count} for name, count in s.people]
    return data


def summary_view(chron: Chronology, years: YearRange, era: str | None = None) -> View:
    from rnk.query.summary import summarise

    s = summarise(chron, years, era)
    return View("summary", summary_dict(s), SUMMARY_COLUMNS, single=True, heading=s.title)


def eras_view(chron: Chronology) -> View:
    from rnk.query.summary import era_listing

    rows = [era_part_dict(p) for p in era_listing(chron)]
    return View(kind="eras", data=rows, columns=ERA_COLUMNS)


def facet_dict(facet: Facet, key: str) -> dict[str, Any]:
    row: dict[str, Any] = {key: facet.name}
    if key == "tag":
        row["description"] = facet.description
    return {**row, **facet_counts(facet)}


def tags_view(chron: Chronology) -> View:
    from rnk.query.summary import tag_listing

    return View(kind="tags", data=[facet_dict(f, "tag") for f in tag_listing(chron)], columns=TAG_COLUMNS)


def people_view(chron: Chronology) -> View:
    from rnk.query.summary import people_listing

    rows = [facet_dict(f, "name") for f in people_listing(chron)]
    return View(kind="people", data=rows, columns=PEOPLE_COLUMNS)


def timeline_view(chron: Chronology, years: YearRange, width: int | None = None) -> View:
    """The events of a range as rows; `extra` carries what the picture also needs (eras, bounds)."""
    from rnk.query.summary import is_turning_point, summarise

    s = summarise(chron, years)
    index = {era.id: i for i, era in enumerate(chron.eras)}
    rows = [{**event_line(e), "era": e.era, "turning_point": is_turning_point(e)} for e in s.events]
    eras = [{**era_dict(p.era), "index": index[p.era.id]} for p in s.eras]
    extra = {"title": s.title, "start": s.start, "end": s.end, "as_of": s.as_of, "eras": eras, "width": width}
    return View(kind="timeline", data=rows, columns=TIMELINE_COLUMNS, extra=extra)


# ---------------------------------------------------------------- schema

SCHEMA_COLUMNS = (("schema", "Schema"), ("name", "Definition"), ("description", "Description"))


def schema_view(which: str | None, fmt: str) -> View:
    """`rnk schema`: json prints the JSON Schema (jsonl: the same document on one line); the
    other formats list its definitions ($defs), one row each, as a table of contents."""
    from rnk.core.schema import SCHEMAS

    chosen = SCHEMAS if which is None else {which: SCHEMAS[which]}
    if fmt in ("json", "jsonl"):
        return View(kind="schema", data=SCHEMAS if which is None else SCHEMAS[which], single=True)
    rows = [
        {"schema": name, "name": key, "description": str(definition.get("description", ""))}
        for name, doc in chosen.items()
        for key, definition in doc["$defs"].items()
    ]
    return View(kind="schema", data=rows, columns=SCHEMA_COLUMNS)


# ---------------------------------------------------------------- search, faq, show

SEARCH_COLUMNS = (
    ("kind", "Kind"), ("id", "ID"), ("score", "Score"), ("when", "When"), ("title", "Title"),
    ("question", "Question"), ("summary", "Summary"), ("answer", "Answer"),
)  # fmt: skip
FAQ_LIST_COLUMNS = (("id", "ID"), ("question", "Question"))
FAQ_ANSWER_COLUMNS = (("id", "ID"), ("question", "Question"), ("answer", "Answer"), ("based_on", "Based on"))
SHOW_COLUMNS = (
    *EVENT_COLUMNS, ("era_name", "Era name"), ("faq", "FAQ"), ("previous", "Previous"),
    ("next", "Next"), ("names", "Names"),
)  # fmt: skip


def search_hit_dict(chron: Chronology, hit: Hit) -> dict[str, Any]:
    """One hit: kind, id and score first, then the record's own fields."""
    head: dict[str, Any] = {"kind": hit.kind, "id": hit.id, "score": hit.score}
    if hit.kind == "faq":
        return {**head, **faq_dict(faq_hit(chron, hit))}
    event = chron.event(hit.id)
    assert event is not None
    return {**head, **event_dict(chron, event)}


def faq_hit(chron: Chronology, hit: Hit) -> FaqEntry:
    entry = chron.faq_entry(hit.id)
    assert entry is not None
    return entry


def search_view(chron: Chronology, result: Result) -> View:
    rows = [search_hit_dict(chron, hit) for hit in result.hits]
    # The renderers work out where each hit matched (rnk.render.highlight) when they draw it:
    # JSON and CSV never need it, and it took 2 ms of `rnk search --json`.
    return View(kind="search", data=rows, columns=SEARCH_COLUMNS, extra={"result": result})


def find_faq(chron: Chronology, text: str) -> FaqEntry | None:
    """The FAQ entry with this id, whatever its case and surrounding spaces (ids are lowercase)."""
    return chron.faq_entry(text.strip().lower())


def faq_list_view(chron: Chronology, limit: int | None = None) -> View:
    entries = chron.faq[:limit] if limit is not None else chron.faq
    return View(kind="faq-list", data=[faq_dict(f) for f in entries], columns=FAQ_LIST_COLUMNS)


def faq_answer_dict(chron: Chronology, entry: FaqEntry, score: float | None = None) -> dict[str, Any]:
    """An answer with the events it rests on and their dates (and its score when it was matched)."""
    # Oldest first, whatever order the data lists them in (a tie keeps the data's order).
    found = [event_line(e) for eid in entry.events if (e := chron.event(eid)) is not None]
    based_on = sorted(found, key=lambda row: (first_day(row["start"]), last_day(row["end"])))
    sources = [source_dict(chron.sources[s]) for s in entry.sources]
    data = {**faq_dict(entry), "based_on": based_on, "sources": sources}
    if score is not None:
        data["score"] = score
    return data


def faq_answer_view(chron: Chronology, entry: FaqEntry, score: float | None = None) -> View:
    data = faq_answer_dict(chron, entry, score)
    return View("faq-answer", data, FAQ_ANSWER_COLUMNS, single=True, heading=entry.question)


def faq_best_view(chron: Chronology, result: Result) -> View:
    """The best-matching answer to a question asked in the user's words."""
    best = result.hits[0]
    return faq_answer_view(chron, faq_hit(chron, best), best.score)


ASK_COLUMNS = (("question", "Question"), ("answer", "Answer"), ("events", "Events"))


def ask_view(chron: Chronology, found: Answer) -> View:
    """`rnk ask`: the FAQ answer (or None) and the events that bear on the question, with sources."""
    entry = chron.faq_entry(found.faq.id) if found.faq is not None else None
    data = {
        "question": found.question,
        "answer": faq_answer_dict(chron, entry, found.faq.score) if entry and found.faq else None,
        "events": [event_dict(chron, e) for h in found.events if (e := chron.event(h.id)) is not None],
    }
    return View("ask", data, ASK_COLUMNS, single=True, heading=found.question)


def faq_answers_view(chron: Chronology, result: Result) -> View:
    """The best answer and the runners-up (`rnk faq --all WORDS`), best first."""
    rows = [faq_answer_dict(chron, faq_hit(chron, hit), hit.score) for hit in result.hits]
    return View(kind="faq-answers", data=rows, columns=(*FAQ_ANSWER_COLUMNS, ("score", "Score")))


def show_dict(chron: Chronology, event: Event) -> dict[str, Any]:
    """An event in full: its record, its era's name, related FAQ entries, its neighbours."""
    from rnk.query.filters import faq_for_event, neighbours

    before, after = neighbours(chron, event.id)
    era = chron.era(event.era)
    faq = [f for f in chron.faq if f.id in faq_for_event(chron, event.id)]
    return {
        **event_dict(chron, event),
        "era_name": era.name if era else None,
        "faq": [{"id": f.id, "question": f.question} for f in faq],
        "previous": event_line(before) if before else None,
        "next": event_line(after) if after else None,
        "names": names_of(chron, (*event.people, *event.places)),
    }


def show_view(chron: Chronology, event_id: str) -> View:
    """One event in full; an unknown id is a NoMatch with 'did you mean' suggestions."""
    event = chron.event(event_id.strip().lower())  # ids are lowercase
    if event is None:
        from rnk.core.errors import NoMatch
        from rnk.query.search import unknown_event_message

        raise NoMatch(unknown_event_message(chron, event_id))
    return View("show", show_dict(chron, event), SHOW_COLUMNS, single=True, heading=event.title)
