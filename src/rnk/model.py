"""The data model: plain frozen records, no behaviour beyond simple derived values."""

from __future__ import annotations

from dataclasses import dataclass, field

from rnk import dates


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    date: str
    url: str


@dataclass(frozen=True)
class Era:
    id: str
    name: str
    start: str
    end: str
    summary: str


@dataclass(frozen=True)
class Event:
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


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: str
    answer: str
    events: tuple[str, ...]
    phrasings: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Meta:
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
        return next((e for e in self.events if e.id == event_id), None)

    def era(self, era_id: str) -> Era | None:
        return next((e for e in self.eras if e.id == era_id), None)

    def faq_entry(self, faq_id: str) -> FaqEntry | None:
        return next((f for f in self.faq if f.id == faq_id), None)
