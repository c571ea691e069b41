"""The two shortcuts of answering and typo correction lose nothing: the bound that
`answer._covers` takes from the postings, and the distinct-letters bound in `parse.correct_word`."""

from __future__ import annotations

import random

import pytest

from rnk.core.store import load
from rnk.query import answer
from rnk.query.analysis import STOPWORDS
from rnk.query.index import Index, build_index
from rnk.query.parse import allowed_edits, correct_word, edit_distance


@pytest.fixture(scope="module")
def index() -> Index:
    return build_index(load())


def test_the_postings_hold_every_token_coverage_reads(index: Index) -> None:
    """`_covers` rules a record out when even full credit for each question word the postings
    give it falls short: valid while the postings hold every token `_coverage` finds in a field,
    and no field's credit is above 1."""
    assert max(answer.COVER_CREDIT.values()) <= 1.0
    posted: dict[int, set[str]] = {}
    for token, (numbers, _) in index.postings.items():
        for n in numbers:
            posted.setdefault(n, set()).add(token)
    for n, doc in enumerate(index.docs):
        read = set().union(*(found for _, found in answer._field_tokens(index, doc)))
        assert read <= posted.get(n, set()), (doc.id, read - posted.get(n, set()))


def test_covers_agrees_with_coverage(index: Index) -> None:
    query = answer.parse_query(index, "did the soviet union back the invasion of the south")
    for n in range(0, len(index.docs), 7):
        for needed in (answer.ANSWER_COVERAGE, answer.EVENT_COVERAGE):
            assert answer._covers(index, query, n, needed) == (answer._coverage(index, query, n) >= needed)


def closest_the_long_way(index: Index, word: str) -> str | None:
    limit = allowed_edits(word)
    if not limit or not word.isalpha():
        return None
    scored = [
        (edit_distance(word, c, limit), -df, c)
        for c, df in index.vocabulary.items()
        if c not in STOPWORDS and abs(len(c) - len(word)) <= limit
    ]
    best = min((s for s in scored if s[0] <= limit), default=None)
    return best[2] if best else None


def typos(index: Index, count: int) -> list[str]:
    """Words of the data with one or two random edits (deletions, insertions, swaps, changes)."""
    rng = random.Random(14)
    words = sorted(w for w in index.vocabulary if len(w) >= 5 and w.isalpha())
    out = []
    for word in rng.sample(words, count):
        for _ in range(rng.choice((1, 2))):
            i = rng.randrange(len(word) - 1)
            edit = rng.choice("dist")
            letter = rng.choice("aeiourstnlkp")
            word = {
                "d": word[:i] + word[i + 1 :],
                "i": word[:i] + letter + word[i:],
                "s": word[:i] + word[i + 1] + word[i] + word[i + 2 :],
                "t": word[:i] + letter + word[i + 1 :],
            }[edit]
        out.append(word)
    return out


def test_correct_word_finds_what_comparing_every_word_finds(index: Index) -> None:
    for word in typos(index, 40):
        assert correct_word(index, word) == closest_the_long_way(index, word), word
