"""`Chronology` is a NamedTuple (a frozen dataclass took 1 ms of every run to define): it must
still behave like one: immutable, compared field by field, copied with changes."""

from __future__ import annotations

import pytest

from rnk.core import store
from rnk.core.model import Chronology, Meta

from conftest import MINI


@pytest.fixture
def chron() -> Chronology:
    return store.load(str(MINI))


def test_fields_cannot_be_set_or_deleted(chron: Chronology) -> None:
    with pytest.raises(AttributeError):
        chron.events = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del chron.meta
    assert len(chron.events) == 3


def test_equal_by_value_not_by_identity(chron: Chronology) -> None:
    again = store.load(str(MINI))
    assert again is not chron and again == chron
    assert chron._replace(faq=()) != chron
    assert chron != "a chronology"
    with pytest.raises(TypeError):
        hash(chron)  # it holds dicts, as the dataclass did


def test_defaults_and_keywords() -> None:
    empty = Chronology(Meta("t", "2020"))
    assert (empty.sources, empty.eras, empty.tags, empty.events, empty.faq, empty.aliases) == (
        {},
        (),
        {},
        (),
        (),
        (),
    )
    assert Chronology(meta=Meta("t", "2020"), tags={"a": "b"}).tags == {"a": "b"}
    assert Chronology(Meta("t", "2020")).sources is not empty.sources  # no shared default


def test_replace_changes_only_what_is_named(chron: Chronology) -> None:
    copy = chron._replace(events=chron.events[:1])
    assert [e.id for e in copy.events] == ["war-begins"]
    assert copy.faq == chron.faq and copy.meta == chron.meta and copy.aliases == chron.aliases
    assert copy.event("decade") is None and chron.event("decade") is not None  # its own lookup
    with pytest.raises((TypeError, ValueError)):  # TypeError from Python 3.13, ValueError before
        chron._replace(nonsense=1)


def test_repr_names_every_field(chron: Chronology) -> None:
    text = repr(chron)
    assert text.startswith("Chronology(meta=Meta(")
    assert all(f"{name}=" in text for name in Chronology.__match_args__)
