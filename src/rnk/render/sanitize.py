"""Make data text safe to print on a terminal: control characters are shown, never obeyed."""

from __future__ import annotations

import re
from functools import cache

from rnk.core.errors import QUOTE_LIMIT, shorten

# Invisible characters that change how text reads without showing themselves: bidi embeddings,
# overrides and isolates (U+202E prints "gpj.exe" as "exe.jpg"), zero-width spaces, joiners and
# marks, the byte-order mark. Shown as `\uXXXX`, like the controls below. Also: the soft hyphen,
# the combining grapheme joiner, the Hangul fillers (blank "letters"), the interlinear annotation
# characters, the noncharacters (U+FFFE and U+FFFF make XML, hence the SVG, ill-formed) and the
# tag block U+E0000-E007F (invisible text that can ride along with a flag emoji).
INVISIBLE = (
    r"\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    r"\u00ad\u034f\u115f\u1160\u3164\uffa0\ufff9-\ufffb\ufdd0-\ufdef\ufffe\uffff\U000e0000-\U000e007f"
)


@cache
def _control() -> re.Pattern[str]:
    """C0 controls except tab and newline, DEL, and C1 controls (ESC, CSI, OSC ... live here).
    Compiled when first needed: compiling a class this wide takes 0.4 ms, which JSON output
    (written without cleaning: json escapes) need not pay at start-up."""
    return re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{INVISIBLE}]")


# Error messages are never longer than MESSAGE_LIMIT, whatever they quote (QUOTE_LIMIT each).
MESSAGE_LIMIT = 1000


def _visible(match: re.Match[str]) -> str:
    """`\\xNN` for a control character, `\\uNNNN` beyond Latin-1, `\\UNNNNNNNN` beyond the BMP."""
    code = ord(match.group())
    if code > 0xFFFF:
        return f"\\U{code:08x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Replace control characters by their `\\xNN` spelling, so `ESC [2J` prints as `\\x1b[2J`."""
    return _control().sub(_visible, text)


def one_line(text: str) -> str:
    """Clean and fold whitespace, for table cells and single-line listings."""
    return " ".join(clean(text).split())


_QUOTED = re.compile(rf"'([^'\n]{{{QUOTE_LIMIT + 1},}})'")


def short_message(message: str) -> str:
    """One safe line; every long 'quoted' part (messages quote what the user typed) shortened."""
    return shorten(_QUOTED.sub(lambda m: f"'{shorten(m.group(1))}'", one_line(message)), MESSAGE_LIMIT)


def plural(count: int, noun: str, nouns: str = "") -> str:
    """`1 event`, `2 events`; `2 people` with `nouns` (rnk's one pluraliser)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
