"""Make data text safe to print on a terminal: control characters are shown, never obeyed."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (ESC, CSI, OSC ... live here).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def clean(text: str) -> str:
    """Replace control characters by their `\\xNN` spelling, so `ESC [2J` prints as `\\x1b[2J`."""
    return _CONTROL.sub(_visible, text)


def one_line(text: str) -> str:
    """Clean and fold whitespace, for table cells and single-line listings."""
    return " ".join(clean(text).split())
