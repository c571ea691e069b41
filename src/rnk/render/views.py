"""Query results -> the View each command shows; model -> JSON-ready dicts (the machine contract).
Pure: no I/O, no rich."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rnk.core.dates import first_day, last_day
from rnk.core.model import Chronology, Event, FaqEntry, Name, Source
from rnk.core.ranges import YearRange
from rnk.query.filters import EventFilter, select_events
from rnk.render.view import View, columns_of

# rnk.query.summary (and rnk.query.search) are imported inside the views that use them: `rnk events --json`
# should not pay for them at start-up (tests/test_imports.py checks this).
if TYPE_CHECKING:
    from rnk.query.answer import Answer
    from rnk.query.search import Hit, Result
    from rnk.query.summary import EraPart, Facet


EVENT_COLUMNS = columns_of("id start end when title summary era tags people places sources note")


def source_dict(source: Source) -> dict[str, str | None]:
    return {"publisher": source.publisher, "title": source.title, "date": source.date, "url": source.url}


def event_dict(chron: Chronology, event: Event) -> dict[str, Any]:
    # Spelt out: `event._asdict()` made `rnk events --json` 0.4 ms slower.
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


def events_view(chron: Chronology, flt: EventFilter) -> View:
    rows = [event_dict(chron, e) for e in select_events(chron, flt)]
    return View(kind="events", data=rows, columns=EVENT_COLUMNS)


ON_COLUMNS = columns_of("precision") + EVENT_COLUMNS


def on_view(chron: Chronology, month: int, day: int, before: int, after: int) -> View:
    """`rnk on`: the events of those days, then those known only to their month (`precision`),
    which come only with the day's: on a day without events, nothing is listed (exit 1)."""
    from rnk.query.on import on_days, window

    on_day, in_month = on_days(chron, window(month, day, before, after))
    found = [("day", e) for e in on_day] + [("month", e) for e in in_month if on_day]
    rows = [{**event_dict(chron, e), "precision": precision} for precision, e in found]
    return View(kind="on", data=rows, columns=ON_COLUMNS)


# ---------------------------------------------------------------- summary, eras, tags, people, timeline

SUMMARY_COLUMNS = columns_of("start end as_of count eras turning_points")
ERA_COLUMNS = columns_of("id name start end count first last summary")
TAG_COLUMNS = columns_of("tag count first last description")
PEOPLE_COLUMNS = columns_of("name count first last")
TIMELINE_COLUMNS = columns_of("id start end when title era turning_point")


def event_line(event: Event) -> dict[str, Any]:
    """An event in one line: enough to list it and to look it up with `rnk show ID`."""
    return {"id": event.id, "when": event.when, "start": event.start, "end": event.end, "title": event.title}


def facet_dict(facet: Facet, **head: Any) -> dict[str, Any]:
    """A row of eras, tags or people: `head`, then what every facet has."""
    events = [e.id for e in facet.events]
    return {**head, "count": facet.count, "first": facet.first, "last": facet.last, "events": events}


def era_part_dict(part: EraPart) -> dict[str, Any]:
    from rnk.query.summary import Facet

    return {**facet_dict(Facet(part.era.id, part.events), **part.era._asdict()), "counts": dict(part.counts)}


def summary_view(chron: Chronology, years: YearRange, era: str | None = None) -> View:
    from rnk.query.summary import summarise

    s = summarise(chron, years, era)
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
    return View("summary", data, SUMMARY_COLUMNS, single=True, heading=s.title)


def eras_view(chron: Chronology) -> View:
    from rnk.query.summary import era_listing

    rows = [era_part_dict(p) for p in era_listing(chron)]
    return View(kind="eras", data=rows, columns=ERA_COLUMNS)


def tags_view(chron: Chronology) -> View:
    from rnk.query.summary import tag_listing

    rows = [facet_dict(f, tag=f.name, description=f.description) for f in tag_listing(chron)]
    return View(kind="tags", data=rows, columns=TAG_COLUMNS)


def people_view(chron: Chronology) -> View:
    from rnk.query.summary import people_listing

    rows = [facet_dict(f, name=f.name) for f in people_listing(chron)]
    return View(kind="people", data=rows, columns=PEOPLE_COLUMNS)


def timeline_view(chron: Chronology, years: YearRange, width: int | None = None) -> View:
    """The events of a range as rows; `extra` carries what the picture also needs (eras, bounds)."""
    from rnk.query.summary import is_turning_point, summarise

    s = summarise(chron, years)
    index = {era.id: i for i, era in enumerate(chron.eras)}
    rows = [{**event_line(e), "era": e.era, "turning_point": is_turning_point(e)} for e in s.events]
    eras = [{**p.era._asdict(), "index": index[p.era.id]} for p in s.eras]
    extra = {"title": s.title, "start": s.start, "end": s.end, "as_of": s.as_of, "eras": eras, "width": width}
    return View(kind="timeline", data=rows, columns=TIMELINE_COLUMNS, extra=extra)


# ---------------------------------------------------------------- schema

SCHEMA_COLUMNS = columns_of("schema name description", name="Definition")


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

SEARCH_COLUMNS = columns_of("kind id score when title question summary answer")
FAQ_LIST_COLUMNS = columns_of("id question")
FAQ_ANSWER_COLUMNS = columns_of("id question answer based_on")
SHOW_COLUMNS = EVENT_COLUMNS + columns_of("era_name faq previous next names")


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
    return View(kind="faq-list", data=[faq_dict(f) for f in chron.faq[:limit]], columns=FAQ_LIST_COLUMNS)


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
    best = result.hits[0]
    return faq_answer_view(chron, faq_hit(chron, best), best.score)


ASK_COLUMNS = columns_of("question answer events")


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
    return View(kind="faq-answers", data=rows, columns=FAQ_ANSWER_COLUMNS + columns_of("score"))


def show_view(chron: Chronology, event_id: str) -> View:
    """One event in full: its record, its era's name, related FAQ entries, its neighbours. An
    unknown id is a NoMatch with 'did you mean' suggestions."""
    from rnk.query.filters import faq_for_event, neighbours

    event = chron.event(event_id.strip().lower())  # ids are lowercase
    if event is None:
        from rnk.core.errors import NoMatch
        from rnk.query.search import unknown_event_message

        raise NoMatch(unknown_event_message(chron, event_id))
    before, after = neighbours(chron, event.id)
    era = chron.era(event.era)
    faq = [f for f in chron.faq if f.id in faq_for_event(chron, event.id)]
    data = {
        **event_dict(chron, event),
        "era_name": era.name if era else None,
        "faq": [{"id": f.id, "question": f.question} for f in faq],
        "previous": event_line(before) if before else None,
        "next": event_line(after) if after else None,
        "names": names_of(chron, (*event.people, *event.places)),
    }
    return View("show", data, SHOW_COLUMNS, single=True, heading=event.title)
