"""Searching the library on a phone without JavaScript: a word and a filter, then a result;
the library, a resource, partners and press have nothing for axe-core to fix, in en and es."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.library.models import PressItem, Resource
from tests.library.conftest import (  # noqa: F401 - fixtures
    call_script,
    draft,
    library,
    partners,
    press,
    rights_sheet,
    visits_guide,
)

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_searching_the_library_on_a_phone_without_javascript(
    browser: Browser,
    live_server: LiveServer,
    library: list[Resource],  # noqa: F811
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/press/")
    page.get_by_role("contentinfo").get_by_role("link", name="Library").click()
    expect(page.get_by_role("heading", name="Library", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="All 3 resources")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "library")

    # A word and a filter.
    page.get_by_label("Words to look for").fill("visits")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 resource found")).to_be_visible()
    results = page.locator(".resource-list h3")
    expect(results).to_have_text(["Sus derechos en la visita"])
    expect(page.get_by_label("Words to look for")).to_have_value("visits")
    assert scroll_width(page) <= PHONE["width"]

    # A filter link keeps the words and language, adds the kind: nothing is a guide in es.
    page.get_by_role("navigation", name="Browse").get_by_role("link", name="Guide").click()
    expect(page.get_by_text("Nothing found.")).to_be_visible()
    page.get_by_role("link", name="See everything in the library").click()
    expect(page.get_by_role("heading", name="All 3 resources")).to_be_visible()

    # A tag link, then a word that finds a body, then open the result.
    page.get_by_role("link", name="Visits (2)").click()
    expect(results).to_have_text(["Sus derechos en la visita", "A guide to visiting day"])
    page.get_by_label("Words to look for").fill("photo")
    page.get_by_role("button", name="Search").click()
    expect(results).to_have_text(["A guide to visiting day"])
    page.get_by_role("link", name="A guide to visiting day").click()
    expect(page.get_by_role("heading", name="A guide to visiting day", level=1)).to_be_visible()
    expect(page.locator(".story strong")).to_have_text("photo ID")
    expect(page.get_by_role("link", name="Download the file (PDF)")).to_have_attribute(
        "href", "/library/visiting-guide/file/"
    )
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "library-resource")

    # Bad input: a clear message, not an error page.
    response = page.goto(f"{live_server.url}/library/?kind=poem")
    assert response is not None
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("We could not search with these choices")
    expect(page.get_by_text("There is no such kind of resource.")).to_be_visible()
    context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_library_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    library: list[Resource],  # noqa: F811
    partners: list[object],  # noqa: F811
    press: list[PressItem],  # noqa: F811
    language: str,
) -> None:
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language)

    def check(name: str, path: str) -> None:
        page.goto(f"{live_server.url}{path}")
        audit.check(name)

    check("library", "/library/")
    check("library-search", "/library/?q=visits&language=es&tag=visits")
    check("library-nothing", "/library/?q=zebra")
    check("library-invalid", "/library/?kind=poem&q=" + "w" * 201)
    check("resource", "/library/visiting-guide/")
    check("resource-es", "/library/derechos-en-visitas/")
    check("partners", "/library/partners/")
    check("press", "/press/")
    context.close()
    assert audit.failures() == {}
