"""Search indexes in rnk's cache (`rnk.core.cache`), stored beside the chronology they index:
only what indexing computes (postings, vocabulary, aliases); the documents are remade from it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rnk.core import cache
from rnk.query import index as indexing
from rnk.query.aliases import Aliases, AliasTerm
from rnk.query.index import Index, event_doc, faq_doc

if TYPE_CHECKING:
    from rnk.core.model import Chronology

# The modules whose code decides what a cached index holds.
CODE = tuple(f"query/{m}.py" for m in ("analysis", "aliases", "index", "index_cache"))


def search_index(chron: Chronology) -> Index:
    """The search index of a chronology: stored beside its cache entry, else built (and stored)."""
    origin = cache.origin(chron)
    if origin is None:
        return indexing.build_index(chron)
    name = origin[0].replace("chronology-", "search-", 1)
    key = (origin[1], cache.code_stamp(CODE))
    found = cache.load(name, key)
    if found is not None:
        return decode_index(chron, found[1])
    index = indexing.build_index(chron)
    cache.save(name, key, None, encode_index(index))
    return index


def encode_index(index: Index) -> tuple[Any, ...]:
    """The postings as flat arrays (every token's doc numbers, then weights, one run after the
    other, and where each run starts), the vocabulary, and the alias terms."""
    from array import array

    tokens = tuple(index.postings)
    docs, weights, starts = array("I"), array("d"), array("I", [0])
    for token in tokens:
        numbers, tfs = index.postings[token]
        docs.extend(numbers)
        weights.extend(tfs)
        starts.append(len(docs))
    aliases = (
        {first: tuple(tuple(term) for term in terms) for first, terms in index.aliases.by_first.items()},
        index.aliases.group_terms,
    )
    # marshal writes an array as the bytes it holds (as it does any buffer), so the postings
    # are not copied once more here (43 MB on 100,000 events); they load back as bytes.
    return ((tokens, starts, docs, weights), index.vocabulary, aliases)


def decode_index(chron: Chronology, body: tuple[Any, ...]) -> Index:
    runs, vocabulary, (by_first, group_terms) = body
    # build_index's order: events, then FAQ entries (the key ties the index to this chronology)
    docs = tuple(map(event_doc, chron.events)) + tuple(faq_doc(chron, f) for f in chron.faq)
    aliases = Aliases(
        {first: tuple(map(AliasTerm._make, terms)) for first, terms in by_first.items()}, group_terms
    )
    return Index(docs=docs, postings=Postings(*runs), vocabulary=vocabulary, aliases=aliases)


class Postings(Mapping[str, tuple[Sequence[int], Sequence[float]]]):
    """token -> (doc numbers, weighted tf), cut from the stored bytes when a query asks: loading
    converts nothing (a dict of tuples made `rnk search` 5 ms slower on the bundled data)."""

    def __init__(self, tokens: tuple[str, ...], starts: bytes, docs: bytes, weights: bytes) -> None:
        self._runs = (tokens, starts, docs, weights)  # for pickling
        self._slot = dict(zip(tokens, range(len(tokens)), strict=True))
        self._starts = memoryview(starts).cast("I")
        self._docs = memoryview(docs).cast("I")
        self._weights = memoryview(weights).cast("d")

    def __getitem__(self, token: str) -> tuple[Sequence[int], Sequence[float]]:
        slot = self._slot[token]  # KeyError: a token no record has
        start, end = self._starts[slot], self._starts[slot + 1]
        return self._docs[start:end], self._weights[start:end]

    def __iter__(self) -> Iterator[str]:
        return iter(self._slot)

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, token: object) -> bool:
        return token in self._slot

    def __reduce__(self) -> tuple[Any, ...]:
        return Postings, self._runs
