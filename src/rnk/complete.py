"""Shell completion fast path (see issue: shell integration). Returns False to fall back to typer."""

from __future__ import annotations


def fast_complete() -> bool:
    return False
