"""A query as typed, parsed: words, "phrases", -exclusions, years and ranges, questions; and the
correction of misspelt words against the index's vocabulary."""

# No `from __future__ import annotations`: see rnk.core.model (NamedTuple and string annotations).
import re
from collections.abc import Sequence
from functools import reduce
from typing import NamedTuple

from rnk.core.errors import UsageError
from rnk.core.ranges import YearRange, parse_range
from rnk.query.aliases import ALIAS_WEIGHT
from rnk.query.analysis import _EDGE_PUNCT, _WORD, STOPWORDS, Analysed, Token, stems_of, tokens, wordset
from rnk.query.index import Index

# Years written in a query are read as dates only in this window, so "Resolution 1718" or
# "2270" stay words.
QUERY_YEARS = (1900, 2100)
QUESTION_WORDS = wordset(
    "who whom whose what which when where why how did does do is are was were has have had "
    "can could will would should"
)
# In a question, what asks rather than what it is about: "what happened in 1996", "tell me about
# the armistice", "how many times…". These are not search terms (a keyword query keeps them,
# at a low weight: there "when" or "how" may be a word the reader means).
FILLER = QUESTION_WORDS | wordset(
    "happen happened happens happening tell me know about anything something thing things ever "
    "many much often time times there any please whats whos wheres hows"
)
# "Kim Jong Un visited Russia": the place after one of these words is where someone went.
_MOVING = wordset(
    "visit visits visited visiting go goes went gone going travel travels travelled traveled trip "
    "trips come came arrive arrives arrived been"
)
_BOUNDS = frozenset(("before", "after", "since", "until", "till"))
_TOWARDS = frozenset(("to", "in", "into", "the"))
# "when", "how", "why" in a keyword query say what kind of answer is wanted, not what it is
# about: they count, but for little.
QUESTION_WORD_WEIGHT = 0.3
MAX_QUERY_CHARS = 1000
MAX_CORRECTIONS = 8
# A query is made of "quoted phrases", -exclusions and bare words.
_UNIT = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class Clause(NamedTuple):
    """One thing the user asked for: a word or an alias term, and the index tokens that count
    for it with their weights (the best one counts)."""

    text: str
    options: tuple[tuple[str, float], ...]
    marks: tuple[tuple[str, ...], ...]  # stem sequences to highlight


class Query(NamedTuple):
    clauses: tuple[Clause, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()  # stems that must appear in this order
    exclude: tuple[tuple[str, ...], ...] = ()  # stems (a word, a term or a phrase) that must not
    years: YearRange | None = None
    unknown: tuple[str, ...] = ()  # words that match nothing in the data
    question: bool = False  # phrased as a question ("did russia back sanctions?")
    not_years: tuple[YearRange, ...] = ()  # `-2024`: records of these years are left out
    destination: Clause | None = None  # "visit Russia": where someone went (a question's direction)
    each_year: tuple[YearRange, ...] = ()  # the ranges `years` joins ("2024 … 1961"): each ranks alone

    @property
    def marks(self) -> tuple[tuple[str, ...], ...]:
        return tuple(m for c in self.clauses for m in c.marks) + self.phrases


def split_query(text: str) -> list[tuple[str, str]]:
    """`sanctions "six-party talks" -soviet 2006` -> (kind, text) units: word, phrase, not, word."""
    units = []
    for m in _UNIT.finditer(text):
        negated, quoted, bare = m.group(1), m.group(2), m.group(3)
        if bare is None:
            if quoted.strip():
                units.append(("not" if negated else "phrase", quoted))
        elif len(bare) > 1 and bare.startswith("-") and _WORD.match(bare[1:]):
            units.append(("not", bare[1:]))
        else:
            units.append(("word", bare))
    return units


def query_years(word: str) -> YearRange | None:
    """A year, range or decade written in a query (`2000`, `2016-2017`, `1950s`), else None."""
    cleaned = word.strip(_EDGE_PUNCT.replace(".", ""))
    if cleaned.endswith(".") and not cleaned.endswith(".."):
        cleaned = cleaned[:-1]  # the full stop of "... in 2000."
    if not re.fullmatch(r"[\d.–—-]+s?", cleaned) or not re.search(r"\d{4}", cleaned):
        return None
    try:
        rng = parse_range(cleaned)
    except UsageError:
        return None
    low, high = QUERY_YEARS
    if any(y is not None and not low <= y <= high for y in (rng.start, rng.end)):
        return None
    return rng


def _union(a: YearRange, b: YearRange) -> YearRange:
    start = None if a.start is None or b.start is None else min(a.start, b.start)
    end = None if a.end is None or b.end is None else max(a.end, b.end)
    return YearRange(start, end)


def parse_query(index: Index, text: str) -> Query:
    """Read a query: phrases, exclusions, years, then words and alias terms as clauses."""
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(f"the query is too long ({len(text)} characters; the limit is {MAX_QUERY_CHARS})")
    clauses: list[Clause] = []
    phrases: list[tuple[str, ...]] = []
    exclude: list[tuple[str, ...]] = []
    not_years: list[YearRange] = []
    each_year: list[YearRange] = []
    words: list[Token] = []
    first = next(iter(tokens(text)), None)
    question = text.rstrip().endswith("?") or (first is not None and first.folded in QUESTION_WORDS)
    for kind, part in split_query(text):
        if kind == "not" and (rng := query_years(part)) is not None:
            not_years.append(rng)
        elif kind == "not":
            if stems := stems_of(part):
                exclude.append(stems)
        elif kind == "phrase":
            toks = tokens(part)
            if toks:
                phrases.append(tuple(t.stem for t in toks))
                clauses.extend(_clauses(index, toks))
        elif (rng := query_years(part)) is not None:
            each_year.append(_bounded(rng, words[-1].folded if words else ""))
        else:
            words.extend(tokens(part))
    years = reduce(_union, each_year) if each_year else None
    destination = _destination(index, words)
    # In a question, what is asked is not a search term, nor is "visit" when the place says where.
    filler = FILLER | (_MOVING if destination is not None else frozenset()) | _BOUNDS
    asked = [t for t in words if t.folded not in filler] if question else words
    clauses.extend(_clauses(index, asked))
    if not words and not clauses and not phrases and years is None and not not_years:
        raise UsageError('nothing to search for: give a word, a "phrase" or a year')
    if not clauses and words and (years is None or not question):
        # Only common words: search for them after all, rather than for nothing.
        clauses = [Clause(t.folded, ((t.stem, 1.0),), ((t.stem,),)) for t in words]
    unknown = tuple(c.text for c in clauses if len(c.options) == 1 and index.df(c.options[0][0]) == 0)
    return Query(
        tuple(clauses), tuple(phrases), tuple(exclude), years, unknown, question, tuple(not_years),
        destination, tuple(each_year),
    )  # fmt: skip


def _bounded(years: YearRange, before: str) -> YearRange:
    """ "before 2024" is until 2023, "after 2000" from 2001; "since", "from", "until" and "till"
    keep the year."""
    start, end = years
    if before in ("before", "since", "from") and start is not None:
        return YearRange(None, start - 1) if before == "before" else YearRange(start, None)
    if before in ("after", "until", "till") and end is not None:
        return YearRange(end + 1, None) if before == "after" else YearRange(None, end)
    return years


def _destination(index: Index, words: Sequence[Token]) -> Clause | None:
    """The place after "visit", "go to", "went to"…: the word or alias term that names it."""
    for i, tok in enumerate(words):
        if tok.folded in _MOVING:
            rest = list(words[i + 1 :])
            while rest and rest[0].folded in _TOWARDS:
                rest.pop(0)
            found = _clauses(index, rest[:4])
            return found[0] if found else None
    return None


def _clauses(index: Index, toks: Sequence[Token]) -> list[Clause]:
    out = []
    i = 0
    seq: list[Analysed | None] = list(toks)
    while i < len(toks):
        found = index.aliases.matches_at(seq, i, data=False)
        if found:
            term = found[0]
            options = ((term.token, 1.0), *((g, ALIAS_WEIGHT) for g in term.groups))
            marks = tuple(m for g in term.groups for m in index.aliases.group_terms[g])
            out.append(Clause(" ".join(t.folded for t in toks[i : i + len(term.stems)]), options, marks))
            i += len(term.stems)
            continue
        tok = toks[i]
        if tok.folded not in STOPWORDS:
            weight = QUESTION_WORD_WEIGHT if tok.folded in QUESTION_WORDS else 1.0
            out.append(Clause(tok.folded, ((tok.stem, weight),), ((tok.stem,),)))
        i += 1
    return out


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours costs 1); limit+1 when over."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def allowed_edits(word: str) -> int:
    # Short words are left alone: "part" is an English word, not a typo for "party".
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


def correct_word(index: Index, word: str) -> str | None:
    """The closest word of the data within a small edit distance (most frequent on ties)."""
    limit = allowed_edits(word)
    if not limit or not word.isalpha():
        return None
    best: tuple[int, int, str] | None = None
    letters = set(word)
    for candidate, df in index.vocabulary.items():
        if abs(len(candidate) - len(word)) > limit or candidate in STOPWORDS:
            continue
        # A cheap bound first, which spares most of the distances: one edit adds or removes at
        # most two distinct letters.
        if len(letters.symmetric_difference(candidate)) > 2 * limit:
            continue
        d = edit_distance(word, candidate, limit)
        if d <= limit and (best is None or (d, -df, candidate) < best):
            best = (d, -df, candidate)
    return best[2] if best else None


def correct_query(index: Index, text: str, unknown: Sequence[str]) -> str | None:
    """The query with each word that matches nothing replaced by its correction, if any."""
    fixes = {word: fixed for word in unknown[:MAX_CORRECTIONS] if (fixed := correct_word(index, word))}
    if not fixes:
        return None
    out = []
    for kind, part in split_query(text):
        if kind == "word":
            fixed_words = [fixes.get(t.folded, t.folded) for t in tokens(part)]
            # Keep a year or other non-word units as typed.
            out.append(" ".join(fixed_words) if fixed_words else part)
        elif kind == "phrase":
            out.append(f'"{part}"')
        else:
            out.append(f"-{part}" if " " not in part else f'-"{part}"')
    return " ".join(out)
