"""The console script. Kept tiny: shell completion is answered here before typer or rich load."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    if os.environ.get("_RNK_COMPLETE"):
        from rnk.complete import fast_complete

        if fast_complete():
            sys.exit(0)
        # Not our protocol (e.g. a script typer generated): let typer's completion classes answer.
        from typer._completion_classes import completion_init

        completion_init()
    try:
        from rnk.cli import run
    except KeyboardInterrupt:  # Ctrl-C while Python is still importing: no traceback either
        sys.stderr.write("rnk: error: interrupted\n")
        sys.exit(130)

    sys.exit(run(argv))
