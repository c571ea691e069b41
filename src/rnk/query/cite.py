"""Which sources a set of events and FAQ entries rests on (for `rnk cite`). Pure, no I/O."""

from __future__ import annotations

from rnk.core.model import Chronology, Source


def sources_of(chron: Chronology, ids: list[str]) -> tuple[list[Source], list[str]]:
    """The sources of the given events and FAQ entries, in order of first mention, each once,
    and the ids that name neither. An FAQ entry cites its own sources and its events' sources.
    """
    seen: dict[str, Source] = {}
    unknown: list[str] = []
    for record_id in ids:
        event, entry = chron.event(record_id), chron.faq_entry(record_id)
        if event is not None:
            cited = list(event.sources)
        elif entry is not None:
            cited = list(entry.sources)
            for eid in entry.events:
                linked = chron.event(eid)
                cited += linked.sources if linked else ()
        else:
            unknown.append(record_id)
            continue
        for sid in cited:
            if sid in chron.sources:
                seen.setdefault(sid, chron.sources[sid])
    return list(seen.values()), unknown
