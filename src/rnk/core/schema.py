"""JSON Schemas (draft 2020-12) of the data format and of the JSON output, as plain dicts. Pure.

`DATA` describes one data file as a JSON value (TOML dates as ISO strings, as TOML-to-JSON tools
write them). It checks shapes only: rules that span records (unique ids, known tags and eras,
links that resolve, start <= end) are checked by `rnk validate`.

`OUTPUT` describes what `--format json` prints: `$defs/command-NAME` is the output of `rnk NAME`,
and the schema itself accepts the output of any command. tests/test_schema.py keeps both honest:
DATA against `rules.SPECS` and the data files, OUTPUT against real output of every command.
"""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"

Schema = dict[str, Any]


def _string(description: str, **extra: Any) -> Schema:
    return {"type": "string", "description": description, **extra}


def _array(items: Schema, description: str, min_items: int = 0) -> Schema:
    out: Schema = {"type": "array", "items": items, "description": description}
    if min_items:
        out["minItems"] = min_items
    return out


def _record(description: str, properties: dict[str, Schema], required: list[str]) -> Schema:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


# --- the data format (docs/data-format.md) ---

_DATA_DEFS: dict[str, Schema] = {
    "slug": _string(
        "An id: lowercase letters, digits and '-', starting with a letter or digit, at most 80.",
        pattern="^[a-z0-9][a-z0-9-]*$",
        maxLength=80,
    ),
    "date": {
        "description": "A partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD (a TOML date or a bare year too).",
        "anyOf": [
            {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"},
            {"type": "integer", "minimum": 1, "maximum": 9999},
        ],
    },
    "line": _string("One line of text (surrounding blanks are ignored).", pattern=r"^\s*\S[^\r\n]*\s*$"),
    "text": _string("Text; paragraphs are separated by a blank line.", pattern=r"\S"),
    "url": _string(
        "An http:// or https:// address (the scheme in any case).",
        pattern=r"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^/?#\s\x00-\x1f\x7f-\x9f][^\s\x00-\x1f\x7f-\x9f]*\s*$",
    ),
    "meta": _record(
        "[meta]: about the chronology as a whole. Exactly one per chronology.",
        {
            "title": {"$ref": "#/$defs/line"},
            "as_of": {"$ref": "#/$defs/date", "description": "How far the data reaches."},
            "overview": {"$ref": "#/$defs/text"},
            "sources": _array({"$ref": "#/$defs/slug"}, "Source ids the whole chronology rests on."),
        },
        ["title", "as_of"],
    ),
    "source": _record(
        "[sources.ID]: a published source.",
        {
            "publisher": {"$ref": "#/$defs/line"},
            "title": {"$ref": "#/$defs/line"},
            "date": {"$ref": "#/$defs/date", "description": "Publication date; omitted for an undated page."},
            "url": {"$ref": "#/$defs/url"},
        },
        ["publisher", "title", "url"],
    ),
    "era": _record(
        "[[eras]]: a period the events are grouped in.",
        {
            "id": {"$ref": "#/$defs/slug"},
            "name": {"$ref": "#/$defs/line"},
            "start": {"$ref": "#/$defs/date"},
            "end": {"$ref": "#/$defs/date"},
            "summary": {"$ref": "#/$defs/text"},
        },
        ["id", "name", "start", "end", "summary"],
    ),
    "event": _record(
        "[[events]]: one event.",
        {
            "id": {"$ref": "#/$defs/slug"},
            "start": {"$ref": "#/$defs/date"},
            "end": {"$ref": "#/$defs/date", "description": "Defaults to start; start <= end."},
            "when": {"$ref": "#/$defs/line", "description": "Label of the date; derived when missing."},
            "title": {"$ref": "#/$defs/line"},
            "summary": {"$ref": "#/$defs/text"},
            "era": {"$ref": "#/$defs/slug", "description": "The id of an era."},
            "tags": _array({"$ref": "#/$defs/slug"}, "Ids of tags defined in [tags].", 1),
            "people": _array({"$ref": "#/$defs/line"}, "Names as commonly written in English."),
            "places": _array({"$ref": "#/$defs/line"}, "Places."),
            "sources": _array({"$ref": "#/$defs/slug"}, "Ids of sources defined in [sources].", 1),
            "note": {"$ref": "#/$defs/text", "description": "Caveats: disagreements, inferred dates."},
        },
        ["id", "start", "title", "summary", "era", "tags", "sources"],
    ),
    "faq": _record(
        "[[faq]]: a question answered from the chronology.",
        {
            "id": {"$ref": "#/$defs/slug"},
            "question": {"$ref": "#/$defs/line"},
            "answer": {"$ref": "#/$defs/text"},
            "events": _array({"$ref": "#/$defs/slug"}, "Ids of the events the answer rests on.", 1),
            "phrasings": _array({"$ref": "#/$defs/line"}, "Other ways to ask the same question."),
            "sources": _array({"$ref": "#/$defs/slug"}, "Sources beyond those of its events."),
        },
        ["id", "question", "answer", "events"],
    ),
    "alias": _record(
        "[[aliases]]: words or phrases that mean the same in a search.",
        {"terms": _array({"$ref": "#/$defs/line"}, "Equivalent terms.", 1)},
        ["terms"],
    ),
    "name": _record(
        "[[names]]: a person or place of the events in Korean and Russian; also an alias group.",
        {
            "name": {"$ref": "#/$defs/line", "description": "As an event's people or places write it."},
            "ko": {"$ref": "#/$defs/line", "description": "In Korean (Hangul)."},
            "ru": {"$ref": "#/$defs/line", "description": "In Russian (Cyrillic)."},
            "romanised": _array({"$ref": "#/$defs/line"}, "Other Latin spellings (Kim Chong-un)."),
            "sources": _array({"$ref": "#/$defs/slug"}, "Where these forms were seen.", 1),
            "note": {"$ref": "#/$defs/text", "description": "Variants, doubts."},
        },
        ["name", "sources"],
    ),
}

DATA: Schema = {
    "$schema": DRAFT,
    "title": "rnk chronology data file",
    "description": (
        "One TOML data file, as JSON. A chronology is one file or a folder of files read as one "
        "document; together they need exactly one [meta]. Cross-record rules (unique ids, known "
        "eras, tags and sources, FAQ links, start <= end) are checked by 'rnk validate'."
    ),
    "type": "object",
    "properties": {
        "meta": {"$ref": "#/$defs/meta"},
        "sources": {
            "type": "object",
            "description": "[sources.ID] tables, keyed by source id.",
            "propertyNames": {"$ref": "#/$defs/slug"},
            "additionalProperties": {"$ref": "#/$defs/source"},
        },
        "tags": {
            "type": "object",
            "description": "[tags]: tag id -> one-line description. 'turning-point' marks turning points.",
            "propertyNames": {"$ref": "#/$defs/slug"},
            "additionalProperties": {"$ref": "#/$defs/line"},
        },
        "eras": _array({"$ref": "#/$defs/era"}, "[[eras]] records."),
        "events": _array({"$ref": "#/$defs/event"}, "[[events]] records."),
        "faq": _array({"$ref": "#/$defs/faq"}, "[[faq]] records."),
        "aliases": _array({"$ref": "#/$defs/alias"}, "[[aliases]] records."),
        "names": _array({"$ref": "#/$defs/name"}, "[[names]] records."),
    },
    "additionalProperties": False,
    "$defs": _DATA_DEFS,
}


# --- the JSON output (records.py, views.py) ---

_NULLABLE_STRING: Schema = {"type": ["string", "null"]}
_YEAR_OR_NULL: Schema = {"anyOf": [{"type": "string", "pattern": "^[0-9]{4}$"}, {"type": "null"}]}
_DATE_OUT = _string("A partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD.", pattern="^[0-9]{4}(-[0-9]{2}){0,2}$")
_IDS: Schema = _array({"type": "string"}, "Ids.")
_COUNTS: Schema = {
    "type": "object",
    "description": "Tag id -> number of events.",
    "additionalProperties": {"type": "integer", "minimum": 0},
}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _extend(base: Schema, description: str, properties: dict[str, Schema], required: list[str]) -> Schema:
    """A record with every field of `base` and some more."""
    return _record(description, {**base["properties"], **properties}, [*base["required"], *required])


_EVENT_LINE = _record(
    "An event in one line: enough to list it and to look it up with 'rnk show ID'.",
    {
        "id": {"type": "string"},
        "when": {"type": "string"},
        "start": _DATE_OUT,
        "end": _DATE_OUT,
        "title": {"type": "string"},
    },
    ["id", "when", "start", "end", "title"],
)
_EVENT = _record(
    "An event.",
    {
        "id": {"type": "string"},
        "start": _DATE_OUT,
        "end": _DATE_OUT,
        "when": _string("Label of the date."),
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "era": {"type": "string"},
        "tags": _array({"type": "string"}, "Tag ids."),
        "people": _array({"type": "string"}, "People named."),
        "places": _array({"type": "string"}, "Places named."),
        "sources": _array(_ref("source"), "Sources, in full."),
        "note": {**_NULLABLE_STRING, "description": "Caveats, or null."},
    },
    ["id", "start", "end", "when", "title", "summary", "era", "tags", "people", "places", "sources", "note"],
)
_FAQ = _record(
    "An FAQ entry.",
    {"id": {"type": "string"}, "question": {"type": "string"}, "answer": {"type": "string"}, "events": _IDS},
    ["id", "question", "answer", "events"],
)
_FACET = {  # the counts eras, tags and people share
    "count": {"type": "integer", "minimum": 0},
    "first": {
        **_YEAR_OR_NULL,
        "description": "Year (YYYY) in which the earliest of its events starts; null: none.",
    },
    "last": {
        **_YEAR_OR_NULL,
        "description": "Year (YYYY) in which the latest of its events starts; null: none.",
    },
    "events": _IDS,
}
_ERA = _record(
    "An era and its events.",
    {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "start": _DATE_OUT,
        "end": _DATE_OUT,
        "summary": {"type": "string"},
        **_FACET,
        "counts": _COUNTS,
    },
    ["id", "name", "start", "end", "summary", "count", "first", "last", "events", "counts"],
)
_HIT = {"id": {"type": "string"}, "score": {"type": "number"}}

_CSL_DATE = _record(
    "A CSL date: year, month and day as far as known.",
    {"date-parts": {"type": "array", "items": _array({"type": "integer"}, "Y, M, D", 1), "minItems": 1}},
    ["date-parts"],
)

_OUTPUT_DEFS: dict[str, Schema] = {
    "source": _record(
        "A source, as cited.",
        {
            "publisher": {"type": "string"},
            "title": {"type": "string"},
            "date": {"anyOf": [_DATE_OUT, {"type": "null"}], "description": "null for an undated page."},
            "url": {"type": "string"},
        },
        ["publisher", "title", "date", "url"],
    ),
    "event": _EVENT,
    "event-line": _EVENT_LINE,
    "faq": _FAQ,
    "faq-answer": _extend(
        _FAQ,
        "An answer, with the events it rests on (and its score when matched to a question).",
        {
            "based_on": _array(_ref("event-line"), "The events the answer rests on."),
            "sources": _array(_ref("source"), "Sources beyond those of its events."),
            "score": {"type": "number"},
        },
        ["based_on", "sources"],
    ),
    "era": _ERA,
    "summary": _record(
        "The shape of the story, of a range or of an era.",
        {
            "title": {"type": "string"},
            "overview": _NULLABLE_STRING,
            "start": _DATE_OUT,
            "end": _DATE_OUT,
            "as_of": _DATE_OUT,
            "count": {"type": "integer", "minimum": 0},
            "eras": _array(_ref("era"), "The eras, with their events."),
            "counts": _COUNTS,
            "turning_points": _array(_ref("event-line"), "Turning points."),
            "events": _array(
                _extend(_EVENT_LINE, "An event of the range.", {"era": {"type": "string"}}, ["era"]),
                "Only for a range or an era: its events.",
            ),
            "people": _array(
                _record(
                    "A person.",
                    {"name": {"type": "string"}, "count": {"type": "integer", "minimum": 0}},
                    ["name", "count"],
                ),
                "Only for a range or an era: the people named most.",
            ),
        },
        ["title", "overview", "start", "end", "as_of", "count", "eras", "counts", "turning_points"],
    ),
    "tag": _record(
        "A tag and its events.",
        {"tag": {"type": "string"}, "description": {"type": "string"}, **_FACET},
        ["tag", "description", "count", "first", "last", "events"],
    ),
    "person": _record(
        "A person and the events naming them.",
        {"name": {"type": "string"}, **_FACET},
        ["name", "count", "first", "last", "events"],
    ),
    "timeline-row": _extend(
        _EVENT_LINE,
        "An event placed on the timeline.",
        {"era": {"type": "string"}, "turning_point": {"type": "boolean"}},
        ["era", "turning_point"],
    ),
    "search-hit": {
        "description": "A search hit: kind, id and score, then the record's own fields.",
        "oneOf": [
            _extend(_EVENT, "An event hit.", {"kind": {"const": "event"}, **_HIT}, ["kind", "score"]),
            _extend(_FAQ, "An FAQ hit.", {"kind": {"const": "faq"}, **_HIT}, ["kind", "score"]),
        ],
    },
    "show": _extend(
        _EVENT,
        "An event in full, with its era's name, related FAQ entries and its neighbours.",
        {
            "era_name": _NULLABLE_STRING,
            "faq": _array(
                _record(
                    "A related question.",
                    {"id": {"type": "string"}, "question": {"type": "string"}},
                    ["id", "question"],
                ),
                "FAQ entries that rest on the event.",
            ),
            "previous": {"anyOf": [_ref("event-line"), {"type": "null"}]},
            "next": {"anyOf": [_ref("event-line"), {"type": "null"}]},
            "names": _array(
                _record(
                    "A person or place in Korean and Russian (null: not known).",
                    {
                        "name": {"type": "string"},
                        "ko": _NULLABLE_STRING,
                        "ru": _NULLABLE_STRING,
                        "romanised": _array({"type": "string"}, "Other Latin spellings."),
                    },
                    ["name", "ko", "ru", "romanised"],
                ),
                "The names of its people and places in their own scripts, for those the data has.",
            ),
        },
        ["era_name", "faq", "previous", "next", "names"],
    ),
    "csl-item": _record(
        "A source as a CSL-JSON item (what Zotero, pandoc and citeproc read).",
        {
            "id": {"type": "string"},
            "type": {"const": "webpage"},
            "title": {"type": "string"},
            "container-title": {"type": "string"},
            "publisher": {"type": "string"},
            "URL": {"type": "string"},
            "accessed": {**_CSL_DATE, "description": "When the data was checked (its as_of date)."},
            "issued": {**_CSL_DATE, "description": "The page's date; absent for an undated page."},
        },
        ["id", "type", "title", "container-title", "publisher", "URL", "accessed"],
    ),
    "problem": _record(
        "A problem found by 'rnk validate'.",
        {
            "file": {"type": "string"},
            "line": {"type": ["integer", "null"], "minimum": 1},
            "column": {"type": ["integer", "null"], "minimum": 1},
            "record": _NULLABLE_STRING,
            "field": _NULLABLE_STRING,
            "message": {"type": "string"},
        },
        ["file", "line", "column", "record", "field", "message"],
    ),
    "command-events": _array(_ref("event"), "rnk events: the matching events, oldest first."),
    "command-summary": {**_ref("summary"), "description": "rnk summary."},
    "command-eras": _array(_ref("era"), "rnk eras."),
    "command-tags": _array(_ref("tag"), "rnk tags."),
    "command-people": _array(_ref("person"), "rnk people."),
    "command-timeline": _array(_ref("timeline-row"), "rnk timeline: the events drawn."),
    "command-search": _array(_ref("search-hit"), "rnk search: hits, best first."),
    "command-faq": {
        "description": "rnk faq: the questions; one answer (an id or WORDS); answers best first (--all).",
        "anyOf": [
            _array(_ref("faq"), "The questions."),
            _ref("faq-answer"),
            _array(_ref("faq-answer"), "Answers, best first."),
            {"type": "null", "description": "No answer matched (exit 1)."},
        ],
    },
    "command-ask": _record(
        "rnk ask QUESTION: the FAQ answer (null when none fits) and the events that bear on it.",
        {
            "question": {"type": "string"},
            "answer": {"anyOf": [_ref("faq-answer"), {"type": "null"}]},
            "events": _array(_ref("event"), "The events, most relevant first ([] when none)."),
        },
        ["question", "answer", "events"],
    ),
    "command-show": {
        "description": "rnk show ID: the event; null when there is no such event (exit 1).",
        "anyOf": [_ref("show"), {"type": "null"}],
    },
    "command-validate": _array(_ref("problem"), "rnk validate: every problem ([] when valid)."),
    "command-on": _array(
        _extend(
            _EVENT,
            "An event of the day (precision 'day'), or of its month with the day unknown ('month').",
            {"precision": {"enum": ["day", "month"]}},
            ["precision"],
        ),
        "rnk on: the day's events by year, then the month's events whose day is not known.",
    ),
    "command-cite": _array(_ref("csl-item"), "rnk cite --json (CSL-JSON): each source once, in order."),
    "command-schema": {
        "description": 'rnk schema: a JSON Schema; without an argument, {"data": ..., "output": ...}.',
        "type": "object",
    },
}

OUTPUT: Schema = {
    "$schema": DRAFT,
    "title": "rnk JSON output",
    "description": "What '--format json' prints. $defs/command-NAME is the output of 'rnk NAME'.",
    "anyOf": [{"$ref": f"#/$defs/{name}"} for name in _OUTPUT_DEFS if name.startswith("command-")],
    "$defs": _OUTPUT_DEFS,
}

SCHEMAS: dict[str, Schema] = {"data": DATA, "output": OUTPUT}


def commands_described() -> list[str]:
    """The commands whose JSON output OUTPUT describes."""
    return [name.removeprefix("command-") for name in _OUTPUT_DEFS if name.startswith("command-")]
