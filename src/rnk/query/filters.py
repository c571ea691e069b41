"""Pure queries over a Chronology: no I/O, no rendering."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from rnk.core.errors import UsageError, shorten
from rnk.core.model import Chronology, Event, Source
from rnk.core.ranges import YearRange


class EventFilter(NamedTuple):
    """What `rnk events` asks for. Empty fields do not filter."""

    # A NamedTuple, not a frozen dataclass: defining one costs a tenth of the time (start-up).

    years: YearRange = YearRange()
    tags: tuple[str, ...] = ()
    person: str | None = None
    era: str | None = None
    reverse: bool = False
    limit: int | None = None


def fold(text: str) -> str:
    """Case- and accent-insensitive form used to compare names typed by users."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").split())


def person_matches(wanted: str, people: Iterable[str]) -> bool:
    """`putin` matches "Vladimir Putin"; `kim jong-un` matches "Kim Jong Un"."""
    needle = fold(wanted)
    return any(needle in fold(p) for p in people)


def known_tag(chron: Chronology, tag: str) -> str:
    """The chronology's tag for `tag`, whatever its case (`Treaty` is `treaty`); an unknown one is a
    usage error that suggests the closest tags."""
    import difflib

    wanted = tag.casefold()
    if wanted in chron.tags:
        return wanted
    close = difflib.get_close_matches(wanted, sorted(chron.tags), n=3, cutoff=0.6)
    hint = f"did you mean {', '.join(close)}?" if close else f"known tags: {', '.join(sorted(chron.tags))}"
    raise UsageError(f"unknown tag '{shorten(tag)}'; {hint}")


def select_events(chron: Chronology, flt: EventFilter) -> list[Event]:
    """Events matching every filter, in chronological order (or reversed), at most `limit`. Unknown
    tags and eras are usage errors, so a typo never looks like 'no events'."""
    tags = [known_tag(chron, tag) for tag in flt.tags]
    if flt.era is not None and chron.era(flt.era) is None:
        known = ", ".join(e.id for e in chron.eras)
        raise UsageError(f"unknown era '{shorten(flt.era)}'; known eras: {known}")
    found = [
        e
        for e in chron.events
        if flt.years.overlaps(e.first_year, e.last_year)
        and all(t in e.tags for t in tags)
        and (flt.era is None or e.era == flt.era)
        and (flt.person is None or person_matches(flt.person, e.people))
    ]
    if flt.reverse:
        found.reverse()
    return found if flt.limit is None else found[: flt.limit]


def beyond_the_data(chron: Chronology, years: YearRange) -> str:
    """Why a range matches nothing when it lies wholly outside the chronology: after its as-of
    date (`; the data ends at its as-of date, March 2026`) or before its first year. Else ''."""
    from rnk.core.dates import human, year_of

    if years.start is not None and years.start > year_of(chron.meta.as_of):
        return f"; the data ends at its as-of date, {human(chron.meta.as_of)}"
    starts = [year_of(era.start) for era in chron.eras] + [e.first_year for e in chron.events]
    first = min(starts, default=None)
    if first is not None and years.end is not None and years.end < first:
        return f"; the chronology starts in {first}"
    return ""


def neighbours(chron: Chronology, event_id: str) -> tuple[Event | None, Event | None]:
    padded = (None, *chron.events, None)
    i = [e.id for e in chron.events].index(event_id) + 1
    return padded[i - 1], padded[i + 1]


def faq_for_event(chron: Chronology, event_id: str) -> list[str]:
    return [f.id for f in chron.faq if event_id in f.events]


def sources_of(chron: Chronology, ids: list[str]) -> tuple[list[Source], list[str]]:
    """The sources of the given events and FAQ entries (`rnk cite`), in order of first mention,
    each once, and the ids that name neither. An FAQ entry cites its own and its events' sources."""
    seen: dict[str, Source] = {}
    unknown: list[str] = []
    for record_id in ids:
        event, entry = chron.event(record_id), chron.faq_entry(record_id)
        if event is not None:
            cited = list(event.sources)
        elif entry is not None:
            linked = [e for eid in entry.events if (e := chron.event(eid)) is not None]
            cited = [*entry.sources, *(sid for e in linked for sid in e.sources)]
        else:
            unknown.append(record_id)
            continue
        for sid in cited:
            if sid in chron.sources:
                seen.setdefault(sid, chron.sources[sid])
    return list(seen.values()), unknown
