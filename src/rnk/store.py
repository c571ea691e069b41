"""Validate raw records and build the Chronology: the one entry point for loading data.

Rules: required fields and their types, no unknown fields, slug ids, unique ids, valid dates with
start <= end, known era, known tags, sources present and resolving, FAQ links resolving.
Every problem names the file, the line, the record and the field.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rnk import dates
from rnk.errors import DataError, Problem
from rnk.loader import RawDocument, RawRecord, locate, read_all, resolve_paths
from rnk.model import Chronology, Era, Event, FaqEntry, Meta, Source

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_SLUG = 80

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
        "date": ("date", True),
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


class Checker:
    """Collects problems while converting raw values to their typed form."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, record: RawRecord, message: str, field: str | None = None) -> None:
        self.problems.append(
            Problem(record.file, message, line=locate(record, field), record=label(record), field=field)
        )

    def fields(self, record: RawRecord) -> dict[str, Any] | None:
        """Check a record against its spec; return its normalised values, or None if unusable."""
        spec = SPECS[record.kind]
        if not isinstance(record.data, dict):
            self.add(record, "must be a table")
            return None
        out: dict[str, Any] = {}
        for key in record.data:
            if key not in spec:
                self.add(record, f"unknown field (known: {', '.join(spec)})", key)
        for name, (kind, required) in spec.items():
            if name not in record.data:
                if required:
                    self.add(record, "is missing", name)
                continue
            value, why = convert(kind, record.data[name])
            if why:
                self.add(record, why, name)
            else:
                out[name] = value
        return out


def label(record: RawRecord) -> str:
    if record.kind == "meta":
        return "[meta]"
    if record.key:
        return f"{record.kind}.{record.key}"
    rid = record.data.get("id") if isinstance(record.data, dict) else None
    if isinstance(rid, str) and rid:
        return f"{record.kind} '{rid}'"
    return f"{record.kind}[{record.index}]"


def _line(value: Any) -> tuple[Any, str]:
    if not isinstance(value, str):
        return None, f"must be a string, not {type_name(value)}"
    if not value.strip():
        return None, "must not be empty"
    if "\n" in value.strip():
        return None, "must be a single line"
    return value.strip(), ""


def _text(value: Any) -> tuple[Any, str]:
    if not isinstance(value, str):
        return None, f"must be a string, not {type_name(value)}"
    if not value.strip():
        return None, "must not be empty"
    return value.strip(), ""


def _slug(value: Any) -> tuple[Any, str]:
    if not isinstance(value, str):
        return None, f"must be a string, not {type_name(value)}"
    if not SLUG.match(value) or len(value) > MAX_SLUG:
        return (
            None,
            f"'{value}' is not a slug (lowercase letters, digits and '-', starting with a letter or digit)",
        )
    return value, ""


def _date(value: Any) -> tuple[Any, str]:
    if isinstance(value, _dt.datetime):
        return None, "must be a date without a time"
    if isinstance(value, _dt.date):
        return value.isoformat(), ""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
        value = f"{value:04d}"
    if not isinstance(value, str):
        return None, f"must be a date string, not {type_name(value)}"
    try:
        dates.parse(value)
    except ValueError as exc:
        return None, str(exc)
    return value, ""


def _url(value: Any) -> tuple[Any, str]:
    text, why = _line(value)
    if why:
        return None, why
    if not text.startswith(("http://", "https://")):
        return None, "must be an http:// or https:// address"
    return text, ""


def _list_of(item: Callable[[Any], tuple[Any, str]], non_empty: bool) -> Callable[[Any], tuple[Any, str]]:
    def check(value: Any) -> tuple[Any, str]:
        if not isinstance(value, list):
            return None, f"must be an array, not {type_name(value)}"
        if non_empty and not value:
            return None, "must list at least one item"
        out = []
        for i, v in enumerate(value):
            converted, why = item(v)
            if why:
                return None, f"item {i + 1}: {why}"
            out.append(converted)
        return tuple(out), ""

    return check


CONVERTERS: dict[str, Callable[[Any], tuple[Any, str]]] = {
    "line": _line,
    "text": _text,
    "slug": _slug,
    "date": _date,
    "url": _url,
    "slugs": _list_of(_slug, False),
    "slugs+": _list_of(_slug, True),
    "lines": _list_of(_line, False),
    "lines+": _list_of(_line, True),
}


def convert(kind: str, value: Any) -> tuple[Any, str]:
    return CONVERTERS[kind](value)


def type_name(value: Any) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "a boolean",
             list: "an array", dict: "a table"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


def build(doc: RawDocument) -> tuple[Chronology | None, list[Problem]]:
    """Check every record and cross-reference; return the chronology or the problems."""
    check = Checker()
    meta = _build_meta(doc, check)
    sources = {s.id: s for s in _build_sources(doc, check)}
    tags = _build_tags(doc, check)
    eras = _unique(doc.records["eras"], check, _build_era)
    era_ids = {e.id for e in eras}
    events = _unique(
        doc.records["events"], check, lambda r, f: _build_event(r, f, check, era_ids, tags, sources)
    )
    event_ids = {e.id for e in events}
    faq = _unique(doc.records["faq"], check, lambda r, f: _build_faq(r, f, check, event_ids, sources))
    aliases = tuple(
        tuple(f["terms"]) for r in doc.records["aliases"] if (f := check.fields(r)) and "terms" in f
    )
    if meta is not None:
        _check_refs(doc.meta[0], "sources", meta.sources, sources, check)
    if check.problems or meta is None:
        return None, check.problems
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


def _build_meta(doc: RawDocument, check: Checker) -> Meta | None:
    if not doc.meta:
        where = doc.files[0] if doc.files else "data"
        check.problems.append(Problem(where, "no [meta] table: every chronology needs one (title, as_of)"))
        return None
    for extra in doc.meta[1:]:
        check.add(extra, "[meta] is defined more than once")
    f = check.fields(doc.meta[0])
    if f is None or "title" not in f or "as_of" not in f:
        return None
    return Meta(title=f["title"], as_of=f["as_of"], overview=f.get("overview", ""),
                sources=f.get("sources", ()))  # fmt: skip


def _build_sources(doc: RawDocument, check: Checker) -> list[Source]:
    out = []
    seen: set[str] = set()
    for r in doc.records["sources"]:
        _, why = _slug(r.key)
        if why:
            check.add(r, f"source id {why}")
            continue
        if r.key in seen:
            check.add(r, f"duplicate source id '{r.key}'")
            continue
        seen.add(r.key)
        f = check.fields(r)
        if f is not None and len(f) == len(SPECS["sources"]):
            out.append(Source(id=r.key, **f))
    return out


def _build_tags(doc: RawDocument, check: Checker) -> dict[str, str]:
    tags: dict[str, str] = {}
    for r in doc.records["tags"]:
        _, why = _slug(r.key)
        if why:
            check.add(r, f"tag {why}")
        elif r.key in tags:
            check.add(r, f"duplicate tag '{r.key}'")
        else:
            text, why = _line(r.data)
            if why:
                check.add(r, f"tag description {why}")
            else:
                tags[r.key] = text
    return tags


def _unique(
    records: list[RawRecord], check: Checker, make: Callable[[RawRecord, dict[str, Any]], Any]
) -> list[Any]:
    out = []
    seen: dict[str, str] = {}
    for r in records:
        f = check.fields(r)
        if f is None or "id" not in f:
            continue
        if f["id"] in seen:
            check.add(r, f"duplicate id '{f['id']}' (first defined in {seen[f['id']]})", "id")
            continue
        seen[f["id"]] = r.file
        item = make(r, f)
        if item is not None:
            out.append(item)
    return out


def _build_era(r: RawRecord, f: dict[str, Any]) -> Era | None:
    if len(f) != len(SPECS["eras"]):
        return None
    return Era(**f)


def _check_span(r: RawRecord, start: str, end: str, check: Checker) -> bool:
    if dates.first_day(start) > dates.last_day(end):
        check.add(r, f"end {end} is before start {start}", "end")
        return False
    return True


def _check_refs(
    r: RawRecord, field: str, ids: tuple[str, ...], known: dict[str, Any] | set[str], check: Checker
) -> bool:
    missing = [i for i in ids if i not in known]
    for i in missing:
        check.add(r, f"unknown {field.rstrip('s')} '{i}'", field)
    return not missing


def _build_event(
    r: RawRecord,
    f: dict[str, Any],
    check: Checker,
    era_ids: set[str],
    tags: dict[str, str],
    sources: dict[str, Source],
) -> Event | None:
    required = [k for k, (_, req) in SPECS["events"].items() if req]
    if any(k not in f for k in required):
        return None
    end = f.get("end", f["start"])
    ok = _check_span(r, f["start"], end, check)
    if f["era"] not in era_ids:
        check.add(r, f"unknown era '{f['era']}'", "era")
        ok = False
    ok = _check_refs(r, "tags", f["tags"], tags, check) and ok
    ok = _check_refs(r, "sources", f["sources"], sources, check) and ok
    if not ok:
        return None
    return Event(
        id=f["id"], start=f["start"], end=end,
        when=f.get("when") or dates.span_label(f["start"], end),
        title=f["title"], summary=f["summary"], era=f["era"], tags=f["tags"],
        people=f.get("people", ()), places=f.get("places", ()), sources=f["sources"],
        note=f.get("note", ""),
    )  # fmt: skip


def _build_faq(
    r: RawRecord, f: dict[str, Any], check: Checker, event_ids: set[str], sources: dict[str, Source]
) -> FaqEntry | None:
    if any(k not in f for k in ("question", "answer", "events")):
        return None
    ok = _check_refs(r, "events", f["events"], event_ids, check)
    ok = _check_refs(r, "sources", f.get("sources", ()), sources, check) and ok
    if not ok:
        return None
    return FaqEntry(**f)


def check_paths(paths: list[Path]) -> tuple[Chronology | None, list[Problem]]:
    """Read, parse and validate; return the chronology (when valid) and every problem found."""
    doc, problems = read_all(paths)
    if problems:
        return None, problems
    return build(doc)


def load_meta(paths: list[Path]) -> Meta:
    """Only the [meta] table (for --version): a folder's meta.toml alone when it has one."""
    narrowed = [p / "meta.toml" if (p / "meta.toml").is_file() else p for p in paths]
    doc, problems = read_all(narrowed)
    if problems:
        raise DataError(problems)
    check = Checker()
    meta = _build_meta(doc, check)
    if meta is None:
        raise DataError(check.problems)
    return meta


def load(data: str | None = None) -> Chronology:
    """Load the chronology in force (--data, RNK_DATA or the bundled data); raise DataError."""
    chronology, problems = check_paths(resolve_paths(data))
    if chronology is None:
        raise DataError(problems)
    return chronology
