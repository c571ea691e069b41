"""Ranked search over a chronology's index: BM25F scoring of a parsed query, --regex mode (run
by RE2) and suggestions for unknown ids. Pure: no I/O."""

# NamedTuples, not frozen dataclasses (nine took 4 ms, near a tenth of `rnk search`), and no
# `from __future__ import annotations` (NamedTuple would compile each string annotation).
import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from rnk.core.errors import UsageError, shorten
from rnk.core.model import Chronology
from rnk.core.ranges import YearRange
from rnk.query.aliases import alias_tokens
from rnk.query.analysis import fold
from rnk.query.index import (
    BORROWED_FIELDS,
    EVENT,
    FAQ,
    K1,
    KINDS,
    WEIGHTS,
    Doc,
    Index,
    build_index,
    field_words,
)
from rnk.query.parse import MAX_QUERY_CHARS, Clause, Query, correct_query, parse_query

DATE_BOOST = 0.25  # within a year range, records whose years fit it closely rank higher
# A query of keywords is usually after an event; a query phrased as a question may want an FAQ
# answer. Keyword queries scale FAQ scores by this factor.
FAQ_FOR_KEYWORDS = 0.4
# "When did Kim Jong Un visit Russia": an event that took place somewhere else, a place the
# aliases know (Pyongyang), went the other way. Its score is scaled by this.
ELSEWHERE = 0.4
# The tag of turning points, as in rnk.query.summary (not imported: a search must not load it).
TURNING_POINT = "turning-point"
TURNING_BOOST = 1.2
OVERVIEW_BOOST = 1.1


class Hit(NamedTuple):
    kind: str
    id: str
    score: float


class Result(NamedTuple):
    """Hits, best first, with what the user should be told and what to highlight."""

    hits: tuple[Hit, ...]
    notes: tuple[str, ...] = ()
    marks: tuple[tuple[str, ...], ...] = ()  # stem sequences to highlight
    pattern: Any = None  # --regex: the compiled RE2 pattern, to highlight its matches instead
    corrected: str | None = None


def search(
    index: Index, text: str, kinds: Sequence[str] = KINDS, limit: int | None = None, correct: bool = True
) -> Result:
    """Rank records for a query, best first. Words that match nothing are corrected against the
    data's vocabulary (when `correct`), and the result says so in its notes."""
    query = parse_query(index, text)
    notes: list[str] = []
    corrected = None
    if correct and query.unknown:
        fixed = correct_query(index, text, query.unknown)
        if fixed is not None and fixed != text:
            query = parse_query(index, fixed)
            corrected = fixed
            notes.append(f"showing results for '{fixed}'")
    hits, note = rank(index, query, kinds)
    if note:
        notes.append(note)
    return Result(tuple(hits[:limit]), tuple(notes), query.marks, None, corrected)


def rank(index: Index, query: Query, kinds: Sequence[str] = KINDS) -> tuple[list[Hit], str | None]:
    """Score every record the query reaches; a year range narrows, unless nothing is left."""
    scores = _text_scores(index, query) if query.clauses else dict.fromkeys(range(len(index.docs)), 1.0)
    candidates = [n for n in scores if index.docs[n].kind in kinds]
    for stems in query.exclude:
        found = _containing(index, stems, candidates)
        candidates = [n for n in candidates if n not in found]
    for stems in query.phrases:
        found = _containing(index, stems, candidates)
        candidates = [n for n in candidates if n in found]
    for years in query.not_years:
        candidates = [n for n in candidates if not _overlaps(index.docs[n], years)]
    note = None
    if query.years is not None:
        inside = [n for n in candidates if _overlaps(index.docs[n], query.years)]
        if inside or not query.clauses:
            candidates = inside
        elif candidates:
            note = f"nothing matches in {_years_label(query.years)}; showing matches from other years"
    scored = []
    for n in candidates:
        score = scores[n]
        if query.years is not None:
            score *= 1.0 + DATE_BOOST * max(_fit(index.docs[n], years) for years in query.each_year)
        if not query.question and index.docs[n].kind == FAQ:
            score *= FAQ_FOR_KEYWORDS
        score *= _prior(index.docs[n], query.question)
        if query.destination is not None and _elsewhere(index, index.docs[n], query.destination):
            score *= ELSEWHERE
        scored.append((score, n))
    return _hits(index, scored), note


def _hits(index: Index, scored: Iterable[tuple[float, int]], limit: int | None = None) -> list[Hit]:
    """(score, record number) pairs as hits: best first, then in the index's order."""
    best = sorted(scored, key=lambda h: (-h[0], h[1]))[:limit]
    return [Hit(index.docs[n].kind, index.docs[n].id, round(s, 3)) for s, n in best]


def _text_scores(index: Index, query: Query) -> dict[int, float]:
    """BM25F: per clause, the best of its options; clauses add up."""
    total: dict[int, float] = {}
    for clause in query.clauses:
        best: dict[int, float] = {}
        for token, weight in clause.options:
            found = index.postings.get(token)
            if not found:
                continue
            idf = index.idf(token) * weight
            for n, tfw in zip(*found, strict=True):
                s = idf * tfw * (K1 + 1.0) / (K1 + tfw)
                if s > best.get(n, 0.0):
                    best[n] = s
        for n, s in best.items():
            total[n] = total.get(n, 0.0) + s
    return total


def _prior(doc: Doc, question: bool) -> float:
    """What a record is worth before the words count: a turning point, or (for keywords) an
    overview of several years, is what a reader most often means by a bare name or topic."""
    prior = 1.0
    if doc.kind == EVENT and TURNING_POINT in dict(doc.fields)["tags"]:
        prior *= TURNING_BOOST
    if doc.kind == EVENT and not question and doc.last_year > doc.first_year:
        prior *= OVERVIEW_BOOST
    return prior


def _elsewhere(index: Index, doc: Doc, destination: Clause) -> bool:
    """The event's places are known (one is in an alias group) and none of them is the destination."""
    places = dict(doc.fields).get("places")
    if not places:
        return False
    seq = field_words(places)
    found = {w.stem for w in seq if w is not None} | set(alias_tokens(seq, index.aliases))
    wanted = {token for token, _ in destination.options}
    return not found & wanted and any(t.startswith("#") for t in found)


def _overlaps(doc: Doc, years: YearRange) -> bool:
    return years.overlaps(doc.first_year, doc.last_year)


def _fit(doc: Doc, years: YearRange) -> float:
    """How closely the record's years match the range (shared years over all years of either):
    1.0 when they are the same years, small for a decade-long record asked about one year."""
    if not _overlaps(doc, years):
        return 0.0
    start = doc.first_year if years.start is None else years.start
    end = doc.last_year if years.end is None else years.end
    shared = min(doc.last_year, end) - max(doc.first_year, start) + 1
    either = max(doc.last_year, end) - min(doc.first_year, start) + 1
    return shared / either


def _years_label(years: YearRange) -> str:
    if years.start == years.end:
        return str(years.start)
    return f"{years.start or ''}–{years.end or ''}"


def _containing(index: Index, stems: tuple[str, ...], among: Iterable[int]) -> set[int]:
    """The records among these that have the words, in this order, in one of their own fields.
    Only those with every one of the words (from the postings: cheap) are read."""
    maybe = set(among)
    for st in set(stems):
        postings = index.postings.get(st)
        maybe &= set(postings[0]) if postings else set()
    return {n for n in maybe if _has_phrase(index.docs[n], stems)}


def _has_phrase(doc: Doc, stems: tuple[str, ...]) -> bool:
    for name, texts in doc.fields:
        seq = field_words(texts) if name not in BORROWED_FIELDS else []
        for i in range(len(seq) - len(stems) + 1):
            if all((w := seq[i + k]) is not None and w.stem == st for k, st in enumerate(stems)):
                return True
    return False


# ----------------------------------------------------------------------------- regex mode


# RE2 (google-re2, imported only for --regex) matches in time linear in the text, so no pattern
# can hang rnk; it refuses what would need backtracking (back-references, look-around). With the
# pattern's length bounded (RE2 bounds the compiled program's memory), a search costs at most a
# constant per character of the data.
MAX_PATTERN = 200
# What RE2 refuses because it would need backtracking, as its error messages say it (compiled
# by the first --regex that fails, not by every search).
_BACKTRACKING = r"invalid escape sequence: \\[1-9]|invalid perl operator: \(\?(P=|=|!|<=|<!)"


def compile_pattern(pattern: str) -> Any:
    """Compile a user's pattern (case-insensitive) with RE2, or raise a one-line UsageError."""
    import re2

    if not pattern:
        raise UsageError("--regex needs a pattern")
    if len(pattern) > MAX_PATTERN:
        raise UsageError(
            f"the --regex pattern is too long ({len(pattern)} characters; at most {MAX_PATTERN})"
        )
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # RE2 would also print the error on stderr
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args else "invalid"
        if re.match(_BACKTRACKING, reason):
            raise UsageError(
                "--regex does not support back-references or look-around "
                "(RE2 syntax, which matches in linear time)"
            ) from None
        raise UsageError(f"invalid regular expression '{pattern}': {reason}") from None


def find_spans(pattern: Any, text: str) -> list[tuple[int, int]]:
    """Non-empty matches of a compiled pattern in `text`, as (start, end) character offsets."""
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


def regex_search(index: Index, pattern_text: str, kinds: Sequence[str] = KINDS, limit: int | None = None
                 ) -> Result:  # fmt: skip
    """Records whose fields match a regular expression (case-insensitive, RE2 syntax), most
    matches first, weighted by field."""
    pattern = compile_pattern(pattern_text)
    scored = []
    for n, doc in enumerate(index.docs):
        if doc.kind not in kinds:
            continue
        weights = WEIGHTS[doc.kind]
        score = sum(
            weights[name] * len(find_spans(pattern, text))
            for name, texts in doc.fields
            if name not in BORROWED_FIELDS
            for text in texts
        )
        if score:
            scored.append((score, n))
    return Result(tuple(_hits(index, scored, limit)), pattern=pattern)


def kinds_for(what: str) -> tuple[str, ...]:
    return {"events": (EVENT,), "event": (EVENT,), "faq": (FAQ,), "all": KINDS}[what]


# ----------------------------------------------------------------------------- suggestions


def suggest_events(chron: Chronology, text: str, limit: int = 3) -> list[str]:
    """Event ids close to what was typed: similar ids, similar titles, else the best search hits."""
    import difflib

    found = difflib.get_close_matches(text, [e.id for e in chron.events], n=limit, cutoff=0.6)
    titles = {fold(e.title): e.id for e in chron.events}
    found += [titles[t] for t in difflib.get_close_matches(fold(text), list(titles), n=limit, cutoff=0.5)]
    if not found:
        result = search(build_index(chron), fold(text)[:MAX_QUERY_CHARS], kinds=(EVENT,), limit=limit)
        found = [hit.id for hit in result.hits]
    return list(dict.fromkeys(found))[:limit]


def unknown_event_message(chron: Chronology, event_id: str) -> str:
    message = f"no event '{shorten(event_id)}'"
    faq_id = event_id.strip().lower()
    if chron.faq_entry(faq_id) is not None:
        return f"{message}: '{faq_id}' is an FAQ entry (rnk faq {faq_id})"
    try:
        found = suggest_events(chron, event_id)
    except UsageError:  # nothing in it to search for (`rnk show '!!!'`): still no such event, exit 1
        found = []
    if found:
        return f"{message}; did you mean {', '.join(found)}?"
    return f"{message} (try 'rnk search WORDS')"
