"""JSON Schemas (draft 2020-12) of the data format and of the JSON output, as plain dicts. Pure.

`DATA` describes one data file as JSON (TOML dates as ISO strings), built from the validator's
field rules (`rules.SPECS`); rules that span records (unique ids, links, start <= end) are left
to `rnk validate`. `OUTPUT` describes what `--format json` prints: `$defs/command-NAME` is the
output of `rnk NAME`. tests/test_schema.py checks both against real data and output.
"""

from __future__ import annotations

from typing import Any

from rnk.core.rules import MAX_SLUG, SLUG_RULE, SPECS

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
    "slug": _string(f"An id: {SLUG_RULE}.", pattern="^[a-z0-9][a-z0-9-]*$", maxLength=MAX_SLUG),
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


# --- the JSON output (render/views.py) ---

_YEAR: Schema = {"type": "string", "pattern": "^[0-9]{4}$"}
_POSITION: Schema = {"type": ["integer", "null"], "minimum": 1}  # a line or column
_DATE_OUT = _string("A partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD.", pattern="^[0-9]{4}(-[0-9]{2}){0,2}$")


def _or_null(schema: Schema, **extra: Any) -> Schema:
    return {"anyOf": [schema, {"type": "null"}], **extra}


def _year_of(which: str) -> Schema:
    return _or_null(_YEAR, description=f"Year (YYYY) in which the {which} of its events starts; null: none.")


# The schema of an output field by its name, wherever it appears; any other field is a string.
_FIELDS: dict[str, Schema] = {
    **dict.fromkeys(("start", "end", "as_of"), _DATE_OUT),
    **dict.fromkeys(("overview", "era_name", "ko", "ru", "record", "field"), _NULLABLE_STRING),
    **dict.fromkeys(("line", "column"), _POSITION),
    "count": _COUNT,
    "counts": {
        "type": "object",
        "description": "Tag id -> number of events.",
        "additionalProperties": _COUNT,
    },
    "first": _year_of("earliest"),
    "last": _year_of("latest"),
    "events": _array(_STR, "Ids."),
    "score": {"type": "number"},
}


def _out(description: str, names: str, /, base: Schema | None = None, **special: Schema) -> Schema:
    """A record of the fields of `base`, then of `names` in order (`name?`: optional); a field's
    schema is `special`'s, else `_FIELDS`', else a string."""
    props: dict[str, Schema] = dict(base["properties"]) if base else {}
    optional = [name for name in props if base and name not in base["required"]]
    for word in names.split():
        name = word.rstrip("?")
        props[name] = special.get(name, _FIELDS.get(name, _STR))
        if word.endswith("?"):
            optional.append(name)
    return _record(description, props, tuple(optional))


_EVENT_LINE = _out(
    "An event in one line: enough to list it and to look it up with 'rnk show ID'.", "id when start end title"
)
_EVENT = _out(
    "An event.",
    "id start end when title summary era tags people places sources note",
    when=_string("Label of the date."),
    tags=_array(_STR, "Tag ids."),
    people=_array(_STR, "People named."),
    places=_array(_STR, "Places named."),
    sources=_array(_ref("source"), "Sources, in full."),
    note={**_NULLABLE_STRING, "description": "Caveats, or null."},
)
_FAQ = _out("An FAQ entry.", "id question answer events")
_CSL_DATE = _record(
    "A CSL date: year, month and day as far as known.",
    {"date-parts": {"type": "array", "items": _array({"type": "integer"}, "Y, M, D", 1), "minItems": 1}},
)

_OUTPUT_DEFS: dict[str, Schema] = {
    "source": _out(
        "A source, as cited.",
        "publisher title date url",
        date=_or_null(_DATE_OUT, description="null for an undated page."),
    ),
    "event": _EVENT,
    "event-line": _EVENT_LINE,
    "faq": _FAQ,
    "faq-answer": _out(
        "An answer, with the events it rests on (and its score when matched to a question).",
        "based_on sources score?",
        base=_FAQ,
        based_on=_array(_ref("event-line"), "The events the answer rests on."),
        sources=_array(_ref("source"), "Sources beyond those of its events."),
    ),
    "era": _out("An era and its events.", "id name start end summary count first last events counts"),
    "summary": _out(
        "The shape of the story, of a range or of an era.",
        "title overview start end as_of count eras counts turning_points events? people?",
        eras=_array(_ref("era"), "The eras, with their events."),
        turning_points=_array(_ref("event-line"), "Turning points."),
        events=_array(
            _out("An event of the range.", "era", base=_EVENT_LINE), "Only for a range or an era: its events."
        ),
        people=_array(_out("A person.", "name count"), "Only for a range or an era: the people named most."),
    ),
    "tag": _out("A tag and its events.", "tag description count first last events"),
    "person": _out("A person and the events naming them.", "name count first last events"),
    "timeline-row": _out(
        "An event placed on the timeline.",
        "era turning_point",
        base=_EVENT_LINE,
        turning_point={"type": "boolean"},
    ),
    "search-hit": {
        "description": "A search hit: kind, id and score, then the record's own fields.",
        "oneOf": [
            _out("An event hit.", "kind id score", kind={"const": "event"}, base=_EVENT),
            _out("An FAQ hit.", "kind id score", kind={"const": "faq"}, base=_FAQ),
        ],
    },
    "show": _out(
        "An event in full, with its era's name, related FAQ entries and its neighbours.",
        "era_name faq previous next names",
        base=_EVENT,
        faq=_array(_out("A related question.", "id question"), "FAQ entries that rest on the event."),
        previous=_or_null(_ref("event-line")),
        next=_or_null(_ref("event-line")),
        names=_array(
            _out(
                "A person or place in Korean and Russian (null: not known).",
                "name ko ru romanised",
                romanised=_array(_STR, "Other Latin spellings."),
            ),
            "The names of its people and places in their own scripts, for those the data has.",
        ),
    ),
    "csl-item": _out(
        "A source as a CSL-JSON item (what Zotero, pandoc and citeproc read).",
        "id type title container-title publisher URL accessed issued?",
        type={"const": "webpage"},
        accessed={**_CSL_DATE, "description": "When the data was checked (its as_of date)."},
        issued={**_CSL_DATE, "description": "The page's date; absent for an undated page."},
    ),
    "problem": _out("A problem found by 'rnk validate'.", "file line column record field message"),
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
    "command-ask": _out(
        "rnk ask QUESTION: the FAQ answer (null when none fits) and the events that bear on it.",
        "question answer events",
        answer=_or_null(_ref("faq-answer")),
        events=_array(_ref("event"), "The events, most relevant first ([] when none)."),
    ),
    "command-show": {
        "description": "rnk show ID: the event; null when there is no such event (exit 1).",
        "anyOf": [_ref("show"), {"type": "null"}],
    },
    "command-validate": _array(_ref("problem"), "rnk validate: every problem ([] when valid)."),
    "command-on": _array(
        _out(
            "An event of the day (precision 'day'), or of its month with the day unknown ('month').",
            "precision",
            base=_EVENT,
            precision={"enum": ["day", "month"]},
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
    "anyOf": [_ref(name) for name in _OUTPUT_DEFS if name.startswith("command-")],
    "$defs": _OUTPUT_DEFS,
}

SCHEMAS: dict[str, Schema] = {"data": DATA, "output": OUTPUT}
