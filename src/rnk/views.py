"""Build the View each command shows from query results. Pure: no I/O, no rich."""

from __future__ import annotations

from rnk import records
from rnk.model import Chronology
from rnk.output import View
from rnk.query import EventFilter, select_events


def events_view(chron: Chronology, flt: EventFilter) -> View:
    found = select_events(chron, flt)
    return View(
        kind="events",
        data=[records.event_dict(chron, e) for e in found],
        columns=records.EVENT_COLUMNS,
    )
