"""The public library pages through Django's test client: search, a resource, its file,
partners, press; drafts 404 and odd query strings never make a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from callidarity.library.models import PressItem, Resource
from callidarity.library.services import create_press_item, create_resource

pytestmark = pytest.mark.django_db


def _text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_the_library_lists_published_resources_with_a_count(
    client: Client, library: list[Resource]
) -> None:
    response = client.get("/library/")
    assert response.status_code == 200
    page = _text(response)
    assert "All 3 resources" in page
    assert "A guide to visiting day" in page
    assert "Sus derechos en la visita" in page
    assert "Unfinished" not in page
    assert "Secret tag" not in page
    # Filter links keep the other criteria.
    assert 'href="/library/?tag=visits"' in page


def test_searching_by_words_and_a_filter(client: Client, library: list[Resource]) -> None:
    response = client.get("/library/", {"q": "visits", "language": "es"})
    assert response.status_code == 200
    page = _text(response)
    assert "1 resource found" in page
    assert "Sus derechos en la visita" in page
    assert "A guide to visiting day" not in page
    assert 'href="/library/?q=visits&amp;language=es&amp;kind=guide"' in page


def test_nothing_found_says_so(client: Client, library: list[Resource]) -> None:
    response = client.get("/library/", {"q": "zebra"})
    assert response.status_code == 200
    assert "Nothing found." in _text(response)
    assert "0 resources found" in _text(response)


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "poem"},
        {"language": "fr"},
        {"tag": "no-such-tag"},
        {"tag": "secret-tag"},  # only a draft has it
        {"q": "w" * 201},
        {"q": "a\x00b"},
    ],
)
def test_odd_criteria_get_a_clear_400(
    client: Client, library: list[Resource], query: dict[str, str]
) -> None:
    response = client.get("/library/", query)
    assert response.status_code == 400
    assert "We could not search with these choices" in _text(response)
    assert "Sus derechos" not in _text(response)


@pytest.mark.parametrize(
    "query",
    ["page=999", "page=abc", "page=-1", "q=&kind=&language=&tag=", "q[]=1&kind[]=x", "foo=bar"],
)
def test_odd_query_strings_never_fail(client: Client, library: list[Resource], query: str) -> None:
    assert client.get(f"/library/?{query}").status_code == 200
    assert client.get(f"/press/?{query}").status_code == 200


def test_results_come_a_page_at_a_time(client: Client, library: list[Resource]) -> None:
    from datetime import date

    for n in range(25):
        create_resource(
            slug=f"letter-{n}",
            title=f"Sample letter {n}",
            kind=Resource.Kind.SAMPLE_LETTER,
            body="Dear Warden",
            reviewed_on=date(2020, 1, 1),
            status=Resource.Status.PUBLISHED,
        )
    first = _text(client.get("/library/", {"kind": "sample-letter"}))
    assert "25 resources found" in first
    assert first.count('<li class="card">') == 20
    assert 'href="/library/?kind=sample-letter&amp;page=2"' in first
    second = _text(client.get("/library/", {"kind": "sample-letter", "page": "2"}))
    assert second.count('<li class="card">') == 5


def test_a_resource_shows_its_body_tags_review_date_and_file(
    client: Client, visits_guide: Resource
) -> None:
    response = client.get("/library/visiting-guide/")
    assert response.status_code == 200
    page = _text(response)
    assert "<strong>photo ID</strong>" in page
    assert '<time datetime="2025-03-01">' in page
    assert 'href="/library/?tag=visits"' in page
    assert 'href="/library/visiting-guide/file/"' in page
    assert "Download the file (PDF)" in page


def test_the_file_downloads_as_an_attachment_with_its_type(
    client: Client, visits_guide: Resource
) -> None:
    response = client.get("/library/visiting-guide/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]


def test_drafts_and_missing_files_404(
    client: Client, draft: Resource, rights_sheet: Resource
) -> None:
    assert client.get("/library/draft-toolkit/").status_code == 404
    assert client.get("/library/draft-toolkit/file/").status_code == 404
    assert client.get("/library/no-such-thing/").status_code == 404
    assert client.get("/library/derechos-en-visitas/file/").status_code == 404  # no file


def test_a_resource_whose_stored_file_went_missing_404s(
    client: Client, visits_guide: Resource
) -> None:
    visits_guide.file.storage.delete(visits_guide.file.name)
    assert client.get("/library/visiting-guide/file/").status_code == 404


def test_partners_lists_the_published_ones(client: Client, partners: list[object]) -> None:
    response = client.get("/library/partners/")
    assert response.status_code == 200
    page = _text(response)
    assert "Families Inside Together" in page
    assert "<strong>every Tuesday</strong>" in page
    assert 'href="mailto:hello@families.example.org"' in page
    assert 'href="tel:3125550100"' in page
    assert "Hidden Org" not in page


def test_press_is_newest_first_by_year(client: Client, press: list[PressItem]) -> None:
    response = client.get("/press/")
    assert response.status_code == 200
    page = _text(response)
    assert "Unpublished statement" not in page
    assert page.index("<h2>2025</h2>") < page.index("Second Chance") < page.index("<h2>2024</h2>")
    assert page.index("<h2>2024</h2>") < page.index("Mothers rally")
    assert 'href="https://video.example.org/watch/1"' in page


def test_press_filters_by_kind_and_refuses_an_unknown_one(
    client: Client, press: list[PressItem]
) -> None:
    page = _text(client.get("/press/", {"kind": "coverage"}))
    assert "Mothers rally" in page
    assert "Second Chance" not in page
    response = client.get("/press/", {"kind": "rumour"})
    assert response.status_code == 400
    assert "There is no such kind of press item." in _text(response)


def test_press_pages(client: Client) -> None:
    from datetime import date

    for n in range(21):
        create_press_item(
            kind=PressItem.Kind.COVERAGE,
            title=f"Story {n}",
            dated_on=date(2024, 1, n + 1),
            source="Paper",
            is_published=True,
        )
    first = _text(client.get("/press/"))
    assert first.count('<li class="card">') == 20
    assert 'href="/press/?page=2"' in first
    assert _text(client.get("/press/?page=2")).count('<li class="card">') == 1


def test_the_footer_links_to_the_library_and_press(client: Client) -> None:
    page = _text(client.get("/press/"))
    assert 'href="/library/"' in page
    assert 'href="/press/"' in page
