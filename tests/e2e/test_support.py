"""The support program as people walk it on a phone, without JavaScript: a mother asks for
support for her daughter inside; an organizer runs the week, from proposal to confirmation."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.accounts.roles import Role
from callidarity.aid.models import DisbursementLine, DisbursementRun, Facility, SupportRequest
from callidarity.ledger.models import Account, Transaction
from callidarity.ledger.selectors import balance
from tests.accounts.staff import authenticator_of, make_staff
from tests.aid.conftest import give, make_member

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    yield context.new_page()
    # Closed before the live server stops, so no request thread outlives the test.
    context.close()


def _fill_request(page: Page) -> None:
    page.get_by_label("Name of the person inside").fill("Daniela")
    page.get_by_label("Where is she or he held?").select_option(
        label="Logan Correctional Center (Lincoln, IL)"
    )
    page.get_by_label("ID number").fill("Y-55501")
    page.get_by_label("Money for phone calls").check()
    page.get_by_role("group", name="Does she or he get visits?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("ZIP code where her or his children live").fill("60629")
    page.get_by_label("Who are you to her or him?").select_option(label="Mother or father")
    page.get_by_label("Your name").fill("Marta")
    page.get_by_label("Your email").fill("marta@example.org")


def test_a_mother_asks_for_support_for_her_daughter(
    phone_page: Page,
    live_server: LiveServer,
    illinois: None,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/support/request/")
    expect(page.get_by_role("heading", name="Ask for support for someone inside")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "support-request")

    # Sent too soon, without consent or a kind of support: each field says what is missing.
    page.get_by_label("Name of the person inside").fill("Daniela")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("#id_consent")).not_to_be_checked()
    expect(page.get_by_text("Choose at least one kind of support.")).to_be_visible()
    expect(page.get_by_text("We only support people who have asked for it.")).to_be_visible()
    expect(page.get_by_label("Name of the person inside")).to_have_value("Daniela")
    assert SupportRequest.objects.count() == 0
    shot(page, "support-request-errors")

    _fill_request(page)
    page.get_by_label("The person inside knows about this request").check()
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", name="Thank you. We received your request.")).to_be_visible()
    shot(page, "support-request-thanks")

    # The public impact page works without JavaScript too, and names no one.
    page.goto(f"{live_server.url}/support/impact/")
    expect(page.get_by_role("heading", name="Our impact")).to_be_visible()
    assert "Daniela" not in page.content()
    assert scroll_width(page) <= PHONE["width"]

    request = SupportRequest.objects.get()
    assert (request.person_name, request.id_number, request.children_zip) == (
        "Daniela",
        "Y-55501",
        "60629",
    )
    assert request.facility == Facility.objects.get(name="Logan Correctional Center")
    assert request.wants_calls
    assert request.visits == SupportRequest.Visits.NO


def _log_in_with_two_factor(page: Page, live_server: LiveServer, user: User) -> None:
    page.goto(f"{live_server.url}/admin/support/runs/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next="))
    page.locator("#id_username").fill(user.get_username())
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    device = authenticator_of(user)
    page.get_by_label("Code", exact=True).fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Weekly runs")).to_be_visible()


def test_an_organizer_runs_the_week_from_proposal_to_confirmation(
    phone_page: Page,
    live_server: LiveServer,
    illinois: None,
    fund: Account,
    processor: Account,
    bank: Account,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    fund.name = "Phone funds"
    fund.save(update_fields=["name"])
    give(processor, fund, 30_000)
    logan = Facility.objects.get(name="Logan Correctional Center")
    for name in ("Alma", "Berta", "Celia"):
        make_member(logan, fund, name=name, weekly=2000)
    organizer = make_staff("olga", roles=[Role.ORGANIZER], password=PASSWORD)
    page = phone_page
    _log_in_with_two_factor(page, live_server, organizer)

    page.get_by_label("Week of").fill("2026-11-30")
    page.get_by_role("button", name="Propose the run").click()
    expect(page.get_by_role("heading", name=re.compile("Week of"))).to_be_visible()
    expect(page.get_by_text("Alma")).to_be_visible()
    # Three $80 four-week deposits: $17.25 in fees instead of $42.00 depositing weekly.
    figures = page.locator(".figures")
    expect(figures.first).to_contain_text("$240.00")
    expect(figures.first).to_contain_text("$17.25")
    expect(figures.first).to_contain_text("$24.75")
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "run-proposed")

    page.get_by_role("button", name="Mark as sent to the vendors").click()
    expect(page.get_by_text("Marked as sent.")).to_be_visible()
    for n, card in enumerate(page.locator("ol.deposits > li").all()):
        card.get_by_label("Vendor confirmation number").fill(f"GTL-{n}")
        card.get_by_role("button", name="Confirm").click()
        expect(page.get_by_text("Confirmed and recorded in the ledger.")).to_be_visible()
    shot(page, "run-confirmed")

    run = DisbursementRun.objects.get()
    assert run.status == DisbursementRun.Status.CLOSED
    assert set(run.lines.values_list("status", flat=True)) == {DisbursementLine.Status.CONFIRMED}
    assert Transaction.objects.filter(kind=Transaction.Kind.DISBURSEMENT).count() == 3
    assert balance(fund).cents == 30_000 - 3 * 8575


@pytest.mark.parametrize("language", ["en", "es"])
def test_support_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    illinois: None,
    fund: Account,
    processor: Account,
    language: str,
) -> None:
    give(processor, fund, 30_000)
    make_member(Facility.objects.get(name="Cook County Jail"), fund, name="Dora")
    organizer = make_staff("olga", roles=[Role.ORGANIZER], password=PASSWORD)
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language)
    check = audit.check

    page.goto(f"{live_server.url}/support/request/")
    check("request")
    page.locator("button[type=submit].button").click()  # empty: errors shown
    check("request-errors")
    page.goto(f"{live_server.url}/support/impact/")
    check("impact")
    page.goto(f"{live_server.url}/support/request/thanks/")
    check("thanks")

    page.goto(f"{live_server.url}/admin/login/?next=/admin/support/")
    page.locator("#id_username").fill("olga")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.goto(f"{live_server.url}/admin/2fa/verify/?next=/admin/support/")
    page.locator("input[name=code]").fill(f"{totp(authenticator_of(organizer).bin_key):06d}")
    page.locator("form button[type=submit]").last.click()
    check("support-home")
    page.goto(f"{live_server.url}/admin/support/runs/")
    check("runs")
    page.locator("form[action='/admin/support/runs/'] button").click()
    check("run")
    page.goto(f"{live_server.url}/admin/support/requests/")
    check("requests")
    page.goto(f"{live_server.url}/admin/support/requests/new/")
    check("request-new")
    page.goto(f"{live_server.url}/admin/support/runway/?members=5&weekly=15&weeks=10")
    check("runway")
    context.close()
    assert audit.failures() == {}
