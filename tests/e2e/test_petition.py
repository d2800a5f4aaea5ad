"""Signing a petition as a supporter does it on a phone, without JavaScript: the text and
the counter, the form, the thanks with the counter moved; axe-core finds nothing to fix."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.advocacy.models import Action, Signature
from tests.advocacy.conftest import governor, petition  # noqa: F401 - fixtures

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATH = "/act/bring-mothers-home/"


def _fill(page: Page, *, name: str, email: str, city: str = "") -> None:
    page.locator("#id_name").fill(name)
    page.locator("#id_email").fill(email)
    if city:
        page.locator("#id_city").fill(city)


def test_a_supporter_signs_on_a_phone_without_javascript(
    browser: Browser,
    live_server: LiveServer,
    petition: Action,  # noqa: F811
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{PATH}")
    expect(page.get_by_role("heading", name="Bring mothers home", level=1)).to_be_visible()
    expect(page.locator("#petition-count")).to_have_text("0 signatures of 100")
    expect(page.get_by_text("To: Governor J. B. Pritzker")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "petition")

    page.get_by_label("Your name").fill("Rosa Martínez")
    page.get_by_label("Your email").fill("rosa@example.org")
    page.get_by_label("Your town or city").fill("Cicero")
    page.get_by_label("Why you sign").fill("My sister has been inside for 11 years.")
    page.get_by_label("Show my first name and town among recent signers").check()
    page.get_by_role("button", name="Sign", exact=True).click()

    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}{PATH}signed/") + "(#sign)?$"))
    expect(page.get_by_role("heading", name="Thank you, Rosa.")).to_be_visible()
    expect(page.get_by_text("Your signature is counted.")).to_be_visible()
    expect(page.locator("#petition-count")).to_have_text("1 signature of 100")
    expect(page.locator("progress")).to_have_attribute("value", "1")
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "petition-signed")

    page.get_by_role("link", name="Bring mothers home").click()
    expect(page.locator("#petition-count")).to_have_text("1 signature of 100")
    expect(page.locator(".recent-signers li")).to_have_text(["Rosa, Cicero"])
    # The same email again, in another case: recognised, not counted twice.
    _fill(page, name="Rosa M.", email="ROSA@example.org")
    page.get_by_role("button", name="Sign", exact=True).click()
    # Thanked as for a first signature: the page never tells whether an address signed.
    expect(page.get_by_text("Your signature is counted.")).to_be_visible()
    expect(page.locator("#petition-count")).to_have_text("1 signature of 100")
    context.close()
    signature = Signature.objects.get()
    assert (signature.name, signature.city, signature.status) == (
        "Rosa Martínez",
        "Cicero",
        "counted",
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_petition_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    petition: Action,  # noqa: F811
    language: str,
) -> None:
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language)
    check = audit.check

    page.goto(f"{live_server.url}{PATH}embed/")
    check("embed")
    page.goto(f"{live_server.url}{PATH}")
    check("petition")
    # A form sent back with errors shows them beside the fields.
    page.locator("#sign form button[type=submit]").click()
    check("petition-errors")
    _fill(page, name="Lupe Soto", email="lupe@example.org", city="Elgin")
    page.locator("#id_is_public").check()
    page.locator("#sign form button[type=submit]").click()
    expect(page.locator("#petition-count")).to_contain_text("1")
    check("signed")
    page.goto(f"{live_server.url}{PATH}")
    check("petition-with-signers")
    context.close()
    assert audit.failures() == {}
