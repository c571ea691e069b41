"""Validate raw records and build the Chronology: the one entry point for loading data.

Rules: required fields and their types, no unknown fields, slug ids, unique ids, valid dates with
start <= end, known era, known tags, sources present and resolving, FAQ links resolving.
Every problem names the file, the line, the record and the field.

Public entry points (kept stable for callers such as a cache): `load(data)` and
`check_paths(paths)`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rnk import dates
from rnk.errors import DataError, Problem
from rnk.loader import RawDocument, RawRecord, locate, path_kind, read_all, resolve_paths
from rnk.model import Chronology, Era, Event, FaqEntry, Meta, Source

SLUG = re.compile(r"\A[a-z0-9][a-z0-9-]*\Z")
# ASCII digits only, and nothing after (`$` would let a trailing newline through).
ISO_DATE = re.compile(r"\A[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?\Z")
MAX_SLUG = 80
SLUG_RULE = f"lowercase letters, digits and '-', starting with a letter or digit, at most {MAX_SLUG}"

# kind -> field -> (type, required)
SPECS: dict[str, dict[str, tuple[str, bool]]] = {
    "meta": {
        "title": ("line", True),
        "as_of": ("date", True),
        "overview": ("text", False),
        "sources": ("slugs", False),
    },
    "sources": {
        "publisher": ("line", True),
        "title": ("line", True),
        # Optional: an undated page (a reference work, an archive record) has no publication date.
        "date": ("date", False),
        "url": ("url", True),
    },
    "eras": {
        "id": ("slug", True),
        "name": ("line", True),
        "start": ("date", True),
        "end": ("date", True),
        "summary": ("text", True),
    },
    "events": {
        "id": ("slug", True),
        "start": ("date", True),
        "end": ("date", False),
        "when": ("line", False),
        "title": ("line", True),
        "summary": ("text", True),
        "era": ("slug", True),
        "tags": ("slugs+", True),
        "people": ("lines", False),
        "places": ("lines", False),
        "sources": ("slugs+", True),
        "note": ("text", False),
    },
    "faq": {
        "id": ("slug", True),
        "question": ("line", True),
        "answer": ("text", True),
        "events": ("slugs+", True),
        "phrasings": ("lines", False),
        "sources": ("slugs", False),
    },
    "aliases": {"terms": ("lines+", True)},
}


class Invalid(Exception):
    """A value that does not fit its field; `item` is the index of the bad item of an array."""

    def __init__(self, message: str, item: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.item = item


def quote(value: Any, limit: int = 60) -> str:
    """A value for a message: quoted, on one line, cut short if long."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


class Checker:
    """Collects problems while converting raw values to their typed form."""

    def __init__(self, refs: bool = True) -> None:
        self.problems: list[Problem] = []
        # False when some file could not be read: what it defined is unknown, so references
        # to it cannot be judged (each record is still checked on its own).
        self.refs = refs

    def add(self, record: RawRecord, message: str, field: str | None = None, item: int | None = None) -> None:
        line = locate(record, field, item)
        self.problems.append(Problem(record.file, message, line=line, record=label(record), field=field))

    def fields(self, record: RawRecord) -> dict[str, Any] | None:
        """Check a record against its spec; return its normalised values, or None if unusable."""
        spec = SPECS[record.kind]
        if not isinstance(record.data, dict):
            self.add(record, f"must be a table, not {type_name(record.data)}")
            return None
        for key in record.data:
            if key not in spec:
                self.add(record, unknown_field_message(key, spec), key)
        out: dict[str, Any] = {}
        for name, (kind, required) in spec.items():
            if name not in record.data:
                if required:
                    self.add(record, "is missing (required)", name)
                continue
            try:
                out[name] = CONVERTERS[kind](record.data[name])
            except Invalid as bad:
                self.add(record, bad.message, name, bad.item)
        return out


def unknown_field_message(key: str, spec: dict[str, tuple[str, bool]]) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown field ({hint}known: {', '.join(spec)})"


def label(record: RawRecord) -> str:
    if record.kind == "meta":
        return "[meta]"
    if record.key:
        key = record.key
        return f"{record.kind}.{key}" if is_slug(key) else f"{record.kind} {quote(key)}"
    rid = record.data.get("id") if isinstance(record.data, dict) else None
    if is_slug(rid):
        return f"{record.kind} '{rid}'"
    return f"{record.kind}[{record.index + 1}]"


def is_slug(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_SLUG and SLUG.match(value) is not None


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, _dt.datetime):
        return "a date-time"
    names = {str: "a string", int: "an integer", float: "a number", list: "an array", dict: "a table",
             _dt.date: "a date", _dt.time: "a time"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


# --- converters: raw TOML value -> normalised value, or raise Invalid ---


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a string, not {type_name(value)}")
    if not value.strip():
        raise Invalid("must not be empty")
    return value.strip()


def _line(value: Any) -> str:
    text = _string(value)
    if "\n" in text or "\r" in text:
        raise Invalid("must be a single line")
    return text


def _slug(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a string, not {type_name(value)}")
    if not is_slug(value):
        raise Invalid(f"{quote(value)} is not a valid id ({SLUG_RULE})")
    return value


def _date(value: Any) -> str:
    if isinstance(value, _dt.datetime):
        raise Invalid("must be a date without a time")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
        value = f"{value:04d}"
    if not isinstance(value, str):
        raise Invalid(f"must be a date string (YYYY, YYYY-MM or YYYY-MM-DD), not {type_name(value)}")
    if not ISO_DATE.match(value) or value.startswith("0000"):
        raise Invalid(f"{quote(value)} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        dates.parse(value)
    except ValueError as exc:
        raise Invalid(str(exc)) from None
    return value


# An address: http or https in any case (schemes are case-insensitive), a host, and no spaces,
# control or invisible format characters (they could make a link read as another).
_URL = r"(?i:https?)://[^/?#\s]+[^\s]*"
_URL_HIDDEN = (
    r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff"
    r"\U000e0000-\U000e007f]"
)


def _url(value: Any) -> str:
    text = _line(value)
    if not re.fullmatch(_URL, text) or re.search(_URL_HIDDEN, text):
        raise Invalid(f"{quote(text)} is not an http:// or https:// address")
    return text


def _list_of(item: Callable[[Any], Any], non_empty: bool) -> Callable[[Any], tuple[Any, ...]]:
    def check(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise Invalid(f"must be an array, not {type_name(value)}")
        if non_empty and not value:
            raise Invalid("must list at least one item")
        out = []
        for i, v in enumerate(value):
            try:
                out.append(item(v))
            except Invalid as bad:
                raise Invalid(f"item {i + 1}: {bad.message}", i) from None
        return tuple(out)

    return check


CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "line": _line,
    "text": _string,
    "slug": _slug,
    "date": _date,
    "url": _url,
    "slugs": _list_of(_slug, False),
    "slugs+": _list_of(_slug, True),
    "lines": _list_of(_line, False),
    "lines+": _list_of(_line, True),
}


def convert(kind: str, value: Any) -> tuple[Any, str]:
    """Convert a value by type name; return (value, "") or (None, why)."""
    try:
        return CONVERTERS[kind](value), ""
    except Invalid as bad:
        return None, bad.message


# --- building the chronology ---


def build(doc: RawDocument, refs: bool = True) -> tuple[Chronology | None, list[Problem]]:
    """Check every record and (when `refs`) cross-reference; return the chronology or the problems.

    A reference is judged against every id defined, even by a record with problems of its own,
    so that one mistake is reported once, where it is, and not again at each use.
    """
    check = Checker(refs)
    sources, source_ids = _build_sources(doc, check)
    tags, tag_ids = _build_tags(doc, check)
    meta = _build_meta(doc, check, source_ids)
    eras, era_ids = _unique(doc.records["eras"], check, lambda r, f: _build_era(r, f, check))
    events, event_ids = _unique(
        doc.records["events"],
        check,
        lambda r, f: _build_event(r, f, check, era_ids, tag_ids, source_ids, tags, sources),
    )
    faq, _ = _unique(doc.records["faq"], check, lambda r, f: _build_faq(r, f, check, event_ids, source_ids))
    aliases = tuple(f["terms"] for r in doc.records["aliases"] if (f := check.fields(r)) and "terms" in f)
    if check.problems or meta is None:
        return None, _in_order(check.problems, doc.files)
    ordered = tuple(sorted(events, key=lambda e: (e.first_day, e.last_day, e.id)))
    return Chronology(
        meta=meta,
        sources=sources,
        eras=tuple(sorted(eras, key=lambda e: dates.first_day(e.start))),
        tags=tags,
        events=ordered,
        faq=tuple(faq),
        aliases=aliases,
    ), []


def _in_order(problems: list[Problem], files: list[str]) -> list[Problem]:
    """Problems by file (in reading order), then by line: the order an editor walks them."""
    rank = {name: i for i, name in enumerate(files)}
    for p in problems:  # files that could not be read: in the order first met
        rank.setdefault(p.file, len(rank))
    return sorted(problems, key=lambda p: (rank[p.file], p.line or 0))


def _build_meta(doc: RawDocument, check: Checker, source_ids: set[str]) -> Meta | None:
    if not doc.meta:
        if check.refs:  # else [meta] may be in a file that could not be read
            check.problems.append(_no_meta(doc))
        return None
    first = doc.meta[0]
    for extra in doc.meta[1:]:
        check.add(extra, f"[meta] is defined more than once (first at {_where(first)})")
    f = check.fields(first)
    if f is None:
        return None
    ok = _check_refs(first, "sources", f.get("sources", ()), source_ids, check)
    if not (ok and _has_required("meta", f)):
        return None
    return Meta(title=f["title"], as_of=f["as_of"], overview=f.get("overview", ""),
                sources=f.get("sources", ()))  # fmt: skip


def _no_meta(doc: RawDocument) -> Problem:
    return Problem(
        doc.files[0] if doc.files else "data",
        "no [meta] table: a chronology needs one (title, as_of); "
        "to add to the bundled data instead, layer it: --data @bundled:PATH",
        line=1 if doc.files else None,
    )


def _key_is_slug(r: RawRecord, what: str, check: Checker) -> bool:
    try:
        _slug(r.key)
    except Invalid as bad:
        check.add(r, f"{what} {bad.message}")
        return False
    return True


def _build_sources(doc: RawDocument, check: Checker) -> tuple[dict[str, Source], set[str]]:
    out: dict[str, Source] = {}
    seen: dict[str, RawRecord] = {}
    for r in doc.records["sources"]:
        if not _key_is_slug(r, "source id", check):
            continue
        if r.key in seen:
            check.add(r, f"duplicate source id '{r.key}' (first defined at {_where(seen[r.key])})")
            continue
        seen[r.key] = r
        f = check.fields(r)
        if f is not None and _has_required("sources", f):
            out[r.key] = Source(id=r.key, **f)
    return out, set(seen)


def _build_tags(doc: RawDocument, check: Checker) -> tuple[dict[str, str], set[str]]:
    tags: dict[str, str] = {}
    seen: dict[str, RawRecord] = {}
    for r in doc.records["tags"]:
        if not _key_is_slug(r, "tag", check):
            continue
        if r.key in seen:
            check.add(r, f"duplicate tag '{r.key}' (first defined at {_where(seen[r.key])})")
            continue
        seen[r.key] = r
        try:
            tags[r.key] = _line(r.data)
        except Invalid as bad:
            check.add(r, f"tag description {bad.message}")
    return tags, set(seen)


def _where(r: RawRecord, field: str | None = None) -> str:
    return f"{r.file}:{locate(r, field)}"


def _unique(
    records: list[RawRecord], check: Checker, make: Callable[[RawRecord, dict[str, Any]], Any]
) -> tuple[list[Any], set[str]]:
    """Build each record; ids must be unique. Returns the built items and every id defined."""
    out = []
    seen: dict[str, RawRecord] = {}
    for r in records:
        f = check.fields(r)
        if f is None:
            continue
        rid = f.get("id")
        if rid is not None and rid in seen:
            first = _where(seen[rid], "id")
            check.add(r, f"duplicate id '{rid}' (first defined at {first})", "id")
            continue
        if rid is not None:
            seen[rid] = r
        item = make(r, f)  # checks the other rules even when the id is bad
        if item is not None and rid is not None:
            out.append(item)
    return out, set(seen)


def _has_required(kind: str, f: dict[str, Any]) -> bool:
    return all(k in f for k, (_, required) in SPECS[kind].items() if required)


def _build_era(r: RawRecord, f: dict[str, Any], check: Checker) -> Era | None:
    ok = _check_span(r, f.get("start"), f.get("end"), check)
    if not (ok and _has_required("eras", f)):
        return None
    return Era(**f)


def _check_span(r: RawRecord, start: str | None, end: str | None, check: Checker) -> bool:
    if start is None or end is None:
        return True  # a missing or invalid date is reported on its own
    if dates.first_day(start) > dates.last_day(end):
        check.add(r, f"end {end} is before start {start}", "end")
        return False
    return True


def _check_refs(r: RawRecord, field: str, ids: tuple[str, ...], known: set[str], check: Checker) -> bool:
    if not check.refs:
        return True  # not judged
    ok = True
    what = {"tags": "tag", "sources": "source", "events": "event"}.get(field, field)
    for i, ref in enumerate(ids):
        if ref not in known:
            check.add(r, f"unknown {what} '{ref}' (not defined in this chronology)", field, i)
            ok = False
    return ok


def _build_event(
    r: RawRecord,
    f: dict[str, Any],
    check: Checker,
    era_ids: set[str],
    tag_ids: set[str],
    source_ids: set[str],
    tags: dict[str, str],
    sources: dict[str, Source],
) -> Event | None:
    start = f.get("start")
    end = f.get("end", start)
    ok = _check_span(r, start, end, check)
    if "era" in f and check.refs and f["era"] not in era_ids:
        check.add(r, f"unknown era '{f['era']}' (not defined in this chronology)", "era")
        ok = False
    ok = _check_refs(r, "tags", f.get("tags", ()), tag_ids, check) and ok
    ok = _check_refs(r, "sources", f.get("sources", ()), source_ids, check) and ok
    if not (ok and _has_required("events", f)):
        return None
    if not (all(t in tags for t in f["tags"]) and all(s in sources for s in f["sources"])):
        return None  # a tag or source with problems of its own (already reported)
    assert start is not None and end is not None
    return Event(
        id=f["id"], start=start, end=end,
        when=f.get("when") or dates.span_label(start, end),
        title=f["title"], summary=f["summary"], era=f["era"], tags=f["tags"],
        people=f.get("people", ()), places=f.get("places", ()), sources=f["sources"],
        note=f.get("note", ""),
    )  # fmt: skip


def _build_faq(
    r: RawRecord, f: dict[str, Any], check: Checker, event_ids: set[str], source_ids: set[str]
) -> FaqEntry | None:
    ok = _check_refs(r, "events", f.get("events", ()), event_ids, check)
    ok = _check_refs(r, "sources", f.get("sources", ()), source_ids, check) and ok
    if not (ok and _has_required("faq", f)):
        return None
    return FaqEntry(**f)


# --- entry points ---


def check_paths(paths: list[Path]) -> tuple[Chronology | None, list[Problem]]:
    """Read, parse and validate; return the chronology (when valid) and every problem found."""
    doc, problems = read_all(paths)
    if problems:
        # Still check what could be read, so one run reports every problem it can.
        _, more = build(doc, refs=False)
        return None, _in_order(problems + more, doc.files)
    return build(doc)


def load_meta(paths: list[Path]) -> Meta:
    """Only the [meta] table (for --version): a folder's meta.toml alone when it has one."""
    from rnk import cache  # a fresh cache entry holds [meta] in its header: no TOML to parse

    cached = cache.Entry(paths).load_meta()
    if cached is not None:
        return cached
    narrowed = [p / "meta.toml" if path_kind(p / "meta.toml")[0] == "file" else p for p in paths]
    doc, problems = read_all(narrowed)
    if problems:
        raise DataError(problems)
    check = Checker(refs=False)  # meta.toml alone: its source ids are defined elsewhere
    meta = _build_meta(doc, check, set())
    if meta is None:
        raise DataError(check.problems or [_no_meta(doc)])
    return meta


def load(data: str | None = None) -> Chronology:
    """Load the chronology in force (--data, RNK_DATA or the bundled data); raise DataError."""
    from rnk import cache  # parsed-data cache (rnk/cache.py): never required, checked for staleness

    paths = resolve_paths(data)
    entry = cache.Entry(paths)  # fingerprints the files before they are read
    chronology = entry.load()
    if chronology is not None:
        return chronology
    chronology, problems = check_paths(paths)
    if chronology is None:
        raise DataError(problems)
    entry.save(chronology)
    return chronology
