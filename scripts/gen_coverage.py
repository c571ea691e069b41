"""Generate the README's coverage tables from the bundled data: events per decade and per era.

The tables sit in README.md between `<!-- coverage:start -->` and `<!-- coverage:end -->`.
`python scripts/gen_coverage.py` rewrites them; `--check` exits 1 when they are out of date
(tests/test_data_integrity.py runs the same comparison). The data is read as plain TOML, so the
numbers do not depend on rnk's own loader.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"


def read_data(folder: Path = ROOT / "data") -> dict[str, Any]:
    """The data folder as one document: arrays concatenated, tables merged."""
    doc: dict[str, Any] = {"events": [], "eras": [], "faq": [], "sources": {}, "meta": {}}
    for path in sorted(folder.glob("*.toml")):
        part = tomllib.loads(path.read_text(encoding="utf-8"))
        for key, value in part.items():
            if isinstance(value, list):
                doc.setdefault(key, []).extend(value)
            elif isinstance(value, dict):
                doc.setdefault(key, {}).update(value)
    return doc


def year(value: object) -> int:
    return int(str(value)[:4])


def decade_counts(events: list[dict[str, Any]]) -> Counter[int]:
    """How many events touch each decade (an event spanning two decades counts in both)."""
    counts: Counter[int] = Counter()
    for e in events:
        first, last = year(e["start"]), year(e.get("end", e["start"]))
        for decade in range(first // 10 * 10, last // 10 * 10 + 1, 10):
            counts[decade] += 1
    return counts


def tables(doc: dict[str, Any]) -> str:
    events = doc["events"]
    per_decade = decade_counts(events)
    per_era = Counter(e["era"] for e in events)
    lines = [
        f"{len(events)} events and {len(doc['faq'])} FAQ entries, "
        f"checked up to {doc['meta']['as_of']}, citing {len(doc['sources'])} sources.",
        "",
        "| decade | events |",
        "|---|---:|",
        *(f"| {d}s | {per_decade[d]} |" for d in sorted(per_decade)),
        "",
        "| era | years | events |",
        "|---|---|---:|",
        *(f"| {e['name']} | {e['start']}–{e['end']} | {per_era[e['id']]} |" for e in doc["eras"]),
    ]
    return "\n".join(lines)


def render_readme(text: str, block: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{block}\n{END}{tail}"


def main(argv: list[str]) -> int:
    block = tables(read_data())
    text = README.read_text(encoding="utf-8")
    wanted = render_readme(text, block)
    if "--check" in argv:
        if wanted != text:
            print("README.md's coverage tables are out of date: run scripts/gen_coverage.py")
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
