"""Following the bills on a phone without JavaScript: from the footer to the list, a filter,
then a bill's road and history; the bill pages have nothing for axe-core to fix, en and es."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.backoffice.demo_advocacy import load_advocacy_demo
from callidarity.backoffice.demo_bills import load_bills_demo

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bills(db: None) -> None:
    load_advocacy_demo()
    load_bills_demo(today=date(2026, 12, 1))


def test_finding_a_bill_and_where_it_stands_on_a_phone(
    browser: Browser,
    live_server: LiveServer,
    bills: None,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/events/")
    page.get_by_role("contentinfo").get_by_role("link", name="Bills").click()
    expect(page.get_by_role("heading", name="Bills we follow", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="3 bills")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "bills")

    page.get_by_label("Stage").select_option("law")
    page.get_by_role("button", name="Show bills").click()
    expect(page.locator(".bill-list h3")).to_have_text(["State resentencing motion"])
    page.get_by_role("link", name="State resentencing motion").click()

    expect(page.get_by_role("heading", name="State resentencing motion", level=1)).to_be_visible()
    road = page.locator("ol.bill-road li")
    expect(road).to_have_count(6)
    expect(page.locator('ol.bill-road [aria-current="step"]')).to_have_text(
        "Became law (it is here now)"
    )
    expect(page.locator("table.bill-history tbody tr")).to_have_count(3)
    expect(page.locator("table.bill-history tbody tr").first).to_contain_text(
        "Third Reading - Short Debate - Passed 061-048-000"
    )
    expect(page.locator(".bill-sponsors li").first).to_contain_text("Robert Peters")
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "bill-sb2129")

    page.goto(f"{live_server.url}/bills/104-hb3773/")
    expect(page.get_by_role("link", name="Free calls home: write to the Speaker")).to_be_visible()
    expect(page.get_by_role("heading", name="Get an email when this bill moves")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "bill-hb3773")

    response = page.goto(f"{live_server.url}/bills/?position=maybe")
    assert response is not None
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("We could not filter with these choices")
    context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_bill_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    bills: None,
    language: str,
) -> None:
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language)

    def check(name: str, path: str) -> None:
        page.goto(f"{live_server.url}{path}")
        audit.check(name)

    check("bills", "/bills/")
    check("bills-filtered", "/bills/?stage=committee&position=oppose")
    check("bills-invalid", "/bills/?stage=soon")
    check("hb3773", "/bills/104-hb3773/")
    check("sb2129", "/bills/102-sb2129/")
    check("sb46", "/bills/102-sb46/")
    context.close()
    assert audit.failures() == {}
