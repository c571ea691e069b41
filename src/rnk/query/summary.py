"""Summaries of the whole chronology or of a stretch of it, and the facet listings. Pure queries:
no I/O, no rendering (the views turn these records into the JSON contract)."""

# No `from __future__ import annotations`: see rnk.core.model (NamedTuple and string annotations).
# NamedTuples, not frozen dataclasses: `dataclasses` was loaded for this module alone.
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from rnk.core import dates
from rnk.core.model import Chronology, Era, Event
from rnk.core.ranges import YearRange
from rnk.query.filters import EventFilter, beyond_the_data, select_events

TURNING_POINT = "turning-point"
# How many people a stretch summary names ("the people who appear most").
PEOPLE_LIMIT = 10

Ranked = tuple[tuple[str, int], ...]


class EraPart(NamedTuple):
    """An era and those of its events that fall in the summarised stretch."""

    era: Era
    events: tuple[Event, ...]

    @property
    def counts(self) -> Ranked:
        return ranked(t for e in self.events for t in e.tags)


class Summary(NamedTuple):
    """What `rnk summary` shows. `scoped` is True for a range or era summary."""

    title: str
    overview: str | None
    start: str
    end: str
    as_of: str
    eras: tuple[EraPart, ...]
    events: tuple[Event, ...]
    counts: Ranked
    turning_points: tuple[Event, ...]
    people: Ranked
    scoped: bool


class Facet(NamedTuple):
    """One tag or person with the events that carry it. `first` and `last` are the years in which
    the first and the last of those events START (4-digit strings, like every year in the JSON):
    end years would stretch a person's years past their death (see docs/summary.md)."""

    name: str
    events: tuple[Event, ...]
    description: str = ""

    @property
    def count(self) -> int:  # type: ignore[override]  # shadows tuple.count, unused on a facet
        return len(self.events)

    @property
    def first(self) -> str | None:
        return min((f"{e.first_year:04d}" for e in self.events), default=None)

    @property
    def last(self) -> str | None:
        return max((f"{e.first_year:04d}" for e in self.events), default=None)


def ranked(names: Iterable[str]) -> Ranked:
    """Count names; most frequent first, ties in alphabetical order so the output is stable."""
    return tuple(sorted(Counter(names).items(), key=lambda item: (-item[1], item[0].casefold(), item[0])))


def is_turning_point(event: Event) -> bool:
    return TURNING_POINT in event.tags


def span(chron: Chronology) -> tuple[str, str]:
    """The dates the chronology covers: its earliest era or event start and latest end."""
    records: list[Era | Event] = [*chron.eras, *chron.events]
    start = min((r.start for r in records), key=dates.first_day, default=chron.meta.as_of)
    return start, max((r.end for r in records), key=dates.last_day, default=chron.meta.as_of)


def bounds(chron: Chronology, years: YearRange, era: Era | None) -> tuple[str, str]:
    """The stretch a summary covers: the range and the era, clipped to what the data covers
    (years as 4-digit partial dates, like the data's own dates)."""
    asked_start = f"{years.start:04d}" if years.start is not None else None
    asked_end = f"{years.end:04d}" if years.end is not None else None
    first, last = span(chron)
    lows = [first, asked_start, era.start if era else None]
    highs = [last, asked_end, era.end if era else None]
    start = max((d for d in lows if d is not None), key=dates.first_day)
    end = min((d for d in highs if d is not None), key=dates.last_day)
    if dates.first_day(start) > dates.last_day(end):
        # Nothing of the data falls in the range: report the range as asked.
        return asked_start or start, asked_end or end
    return start, end


def era_parts(chron: Chronology, events: Sequence[Event], eras: Iterable[Era]) -> tuple[EraPart, ...]:
    """Each era with its events among `events`, in the chronology's era order."""
    wanted = {e.id for e in eras} | {e.era for e in events}
    return tuple(
        EraPart(era, tuple(e for e in events if e.era == era.id)) for era in chron.eras if era.id in wanted
    )


def _summary(
    chron: Chronology, events: Sequence[Event], eras: Iterable[Era], start: str, end: str, scoped: bool
) -> Summary:
    people = ranked(p for e in events for p in e.people)
    return Summary(
        title=chron.meta.title,
        overview=None if scoped else chron.meta.overview or None,
        start=start,
        end=end,
        as_of=chron.meta.as_of,
        eras=era_parts(chron, events, eras),
        events=tuple(events),
        counts=ranked(t for e in events for t in e.tags),
        turning_points=tuple(e for e in events if is_turning_point(e)),
        people=people[:PEOPLE_LIMIT] if scoped else people,
        scoped=scoped,
    )


def summarise(chron: Chronology, years: YearRange, era_id: str | None = None) -> Summary:
    """Without a range or era, the whole relationship: overview text, span, every era, turning
    points. Else the stretch (an unknown era is a usage error, from the event filter): the eras
    overlapping it, its events, themes and people."""
    if years.is_open and era_id is None:
        return _summary(chron, chron.events, chron.eras, *span(chron), scoped=False)
    events = select_events(chron, EventFilter(years=years, era=era_id))
    era = chron.era(era_id) if era_id is not None else None
    start, end = bounds(chron, years, era)
    low, high = dates.first_day(start), dates.last_day(end)
    eras = [e for e in chron.eras if dates.first_day(e.start) <= high and dates.last_day(e.end) >= low]
    return _summary(chron, events, [era] if era else eras, start, end, scoped=True)


def no_events_note(chron: Chronology, years: YearRange, era_id: str | None = None) -> str:
    """Why a summary or timeline that covers no event exits 1: the stretch asked for, or the data."""
    if not years.is_open:
        return "no events in this range" + beyond_the_data(chron, years)
    return "no events in this era" if era_id is not None else "the data has no events"


def era_listing(chron: Chronology) -> tuple[EraPart, ...]:
    return era_parts(chron, chron.events, chron.eras)


def _carriers(events: Iterable[Event], tags: bool) -> dict[str, list[Event]]:
    """Each tag (or person) with the events that carry it, once each and in order, in one pass
    over the events: 20,000 tags must stay fast."""
    out: dict[str, list[Event]] = {}
    for event in events:
        for name in dict.fromkeys(event.tags if tags else event.people):
            out.setdefault(name, []).append(event)
    return out


def tag_listing(chron: Chronology) -> list[Facet]:
    """Every defined tag, used or not, most used first."""
    carriers = _carriers(chron.events, tags=True)
    facets = [Facet(tag, tuple(carriers.get(tag, ())), text) for tag, text in chron.tags.items()]
    return sorted(facets, key=lambda f: (-f.count, f.name))


def people_listing(chron: Chronology) -> list[Facet]:
    carriers = _carriers(chron.events, tags=False)
    return [
        Facet(name, tuple(carriers[name])) for name, _ in ranked(p for e in chron.events for p in e.people)
    ]
