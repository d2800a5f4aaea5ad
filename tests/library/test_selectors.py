"""Searching the library by words, kind, language and tag; drafts stay hidden."""

from __future__ import annotations

import pytest

from callidarity.library import selectors
from callidarity.library.models import PressItem, Resource

pytestmark = pytest.mark.django_db


def _slugs(resources: object) -> list[str]:
    return [r.slug for r in resources]  # type: ignore[attr-defined]


def test_everything_published_newest_reviewed_first(library: list[Resource]) -> None:
    assert _slugs(selectors.search_resources()) == [
        "derechos-en-visitas",
        "visiting-guide",
        "call-the-warden",
    ]


def test_words_match_title_summary_body_and_tags_case_insensitively(
    library: list[Resource],
) -> None:
    assert _slugs(selectors.search_resources(q="GUIDE")) == ["visiting-guide"]  # title
    assert _slugs(selectors.search_resources(q="wear")) == ["visiting-guide"]  # summary
    assert _slugs(selectors.search_resources(q="medical")) == ["call-the-warden"]  # body
    assert _slugs(selectors.search_resources(q="health")) == ["call-the-warden"]  # tag
    assert _slugs(selectors.search_resources(q="visits")) == [
        "derechos-en-visitas",
        "visiting-guide",
    ]


def test_every_word_must_match(library: list[Resource]) -> None:
    assert _slugs(selectors.search_resources(q="visits  photo")) == ["visiting-guide"]
    assert _slugs(selectors.search_resources(q="visits warden")) == []


def test_accents_are_kept(library: list[Resource]) -> None:
    assert _slugs(selectors.search_resources(q="explicación")) == ["derechos-en-visitas"]
    assert _slugs(selectors.search_resources(q="explicacion")) == []


def test_filters_by_kind_language_and_tag(library: list[Resource]) -> None:
    assert _slugs(selectors.search_resources(kind="call-script")) == ["call-the-warden"]
    assert _slugs(selectors.search_resources(language="es")) == ["derechos-en-visitas"]
    assert _slugs(selectors.search_resources(tag="visits")) == [
        "derechos-en-visitas",
        "visiting-guide",
    ]
    assert _slugs(selectors.search_resources(tag="visits", language="en", q="ID")) == [
        "visiting-guide"
    ]


def test_drafts_are_never_found(library: list[Resource]) -> None:
    assert _slugs(selectors.search_resources(q="unfinished")) == []
    assert _slugs(selectors.search_resources(kind="toolkit")) == []
    assert _slugs(selectors.search_resources(tag="secret-tag")) == []
    with pytest.raises(Resource.DoesNotExist):
        selectors.get_published_resource("draft-toolkit")


def test_odd_input_finds_nothing_rather_than_failing(library: list[Resource]) -> None:
    assert _slugs(selectors.search_resources(kind="nonsense")) == []
    assert _slugs(selectors.search_resources(tag="no-such-tag")) == []
    assert _slugs(selectors.search_resources(q="%_'\";--")) == []
    assert _slugs(selectors.search_resources(q="zq " * 5000)) == []


def test_search_words_are_distinct_and_capped() -> None:
    assert selectors.search_words("Visits visits  día") == ["Visits", "día"]
    assert len(selectors.search_words(" ".join(f"w{i}" for i in range(50)))) == 8


def test_tags_in_use_count_published_resources_only(library: list[Resource]) -> None:
    assert [(t.slug, t.n) for t in selectors.list_tags_in_use()] == [  # type: ignore[attr-defined]
        ("family", 1),
        ("health", 1),
        ("visits", 2),
    ]


def test_partners_published_by_name(partners: list[object]) -> None:
    assert [p.slug for p in selectors.list_published_partners()] == ["families-inside"]


def test_press_newest_first_published_only(press: list[PressItem]) -> None:
    assert [i.title for i in selectors.list_published_press()] == [
        "Press conference on the Second Chance bill",
        "Mothers rally at the Capitol",
    ]
    assert [i.title for i in selectors.list_published_press(kind="coverage")] == [
        "Mothers rally at the Capitol"
    ]
