"""Answers to questions in plain words: which FAQ entry answers a question (`rnk faq WORDS`), and
`rnk ask` (that answer with the events that bear on the question). Pure: no I/O. Ranking is
`rnk.query.search`'s; added here is whether a record answers at all: it must cover most of what
the question is about (`_coverage`)."""

# No `from __future__ import annotations`: see rnk.query.search.
from bisect import bisect_left
from itertools import islice
from typing import NamedTuple

from rnk.query.aliases import alias_tokens
from rnk.query.analysis import STOPWORDS, stem, tokens, wordset
from rnk.query.index import EVENT, FAQ, LOWERCASE_FIELDS, Doc, Index, field_words
from rnk.query.parse import FILLER, Clause, Query, parse_query
from rnk.query.search import Hit, Result, rank, search

# An FAQ entry answers a question only when it covers most of what the question is about: the
# question's words, each weighted by how rare it is (a word the data never uses weighs most).
# Calibrated on tests/eval/ (on-topic and off-topic questions; benchmarks/eval_search.py).
ANSWER_COVERAGE = 0.35
EVENT_COVERAGE = 0.6  # the same, for the events `rnk ask` shows

# Entries about rnk itself ("How current is the data?") answer questions about rnk, never
# questions about history. Such an entry's question, and such a user's question, is made of
# these words (beside question words and filler), with at least one of the first kind.
_ABOUT_RNK = wordset(
    "rnk tool app program data chronology information source sources fact facts story read "
    "reading reference references book books article articles"
)
_ABOUT_A_REFERENCE = wordset(
    "cover covers covered coverage include includes included latest recent recently current "
    "updated update end event events come more most old new"
)
# A word about rnk in a user's question counts as the word "rnk" (at this weight).
RNK_WEIGHT = 0.5
OTHER_RNK_WORDS = 0.5


class Answer(NamedTuple):
    """`rnk ask`: the FAQ entry that answers the question (if one does) and the events that bear on it."""

    question: str
    faq: Hit | None
    events: tuple[Hit, ...]
    notes: tuple[str, ...] = ()
    marks: tuple[tuple[str, ...], ...] = ()


def about_rnk(text: str, strict: bool = False) -> bool:
    """Whether a question is about rnk itself (`strict`: it must name rnk, its data or sources)."""
    words = {t.folded for t in tokens(text)} - STOPWORDS - FILLER
    if not words or not words <= _ABOUT_RNK | _ABOUT_A_REFERENCE:
        return False
    return not strict or bool(words & _ABOUT_RNK)


# How much a word found in a field counts towards covering a question: an FAQ entry's question
# and phrasings say what it answers; its answer and its events mention much in passing.
COVER_CREDIT = {"answer": 0.35, "events": 0.1, "summary": 0.8}


def _covers(index: Index, query: Query, n: int, needed: float) -> bool:
    """Whether record `n` covers at least `needed` of the question. The postings give an upper
    bound first (every field's credit is at most 1), which rules out many records without reading
    their text: that reading costs about a millisecond a record."""
    total = bound = 0.0
    for clause in query.clauses:
        weight = index.idf(clause.options[0][0])
        total += weight
        if any(_has(index, token, n) for token, _ in clause.options):
            bound += weight
    if total and bound / total < needed:
        return False
    return _coverage(index, query, n) >= needed


def _has(index: Index, token: str, n: int) -> bool:
    docs = index.postings.get(token, ((), ()))[0]  # ascending record numbers
    i = bisect_left(docs, n)
    return i < len(docs) and docs[i] == n


def _field_tokens(index: Index, doc: Doc) -> list[tuple[float, set[str]]]:
    """Each field's credit and the tokens (stems and alias tokens) `_coverage` finds in it."""
    out = []
    for name, texts in doc.fields:
        seq = field_words(texts)
        found = {w.stem for w in seq if w is not None}
        found.update(alias_tokens(seq, index.aliases, caps=name not in LOWERCASE_FIELDS))
        out.append((COVER_CREDIT.get(name, 1.0), found))
    return out


def _coverage(index: Index, query: Query, n: int) -> float:
    """The share of the question's words (weighted by rarity, and by the field they are found in)
    that the record has."""
    fields = _field_tokens(index, index.docs[n])
    total = found = 0.0
    for clause in query.clauses:
        weight = index.idf(clause.options[0][0])
        total += weight
        tokens_ = {token for token, _ in clause.options}
        found += weight * max((credit for credit, have in fields if have & tokens_), default=0.0)
    return found / total if total else 0.0


def match_faq(index: Index, question: str, limit: int | None = None, first: str | None = None) -> Result:
    """The FAQ entries that answer a question asked in the user's own words, best first: only
    entries that cover most of the question, and entries about rnk only for questions about rnk.
    `first`: an entry to put first whatever its score (the others are then its neighbours)."""
    result = search(index, question, kinds=(FAQ,))
    query = parse_query(index, result.corrected or question)
    meta = about_rnk(question)
    if meta:  # "what is this tool": the words about rnk count as "rnk"
        query = query._replace(clauses=tuple(_as_rnk(index, c) for c in query.clauses))
        result = result._replace(hits=tuple(rank(index, query, (FAQ,))[0]))
    numbers = {(d.kind, d.id): n for n, d in enumerate(index.docs)}
    answering = (
        h
        for h in result.hits
        if about_rnk(dict(index.docs[numbers[(FAQ, h.id)]].fields)["question"][0], strict=True) == meta
        and _covers(index, query, numbers[(FAQ, h.id)], ANSWER_COVERAGE)
    )
    # Lazily, best first: the coverage of an entry costs a scan of its text (~1 ms), so with a
    # limit only the entries up to the limit's last answer are looked at.
    if first is not None:
        hits = tuple(answering)
        own = next((h for h in hits if h.id == first), Hit(FAQ, first, 0.0))
        hits = (own, *(h for h in hits if h.id != first))[:limit]
    else:
        # islice refuses a stop beyond sys.maxsize; no limit is larger than the records anyway.
        hits = tuple(islice(answering, None if limit is None else min(limit, len(index.docs))))
    return Result(hits, result.notes, result.marks, None, result.corrected)


def _as_rnk(index: Index, clause: Clause) -> Clause:
    """A word about rnk that the data does not use ("tool", "facts") stands for "rnk", and for
    less, for the other words about rnk that it uses ("information", "data")."""
    if clause.text in _ABOUT_RNK and not index.df(clause.options[0][0]):
        others = sorted(w for w in {stem(w) for w in _ABOUT_RNK} - {"rnk"} if index.df(w))
        options = (("rnk", RNK_WEIGHT), *((w, RNK_WEIGHT * OTHER_RNK_WORDS) for w in others))
        return clause._replace(options=(*clause.options, *options))
    return clause


def answer(index: Index, question: str, limit: int = 5) -> Answer:
    found = search(index, question, kinds=(EVENT,), limit=limit)
    query = parse_query(index, found.corrected or question)
    numbers = {(d.kind, d.id): n for n, d in enumerate(index.docs)}
    best = match_faq(index, question, limit=1)
    faq = best.hits[0] if best.hits else None
    events = found.hits
    # The question is about something the data has when one of its best events covers it.
    covered = not query.clauses or any(
        _covers(index, query, numbers[(EVENT, h.id)], EVENT_COVERAGE) for h in events
    )
    if faq is None and not covered:
        events = ()
    notes = tuple(dict.fromkeys(found.notes + best.notes))
    return Answer(question, faq, events, notes, found.marks)
