"""Words as search sees them: folded (case, accents, apostrophes), split at anything that is not a
letter or a digit, and lightly stemmed (`sanctions` -> `sanction`, `died`/`death` -> `die`)."""

# No `from __future__ import annotations`: see rnk.core.model (NamedTuple and string annotations).
import re
from functools import lru_cache
from typing import NamedTuple


def wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = wordset(
    "a an the of in on at to for from by with and or but is are was were be been being am do does "
    "did done has have had having it its this that these those as about into onto than then there "
    "their they them he she his her hers him i me my we our you your what which whom whose "
    "will would shall should can could may might must any some such also just ever very so if "
    "all both each other own same too here s t ve ll re d"
)


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


_EDGE_PUNCT = ".,;:!?()[]{}'’“”"


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
