"""Alias groups from the data (`[[aliases]] terms = [...]`): a term matches itself at full weight
and the other terms of its group at ALIAS_WEIGHT."""

# No `from __future__ import annotations`: see rnk.core.model (NamedTuple and string annotations).
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from rnk.query.analysis import Analysed, tokens

ALIAS_WEIGHT = 0.7  # another term of the same alias group counts for less than the word typed


class AliasTerm(NamedTuple):
    stems: tuple[str, ...]
    caps: tuple[bool, ...]  # which words must be written in capitals in the data (acronyms)
    token: str  # the index token for this exact term
    groups: tuple[str, ...]  # the index tokens of the groups it belongs to


class Aliases(NamedTuple):
    """Alias terms by their first stem, longest first, for greedy leftmost-longest matching."""

    by_first: dict[str, tuple[AliasTerm, ...]]
    group_terms: dict[str, tuple[tuple[str, ...], ...]]

    def matches_at(self, seq: Sequence[Analysed | None], i: int, data: bool) -> list[AliasTerm]:
        """Every alias term that starts at position i, longest first. In data (not in queries),
        a term written in capitals (an acronym) only matches capitals: "UN", not "Kim Jong Un"."""
        tok = seq[i]
        if tok is None:
            return []
        found = []
        for term in self.by_first.get(tok.stem, ()):  # a plain loop: this runs for every word of a text
            n = len(term.stems)
            if i + n > len(seq):
                continue
            for k in range(n):
                t = seq[i + k]
                if t is None or t.stem != term.stems[k] or (data and term.caps[k] and not t.upper):
                    break
            else:
                found.append(term)
        return found


def build_aliases(groups: Iterable[Sequence[str]]) -> Aliases:
    # Dicts as ordered sets: a group of 50,000 terms must not cost 50,000² membership tests.
    terms: dict[tuple[str, ...], tuple[dict[str, None], tuple[bool, ...]]] = {}
    members: dict[str, dict[tuple[str, ...], None]] = {}
    for number, group in enumerate(groups):
        gtoken = f"#{number}"
        for text in group:
            toks = tokens(text)
            if not toks:
                continue
            key = tuple(t.stem for t in toks)
            caps = tuple(t.upper for t in toks)
            entry = terms.setdefault(key, ({}, caps))
            entry[0][gtoken] = None
            members.setdefault(gtoken, {})[key] = None
    by_first: dict[str, list[AliasTerm]] = {}
    for key, (gtokens, caps) in terms.items():
        term = AliasTerm(key, caps, "~" + " ".join(key), tuple(gtokens))
        by_first.setdefault(key[0], []).append(term)
    return Aliases(
        by_first={k: tuple(sorted(v, key=lambda t: -len(t.stems))) for k, v in by_first.items()},
        group_terms={g: tuple(v) for g, v in members.items()},
    )


def alias_tokens(seq: Sequence[Analysed | None], aliases: Aliases, caps: bool = True) -> Iterator[str]:
    """The alias tokens a text carries. Leftmost-longest regions; inside a region every term
    that fits gives its own token (`Putin` inside `Vladimir Putin`), each group counts once.
    `caps`: acronyms must be written in capitals (not in lowercase fields: phrasings, ids).
    An acronym starting inside a region always needs its capitals: the "un" of a lowercase
    `kim-jong-un` is part of the name, not the United Nations."""
    first = aliases.by_first
    i = 0
    while i < len(seq):
        word = seq[i]
        found = aliases.matches_at(seq, i, data=caps) if word is not None and word.stem in first else []
        if not found:
            i += 1
            continue
        end = i + len(found[0].stems)
        groups: set[str] = set()
        for j in range(i, end):
            for term in found if j == i else aliases.matches_at(seq, j, data=True):
                if j + len(term.stems) <= end:
                    yield term.token
                    groups.update(term.groups)
        yield from sorted(groups)
        i = end
