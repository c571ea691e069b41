"""Start-up benchmark: rnk's common commands against the interpreter's own floor, in one run.

    .venv/bin/python benchmarks/bench_startup.py            # 21 rounds, warm cache
    .venv/bin/python benchmarks/bench_startup.py --cold     # RNK_NO_CACHE=1: parse the TOML every run

Every command is run once to warm up (that run also fills a private parsed-data cache), then all
commands are run round-robin `--runs` times. Reported: the median wall time, its ratio to the
floor (`python -c pass` with the same interpreter), and the peak resident memory of the child.
Human-facing commands run as they would on a terminal (FORCE_COLOR=1: a rich table), machine
ones with `--json`. A command that this version of rnk does not have is shown as n/a.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Case, clean_env, machine_description, measure, rnk_command, table

# output kind -> target ratio to the floor (issue: performance)
TARGETS = {"json": 5.5, "rich": 8.5, "tab": 2.0}


def cases() -> list[tuple[Case, str]]:
    rnk = rnk_command()
    terminal = {"FORCE_COLOR": "1"}
    # The protocol of rnk's completion scripts (see rnk/complete.py): bash sends the line and cursor.
    tab = {"_RNK_COMPLETE": "bash", "COMP_LINE": "rnk ev", "COMP_POINT": "6"}
    return [
        (Case("python -c pass (floor)", [sys.executable, "-c", "pass"]), ""),
        # Not rnk: what importing the CLI framework alone costs, for reference.
        (Case("python -c 'import typer' (reference)", [sys.executable, "-c", "import typer"]), ""),
        (Case("rnk --version", [*rnk, "--version"]), "text"),
        (Case("rnk events 1950-1953 --json", [*rnk, "events", "1950-1953", "--json"]), "json"),
        (Case("rnk events --color always", [*rnk, "events", "--color", "always"]), "rich"),
        (Case("rnk search sanctions", [*rnk, "search", "sanctions"], env=terminal), "rich"),
        (Case("rnk search sanctions --json", [*rnk, "search", "sanctions", "--json"]), "json"),
        (Case("rnk summary", [*rnk, "summary"], env=terminal), "rich"),
        (
            Case(
                "rnk faq did russia back sanctions",
                [*rnk, "faq", "did", "russia", "back", "sanctions"],
                env=terminal,
            ),
            "rich",
        ),
        (Case("TAB: rnk ev<TAB>", rnk, env=tab, ok=(0,)), "tab"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=21, help="timed rounds (default 21)")
    parser.add_argument("--cold", action="store_true", help="disable the parsed-data cache")
    parser.add_argument("--data", help="measure with this chronology (RNK_DATA) instead of the bundled one")
    args = parser.parse_args()

    env = clean_env()
    if args.data:
        env["RNK_DATA"] = args.data
    with tempfile.TemporaryDirectory(prefix="rnk-bench-") as scratch:
        env["RNK_CACHE_DIR"] = os.path.join(scratch, "cache")
        env["PYTHONPYCACHEPREFIX"] = os.path.join(scratch, "pycache")
        if args.cold:
            env["RNK_NO_CACHE"] = "1"
        pairs = cases()
        measure([c for c, _ in pairs], args.runs, env)

    floor = pairs[0][0].median_ms
    rows = []
    for case, kind in pairs:
        if case.status:
            rows.append([case.label, kind or "-", case.status, "", "", ""])
            continue
        ratio = case.median_ms / floor
        target = TARGETS.get(kind)
        verdict = f"≤ {target}× {'ok' if ratio <= target else 'MISSED'}" if target else ""
        rows.append([case.label, kind or "-", f"{case.median_ms:.1f}", f"{ratio:.2f}×", verdict,
                     f"{case.peak_mib:.1f}"])  # fmt: skip
    print(f"Machine: {machine_description()}")
    print(f"Median of {args.runs} runs, {'cold (no cache)' if args.cold else 'warm cache'}; "
          f"data: {args.data or 'bundled'}\n")  # fmt: skip
    print(table(["command", "output", "median ms", "× floor", "target", "peak MiB"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
