"""What `rnk cite` costs at start-up, beside `rnk events --json`, and what the maintained
citation libraries would add if rnk imported them to write its formats.

    .venv/bin/python benchmarks/bench_cite.py            # 15 rounds, warm cache

The libraries (bibtexparser, rispy, citeproc-py) come with `pip install -e '.[test]'`: the tests
read rnk's output back with them. A library that is not installed is shown as n/a. Reported: the
median wall time, the difference to `rnk events --json`, and the modules each rnk command
imports beyond what `rnk events --json` imports (`python -X importtime`).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Case, clean_env, machine_description, measure, rnk_command, table

LIBRARIES = {"bibtexparser": "bibtexparser", "rispy": "rispy", "citeproc-py": "citeproc"}


def cases() -> list[Case]:
    rnk = rnk_command()
    out = [
        Case("python -c pass (floor)", [sys.executable, "-c", "pass"]),
        Case("rnk events 1950-1953 --json", [*rnk, "events", "1950-1953", "--json"]),
        Case("rnk cite korean-war", [*rnk, "cite", "korean-war"]),
        Case("rnk cite korean-war --format bibtex", [*rnk, "cite", "korean-war", "--format", "bibtex"]),
        Case("rnk cite korean-war --json", [*rnk, "cite", "korean-war", "--json"]),
        Case("rnk cite korean-war --format ris", [*rnk, "cite", "korean-war", "--format", "ris"]),
    ]
    for label, module in LIBRARIES.items():
        if importlib.util.find_spec(module) is not None:
            argv = [sys.executable, "-c", f"import {module}"]
            out.append(Case(f"python -c 'import {module}' ({label})", argv))
    return out


def imported(argv: list[str], env: dict[str, str]) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], env=env, capture_output=True, text=True, check=False
    )
    lines = [line for line in proc.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[-1].strip() for line in lines}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15, help="timed rounds (default 15)")
    args = parser.parse_args()
    env = clean_env()
    with tempfile.TemporaryDirectory(prefix="rnk-bench-") as scratch:
        env["RNK_CACHE_DIR"] = os.path.join(scratch, "cache")
        env["PYTHONPYCACHEPREFIX"] = os.path.join(scratch, "pycache")
        all_cases = cases()
        measure(all_cases, args.runs, env)
        rnk = rnk_command()
        script = rnk[1:] if rnk[0] == sys.executable else rnk  # run under -X importtime
        base = imported([*script, "events", "1950-1953", "--json"], env)
        extra = {
            c.label: sorted(imported([*script, *c.argv[len(rnk) :]], env) - base)
            for c in all_cases
            if c.label.startswith("rnk cite")
        }
    floor, events = all_cases[0].median_ms, all_cases[1].median_ms
    rows = []
    for case in all_cases:
        if case.status:
            rows.append([case.label, case.status, "", "", ""])
            continue
        more = case.median_ms - (events if case.label.startswith("rnk") else floor)
        modules = ", ".join(extra.get(case.label, [])) or "-"
        ratio = case.median_ms / floor
        rows.append([case.label, f"{case.median_ms:.1f}", f"{ratio:.2f}×", f"{more:+.1f}", modules])
    print(f"Machine: {machine_description()}")
    print(f"Median of {args.runs} runs, warm cache; vs: rnk events --json for rnk, the floor for imports.\n")
    print(table(["command", "median ms", "× floor", "vs (ms)", "modules beyond events --json"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
