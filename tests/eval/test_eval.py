"""The search eval set (search.toml, faq.toml) against the bundled data: the set is sound, and
quality stays at its targets (precision@1 and FAQ accuracy at least 0.9)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from rnk.core.model import Chronology
from rnk.core.store import load
from rnk.query.analysis import fold

pytestmark = pytest.mark.xdist_group("eval")  # one worker computes the report
ROOT = Path(__file__).resolve().parents[2]


def benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_search", ROOT / "benchmarks" / "eval_search.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_search"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def ev() -> ModuleType:
    return benchmark()


@pytest.fixture(scope="session")
def chron() -> Chronology:
    return load()


@pytest.fixture(scope="session")
def report(ev: ModuleType, chron: Chronology) -> Any:
    # Session-scoped: xdist may run other modules' tests between these, which would tear down and
    # recompute a module-scoped report.
    return ev.evaluate(chron)


def test_the_eval_set_is_large_and_varied(ev: ModuleType) -> None:
    cases = ev.search_cases()
    assert len(cases) >= 40
    kinds = {c["kind"] for c in cases}
    assert {"name", "paraphrase", "typo", "alias", "year", "question"} <= kinds
    assert len(ev.faq_cases()) >= 30


def test_every_expected_record_exists(ev: ModuleType, chron: Chronology) -> None:
    for case in ev.search_cases():
        kind, _, rid = case["expect"].partition(":")
        assert kind in ("event", "faq"), case
        found = chron.event(rid) if kind == "event" else chron.faq_entry(rid)
        assert found is not None, case
    for case in ev.faq_cases():
        assert chron.faq_entry(case["expect"]) is not None, case


def test_no_eval_query_is_stored_in_the_data(ev: ModuleType, chron: Chronology) -> None:
    """Keep the eval honest: a query copied into the FAQ's questions or phrasings measures nothing."""
    stored = {fold(text) for f in chron.faq for text in (f.question, *f.phrasings)}
    for text in [c["query"] for c in ev.search_cases()] + [c["question"] for c in ev.faq_cases()]:
        assert fold(text) not in stored, text


def test_search_quality_meets_the_targets(ev: ModuleType, report: Any) -> None:
    misses = [(o.text, o.expect, o.got[:3]) for o in report.search if o.rank != 1]
    assert report.precision_at_1 >= 0.9, misses
    assert report.mrr >= report.precision_at_1
    assert report.recall_at_3 >= 0.9, [(a.text, a.got_events[:3]) for a in report.questions if not a.recalled]


def test_faq_quality_meets_the_targets(ev: ModuleType, report: Any) -> None:
    misses = [(o.text, o.expect, o.got[:3]) for o in report.faq if o.rank != 1]
    assert report.faq_accuracy >= 0.9, misses
    assert report.faq_top1 >= 0.9, [c for c in report.faq_answers if not ev.right(c[1], c[2])]


def test_off_topic_questions_are_refused(ev: ModuleType, report: Any) -> None:
    assert len(report.offtopic) >= 30 and len(report.questions) >= 40
    assert report.refused >= 0.9, [a.text for a in report.offtopic if a.got_faq or a.got_events]


def test_the_held_out_set_is_sound(ev: ModuleType, chron: Chronology) -> None:
    """heldout.toml measures how the tuning generalises: it is reported, never a target to tune on."""
    cases, offtopic = ev.heldout_cases()
    assert len(cases) >= 30 and len(offtopic) >= 20
    stored = {fold(text) for f in chron.faq for text in (f.question, *f.phrasings)}
    for case in cases:
        assert all(chron.event(e) is not None for e in case["events"]), case
        assert all(chron.faq_entry(f) is not None for f in ev.faq_label(case)), case
        assert fold(case["question"]) not in stored, case
    report = ev.evaluate_heldout(chron)
    assert len(report.questions) == len(cases) and 0.0 <= report.faq_top1 <= 1.0
