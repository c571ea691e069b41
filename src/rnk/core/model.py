"""The data model: plain frozen records, no behaviour beyond simple derived values.

NamedTuples rather than frozen dataclasses, for start-up time (a frozen dataclass costs about
0.5 ms to define) and for rebuilding 100,000 cached events (four times faster). Being tuples, they
must never be handed to `json` directly (render/views.py turns them into dicts). `Chronology`, built
once per run, is a plain immutable class.
"""

# No `from __future__ import annotations` here: NamedTuple turns string annotations into
# ForwardRefs, compiling each one, which made importing this module a quarter slower.
from functools import cached_property
from typing import NamedTuple

from rnk.core import dates


class Source(NamedTuple):
    id: str
    publisher: str
    title: str
    url: str
    date: str | None = None  # the page's own publication date; None for an undated page


class Era(NamedTuple):
    id: str
    name: str
    start: str
    end: str
    summary: str


class Event(NamedTuple):
    """One event of the chronology: its span as partial ISO dates, and what it is about."""

    id: str
    start: str
    end: str
    when: str  # the date as people read it ("25 June 1950"), derived when the data gives none
    title: str
    summary: str
    era: str  # an era's id
    tags: tuple[str, ...]
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str = ""

    @property
    def first_year(self) -> int:
        return dates.year_of(self.start)

    @property
    def last_year(self) -> int:
        return dates.year_of(self.end)


class FaqEntry(NamedTuple):
    id: str
    question: str
    answer: str
    events: tuple[str, ...]  # the ids of the events the answer rests on
    phrasings: tuple[str, ...] = ()  # other ways to ask it
    sources: tuple[str, ...] = ()  # beyond those of its events


class Name(NamedTuple):
    """A person or place of the events in Korean (Hangul) and Russian (Cyrillic), with other Latin
    spellings; each entry is also an alias group for search."""

    name: str  # as the events write it
    ko: str = ""
    ru: str = ""
    romanised: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        return tuple(s for s in (self.name, self.ko, self.ru, *self.romanised) if s)


class Meta(NamedTuple):
    title: str
    as_of: str
    overview: str = ""
    sources: tuple[str, ...] = ()


class _Fields(NamedTuple):
    meta: Meta
    sources: dict[str, Source]
    eras: tuple[Era, ...]
    tags: dict[str, str]
    events: tuple[Event, ...]
    faq: tuple[FaqEntry, ...]
    aliases: tuple[tuple[str, ...], ...]  # the [[aliases]] groups, then each name's spellings (store)
    names: dict[str, Name]  # by the name the events write


class Chronology(_Fields):
    """Everything rnk knows, validated. Events are kept in chronological order. Immutable,
    compared field by field, built by keyword (unhashable: it holds dicts)."""

    def __new__(
        cls,
        meta: Meta,
        sources: dict[str, Source] | None = None,
        eras: tuple[Era, ...] = (),
        tags: dict[str, str] | None = None,
        events: tuple[Event, ...] = (),
        faq: tuple[FaqEntry, ...] = (),
        aliases: tuple[tuple[str, ...], ...] = (),
        names: dict[str, Name] | None = None,
    ) -> "Chronology":
        return super().__new__(cls, meta, sources or {}, eras, tags or {}, events, faq, aliases, names or {})

    def event(self, event_id: str) -> Event | None:
        return self._events_by_id.get(event_id)

    @cached_property
    def _events_by_id(self) -> dict[str, Event]:
        """Built on first use: search results and FAQ answers look up many events by id, and a
        scan per lookup cost a tenth of a second per query on 100,000 events."""
        found: dict[str, Event] = {}
        for e in self.events:
            found.setdefault(e.id, e)
        return found

    def era(self, era_id: str) -> Era | None:
        return next((e for e in self.eras if e.id == era_id), None)

    def faq_entry(self, faq_id: str) -> FaqEntry | None:
        return next((f for f in self.faq if f.id == faq_id), None)
