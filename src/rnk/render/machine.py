"""Writers for machines: JSON, JSON Lines, CSV and Markdown. Plain stdlib, never rich."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from rnk.render.sanitize import INVISIBLE, clean, one_line

Columns = Sequence[tuple[str, str]]


# json.dumps escapes C0 controls but writes DEL, the C1 controls (U+009B is a CSI on many
# terminals) and invisible bidi/zero-width characters as they are. As `\uXXXX` escapes they
# decode to the same text, and `rnk ... --json` on a terminal cannot be made to obey them.
# Compiled, and json imported, when JSON is first written: plain text and tables import this
# module too (start-up time).
@cache
def _json_unsafe() -> re.Pattern[str]:
    return re.compile(rf"[\x7f-\x9f\u2028\u2029{INVISIBLE}]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # beyond the BMP (the tag block): JSON spells it as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def dumps(data: Any, indent: int | None = None) -> str:
    import json

    # Outside strings JSON is ASCII, so every character replaced here is inside a string.
    return _json_unsafe().sub(_json_escape, json.dumps(data, ensure_ascii=False, indent=indent))


def to_json(data: Any) -> str:
    return dumps(data, indent=2) + "\n"


def to_jsonl(rows: Sequence[Any]) -> str:
    return "".join(dumps(row) + "\n" for row in rows)


def flat(value: Any) -> str:
    """One cell: lists joined with '; ', sources by URL, None as empty, booleans as in JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(flat(v) for v in value)
    if isinstance(value, dict) and "ko" in value:  # a name (`rnk show`): `Pyongyang (ko 평양, ru Пхеньян)`
        scripts = ", ".join(f"{key} {value[key]}" for key in ("ko", "ru") if value[key])
        return f"{value['name']} ({scripts})" if scripts else str(value["name"])
    if isinstance(value, dict):
        import json

        return str(value.get("url") or value.get("id") or value.get("title") or json.dumps(value))
    return str(value)


def to_csv(rows: Sequence[dict[str, Any]], columns: Columns, terminal: bool = False) -> str:
    """CSV keeps the data as it is, except on a `terminal`, where control characters are shown
    as `\\xNN` (CSV has no escapes of its own; a terminal would obey them)."""
    import csv  # here, not at the top: only CSV output needs it (start-up time)
    import io

    def cell(value: Any) -> str:
        return clean(flat(value)) if terminal else flat(value)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([key for key, _ in columns])
    for row in rows:
        writer.writerow([cell(row.get(key)) for key, _ in columns])
    return buffer.getvalue()


# Markdown: data text must read as text, never as formatting. Backslash-escape what marks up
# inline (emphasis, code, links, HTML, tables, strikethrough, entities) everywhere, and what
# starts a block (heading, list, quote, rule) at the start of a line.
_MD_INLINE = r"[\\`*_\[\]<>|~]|&(?=#?\w+;)"
_MD_BLOCK = r"^([ \t]*)([#+=-]|\d+(?=[.)]))"


@cache
def _md_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compiled when Markdown is first written, not when JSON or CSV is (start-up time)."""
    return re.compile(_MD_INLINE), re.compile(_MD_BLOCK, re.MULTILINE)


def md_text(text: str) -> str:
    """Data text (already cleaned) escaped for Markdown."""
    inline, block = _md_patterns()
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")  # line breaks to a renderer
    escaped = inline.sub(lambda m: "\\" + m.group(), text)
    return block.sub(_md_block_escape, escaped)


def _md_block_escape(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    # "1990. " would start a numbered list: escape the full stop, not the digits.
    return indent + marker + "\\" if marker[0].isdigit() else indent + "\\" + marker


def md_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return lines + ["| " + " | ".join(md_text(one_line(flat(c))) for c in row) + " |" for row in rows]
