"""Asking for a year-end statement on a phone, without JavaScript, in English and Spanish."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from callidarity.campaigns.models import Campaign
from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.donations.services import record_offline_gift
from tests.pdf import pdf_text
from tests.smtp import SmtpSink

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year - 1


@pytest.fixture
def gifts(campaign: Campaign, live_server: LiveServer, settings: Settings) -> list[Donation]:
    settings.SITE_URL = live_server.url
    return [
        record_offline_gift(
            fund_account=campaign.fund_account,
            amount=Money(cents, "USD"),
            method=Donation.Method.CHECK,
            email="rosa@example.org",
            name="Rosa Díaz",
            received_on=date(YEAR, month, 10),
        )
        for cents, month in ((2500, 2), (4050, 11))
    ]


def test_ask_for_a_year_end_statement_without_javascript(
    browser: Browser,
    live_server: LiveServer,
    gifts: list[Donation],
    smtp: SmtpSink,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Receipts and year-end statements").click()
    expect(page).to_have_url(f"{live_server.url}/receipts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Receipts and year-end statements")
    shot(page, "statement-request")
    assert scroll_width(page) <= PHONE["width"]

    # A mistake first: explained next to the field, with a 400.
    page.get_by_label("Email").fill("rosa@")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Email me the statement").click()
    assert posted.value.status == 400
    expect(page.locator("#id_email_error")).to_have_text(
        "Enter a valid email address, like ana@example.org."
    )
    shot(page, "statement-request-error")
    assert scroll_width(page) <= PHONE["width"]

    page.get_by_label("Email").fill("Rosa@Example.org")
    page.get_by_label("Year").select_option(str(YEAR))
    page.get_by_role("button", name="Email me the statement").click()
    expect(page).to_have_url(f"{live_server.url}/receipts/sent/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    shot(page, "statement-sent")
    assert scroll_width(page) <= PHONE["width"]

    statements = [m for m in smtp.to("rosa@example.org") if "statement" in str(m["Subject"])]
    assert len(statements) == 1
    match = re.search(r"(http://\S+/receipts/statement/\S+/)", statements[0].get_content())
    assert match is not None
    response = page.request.get(match.group(1))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "Rosa Díaz rosa@example.org" in text
    assert "Total (USD) $65.50 $0.00 $65.50" in text
    for gift in gifts:
        assert gift.receipt.number in text
    context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_receipt_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    gifts: list[Donation],
    language: str,
) -> None:
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language, shots=f"a11y-{language}")
    check = audit.check

    page.goto(f"{live_server.url}/receipts/")
    check("statement-request")
    page.locator("#id_email").fill("")
    page.locator("form.card button[type=submit]").click()
    expect(page.locator("#id_email_error")).to_be_visible()
    check("statement-request-errors")
    page.locator("#id_email").fill("rosa@example.org")
    page.locator("form.card button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/receipts/sent/")
    check("statement-sent")
    response = page.goto(f"{live_server.url}/receipts/statement/not-a-real-token/")
    assert response is not None
    assert response.status == 400
    check("link-invalid")
    context.close()

    failing = audit.failures()
    assert failing == {}, "\n".join(f"[{name}]\n{text}" for name, text in failing.items())
