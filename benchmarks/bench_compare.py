"""Two installed versions of rnk, run interleaved on the same commands: the before/after check of a
change on a machine whose speed drifts (ratios to the floor from different hours do not compare).

    git worktree add /tmp/rnk-before <commit> && python3 -m venv /tmp/rnk-before/.venv \\
        && /tmp/rnk-before/.venv/bin/pip install -q -e /tmp/rnk-before
    .venv/bin/python benchmarks/bench_compare.py /tmp/rnk-before/.venv/bin/rnk .venv/bin/rnk

Each version gets its own private cache folder: sharing one, the two would replace each other's
entries on every run and measure parsing instead. Reported: the median wall time of each over
`--runs` rounds (warm caches), and the change.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Case, clean_env, machine_description, measure, rnk_command, table

# Beside bench_startup's commands: the two that the shortcuts of answering and typo correction speed up.
EXTRA: list[tuple[str, list[str], dict[str, str]]] = [
    ("rnk search sanctoins --json (a typo)", ["search", "sanctoins", "--json"], {}),
    (
        "rnk ask how do satellites stay in orbit",
        ["ask", "how", "do", "satellites", "stay", "in", "orbit"],
        {},
    ),
]


def commands() -> list[tuple[str, list[str], dict[str, str]]]:
    """bench_startup's rnk commands (label, words after `rnk`, environment), then EXTRA."""
    from bench_startup import cases

    rnk = rnk_command()
    ours = [case for case, kind in cases() if kind and case.argv[: len(rnk)] == rnk]
    return [(case.label, case.argv[len(rnk) :], case.env) for case in ours] + EXTRA


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("before", help="the rnk executable of the version before")
    parser.add_argument("after", help="the rnk executable of the version after")
    parser.add_argument("--runs", type=int, default=21, help="timed rounds (default 21)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        env = {**clean_env(), "PYTHONPYCACHEPREFIX": str(Path(scratch) / "pycache")}
        cases = []
        for label, words, extra in commands():
            for name, exe in (("before", args.before), ("after", args.after)):
                cache = Path(scratch) / f"cache-{name}"
                cache.mkdir(mode=0o700, exist_ok=True)
                cases.append(Case(label, [exe, *words], {**extra, "RNK_CACHE_DIR": str(cache)}))
        measure(cases, args.runs, env)  # round-robin: the two versions alternate on every command
    rows = []
    for before, after in zip(cases[::2], cases[1::2], strict=True):
        change = (after.median_ms - before.median_ms) / before.median_ms * 100
        status = before.status or after.status
        rows.append(
            [before.label, f"{before.median_ms:.1f}", f"{after.median_ms:.1f}", status or f"{change:+.0f}%"]
        )
    print(f"Machine: {machine_description()}")
    print(f"Median of {args.runs} interleaved runs, warm caches\n")
    print(table(["command", "before ms", "after ms", "change"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
