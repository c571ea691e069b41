"""JSON Schemas (draft 2020-12) of the data format and of the JSON output, as plain dicts. Pure.

`DATA` describes one data file as JSON (TOML dates as ISO strings), built from the validator's
field rules (`rules.SPECS`); rules that span records (unique ids, links, start <= end) are left
to `rnk validate`. `OUTPUT` describes what `--format json` prints: `$defs/command-NAME` is the
output of `rnk NAME`. tests/test_schema.py checks both against real data and output.
"""

from __future__ import annotations

from typing import Any

from rnk.core.rules import SPECS

DRAFT = "https://json-schema.org/draft/2020-12/schema"

Schema = dict[str, Any]

_STR: Schema = {"type": "string"}
_NULLABLE_STRING: Schema = {"type": ["string", "null"]}
_COUNT: Schema = {"type": "integer", "minimum": 0}


def _ref(name: str, description: str = "") -> Schema:
    ref: Schema = {"$ref": f"#/$defs/{name}"}
    return {**ref, "description": description} if description else ref


def _string(description: str, **extra: Any) -> Schema:
    return {"type": "string", "description": description, **extra}


def _array(items: Schema, description: str, min_items: int = 0) -> Schema:
    out: Schema = {"type": "array", "items": items, "description": description}
    if min_items:
        out["minItems"] = min_items
    return out


def _record(description: str, properties: dict[str, Schema], optional: tuple[str, ...] = ()) -> Schema:
    """An object with these properties and no others; all are required but the `optional`."""
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


def _extend(base: Schema, about: str, more: dict[str, Schema], optional: tuple[str, ...] = ()) -> Schema:
    """A record with every field of `base` and some more."""
    optional += tuple(name for name in base["properties"] if name not in base["required"])
    return _record(about, {**base["properties"], **more}, optional)


# --- the data format (docs/data-format.md) ---

# $defs name -> (kind in rules.SPECS, description)
_DATA_RECORDS = {
    "meta": ("meta", "[meta]: about the chronology as a whole. Exactly one per chronology."),
    "source": ("sources", "[sources.ID]: a published source."),
    "era": ("eras", "[[eras]]: a period the events are grouped in."),
    "event": ("events", "[[events]]: one event."),
    "faq": ("faq", "[[faq]]: a question answered from the chronology."),
    "alias": ("aliases", "[[aliases]]: words or phrases that mean the same in a search."),
    "name": (
        "names",
        "[[names]]: a person or place of the events in Korean and Russian; also an alias group.",
    ),
}
# (kind, field) -> description (every list has one)
_FIELD_NOTES = {
    ("meta", "as_of"): "How far the data reaches.",
    ("meta", "sources"): "Source ids the whole chronology rests on.",
    ("sources", "date"): "Publication date; omitted for an undated page.",
    ("events", "end"): "Defaults to start; start <= end.",
    ("events", "when"): "Label of the date; derived when missing.",
    ("events", "era"): "The id of an era.",
    ("events", "tags"): "Ids of tags defined in [tags].",
    ("events", "people"): "Names as commonly written in English.",
    ("events", "places"): "Places.",
    ("events", "sources"): "Ids of sources defined in [sources].",
    ("events", "note"): "Caveats: disagreements, inferred dates.",
    ("faq", "events"): "Ids of the events the answer rests on.",
    ("faq", "phrasings"): "Other ways to ask the same question.",
    ("faq", "sources"): "Sources beyond those of its events.",
    ("aliases", "terms"): "Equivalent terms.",
    ("names", "name"): "As an event's people or places write it.",
    ("names", "ko"): "In Korean (Hangul).",
    ("names", "ru"): "In Russian (Cyrillic).",
    ("names", "romanised"): "Other Latin spellings (Kim Chong-un).",
    ("names", "sources"): "Where these forms were seen.",
    ("names", "note"): "Variants, doubts.",
}


def _data_field(kind: str, name: str, rule: str) -> Schema:
    """A field of the data, from its rule: `line`, `slug`... or a list, `slugs` (`slugs+`: not empty)."""
    note = _FIELD_NOTES.get((kind, name), "")
    if rule.endswith(("s", "s+")):
        return _array(_ref(rule.rstrip("+")[:-1]), note, 1 if rule.endswith("+") else 0)
    return _ref(rule, note)


def _data_record(description: str, kind: str) -> Schema:
    spec = SPECS[kind]
    fields = {name: _data_field(kind, name, rule) for name, (rule, _) in spec.items()}
    return _record(description, fields, tuple(name for name, (_, required) in spec.items() if not required))


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
    **{name: _data_record(description, kind) for name, (kind, description) in _DATA_RECORDS.items()},
}


def _keyed(description: str, values: Schema) -> Schema:
    return {
        "type": "object",
        "description": description,
        "propertyNames": _ref("slug"),
        "additionalProperties": values,
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
        "meta": _ref("meta"),
        "sources": _keyed("[sources.ID] tables, keyed by source id.", _ref("source")),
        "tags": _keyed(
            "[tags]: tag id -> one-line description. 'turning-point' marks turning points.", _ref("line")
        ),
        "eras": _array(_ref("era"), "[[eras]] records."),
        "events": _array(_ref("event"), "[[events]] records."),
        "faq": _array(_ref("faq"), "[[faq]] records."),
        "aliases": _array(_ref("alias"), "[[aliases]] records."),
        "names": _array(_ref("name"), "[[names]] records."),
    },
    "additionalProperties": False,
    "$defs": _DATA_DEFS,
}


# --- the JSON output (records.py, views.py) ---

_YEAR: Schema = {"type": "string", "pattern": "^[0-9]{4}$"}
_DATE_OUT = _string("A partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD.", pattern="^[0-9]{4}(-[0-9]{2}){0,2}$")
_SPAN = {"start": _DATE_OUT, "end": _DATE_OUT}
_IDS: Schema = _array(_STR, "Ids.")
_COUNTS: Schema = {
    "type": "object",
    "description": "Tag id -> number of events.",
    "additionalProperties": _COUNT,
}


def _or_null(schema: Schema, **extra: Any) -> Schema:
    return {"anyOf": [schema, {"type": "null"}], **extra}


_EVENT_LINE = _record(
    "An event in one line: enough to list it and to look it up with 'rnk show ID'.",
    {"id": _STR, "when": _STR, **_SPAN, "title": _STR},
)
_EVENT = _record(
    "An event.",
    {
        "id": _STR,
        **_SPAN,
        "when": _string("Label of the date."),
        "title": _STR,
        "summary": _STR,
        "era": _STR,
        "tags": _array(_STR, "Tag ids."),
        "people": _array(_STR, "People named."),
        "places": _array(_STR, "Places named."),
        "sources": _array(_ref("source"), "Sources, in full."),
        "note": {**_NULLABLE_STRING, "description": "Caveats, or null."},
    },
)
_FAQ = _record("An FAQ entry.", {"id": _STR, "question": _STR, "answer": _STR, "events": _IDS})
_FACET = {  # the counts eras, tags and people share
    "count": _COUNT,
    "first": _or_null(
        _YEAR, description="Year (YYYY) in which the earliest of its events starts; null: none."
    ),
    "last": _or_null(_YEAR, description="Year (YYYY) in which the latest of its events starts; null: none."),
    "events": _IDS,
}
_POSITION: Schema = {"type": ["integer", "null"], "minimum": 1}  # a line or column
_HIT = {"id": _STR, "score": {"type": "number"}}
_CSL_DATE = _record(
    "A CSL date: year, month and day as far as known.",
    {"date-parts": {"type": "array", "items": _array({"type": "integer"}, "Y, M, D", 1), "minItems": 1}},
)

_OUTPUT_DEFS: dict[str, Schema] = {
    "source": _record(
        "A source, as cited.",
        {
            "publisher": _STR,
            "title": _STR,
            "date": _or_null(_DATE_OUT, description="null for an undated page."),
            "url": _STR,
        },
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
        optional=("score",),
    ),
    "era": _record(
        "An era and its events.",
        {
            "id": _STR,
            "name": _STR,
            **_SPAN,
            "summary": _STR,
            **_FACET,
            "counts": _COUNTS,
        },
    ),
    "summary": _record(
        "The shape of the story, of a range or of an era.",
        {
            "title": _STR,
            "overview": _NULLABLE_STRING,
            **_SPAN,
            "as_of": _DATE_OUT,
            "count": _COUNT,
            "eras": _array(_ref("era"), "The eras, with their events."),
            "counts": _COUNTS,
            "turning_points": _array(_ref("event-line"), "Turning points."),
            "events": _array(
                _extend(_EVENT_LINE, "An event of the range.", {"era": _STR}),
                "Only for a range or an era: its events.",
            ),
            "people": _array(
                _record("A person.", {"name": _STR, "count": _COUNT}),
                "Only for a range or an era: the people named most.",
            ),
        },
        optional=("events", "people"),
    ),
    "tag": _record("A tag and its events.", {"tag": _STR, "description": _STR, **_FACET}),
    "person": _record("A person and the events naming them.", {"name": _STR, **_FACET}),
    "timeline-row": _extend(
        _EVENT_LINE, "An event placed on the timeline.", {"era": _STR, "turning_point": {"type": "boolean"}}
    ),
    "search-hit": {
        "description": "A search hit: kind, id and score, then the record's own fields.",
        "oneOf": [
            _extend(_EVENT, "An event hit.", {"kind": {"const": "event"}, **_HIT}),
            _extend(_FAQ, "An FAQ hit.", {"kind": {"const": "faq"}, **_HIT}),
        ],
    },
    "show": _extend(
        _EVENT,
        "An event in full, with its era's name, related FAQ entries and its neighbours.",
        {
            "era_name": _NULLABLE_STRING,
            "faq": _array(
                _record("A related question.", {"id": _STR, "question": _STR}),
                "FAQ entries that rest on the event.",
            ),
            "previous": _or_null(_ref("event-line")),
            "next": _or_null(_ref("event-line")),
            "names": _array(
                _record(
                    "A person or place in Korean and Russian (null: not known).",
                    {
                        "name": _STR,
                        "ko": _NULLABLE_STRING,
                        "ru": _NULLABLE_STRING,
                        "romanised": _array(_STR, "Other Latin spellings."),
                    },
                ),
                "The names of its people and places in their own scripts, for those the data has.",
            ),
        },
    ),
    "csl-item": _record(
        "A source as a CSL-JSON item (what Zotero, pandoc and citeproc read).",
        {
            "id": _STR,
            "type": {"const": "webpage"},
            "title": _STR,
            "container-title": _STR,
            "publisher": _STR,
            "URL": _STR,
            "accessed": {**_CSL_DATE, "description": "When the data was checked (its as_of date)."},
            "issued": {**_CSL_DATE, "description": "The page's date; absent for an undated page."},
        },
        optional=("issued",),
    ),
    "problem": _record(
        "A problem found by 'rnk validate'.",
        {
            "file": _STR,
            "line": _POSITION,
            "column": _POSITION,
            "record": _NULLABLE_STRING,
            "field": _NULLABLE_STRING,
            "message": _STR,
        },
    ),
    "command-events": _array(_ref("event"), "rnk events: the matching events, oldest first."),
    "command-summary": _ref("summary", "rnk summary."),
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
            "question": _STR,
            "answer": _or_null(_ref("faq-answer")),
            "events": _array(_ref("event"), "The events, most relevant first ([] when none)."),
        },
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
        ),
        "rnk on: the day's events by year, then the month's events whose day is not known.",
    ),
    "command-cite": _array(_ref("csl-item"), "rnk cite --json (CSL-JSON): each source once, in order."),
    "command-schema": {
        "description": 'rnk schema: a JSON Schema; without an argument, {"data": ..., "output": ...}.',
        "type": "object",
    },
}
_COMMANDS = [name for name in _OUTPUT_DEFS if name.startswith("command-")]

OUTPUT: Schema = {
    "$schema": DRAFT,
    "title": "rnk JSON output",
    "description": "What '--format json' prints. $defs/command-NAME is the output of 'rnk NAME'.",
    "anyOf": [_ref(name) for name in _COMMANDS],
    "$defs": _OUTPUT_DEFS,
}

SCHEMAS: dict[str, Schema] = {"data": DATA, "output": OUTPUT}


def commands_described() -> list[str]:
    """The commands whose JSON output OUTPUT describes."""
    return [name.removeprefix("command-") for name in _COMMANDS]
