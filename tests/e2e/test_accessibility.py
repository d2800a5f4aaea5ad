"""axe-core finds no violations on the public pages, in English and in Spanish, on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.campaigns.models import Campaign

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "es"])
def test_public_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    campaign: Campaign,
    language: str,
) -> None:
    # The page's CSP forbids inline scripts, axe's injected one included; bypass it for axe only.
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language, phone=False, shots=f"a11y-{language}")
    check = audit.check

    page.goto(f"{live_server.url}/")
    check("home")
    page.goto(f"{live_server.url}/campaigns/phones/")
    check("campaign")

    # Form errors: a bad amount and no email.
    page.locator("#id_amount").fill("abc")
    page.locator("#donate button[type=submit]").click()
    expect(page.locator("#id_amount_error")).to_be_visible()
    expect(page.locator("#id_email_error")).to_be_visible()
    check("campaign-with-errors")

    page.locator("#id_amount").fill("25")
    page.locator("#id_email").fill("rosa@example.org")
    page.locator("#donate button[type=submit]").click()
    expect(page.locator("button[value=pay]")).to_be_visible()
    check("sandbox")

    page.locator("button[value=pay]").click()
    expect(page.locator(".confirmed")).to_be_visible()
    check("thanks")

    response = page.goto(f"{live_server.url}/campaigns/no-such-campaign/")
    assert response is not None
    assert response.status == 404
    check("404")
    context.close()

    failing = audit.failures()
    assert failing == {}, "\n".join(f"[{name}]\n{text}" for name, text in failing.items())
