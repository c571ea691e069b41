"""The console script: a TAB is answered here before typer or rich load. The garbage collector
is kept off the objects start-up makes, during the run and at exit (docs/performance.md)."""

from __future__ import annotations

import gc
import os
import sys


def main(argv: list[str] | None = None) -> None:
    if os.environ.get("_RNK_COMPLETE"):
        from rnk.shell.complete import fast_complete

        if fast_complete():
            sys.exit(0)
        from rnk.framework import typer_completion  # not our protocol: typer answers

        typer_completion()
    if sys.stdout is None or sys.stderr is None:
        attach_closed_streams()
    # A run is short and makes next to no cyclic garbage, while start-up allocates typer's,
    # click's and rich's objects by the hundred thousand, which the collector kept walking.
    gc.disable()
    try:
        from rnk.cli import run
    except KeyboardInterrupt:  # Ctrl-C while Python is still importing: no traceback either
        sys.stderr.write("rnk: error: interrupted\n")
        sys.exit(130)
    try:
        code = run(argv)
    except Exception:
        if not os.environ.get("_RNK_COMPLETE"):
            raise
        code = 1  # typer's completion protocol without its variables (no COMP_WORDS): no answer
    exit_now(code)


def attach_closed_streams() -> None:
    """rnk started with stdout or stderr closed (`>&-`, `2>&-`; Python shows None): stdout gets a
    descriptor that refuses writes (output fails as on /dev/full: one line, exit 2), stderr the
    null device. Taking the descriptor also keeps a file opened later from becoming stdout."""
    for fd, name, mode in ((1, "stdout", os.O_RDONLY), (2, "stderr", os.O_WRONLY)):
        if getattr(sys, name) is not None:
            continue
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, mode)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        stream = open(fd, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
        setattr(sys, name, stream)  # sys.stdout itself: open for the whole run


def exit_now(code: int) -> None:
    """Exit as usual (output flushed, exit hooks run), every object frozen first so that the last
    garbage collections skip the hundreds of thousands start-up made: 7 to 11% of a command."""
    gc.freeze()
    sys.exit(code)
