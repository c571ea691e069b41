"""The rules a data file's fields follow: which fields each kind of record has (`SPECS`), how a
value is checked (slugs, dates, URLs, lists), and how a record is named in messages.
`rnk.core.store` applies them to build a Chronology."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from typing import Any

from rnk.core import dates
from rnk.core.errors import shorten
from rnk.core.loader import RawRecord

SLUG = re.compile(r"\A[a-z0-9][a-z0-9-]*\Z")
# ASCII digits only, and nothing after (`$` would let a trailing newline through).
ISO_DATE = re.compile(r"\A[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?\Z")
MAX_SLUG = 80
SLUG_RULE = f"lowercase letters, digits and '-', starting with a letter or digit, at most {MAX_SLUG}"


def _spec(fields: str) -> dict[str, tuple[str, bool]]:
    """`name:rule` words, in the order fields are checked and listed; `name?` is optional."""
    pairs = (word.split(":") for word in fields.split())
    return {name.rstrip("?"): (rule, not name.endswith("?")) for name, rule in pairs}


# kind -> field -> (rule, required); the rules are `convert`'s ("slugs+": at least one)
SPECS: dict[str, dict[str, tuple[str, bool]]] = {
    "meta": _spec("title:line as_of:date overview?:text sources?:slugs"),
    # A source's date is optional: an undated page (a reference work, an archive record) has none.
    "sources": _spec("publisher:line title:line date?:date url:url"),
    "eras": _spec("id:slug name:line start:date end:date summary:text"),
    "events": _spec(
        "id:slug start:date end?:date when?:line title:line summary:text era:slug tags:slugs+ "
        "people?:lines places?:lines sources:slugs+ note?:text"
    ),
    "faq": _spec("id:slug question:line answer:text events:slugs+ phrasings?:lines sources?:slugs"),
    "aliases": _spec("terms:lines+"),
    "names": _spec("name:line ko?:line ru?:line romanised?:lines sources:slugs+ note?:text"),
}


class Invalid(Exception):
    """A value that does not fit its field; `item` is the index of the bad item of an array."""

    def __init__(self, message: str, item: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.item = item


def quote(value: Any, limit: int = 60) -> str:
    """A value for a message: quoted, on one line, cut short if long."""
    text = value if isinstance(value, str) else repr(value)
    return f"'{shorten(' '.join(text.split()), limit)}'"


def label(record: RawRecord) -> str:
    if record.kind == "meta":
        return "[meta]"
    if record.key:
        return f"{record.kind}.{record.key}" if is_slug(record.key) else f"{record.kind} {quote(record.key)}"
    rid = record.data.get("id") if isinstance(record.data, dict) else None
    if is_slug(rid):
        return f"{record.kind} '{rid}'"
    return f"{record.kind}[{record.position + 1}]"


def is_slug(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_SLUG and SLUG.match(value) is not None


def type_name(value: Any) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "a boolean",
             list: "an array", dict: "a table",
             _dt.date: "a date", _dt.datetime: "a date-time", _dt.time: "a time"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


# --- rules: raw TOML value -> normalised value, or raise Invalid ---


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a string, not {type_name(value)}")
    if not value.strip():
        raise Invalid("must not be empty")
    return value.strip()


def line_rule(value: Any) -> str:
    text = _string(value)
    if "\n" in text or "\r" in text:
        raise Invalid("must be a single line")
    return text


def slug_rule(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a string, not {type_name(value)}")
    if not is_slug(value):
        raise Invalid(f"{quote(value)} is not a valid id ({SLUG_RULE})")
    return value


def _date(value: Any) -> str:
    if isinstance(value, _dt.datetime):
        raise Invalid("must be a date without a time")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
        value = f"{value:04d}"
    if not isinstance(value, str):
        raise Invalid(f"must be a date string (YYYY, YYYY-MM or YYYY-MM-DD), not {type_name(value)}")
    if not ISO_DATE.match(value) or value.startswith("0000"):
        raise Invalid(f"{quote(value)} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        dates.parse(value)
    except ValueError as exc:
        raise Invalid(str(exc)) from None
    return value


# An address: http or https in any case (schemes are case-insensitive), a host, and no spaces,
# control or invisible format characters (they could make a link read as another).
_URL = r"(?i:https?)://[^/?#\s]+[^\s]*"
_URL_HIDDEN = (
    r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff"
    r"\U000e0000-\U000e007f]"
)


def _url(value: Any) -> str:
    text = line_rule(value)
    if not re.fullmatch(_URL, text) or re.search(_URL_HIDDEN, text):
        raise Invalid(f"{quote(text)} is not an http:// or https:// address")
    return text


_SCALARS: dict[str, Callable[[Any], str]] = {
    "line": line_rule, "text": _string, "slug": slug_rule, "date": _date, "url": _url,
}  # fmt: skip


def convert(rule: str, value: Any) -> Any:
    """A raw TOML value checked and normalised by its rule, a `_SCALARS` key or a list of one
    (`slugs`; `slugs+`: at least one item); raise Invalid."""
    if rule in _SCALARS:
        return _SCALARS[rule](value)
    if not isinstance(value, list):
        raise Invalid(f"must be an array, not {type_name(value)}")
    if rule.endswith("+") and not value:
        raise Invalid("must list at least one item")
    item = _SCALARS[rule.rstrip("+")[:-1]]
    out = []
    for i, v in enumerate(value):
        try:
            out.append(item(v))
        except Invalid as bad:
            raise Invalid(f"item {i + 1}: {bad.message}", i) from None
    return tuple(out)
