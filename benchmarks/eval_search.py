"""Measure search quality on the eval set in tests/eval/: precision@1 and MRR for `rnk search`,
accuracy for `rnk faq WORDS`.

    .venv/bin/python benchmarks/eval_search.py            # bundled data
    .venv/bin/python benchmarks/eval_search.py --verbose  # also every miss, with what came first
    .venv/bin/python benchmarks/eval_search.py --data PATH

Each search case names the record a reader would want first ("event:<id>" or "faq:<id>").
MRR counts the rank of that record within the first 10 hits (0 when it is not there).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVAL_DIR = Path(__file__).resolve().parents[1] / "tests" / "eval"
DEPTH = 10


def read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    with path.open("rb") as fh:
        return tomllib.load(fh)


def search_cases(eval_dir: Path = EVAL_DIR) -> list[dict[str, str]]:
    return list(read_toml(eval_dir / "search.toml")["case"])


def faq_cases(eval_dir: Path = EVAL_DIR) -> list[dict[str, str]]:
    return list(read_toml(eval_dir / "faq.toml")["case"])


@dataclass
class Outcome:
    text: str
    expect: str
    got: list[str]
    kind: str = ""

    @property
    def rank(self) -> int | None:
        return self.got.index(self.expect) + 1 if self.expect in self.got else None


@dataclass
class Report:
    search: list[Outcome]
    faq: list[Outcome]

    @property
    def precision_at_1(self) -> float:
        return sum(o.rank == 1 for o in self.search) / len(self.search)

    @property
    def mrr(self) -> float:
        return sum(1.0 / o.rank if o.rank else 0.0 for o in self.search) / len(self.search)

    @property
    def faq_accuracy(self) -> float:
        return sum(o.rank == 1 for o in self.faq) / len(self.faq)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for o in self.search:
            good, total = out.get(o.kind, (0, 0))
            out[o.kind] = (good + (o.rank == 1), total + 1)
        return out


def evaluate(chron: Any, eval_dir: Path = EVAL_DIR) -> Report:
    from rnk.query.index import build_index
    from rnk.query.search import match_faq, search

    index = build_index(chron)
    searched = []
    for case in search_cases(eval_dir):
        result = search(index, case["query"], limit=DEPTH)
        got = [f"{h.kind}:{h.id}" for h in result.hits]
        searched.append(Outcome(case["query"], case["expect"], got, case.get("kind", "")))
    answered = []
    for case in faq_cases(eval_dir):
        result = match_faq(index, case["question"], limit=DEPTH)
        answered.append(Outcome(case["question"], case["expect"], [h.id for h in result.hits]))
    return Report(searched, answered)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="a chronology other than the bundled one")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    from rnk.core.store import load

    report = evaluate(load(args.data))
    print(f"search cases: {len(report.search)}   FAQ cases: {len(report.faq)}")
    print(f"precision@1:  {report.precision_at_1:.3f}")
    print(f"MRR@{DEPTH}:       {report.mrr:.3f}")
    print(f"FAQ accuracy: {report.faq_accuracy:.3f}")
    print("precision@1 by kind: " + ", ".join(
        f"{kind} {good}/{total}" for kind, (good, total) in sorted(report.by_kind().items())
    ))  # fmt: skip
    if args.verbose:
        for o in report.search + report.faq:
            if o.rank != 1:
                print(f"  miss: {o.text!r}: expected {o.expect} (rank {o.rank}), got {o.got[:3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
