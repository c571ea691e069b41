"""The search index of a chronology: its documents (events and FAQ entries, by field) and the
BM25F postings. Built once per chronology and cached (`rnk.query.index_cache`); pure, no I/O."""

# No `from __future__ import annotations`: see rnk.core.model (NamedTuple and string annotations).
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from rnk.core.model import Chronology, Event, FaqEntry
from rnk.query.aliases import Aliases, alias_tokens, build_aliases
from rnk.query.analysis import _WORD, Word, words

EVENT = "event"
FAQ = "faq"
KINDS = (EVENT, FAQ)
# Field weights (BM25F), in each kind's field order. Titles and questions say what a record is
# about; names are strong evidence; summaries and answers are long and mention much in passing.
WEIGHTS = {
    EVENT: {"title": 3.0, "people": 2.0, "places": 1.5, "tags": 1.5, "when": 1.5, "id": 1.0, "summary": 1.0},
    FAQ: {"question": 3.0, "phrasings": 2.5, "answer": 0.5, "events": 0.35},
}
K1 = 1.2
B = 0.75
# Fields written in lowercase, where an acronym cannot be told by its capitals: FAQ phrasings
# (typed as users type) and ids (slugs: `treaty-ratified-dprk-2024` says DPRK).
LOWERCASE_FIELDS = frozenset({"phrasings", "id"})
# Text a record borrows from others (an FAQ entry's events): it helps ranking, but phrases,
# exclusions and --regex look only at the record's own text.
BORROWED_FIELDS = frozenset({"events"})


class Doc(NamedTuple):
    kind: str
    id: str
    first_year: int
    last_year: int
    fields: tuple[tuple[str, tuple[str, ...]], ...]


class Index(NamedTuple):
    """Everything a query needs, and nothing that needs I/O. Picklable."""

    docs: Sequence[Doc]  # a tuple
    # token -> (doc numbers, weighted tf); a dict, or the lazy index_cache.Postings of a cached index
    postings: Mapping[str, tuple[Sequence[int], Sequence[float]]]
    vocabulary: dict[str, int]  # folded word -> number of records it occurs in (typo correction)
    aliases: Aliases

    def df(self, token: str) -> int:
        found = self.postings.get(token)
        return len(found[0]) if found else 0

    def idf(self, token: str) -> float:
        n, df = len(self.docs), self.df(token)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def event_doc(e: Event) -> Doc:
    return Doc(
        EVENT, e.id, e.first_year, e.last_year,
        (
            ("title", (e.title,)), ("people", e.people), ("places", e.places),
            ("tags", e.tags), ("when", (e.when,)),
            ("id", (e.id,)), ("summary", (e.summary,)),
        ),
    )  # fmt: skip


def faq_doc(chron: Chronology, f: FaqEntry) -> Doc:
    events = [e for eid in f.events if (e := chron.event(eid)) is not None]
    first = min((e.first_year for e in events), default=0)
    last = max((e.last_year for e in events), default=9999)
    # The events an answer rests on are part of what it is about, at a low weight.
    evidence = tuple(text for e in events for text in (e.title, e.summary))
    return Doc(
        FAQ, f.id, first, last,
        (("question", (f.question,)), ("phrasings", f.phrasings), ("answer", (f.answer,)),
         ("events", evidence)),
    )  # fmt: skip


def field_words(texts: Sequence[str]) -> list[Word | None]:
    """The words of a field; None between list items so phrases and aliases never span two."""
    seq: list[Word | None] = []
    for n, text in enumerate(texts):
        if n:
            seq.append(None)
        seq.extend(words(text))
    return seq


def field_length(texts: Sequence[str]) -> int:
    return sum(len(_WORD.findall(text)) for text in texts)


def build_index(chron: Chronology) -> Index:
    """The search index of a chronology, in two passes: field lengths (for BM25's length
    normalisation), then the words. Only the postings are kept, never the analysed text."""
    from array import array  # here: a search with a cached index does not need it

    docs = tuple(event_doc(e) for e in chron.events) + tuple(faq_doc(chron, f) for f in chron.faq)
    aliases = build_aliases(chron.aliases)
    avg = _average_lengths(docs)
    doc_lists: dict[str, list[int]] = {}
    weight_lists: dict[str, list[float]] = {}
    vocabulary: Counter[str] = Counter()
    for number, doc in enumerate(docs):
        weighted: dict[str, float] = {}
        seen: set[str] = set()
        for name, texts in doc.fields:
            seq = field_words(texts)
            found = [w for w in seq if w is not None]
            norm = 1.0 - B + B * field_length(texts) / avg[(doc.kind, name)]
            weight = WEIGHTS[doc.kind][name] / norm
            counts = Counter(w.stem for w in found)
            counts.update(alias_tokens(seq, aliases, caps=name not in LOWERCASE_FIELDS))
            for tok, tf in counts.items():
                weighted[tok] = weighted.get(tok, 0.0) + weight * tf
            seen.update(w.folded for w in found)
        vocabulary.update(seen)
        for tok, tfw in weighted.items():
            doc_lists.setdefault(tok, []).append(number)
            weight_lists.setdefault(tok, []).append(tfw)
    postings = {tok: (array("I", doc_lists[tok]), array("d", weight_lists[tok])) for tok in doc_lists}
    return Index(docs, postings, dict(vocabulary), aliases)


def _average_lengths(docs: Sequence[Doc]) -> dict[tuple[str, str], float]:
    lengths: dict[tuple[str, str], list[int]] = {}
    for doc in docs:
        for name, texts in doc.fields:
            lengths.setdefault((doc.kind, name), []).append(field_length(texts))
    return {key: max(sum(found) / len(found), 1.0) for key, found in lengths.items()}
