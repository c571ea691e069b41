"""Validate raw records and build the Chronology: the one entry point for loading data.

Rules: required fields and their types, no unknown fields, slug ids, unique ids, valid dates with
start <= end, known era, known tags, sources present and resolving, FAQ links resolving.
Every problem names the file, the line, the record and the field.

Public entry points (kept stable for callers such as a cache): `load(data)` and
`check_paths(paths)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rnk.core import dates
from rnk.core.errors import DataError, Problem
from rnk.core.loader import RawDocument, RawRecord, locate, path_kind, read_all, resolve_paths
from rnk.core.model import Chronology, Era, Event, FaqEntry, Meta, Name, Source
from rnk.core.rules import SPECS, Checker, Invalid, line_rule, slug_rule

# --- converters: raw TOML value -> normalised value, or raise Invalid ---


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
    names = _build_names(doc, check, source_ids)
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
        aliases=aliases + tuple(n.spellings for n in names.values()),  # each name is an alias group
        names=names,
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
        slug_rule(r.key)
    except Invalid as bad:
        check.add(r, f"{what} {bad.message}")
        return False
    return True


def _keyed(records: list[RawRecord], what: str, check: Checker) -> Iterator[RawRecord]:
    """The records of a keyed table whose key is a slug not seen before; the rest are problems."""
    seen: dict[str, RawRecord] = {}
    for r in records:
        if not _key_is_slug(r, what, check):
            continue
        if r.key in seen:
            check.add(r, f"duplicate {what} '{r.key}' (first defined at {_where(seen[r.key])})")
            continue
        seen[r.key] = r
        yield r


def _build_sources(doc: RawDocument, check: Checker) -> tuple[dict[str, Source], set[str]]:
    out: dict[str, Source] = {}
    ids: set[str] = set()
    for r in _keyed(doc.records["sources"], "source id", check):
        ids.add(r.key)
        f = check.fields(r)
        if f is not None and _has_required("sources", f):
            out[r.key] = Source(id=r.key, **f)
    return out, ids


def _build_tags(doc: RawDocument, check: Checker) -> tuple[dict[str, str], set[str]]:
    tags: dict[str, str] = {}
    ids: set[str] = set()
    for r in _keyed(doc.records["tags"], "tag", check):
        ids.add(r.key)
        try:
            tags[r.key] = line_rule(r.data)
        except Invalid as bad:
            check.add(r, f"tag description {bad.message}")
    return tags, ids


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


def _named(doc: RawDocument) -> set[str]:
    """Every person and place the events name, even events with problems of their own."""
    events = [r.data for r in doc.records["events"] if isinstance(r.data, dict)]
    raw = [e.get(k) for e in events for k in ("people", "places")]
    return {n.strip() for names in raw if isinstance(names, list) for n in names if isinstance(n, str)}


def _build_names(doc: RawDocument, check: Checker, source_ids: set[str]) -> dict[str, Name]:
    """`[[names]]`: each names a person or place of some event, once; its sources resolve."""
    named = _named(doc)
    out: dict[str, Name] = {}
    first: dict[str, RawRecord] = {}
    for r in doc.records["names"]:
        f = check.fields(r)
        if f is None:
            continue
        ok = _check_refs(r, "sources", f.get("sources", ()), source_ids, check)
        name = f.get("name")
        if name is None:  # missing or invalid: reported by fields()
            continue
        if name in first:
            check.add(r, f"'{name}' is named more than once (first at {_where(first[name], 'name')})", "name")
            continue
        first[name] = r
        if check.refs and name not in named:
            check.add(r, f"no event names the person or place '{name}' (names must match an event's)", "name")
            ok = False
        if ok and _has_required("names", f):
            out[name] = Name(**f)
    return out


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
    from rnk.core import snapshot  # a fresh cache entry holds [meta] in its header: no TOML to parse

    cached = snapshot.Entry(paths).load_meta()
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
    from rnk.core import snapshot  # parsed data in the cache: never required, checked for staleness

    paths = resolve_paths(data)
    entry = snapshot.Entry(paths)  # fingerprints the files before they are read
    chronology = entry.load()
    if chronology is not None:
        return chronology
    chronology, problems = check_paths(paths)
    if chronology is None:
        raise DataError(problems)
    entry.save(chronology)
    return chronology
