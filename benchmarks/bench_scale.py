"""Scale benchmark: the cost of repeated queries as a chronology grows from the bundled data to
100,000 events.

    .venv/bin/python benchmarks/bench_scale.py                   # 1k, 10k and 100k events
    .venv/bin/python benchmarks/bench_scale.py --sizes 1000,10000 --runs 5
    .venv/bin/python benchmarks/bench_scale.py --keep /tmp/rnk-scale   # reuse generated data

Synthetic chronologies come from gen_chronology.py. For each data set and query, the first run
is reported apart ("first run": the first query of a data set parses the TOML and fills the
parsed-data cache; search's first run also builds and stores its index); then the query is
repeated `--runs` times with the cache warm and the median is reported, with its ratio to the
same query on the bundled data and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Case, clean_env, machine_description, measure, rnk_command, run_once, table
from gen_chronology import write

QUERIES = (
    ("events 1950-1953 --json", ["events", "1950-1953", "--json"]),
    ("search sanctions --json", ["search", "sanctions", "--json"]),
    ("summary --json", ["summary", "--json"]),
)
# events -> (time ratio to the bundled data, peak MiB), from the issue
TARGETS = {10_000: (3.0, None), 100_000: (15.0, 300.0)}
RACY_S = 2.5  # rnk does not cache files modified in the last 2 s (see rnk/cache.py)


def data_sets(sizes: list[int], folder: Path) -> list[tuple[str, int, Path | None]]:
    out: list[tuple[str, int, Path | None]] = [("bundled", 0, None)]
    for n in sizes:
        target = folder / f"chron-{n}"
        if not (target / "events.toml").is_file():
            print(f"generating {n} events in {target} ...", file=sys.stderr)
            write(n, target)
        out.append((f"{n // 1000}k" if n % 1000 == 0 else str(n), n, target))
    newest = max((p.stat().st_mtime for _, _, d in out if d for p in d.iterdir()), default=0)
    wait = newest + RACY_S - time.time()
    if wait > 0:
        time.sleep(wait)  # so that the first run caches the data
    return out


def bundled_events() -> int:
    from rnk.core.loader import bundled_path

    return sum(
        1 for f in bundled_path().glob("*.toml") for line in f.read_text("utf-8").splitlines()
        if line.strip() == "[[events]]"
    )  # fmt: skip


def size_mb(folder: Path | None) -> str:
    if folder is None:
        return "-"
    return f"{sum(p.stat().st_size for p in folder.iterdir()) / 1e6:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated event counts")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per query and size (default 7)")
    parser.add_argument("--keep", type=Path, help="generate the data here and keep it (reused if present)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    rnk = rnk_command()
    with tempfile.TemporaryDirectory(prefix="rnk-scale-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        sets = data_sets(sizes, folder)
        env = clean_env()
        env["RNK_CACHE_DIR"] = os.path.join(scratch, "cache")
        env["PYTHONPYCACHEPREFIX"] = os.path.join(scratch, "pycache")
        run_once([*rnk, "--version"], env)  # compile bytecode once, outside the measurements

        results: dict[tuple[str, str], tuple[Case, float, int]] = {}
        for label, _, path in sets:
            data_env = {"RNK_DATA": str(path)} if path else {}
            for qlabel, qargs in QUERIES:
                argv = [*rnk, *qargs]
                # First run: parse the TOML and fill the cache.
                first, code, first_peak, err = run_once(argv, {**env, **data_env})
                case = Case(qlabel, argv, env=data_env)
                if code not in case.ok:
                    case.status = f"exit {code}: {err.decode('utf-8', 'replace').strip()[:60]}"
                else:
                    measure([case], args.runs, env, warmup=0)
                results[(label, qlabel)] = (case, first, first_peak)

    print(f"Machine: {machine_description()}")
    print(
        f"Median of {args.runs} runs with the cache warm. 'first run': the query's first run on the data;\n"
        "the first query of a data set parses the TOML and fills the cache, search's also builds its index.\n"
    )
    for qlabel, _ in QUERIES:
        base = results[("bundled", qlabel)][0]
        rows = []
        for label, n, path in sets:
            case, first, first_peak = results[(label, qlabel)]
            if case.status:
                rows.append(
                    [label, str(n or bundled_events()), size_mb(path), case.status, "", "", "", "", ""]
                )
                continue
            ratio = case.median_ms / base.median_ms if base.times else float("nan")
            verdict = ""
            if n in TARGETS:
                max_ratio, max_mib = TARGETS[n]
                ok = ratio <= max_ratio and (max_mib is None or case.peak_mib <= max_mib)
                verdict = f"≤ {max_ratio}×" + (f", ≤ {max_mib:.0f} MiB" if max_mib else "")
                verdict += " ok" if ok else " MISSED"
            rows.append([
                label, str(n or bundled_events()), size_mb(path), f"{first:.2f}", f"{first_peak / 1024:.0f}",
                f"{case.median_ms:.0f}", f"{ratio:.1f}×", f"{case.peak_mib:.0f}", verdict,
            ])  # fmt: skip
        print(f"`rnk {qlabel}`\n")
        headers = ["data", "events", "TOML MB", "first run s", "first MiB", "warm ms", "× bundled",
                   "warm MiB", "target"]  # fmt: skip
        print(table(headers, rows))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
