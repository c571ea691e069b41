"""The console script. Kept tiny: shell completion is answered here before typer or rich load."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    if os.environ.get("_RNK_COMPLETE"):
        from rnk.complete import fast_complete

        if fast_complete():
            sys.exit(0)
    from rnk.cli import run

    sys.exit(run(argv))
