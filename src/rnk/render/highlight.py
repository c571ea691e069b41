"""Where a search matched in a text, cut into pieces for the renderers to style: whole matches,
or a snippet around the first one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rnk.query.analysis import tokens
from rnk.query.search import Result


def result_spans(result: Result, text: str) -> list[tuple[int, int]]:
    """Where a result's query matched in a text: its words and terms, or its pattern."""
    if result.pattern is not None:
        from rnk.query.search import find_spans

        return find_spans(result.pattern, text)
    return mark_spans(text, result.marks)


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
    """Offsets in `text` as offsets in its whitespace-folded form, `flat`."""

    def shift(offset: int) -> int:
        head = text[:offset]  # folded; inside a run of spaces after a word, past its one space
        return min(len(flat), len(" ".join(head.split())) + (head[-1:].isspace() and bool(head.strip())))

    return [(shift(s), shift(e)) for s, e in spans]


def search_marks(result: Result, row: dict[str, Any]) -> dict[str, Any]:
    """What a terminal highlights for one hit: its title and a snippet around the first match."""
    title = row.get("title") or row.get("question") or ""
    body = row.get("summary") or row.get("answer") or ""
    return {
        "title": segments(title, result_spans(result, title)),
        "snippet": snippet(body, result_spans(result, body)),
    }
