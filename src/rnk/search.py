"""Ranked search over a Chronology: the analyser, the index, BM25F scoring and query parsing.

Two pure steps, so the index can be built once per chronology and cached by callers:

    index = build_index(chron)          # no I/O; a picklable structure
    result = search(index, "putin pyongyang 2000")

Words are folded (case, accents, apostrophes), split at anything that is not a letter or a digit
(so `Kim Jong-un` and `Kim Jong Un` are the same three words) and lightly stemmed
(`sanctions` -> `sanction`, `died`/`death` -> `die`). Aliases come from the data
(`[[aliases]] terms = [...]`): a term matches itself at full weight and the other terms of its
group at ALIAS_WEIGHT, so `Pyongyang` prefers events that say Pyongyang but also finds
"North Korea". Scoring is BM25F: each field's term count is weighted and length-normalised,
then saturated once per document.

The records here (index, documents, queries, hits) are NamedTuples, as in rnk.model: the nine
frozen dataclasses they were took 4 ms to define on every `rnk search`, near a tenth of its run.
"""

# No `from __future__ import annotations` here (as in rnk.model): NamedTuple turns string
# annotations into ForwardRefs, compiling each one. Annotations are evaluated when a function
# is defined, so a type must be defined before a function that names it.
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from rnk.errors import UsageError
from rnk.model import Chronology, Event, FaqEntry
from rnk.ranges import YearRange, parse_range, shown

EVENT = "event"
FAQ = "faq"
KINDS = (EVENT, FAQ)

# Field weights (BM25F). Titles and questions say what a record is about; names are strong
# evidence; summaries and answers are long and mention much in passing.
EVENT_FIELDS = (
    ("title", 3.0), ("people", 2.0), ("places", 1.5), ("tags", 1.5), ("when", 1.5),
    ("id", 1.0), ("summary", 1.0),
)  # fmt: skip
FAQ_FIELDS = (("question", 3.0), ("phrasings", 2.5), ("answer", 1.0), ("events", 0.35))
K1 = 1.2
B = 0.75
ALIAS_WEIGHT = 0.7  # another term of the same alias group counts for less than the word typed
DATE_BOOST = 0.25  # within a year range, records whose years fit it closely rank higher
# Years written in a query are read as dates only in this window, so "Resolution 1718" or
# "2270" stay words.
QUERY_YEARS = (1900, 2100)
# A query of keywords is usually after an event; a query phrased as a question may want an FAQ
# answer. Keyword queries scale FAQ scores by this factor.
FAQ_FOR_KEYWORDS = 0.6
_QUESTION_TEXT = (
    "who whom whose what which when where why how did does do is are was were has have had "
    "can could will would should"
)
QUESTION_WORDS = frozenset(_QUESTION_TEXT.split())
# "when", "how", "why" say what kind of answer is wanted, not what it is about: they count, but
# for little (they mostly occur in FAQ questions, which would make them look rare and telling).
QUESTION_WORD_WEIGHT = 0.3
MAX_QUERY_CHARS = 1000
MAX_CORRECTIONS = 8

_STOPWORD_TEXT = (
    "a an the of in on at to for from by with and or but is are was were be been being am do does "
    "did done has have had having it its this that these those as about into onto than then there "
    "their they them he she his her hers him i me my we our you your what which whom whose "
    "will would shall should can could may might must any some such also just ever very so if "
    "all both each other own same too here s t ve ll re d"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Irregular forms worth folding together; everything else goes through the suffix rules.
IRREGULAR = {
    "died": "die", "dies": "die", "dying": "die", "dead": "die", "death": "die", "deaths": "die",
    "met": "meet", "meeting": "meet", "meetings": "meet", "sent": "send", "fought": "fight",
    "led": "lead", "began": "begin", "begun": "begin", "took": "take", "gave": "give",
    "went": "go", "came": "come", "men": "man", "women": "woman", "children": "child",
    "signed": "sign", "sign": "sign", "bought": "buy", "sold": "sell", "held": "hold",
    "won": "win", "lost": "lose", "broke": "break", "broken": "break", "wrote": "write",
    "written": "write", "spoke": "speak", "told": "tell", "said": "say", "says": "say",
}  # fmt: skip

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# A query is made of "quoted phrases", -exclusions and bare words.
_UNIT = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_EDGE_PUNCT = ".,;:!?()[]{}'’“”"


# ----------------------------------------------------------------------------- the analyser


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """Case, accents and apostrophes folded away: `Gorbachëv's` -> `gorbachevs`."""
    if word.isascii():  # no accents to take apart; a query in ASCII never loads unicodedata
        return "".join(c for c in word.casefold() if c.isalnum())
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if c.isalnum())


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light English stemmer: plurals, -ed, -ing and a final -e; a few irregular forms."""
    w = IRREGULAR.get(word, word)
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ication") and len(w) > 9:
        w = w[:-7] + "y"  # ratification -> ratify, notification -> notify
    elif w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "xes", "ches", "shes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    elif w.endswith("ing") and len(w) >= 6:
        w = _undouble(w[:-3])
    elif w.endswith("ed") and len(w) >= 5:
        w = _undouble(w[:-2])
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def _undouble(w: str) -> str:
    """`stopp` -> `stop`, `shipp` -> `ship`, but `call` and `pass` stay."""
    if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
        return w[:-1]
    return w


class Word(NamedTuple):
    """A word as the index sees it. Built once per distinct spelling (see `analyse_word`)."""

    folded: str
    stem: str
    upper: bool  # written in capitals in the text (an acronym: UN, US, DPRK)


class Token(NamedTuple):
    """A word of a text and where it is (for queries, phrases and highlighting)."""

    folded: str
    stem: str
    upper: bool
    start: int
    end: int


Analysed = Word | Token  # what alias and phrase matching look at: a word's stem and capitals


@lru_cache(maxsize=1 << 17)
def analyse_word(raw: str) -> Word | None:
    """A word as written -> its folded form, stem and capitals; None when nothing is left of it."""
    folded = fold_word(raw)
    if not folded:
        return None
    return Word(folded, stem(folded), len(raw) > 1 and raw.isupper())


def tokens(text: str) -> list[Token]:
    out = []
    for m in _WORD.finditer(text):
        word = analyse_word(m.group())
        if word is not None:
            out.append(Token(*word, m.start(), m.end()))
    return out


def words(text: str) -> list[Word]:
    """The words of a text without their places: the fast path for indexing."""
    return [w for raw in _WORD.findall(text) if (w := analyse_word(raw)) is not None]


def stems_of(text: str) -> tuple[str, ...]:
    return tuple(t.stem for t in tokens(text))


def fold(text: str) -> str:
    """A whole text folded word by word, as a user would be shown it."""
    return " ".join(t.folded for t in tokens(text))


# ----------------------------------------------------------------------------- aliases


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
        for term in self.by_first.get(tok.stem, ()):
            n = len(term.stems)
            if i + n > len(seq):
                continue
            ok = True
            for k in range(n):
                t = seq[i + k]
                if t is None or t.stem != term.stems[k] or (data and term.caps[k] and not t.upper):
                    ok = False
                    break
            if ok:
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


# ----------------------------------------------------------------------------- the index


class Doc(NamedTuple):
    """One searchable record: its kind, id, years, and its fields' texts."""

    kind: str
    id: str
    first_year: int
    last_year: int
    fields: tuple[tuple[str, tuple[str, ...]], ...]


class Index(NamedTuple):
    """Everything a query needs, and nothing that needs I/O. Picklable."""

    docs: Sequence[Doc]  # a tuple, or the lazy rnk.cache.IndexDocs of a cached index
    # token -> (doc numbers, weighted tf); a dict, or the lazy rnk.cache.Postings of a cached index
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


WEIGHTS = {EVENT: dict(EVENT_FIELDS), FAQ: dict(FAQ_FIELDS)}
# Fields written in lowercase, where an acronym cannot be told by its capitals: FAQ phrasings
# (typed as users type) and ids (slugs: `treaty-ratified-dprk-2024` says DPRK).
LOWERCASE_FIELDS = frozenset({"phrasings", "id"})
# Text a record borrows from others (an FAQ entry's events): it helps ranking, but phrases,
# exclusions and --regex look only at the record's own text.
BORROWED_FIELDS = frozenset({"events"})


def build_index(chron: Chronology) -> Index:
    """Build the search index of a chronology: a pure function of its events, FAQ and aliases.

    Two passes: field lengths first (for BM25's length normalisation), then the words. Only the
    postings are kept, never the analysed text, so memory stays proportional to the postings."""
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
    totals: Counter[tuple[str, str]] = Counter()
    counts: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        for name, texts in doc.fields:
            totals[(doc.kind, name)] += field_length(texts)
            counts[(doc.kind, name)] += 1
    return {key: max(totals[key] / counts[key], 1.0) for key in counts}


# ----------------------------------------------------------------------------- queries


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

    @property
    def marks(self) -> tuple[tuple[str, ...], ...]:
        return tuple(m for c in self.clauses for m in c.marks) + self.phrases


class Unit(NamedTuple):
    kind: str  # "word", "phrase", "not"
    text: str


def split_query(text: str) -> list[Unit]:
    """`sanctions "six-party talks" -soviet 2006` -> word, phrase, not, word units."""
    units = []
    for m in _UNIT.finditer(text):
        negated, quoted, bare = m.group(1), m.group(2), m.group(3)
        if bare is None:
            if quoted.strip():
                units.append(Unit("not" if negated else "phrase", quoted))
        elif len(bare) > 1 and bare.startswith("-") and _WORD.match(bare[1:]):
            units.append(Unit("not", bare[1:]))
        else:
            units.append(Unit("word", bare))
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


def _union(a: YearRange | None, b: YearRange) -> YearRange:
    if a is None:
        return b
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
    years: YearRange | None = None
    words: list[Token] = []
    for unit in split_query(text):
        if unit.kind == "not":
            stems = stems_of(unit.text)
            if stems:
                exclude.append(stems)
        elif unit.kind == "phrase":
            toks = tokens(unit.text)
            if toks:
                phrases.append(tuple(t.stem for t in toks))
                clauses.extend(_clauses(index, toks, unit.text))
        elif (rng := query_years(unit.text)) is not None:
            years = _union(years, rng)
        else:
            words.extend(tokens(unit.text))
    clauses.extend(_clauses(index, words, text))
    if not words and not clauses and not phrases and years is None:
        raise UsageError('nothing to search for: give a word, a "phrase" or a year')
    if not clauses and words:
        # Only common words: search for them after all, rather than for nothing.
        clauses = [Clause(t.folded, ((t.stem, 1.0),), ((t.stem,),)) for t in words]
    unknown = tuple(c.text for c in clauses if len(c.options) == 1 and index.df(c.options[0][0]) == 0)
    return Query(tuple(clauses), tuple(phrases), tuple(exclude), years, unknown, is_question(text))


def is_question(text: str) -> bool:
    first = next(iter(tokens(text)), None)
    return text.rstrip().endswith("?") or (first is not None and first.folded in QUESTION_WORDS)


def _clauses(index: Index, toks: Sequence[Token], text: str) -> list[Clause]:
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


# ----------------------------------------------------------------------------- typo correction


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
    for candidate, df in index.vocabulary.items():
        if abs(len(candidate) - len(word)) > limit or candidate in STOPWORDS:
            continue
        d = edit_distance(word, candidate, limit)
        if d <= limit and (best is None or (d, -df, candidate) < best):
            best = (d, -df, candidate)
    return best[2] if best else None


def correct_query(index: Index, text: str, unknown: Sequence[str]) -> str | None:
    """The query with each word that matches nothing replaced by its correction, if any."""
    fixes = {}
    for word in list(unknown)[:MAX_CORRECTIONS]:
        fixed = correct_word(index, word)
        if fixed:
            fixes[word] = fixed
    if not fixes:
        return None
    out = []
    for unit in split_query(text):
        if unit.kind == "word":
            fixed_words = [fixes.get(t.folded, t.folded) for t in tokens(unit.text)]
            # Keep a year or other non-word units as typed.
            out.append(" ".join(fixed_words) if fixed_words else unit.text)
        elif unit.kind == "phrase":
            out.append(f'"{unit.text}"')
        else:
            out.append(f"-{unit.text}" if " " not in unit.text else f'-"{unit.text}"')
    return " ".join(out)


# ----------------------------------------------------------------------------- scoring


class Hit(NamedTuple):
    kind: str
    id: str
    score: float


class Result(NamedTuple):
    """Hits, best first, with what the user should be told and what to highlight."""

    hits: tuple[Hit, ...]
    notes: tuple[str, ...] = ()
    marks: tuple[tuple[str, ...], ...] = ()  # stem sequences to highlight
    pattern: re.Pattern[str] | None = None  # --regex: highlight its matches instead
    corrected: str | None = None
    spans: dict[str, list[tuple[int, int]]] | None = None  # --regex: the hits' matches, found in time


def search(
    index: Index,
    text: str,
    kinds: Sequence[str] = KINDS,
    limit: int | None = None,
    correct: bool = True,
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
    if limit is not None:
        hits = hits[:limit]
    return Result(tuple(hits), tuple(notes), query.marks, None, corrected)


def rank(index: Index, query: Query, kinds: Sequence[str] = KINDS) -> tuple[list[Hit], str | None]:
    """Score every record the query reaches; a year range narrows, unless nothing is left."""
    scores = _text_scores(index, query) if query.clauses else _all_docs(index)
    candidates = [n for n in scores if index.docs[n].kind in kinds]
    for stems in query.exclude:
        maybe = _docs_with_all(index, stems)
        candidates = [n for n in candidates if n not in maybe or not _doc_contains(index.docs[n], stems)]
    for stems in query.phrases:
        maybe = _docs_with_all(index, stems)
        candidates = [n for n in candidates if n in maybe and _doc_contains(index.docs[n], stems)]
    note = None
    if query.years is not None:
        inside = [n for n in candidates if _overlaps(index.docs[n], query.years)]
        if inside or not query.clauses:
            candidates = inside
        elif candidates:
            note = f"nothing matches in {_years_label(query.years)}; showing matches from other years"
    hits = []
    for n in candidates:
        score = scores[n]
        if query.years is not None:
            score *= 1.0 + DATE_BOOST * _fit(index.docs[n], query.years)
        if not query.question and index.docs[n].kind == FAQ:
            score *= FAQ_FOR_KEYWORDS
        hits.append((score, n))
    hits.sort(key=lambda h: (-h[0], h[1]))
    return [Hit(index.docs[n].kind, index.docs[n].id, round(s, 3)) for s, n in hits], note


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


def _all_docs(index: Index) -> dict[int, float]:
    return {n: 1.0 for n in range(len(index.docs))}


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


def _doc_sequences(doc: Doc) -> Iterator[list[Word | None]]:
    for name, texts in doc.fields:
        if name not in BORROWED_FIELDS:
            yield field_words(texts)


def _contains(seq: Sequence[Word | None], stems: tuple[str, ...]) -> bool:
    n = len(stems)
    for i in range(len(seq) - n + 1):
        if all((t := seq[i + k]) is not None and t.stem == stems[k] for k in range(n)):
            return True
    return False


def _docs_with_all(index: Index, stems: Sequence[str]) -> set[int]:
    """Records that have every one of these words somewhere (from the postings: cheap). Only
    these can contain them as a phrase, which `_doc_contains` then checks on the text."""
    found: set[int] | None = None
    for st in set(stems):
        postings = index.postings.get(st)
        docs = set(postings[0]) if postings else set()
        found = docs if found is None else found & docs
    return found or set()


def _doc_contains(doc: Doc, stems: tuple[str, ...]) -> bool:
    """The words, in this order, in one of the record's own fields."""
    return any(_contains(seq, stems) for seq in _doc_sequences(doc))


# ----------------------------------------------------------------------------- regex mode


def regex_search(index: Index, pattern_text: str, kinds: Sequence[str] = KINDS, limit: int | None = None
                 ) -> Result:  # fmt: skip
    """Records whose fields match a regular expression (case-insensitive), most matches first,
    weighted by field. The pattern is checked and run under the guards of `rnk.saferegex`."""
    from rnk import saferegex

    pattern = saferegex.compile_pattern(pattern_text)
    scored = []
    with saferegex.time_limit(saferegex.TIME_LIMIT + saferegex.PER_10K * len(index.docs) / 10_000):
        for n, doc in enumerate(index.docs):
            if doc.kind not in kinds:
                continue
            weights = WEIGHTS[doc.kind]
            score = sum(
                weights[name] * len(saferegex.find_spans(pattern, text))
                for name, texts in doc.fields
                if name not in BORROWED_FIELDS
                for text in texts
            )
            if score:
                scored.append((score, n))
        scored.sort(key=lambda h: (-h[0], h[1]))
        kept = scored[:limit] if limit is not None else scored
        # What the hits' highlighting needs, under the same timer (it was matched again, untimed).
        texts = (t for _, n in kept for _, field_texts in index.docs[n].fields for t in field_texts)
        spans = {t: saferegex.find_spans(pattern, t) for t in texts}
    hits = tuple(Hit(index.docs[n].kind, index.docs[n].id, round(s, 3)) for s, n in kept)
    return Result(hits, pattern=pattern, spans=spans)


def result_spans(result: Result, text: str) -> list[tuple[int, int]]:
    """Where a result's query matched in a text: its words and terms, or its pattern."""
    if result.pattern is not None:
        from rnk.saferegex import find_spans, time_limit

        if result.spans is not None and text in result.spans:
            return result.spans[text]
        with time_limit():
            return find_spans(result.pattern, text)
    return mark_spans(text, result.marks)


# ----------------------------------------------------------------------------- FAQ matching


def match_faq(index: Index, question: str, limit: int | None = None, first: str | None = None) -> Result:
    """The FAQ entries that best answer a question asked in the user's own words, best first.
    `first`: an entry to put first whatever its score (the others are then its neighbours)."""
    result = search(index, question, kinds=(FAQ,))
    hits = result.hits
    if first is not None:
        own = next((h for h in hits if h.id == first), Hit(FAQ, first, 0.0))
        hits = (own, *(h for h in hits if h.id != first))
    if limit is not None:
        hits = hits[:limit]
    return Result(hits, result.notes, result.marks, None, result.corrected)


def kinds_for(what: str) -> tuple[str, ...]:
    """`--in events|faq|all` as the kinds of record to search."""
    choices = {"events": (EVENT,), "event": (EVENT,), "faq": (FAQ,), "all": KINDS}
    if what not in choices:
        raise UsageError(f"invalid --in '{what}' (choose from events, faq, all)")
    return choices[what]


# ----------------------------------------------------------------------------- suggestions


def suggest_events(chron: Chronology, text: str, index: Index | None = None, limit: int = 3) -> list[str]:
    """Event ids close to what was typed: similar ids, similar titles, else the best search hits."""
    import difflib

    found = difflib.get_close_matches(text, [e.id for e in chron.events], n=limit, cutoff=0.6)
    titles = {fold(e.title): e.id for e in chron.events}
    for title in difflib.get_close_matches(fold(text), list(titles), n=limit, cutoff=0.5):
        found.append(titles[title])
    if not found:
        result = search(
            index or build_index(chron), fold(text)[:MAX_QUERY_CHARS], kinds=(EVENT,), limit=limit
        )
        found = [hit.id for hit in result.hits]
    return list(dict.fromkeys(found))[:limit]


def unknown_event_message(chron: Chronology, event_id: str, index: Index | None = None) -> str:
    message = f"no event '{shown(event_id)}'"
    faq_id = event_id.strip().lower()
    if chron.faq_entry(faq_id) is not None:
        return f"{message}: '{faq_id}' is an FAQ entry (rnk faq {faq_id})"
    try:
        found = suggest_events(chron, event_id, index)
    except UsageError:  # nothing in it to search for (`rnk show '!!!'`): still no such event, exit 1
        found = []
    if found:
        return f"{message}; did you mean {', '.join(found)}?"
    return f"{message} (try 'rnk search WORDS')"


# ----------------------------------------------------------------------------- highlighting


def mark_spans(text: str, marks: Sequence[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Where in `text` the query's words and terms occur, as (start, end) character offsets."""
    if not marks:
        return []
    wanted = set(marks)
    longest = max(len(m) for m in wanted)
    toks = tokens(text)
    spans = []
    i = 0
    while i < len(toks):
        for n in range(min(longest, len(toks) - i), 0, -1):
            if tuple(t.stem for t in toks[i : i + n]) in wanted:
                spans.append((toks[i].start, toks[i + n - 1].end))
                i += n
                break
        else:
            i += 1
    return spans


def segments(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Cut a text into (piece, matched) pairs, for renderers to style."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def snippet(text: str, spans: Sequence[tuple[int, int]], width: int = 160) -> list[tuple[str, bool]]:
    """A window of about `width` characters around the first match, cut at spaces, with '…'."""
    flat = " ".join(text.split())
    if flat != text:
        # Offsets were taken on the original text; recompute on the flattened one.
        spans = _shift_spans(text, flat, spans)
    if len(flat) <= width:
        return segments(flat, spans)
    centre = spans[0][0] if spans else 0
    start = max(0, centre - width // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < centre else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > start else end
    inner = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    out = segments(flat[start:end], inner)
    if start > 0:
        out.insert(0, ("…", False))
    if end < len(flat):
        out.append(("…", False))
    return out


def _shift_spans(text: str, flat: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Map offsets in `text` to offsets in its whitespace-folded form."""
    mapping = []
    j = 0
    prev_space = False
    leading = True
    for ch in text:
        mapping.append(j)
        if ch.isspace():
            if not prev_space and not leading:
                j += 1
            prev_space = True
        else:
            j += 1
            prev_space = False
            leading = False
    mapping.append(j)
    return [(min(mapping[s], len(flat)), min(mapping[e], len(flat))) for s, e in spans]
