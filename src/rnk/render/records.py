"""Model -> JSON-ready dicts: the machine contract. Pure; every output format starts from these."""

from __future__ import annotations

from typing import Any

from rnk.core.model import Chronology, Era, Event, FaqEntry, Name, Source

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
    found = [chron.names[n] for n in dict.fromkeys(names) if n in chron.names]
    return [name_dict(n) for n in found]


def name_dict(n: Name) -> dict[str, Any]:
    return {"name": n.name, "ko": n.ko or None, "ru": n.ru or None, "romanised": list(n.romanised)}


def faq_dict(chron: Chronology, entry: FaqEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "question": entry.question,
        "answer": entry.answer,
        "events": list(entry.events),
    }


def faq_events(chron: Chronology, entry: FaqEntry) -> list[dict[str, str]]:
    """The events an answer rests on, with their dates, for display beside the answer."""
    out = []
    for eid in entry.events:
        e = chron.event(eid)
        if e is not None:
            out.append({"id": e.id, "when": e.when, "start": e.start, "end": e.end, "title": e.title})
    return out


def era_dict(era: Era) -> dict[str, Any]:
    return {"id": era.id, "name": era.name, "start": era.start, "end": era.end, "summary": era.summary}
