"""Measure search quality on the eval sets in tests/eval/: precision@1 and MRR for `rnk search`
(search.toml), accuracy for `rnk faq WORDS` (faq.toml), and for plain questions
(questions.toml, offtopic.toml): the events `rnk ask` shows, the FAQ entry it answers with, and
how often it refuses what rnk does not cover.

    .venv/bin/python benchmarks/eval_search.py            # bundled data
    .venv/bin/python benchmarks/eval_search.py --verbose  # also every miss, with what came first
    .venv/bin/python benchmarks/eval_search.py --data PATH

Each search case names the record a reader would want first ("event:<id>" or "faq:<id>").
MRR counts the rank of that record within the first 10 hits (0 when it is not there).
A natural question is recalled when one of its events is among the first three `rnk ask`
shows; its FAQ answer is right when it is the expected entry, or none when none is expected.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVAL_DIR = Path(__file__).resolve().parents[1] / "tests" / "eval"
DEPTH = 10
RECALL_DEPTH = 3


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


def question_cases(eval_dir: Path = EVAL_DIR) -> list[dict[str, Any]]:
    return list(read_toml(eval_dir / "questions.toml")["case"])


def offtopic_cases(eval_dir: Path = EVAL_DIR) -> list[dict[str, str]]:
    return list(read_toml(eval_dir / "offtopic.toml")["case"])


def heldout_cases(eval_dir: Path = EVAL_DIR) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """heldout.toml: questions and off-topic questions written after the tuning, never tuned on."""
    doc = read_toml(eval_dir / "heldout.toml")
    return list(doc["case"]), list(doc["offtopic"])


@dataclass
class Asked:
    """One natural question: what `rnk ask` answered with and which events it showed."""

    text: str
    events: list[str]  # acceptable events
    expect: tuple[str, ...]  # the FAQ entries that answer it (any of them), or () for none
    got_events: list[str]
    got_faq: str  # "" when it gave no FAQ answer

    @property
    def recalled(self) -> bool:
        return any(e in self.got_events[:RECALL_DEPTH] for e in self.events)


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
    questions: list[Asked]
    offtopic: list[Asked]

    @property
    def recall_at_3(self) -> float:
        return sum(a.recalled for a in self.questions) / len(self.questions)

    @property
    def faq_answers(self) -> list[tuple[str, tuple[str, ...], str]]:
        """(question, the entries that answer it or (), the entry answered with or ""), every
        on-topic case."""
        return [(o.text, (o.expect,) if o.expect else (), o.got[0] if o.got else "") for o in self.faq] + [
            (a.text, a.expect, a.got_faq) for a in self.questions
        ]

    @property
    def faq_top1(self) -> float:
        cases = self.faq_answers
        return sum(right(expect, got) for _, expect, got in cases) / len(cases)

    @property
    def faq_wrong(self) -> float:
        """Among the answers given (on-topic and off-topic), the share that were wrong."""
        given = [(e, g) for _, e, g in self.faq_answers if g] + [
            ((), a.got_faq) for a in self.offtopic if a.got_faq
        ]
        return sum(not right(e, g) for e, g in given) / len(given) if given else 0.0

    @property
    def faq_recall(self) -> float:
        """Among the questions an entry should answer, the share answered with one of them."""
        due = [(e, g) for _, e, g in self.faq_answers if e]
        return sum(g in e for e, g in due) / len(due)

    @property
    def refused(self) -> float:
        return sum(not a.got_faq and not a.got_events for a in self.offtopic) / len(self.offtopic)

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


def right(expect: tuple[str, ...], got: str) -> bool:
    """An answer is right when it is one of the expected entries, or none when none is."""
    return got in expect if expect else not got


def faq_label(case: dict[str, Any]) -> tuple[str, ...]:
    """A case's `faq`: one entry id, a list of ids that each answer it, or "" for none."""
    label = case["faq"]
    return tuple(label) if isinstance(label, list) else ((label,) if label else ())


def evaluate(chron: Any, eval_dir: Path = EVAL_DIR) -> Report:
    from rnk.query.answer import match_faq
    from rnk.query.index import build_index
    from rnk.query.search import search

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
    asked = [_ask(index, c["question"], c["events"], faq_label(c)) for c in question_cases(eval_dir)]
    offtopic = [_ask(index, c["question"], [], ()) for c in offtopic_cases(eval_dir)]
    return Report(searched, answered, asked, offtopic)


def evaluate_heldout(chron: Any, eval_dir: Path = EVAL_DIR) -> Report:
    """The held-out set: natural and off-topic questions only."""
    from rnk.query.index import build_index

    index = build_index(chron)
    cases, offtopic = heldout_cases(eval_dir)
    asked = [_ask(index, c["question"], c["events"], faq_label(c)) for c in cases]
    return Report([], [], asked, [_ask(index, c["question"], [], ()) for c in offtopic])


def _ask(index: Any, question: str, events: list[str], expect: tuple[str, ...]) -> Asked:
    from rnk.query.answer import answer

    got = answer(index, question)
    return Asked(question, events, expect, [h.id for h in got.events], got.faq.id if got.faq else "")


def print_misses(report: Report) -> None:
    for o in report.search + report.faq:
        if o.rank != 1:
            print(f"  miss: {o.text!r}: expected {o.expect} (rank {o.rank}), got {o.got[:3]}")
    for a in report.questions:
        if not a.recalled:
            print(f"  not recalled: {a.text!r}: expected one of {a.events}, got {a.got_events[:3]}")
    for text, expect, got in report.faq_answers:
        if not right(expect, got):
            print(f"  FAQ: {text!r}: expected {' or '.join(expect) or 'none'}, got {got or 'none'}")
    for a in report.offtopic:
        if a.got_faq or a.got_events:
            print(f"  not refused: {a.text!r}: {a.got_faq or 'no FAQ'}, events {a.got_events[:3]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="a chronology other than the bundled one")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    from rnk.core.store import load

    report = evaluate(load(args.data))
    print(f"search cases: {len(report.search)}   FAQ cases: {len(report.faq)}   "
          f"questions: {len(report.questions)}   off-topic: {len(report.offtopic)}")  # fmt: skip
    print(f"precision@1:  {report.precision_at_1:.3f}")
    print(f"MRR@{DEPTH}:       {report.mrr:.3f}")
    print(f"FAQ accuracy: {report.faq_accuracy:.3f}")
    print("precision@1 by kind: " + ", ".join(
        f"{kind} {good}/{total}" for kind, (good, total) in sorted(report.by_kind().items())
    ))  # fmt: skip
    print(f"natural questions, recall@{RECALL_DEPTH} (events): {report.recall_at_3:.3f}")
    print(f"FAQ top-1 (faq.toml + questions.toml): {report.faq_top1:.3f}   "
          f"wrong answers: {report.faq_wrong:.3f}   recall: {report.faq_recall:.3f}")  # fmt: skip
    print(f"off-topic questions refused: {report.refused:.3f}")
    held = evaluate_heldout(load(args.data))
    print(f"held-out ({len(held.questions)} questions, {len(held.offtopic)} off-topic; never tuned on): "
          f"recall@{RECALL_DEPTH} {held.recall_at_3:.3f}   FAQ top-1 {held.faq_top1:.3f}   "
          f"wrong answers {held.faq_wrong:.3f}   refused {held.refused:.3f}")  # fmt: skip
    if args.verbose:
        print_misses(report)
        print("held-out:")
        print_misses(held)
    return 0


if __name__ == "__main__":
    sys.exit(main())
