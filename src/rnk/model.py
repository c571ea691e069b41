"""The data model: plain frozen records, no behaviour beyond simple derived values.

The records are NamedTuples rather than frozen dataclasses, for speed: a frozen dataclass costs
about 0.5 ms to define (the six here took 3.5 ms of every run, a third of the interpreter's own
start-up) and its `__init__` sets each field through `object.__setattr__`, which made rebuilding
100,000 cached events four times slower. They are immutable, compare and hash by value and build
by keyword as before; unlike dataclasses they are also tuples, so never hand one to `json`
directly (records.py turns them into dicts). `Chronology`, built once per run, stays a dataclass.
"""

# No `from __future__ import annotations` here: NamedTuple turns string annotations into
# ForwardRefs, compiling each one, which made importing this module a quarter slower.
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from rnk import dates


class Source(NamedTuple):
    id: str
    publisher: str
    title: str
    date: str
    url: str


class Era(NamedTuple):
    id: str
    name: str
    start: str
    end: str
    summary: str


class Event(NamedTuple):
    id: str
    start: str
    end: str
    when: str
    title: str
    summary: str
    era: str
    tags: tuple[str, ...]
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str = ""

    @property
    def first_day(self) -> dates.DateKey:
        return dates.first_day(self.start)

    @property
    def last_day(self) -> dates.DateKey:
        return dates.last_day(self.end)

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
    events: tuple[str, ...]
    phrasings: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


class Meta(NamedTuple):
    title: str
    as_of: str
    overview: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chronology:
    """Everything rnk knows, validated. Events are kept in chronological order."""

    meta: Meta
    sources: dict[str, Source] = field(default_factory=dict)
    eras: tuple[Era, ...] = ()
    tags: dict[str, str] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    faq: tuple[FaqEntry, ...] = ()
    aliases: tuple[tuple[str, ...], ...] = ()

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
