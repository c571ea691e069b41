"""How many terminal cells text takes, as rich measures it (rich.cells)."""

from __future__ import annotations

# A speed trick in front of rich: text made only of characters rich measures as one cell (rich's
# own list of such ranges, plus general punctuation: dashes, curly quotes, '…', which rich measures
# one character at a time) is measured by its length. Without it drawing the table of `rnk events`
# took 10 ms more (about 10% of the command's CPU time), and that table does not import rich.
_NARROW_RANGES = (
    (0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2010, 0x2027), (0x2030, 0x205E),
    (0x2500, 0x25FC), (0x2800, 0x28FF),
)  # fmt: skip
NARROW = frozenset(chr(c) for low, high in _NARROW_RANGES for c in range(low, high + 1))


def cells(text: str) -> int:
    if NARROW.issuperset(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def chop(text: str, width: int) -> list[str]:
    if NARROW.issuperset(text):
        return [text[i : i + width] for i in range(0, len(text), width)]
    from rich.cells import chop_cells

    return chop_cells(text, width)


def crop(text: str, width: int) -> str:
    """At most `width` cells: a wide character straddling the edge becomes spaces."""
    if NARROW.issuperset(text):
        return text[:width]
    from rich.cells import set_cell_size

    return set_cell_size(text, width)
