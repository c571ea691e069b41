"""Validate raw records and build the Chronology: `load(data)` is the one entry point for loading
data (`check_paths` for `rnk validate`, `load_meta` for `--version`). Rules: the fields of each
record (`rules.SPECS`), unique ids, start <= end, references that resolve (`REFS`); every problem
names the file, the line, the record and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rnk.core import dates
from rnk.core.errors import DataError, Problem
from rnk.core.loader import RawDocument, RawRecord, locate, path_kind, read_all, resolve_paths
from rnk.core.model import Chronology, Era, Event, FaqEntry, Meta, Name, Source
from rnk.core.rules import SPECS, Invalid, convert, label, line_rule, type_name

# kind -> field -> the kind whose ids it names, checked in this order
REFS = {
    "meta": {"sources": "sources"},
    "events": {"era": "eras", "tags": "tags", "sources": "sources"},
    "faq": {"events": "events", "sources": "sources"},
    "names": {"sources": "sources"},
}


def build(doc: RawDocument, refs: bool = True) -> tuple[Chronology | None, list[Problem]]:
    """Check every record and (when `refs`) cross-reference; return the chronology or the problems.

    A reference is judged against every id defined, even by a record with problems of its own,
    so that one mistake is reported once, where it is, and not again at each use."""
    b = _Builder(doc, refs)
    sources = {r.key: Source(id=r.key, **f) for r, f in b.keyed("sources", "source id") if b.complete(r, f)}
    tags = {r.key: b.tag_description(r) for r, _ in b.keyed("tags", "tag")}
    meta = b.meta()
    eras = b.unique("eras", lambda r, f: Era(**f) if b.span_ok(r, f) and b.complete(r, f) else None)
    events = b.unique("events", b.event)
    faq = b.unique("faq", lambda r, f: FaqEntry(**f) if b.complete(r, f) else None)
    aliases = tuple(f["terms"] for r in doc.records["aliases"] if (f := b.fields(r)) and "terms" in f)
    names = b.names()
    if b.problems or meta is None:
        return None, _in_order(b.problems, doc.files)
    return Chronology(
        meta=meta,
        sources=sources,
        eras=tuple(sorted(eras, key=lambda e: dates.first_day(e.start))),
        tags={k: v for k, v in tags.items() if v is not None},
        events=tuple(sorted(events, key=lambda e: (dates.first_day(e.start), dates.last_day(e.end), e.id))),
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


def _where(r: RawRecord, field: str | None = None) -> str:
    return f"{r.file}:{locate(r, field)}"


def _no_meta(doc: RawDocument) -> Problem:
    return Problem(
        doc.files[0] if doc.files else "data",
        "no [meta] table: a chronology needs one (title, as_of); "
        "to add to the bundled data instead, layer it: --data @bundled:PATH",
        line=1 if doc.files else None,
    )


class _Builder:
    """Checks the records of a document, collecting every problem, and remembers every id
    defined so far, by kind, for the references."""

    def __init__(self, doc: RawDocument, refs: bool) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        # False when some file could not be read: what it defined is unknown, so references
        # to it cannot be judged (each record is still checked on its own).
        self.refs = refs
        self.ids: dict[str, dict[str, RawRecord]] = {}  # kind -> id -> where it is first defined

    def add(self, r: RawRecord, message: str, field: str | None = None, item: int | None = None) -> None:
        line = locate(r, field, item)
        self.problems.append(Problem(r.file, message, line=line, record=label(r), field=field))

    def fields(self, r: RawRecord) -> dict[str, Any] | None:
        """Check a record against its spec; return its normalised values, or None if unusable."""
        spec = SPECS[r.kind]
        if not isinstance(r.data, dict):
            self.add(r, f"must be a table, not {type_name(r.data)}")
            return None
        for key in (k for k in r.data if k not in spec):
            import difflib

            close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.add(r, f"unknown field ({hint}known: {', '.join(spec)})", key)
        out: dict[str, Any] = {}
        for name, (rule, required) in spec.items():
            if name in r.data:
                try:
                    out[name] = convert(rule, r.data[name])
                except Invalid as bad:
                    self.add(r, bad.message, name, bad.item)
            elif required:
                self.add(r, "is missing (required)", name)
        return out

    def complete(self, r: RawRecord, f: dict[str, Any]) -> bool:
        """Report the references that do not resolve; True when no required field is missing, so
        that the record can be built. (Any problem leaves no chronology: this is no verdict.)"""
        for field, kind in REFS.get(r.kind, {}).items() if self.refs else ():  # else not judged
            value = f.get(field, ())
            for i, ref in enumerate(value) if isinstance(value, tuple) else [(None, value)]:
                if ref not in self.ids.get(kind, ()):
                    self.add(r, f"unknown {kind[:-1]} '{ref}' (not defined in this chronology)", field, i)
        return all(k in f for k, (_, required) in SPECS[r.kind].items() if required)

    def span_ok(self, r: RawRecord, f: dict[str, Any]) -> bool:
        start = f.get("start")
        end = f.get("end", start)
        # a missing or invalid date is reported on its own
        if start is None or end is None or dates.first_day(start) <= dates.last_day(end):
            return True
        self.add(r, f"end {end} is before start {start}", "end")
        return False

    def keyed(self, kind: str, what: str) -> Iterator[tuple[RawRecord, dict[str, Any]]]:
        """The records of a keyed table whose key is a slug not seen before, with their checked
        fields (sources; tags are not tables); the rest are problems."""
        seen = self.ids[kind] = {}
        for r in self.doc.records[kind]:
            try:
                convert("slug", r.key)
            except Invalid as bad:
                self.add(r, f"{what} {bad.message}")
                continue
            if r.key in seen:
                self.add(r, f"duplicate {what} '{r.key}' (first defined at {_where(seen[r.key])})")
                continue
            seen[r.key] = r
            f = self.fields(r) if kind in SPECS else {}
            if f is not None:
                yield r, f

    def tag_description(self, r: RawRecord) -> str | None:
        try:
            return line_rule(r.data)
        except Invalid as bad:
            self.add(r, f"tag description {bad.message}")
            return None

    def meta(self) -> Meta | None:
        if not self.doc.records["meta"]:
            if self.refs:  # else [meta] may be in a file that could not be read
                self.problems.append(_no_meta(self.doc))
            return None
        first = self.doc.records["meta"][0]
        for extra in self.doc.records["meta"][1:]:
            self.add(extra, f"[meta] is defined more than once (first at {_where(first)})")
        f = self.fields(first)
        return Meta(**f) if f is not None and self.complete(first, f) else None

    def unique(self, kind: str, make: Callable[[RawRecord, dict[str, Any]], Any]) -> list[Any]:
        """Build each record of an array (`make` checks the other rules even when the id is bad);
        ids must be unique. Every id defined is remembered for references."""
        out = []
        seen = self.ids[kind] = {}
        for r in self.doc.records[kind]:
            f = self.fields(r)
            if f is None:
                continue
            rid = f.get("id")
            if rid in seen:
                self.add(r, f"duplicate id '{rid}' (first defined at {_where(seen[rid], 'id')})", "id")
                continue
            if rid is not None:
                seen[rid] = r
            item = make(r, f)
            if item is not None and rid is not None:
                out.append(item)
        return out

    def event(self, r: RawRecord, f: dict[str, Any]) -> Event | None:
        self.span_ok(r, f)
        if not self.complete(r, f):
            return None
        start = f["start"]
        end = f.get("end", start)
        when = f.get("when") or dates.span_label(start, end)
        return Event(**{**f, "end": end, "when": when})

    def names(self) -> dict[str, Name]:
        """`[[names]]`: each names a person or place of some event, once; its sources resolve."""
        named = _named(self.doc)
        out: dict[str, Name] = {}
        first: dict[str, RawRecord] = {}
        for r in self.doc.records["names"]:
            f = self.fields(r)
            if f is None:
                continue
            buildable = self.complete(r, f)
            name = f.get("name")
            if name is None:  # missing or invalid: reported by fields()
                continue
            if name in first:
                where = _where(first[name], "name")
                self.add(r, f"'{name}' is named more than once (first at {where})", "name")
                continue
            first[name] = r
            if self.refs and name not in named:
                message = f"no event names the person or place '{name}' (names must match an event's)"
                self.add(r, message, "name")
            if buildable:
                out[name] = Name(**f)
        return out


def _named(doc: RawDocument) -> set[str]:
    """Every person and place the events name, even events with problems of their own."""
    events = [r.data for r in doc.records["events"] if isinstance(r.data, dict)]
    raw = [e.get(k) for e in events for k in ("people", "places")]
    return {n.strip() for names in raw if isinstance(names, list) for n in names if isinstance(n, str)}


def check_paths(paths: list[Path]) -> tuple[Chronology | None, list[Problem]]:
    """Read, parse and validate; return the chronology (when valid) and every problem found."""
    doc, problems = read_all(paths)
    # A file could not be read: still check what could, so one run reports every problem it can.
    chronology, more = build(doc, refs=not problems)
    return (None, _in_order(problems + more, doc.files)) if problems else (chronology, more)


def load_meta(paths: list[Path]) -> Meta:
    """Only the [meta] table (for --version): a folder's meta.toml alone when it has one."""
    from rnk.core import cache  # a fresh cache entry holds [meta] in its header: no TOML to parse

    cached = cache.meta(paths)
    if cached is not None:
        return cached
    narrowed = [p / "meta.toml" if path_kind(p / "meta.toml")[0] == "file" else p for p in paths]
    doc, problems = read_all(narrowed)
    if problems:
        raise DataError(problems)
    builder = _Builder(doc, refs=False)  # meta.toml alone: its source ids are defined elsewhere
    meta = builder.meta()
    if meta is None:
        raise DataError(builder.problems or [_no_meta(doc)])
    return meta


def load(data: str | None = None) -> Chronology:
    """Load the chronology in force (--data, RNK_DATA or the bundled data); raise DataError."""
    from rnk.core import cache  # parsed data in the cache: never required, checked for staleness

    paths = resolve_paths(data)
    return cache.chronology(paths, lambda: _valid(paths))


def _valid(paths: list[Path]) -> Chronology:
    chronology, problems = check_paths(paths)
    if chronology is None:
        raise DataError(problems)
    return chronology
