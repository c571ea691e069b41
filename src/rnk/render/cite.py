"""Citations: the sources behind events and FAQ entries, as BibTeX, CSL-JSON, RIS or plain text.

Pure functions, no I/O. Every writer takes the same `Citation` records, so the four formats
always carry the same facts: publisher, title, publication date (absent for an undated page),
URL, and the date the data was checked (`as_of`), which reference managers call the access date.

The formats are written by hand: each is a few lines, and the maintained writers (bibtexparser,
rispy, citeproc-py) cost 50-90 ms to import for what is string formatting. The tests read every
format back with those libraries, so what is written is what a reference manager reads.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from rnk.core import dates
from rnk.core.errors import UsageError
from rnk.core.model import Source
from rnk.render.sanitize import clean

FORMATS = ("text", "bibtex", "csl-json", "ris")


class Citation(NamedTuple):
    key: str  # the source id: a slug, valid as a BibTeX key and a CSL id
    publisher: str
    title: str
    date: str | None  # YYYY, YYYY-MM or YYYY-MM-DD; None for an undated page
    url: str
    checked: str  # the chronology's as_of date


def citations(sources: list[Source], checked: str) -> list[Citation]:
    return [Citation(s.id, s.publisher, s.title, s.date, s.url, checked) for s in sources]


def _one_line(text: str) -> str:
    """Fold line breaks: every format here keeps a field on one line."""
    return " ".join(text.split())


def _line(text: str) -> str:
    """One line for the text formats: control characters shown as `\\x1b`, never written raw
    (they would break a .bib or .ris file, and a terminal would obey them). JSON escapes its own."""
    return clean(_one_line(text))


# --- plain text ---------------------------------------------------------------------------------


def text(cites: list[Citation]) -> str:
    """One reference a line: `Publisher. "Title." 12 September 2023. URL (checked 16 March 2026).`
    A title the editors supplied keeps its square brackets and takes no quotes; undated: "n.d."."""
    lines = []
    for c in cites:
        title = c.title if c.title.startswith("[") else f"\u201c{c.title}.\u201d"
        when = f"{dates.human(c.date)}." if c.date else "n.d."
        line = f"{c.publisher}. {title} {when} {c.url} (checked {dates.human(c.checked)})."
        lines.append(_line(line))
    return "".join(line + "\n" for line in lines)


# --- BibTeX (biblatex @online, which Zotero, JabRef and biber read) -----------------------------

_TEX_SPECIAL = str.maketrans(
    {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
    | {ch: "\\" + ch for ch in "{}$&#%_"}
)


def _tex(text: str) -> str:
    return _line(text).translate(_TEX_SPECIAL)


def _url_field(url: str) -> str:
    # biblatex reads url verbatim, so only what would break the field is encoded.
    return _line(url).replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def bibtex(cites: list[Citation]) -> str:
    entries = []
    for c in cites:
        fields = [
            ("title", "{" + _tex(c.title) + "}"),  # double braces keep the title's capitals
            ("organization", _tex(c.publisher)),
        ]
        if c.date:
            fields += [("date", c.date), ("year", c.date[:4])]
        fields += [("url", _url_field(c.url)), ("urldate", c.checked)]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@online{{{c.key},\n{body}\n}}\n")
    return "\n".join(entries)


# --- CSL-JSON (what Zotero, pandoc and citeproc read) -------------------------------------------


def _date_parts(value: str) -> dict[str, list[list[int]]]:
    year, month, day = dates.parse(value)
    return {"date-parts": [[p for p in (year, month, day) if p is not None]]}


def csl_json(cites: list[Citation]) -> str:
    items = []
    for c in cites:
        item: dict[str, object] = {
            "id": c.key,
            "type": "webpage",
            "title": _one_line(c.title),
            "container-title": _one_line(c.publisher),
            "publisher": _one_line(c.publisher),
            "URL": c.url,
            "accessed": _date_parts(c.checked),
        }
        if c.date:
            item["issued"] = _date_parts(c.date)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# --- RIS (what EndNote and Zotero import) -------------------------------------------------------


def _ris_date(value: str) -> str:
    year, month, day = dates.parse(value)
    return f"{year:04d}/{f'{month:02d}' if month else ''}/{f'{day:02d}' if day else ''}/"


def ris(cites: list[Citation]) -> str:
    records = []
    for c in cites:
        tags = [("TY", "ELEC"), ("ID", c.key), ("TI", c.title), ("PB", c.publisher)]
        if c.date:
            tags += [("PY", c.date[:4]), ("DA", _ris_date(c.date))]
        tags += [("UR", c.url), ("Y2", _ris_date(c.checked)), ("ER", "")]
        records.append("".join(f"{tag}  - {_line(value)}\n" for tag, value in tags))
    return "\n".join(records)


WRITERS = {"text": text, "bibtex": bibtex, "csl-json": csl_json, "ris": ris}


def choose(fmt: str | None, json_flag: bool) -> str:
    """`--json` is `--format csl-json` (the JSON that reference managers read); default: text."""
    if json_flag and fmt not in (None, "csl-json"):
        raise UsageError(f"--json conflicts with --format {fmt}")
    return "csl-json" if json_flag else fmt or "text"
