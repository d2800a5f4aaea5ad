"""The donate flow as a person walks it on a phone, through the sandbox checkout."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.campaigns.models import Campaign
from callidarity.campaigns.services import create_campaign
from callidarity.core.money import Money
from callidarity.donations.models import Donation, RecurringDonation
from callidarity.donations.services import record_offline_gift
from callidarity.ledger.models import Transaction
from callidarity.supporters.models import Supporter

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SANDBOX_URL = re.compile(r"/donate/sandbox/[0-9a-f-]{36}/(#donate)?$")
THANKS_URL = re.compile(r"/campaigns/phones/thanks/\?donation=[0-9a-f-]{36}(#donate)?$")


@pytest.fixture
def earlier_gift(campaign: Campaign) -> Donation:
    """A $40 check already received, so the page shows a total before the new gift."""
    return record_offline_gift(
        fund_account=campaign.fund_account,
        amount=Money(4000, "USD"),
        method=Donation.Method.CHECK,
        email="earlier@example.org",
        name="Earlier Donor",
    )


def _api(page: Page, live_server: LiveServer) -> dict[str, Any]:
    response = page.request.get(f"{live_server.url}/api/campaigns/phones/")
    assert response.status == 200
    data: dict[str, Any] = response.json()
    return data


def _fill_gift(
    page: Page,
    *,
    amount: str,
    email: str,
    name: str = "",
    message: str = "",
    anonymous: bool = False,
) -> None:
    page.get_by_label("Amount in dollars").fill(amount)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("A message of support (shown in public)").fill(message)
    if anonymous:
        page.get_by_label("Show my gift as anonymous").check()
    page.get_by_role("button", name="Continue to payment").click()


def test_donate_through_the_sandbox(
    page: Page,
    live_server: LiveServer,
    earlier_gift: Donation,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    # A CSP violation (an inline style or script) shows up as a console error.
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    before = _api(page, live_server)
    assert (before["raised_cents"], before["donor_count"]) == (4000, 1)

    page.goto(f"{live_server.url}/")
    shot(page, "home")
    assert scroll_width(page) <= PHONE["width"]
    page.get_by_role("link", name="Phone funds for moms inside", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/campaigns/phones/")
    expect(page.locator(".raised")).to_have_text("$40")
    expect(page.locator(".donors")).to_have_text("1 donor")
    shot(page, "campaign")
    assert scroll_width(page) <= PHONE["width"]

    _fill_gift(
        page,
        amount="25",
        email="rosa@example.org",
        name="Rosa Díaz",
        message="Hang on, mamas. We are with you.",
    )
    expect(page).to_have_url(SANDBOX_URL)
    expect(page.get_by_role("note")).to_have_text("Test mode — no money moves.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Test payment")
    expect(page.locator(".summary dd").first).to_have_text("$25.00")
    shot(page, "sandbox")
    assert scroll_width(page) <= PHONE["width"]

    page.get_by_role("button", name="Pay (test)").click()
    expect(page).to_have_url(THANKS_URL)
    expect(page.locator(".confirmed")).to_have_text(
        "Your gift of $25.00 to Phone funds for moms inside is confirmed."
    )
    shot(page, "thanks")
    assert scroll_width(page) <= PHONE["width"]

    page.get_by_role("link", name="Back to the campaign").click()
    expect(page.locator(".raised")).to_have_text("$65")
    expect(page.locator(".donors")).to_have_text("2 donors")
    newest = page.locator(".recent-gifts li").first
    expect(newest.locator("strong")).to_have_text("Rosa Díaz")
    expect(newest).to_contain_text("$25.00")
    expect(newest.locator(".gift-message")).to_have_text("Hang on, mamas. We are with you.")

    after = _api(page, live_server)
    assert after["raised_cents"] - before["raised_cents"] == 2500
    assert after["donor_count"] - before["donor_count"] == 1
    gift = Donation.objects.get(donor__email="rosa@example.org")
    assert (gift.status, gift.amount_cents, gift.provider) == (
        Donation.Status.SUCCEEDED,
        2500,
        Donation.Provider.SANDBOX,
    )
    assert console_errors == []


def test_anonymous_gift_shows_no_name(
    page: Page, live_server: LiveServer, campaign: Campaign
) -> None:
    page.goto(f"{live_server.url}/campaigns/phones/")
    _fill_gift(page, amount="10", email="quiet@example.org", name="Quiet Person", anonymous=True)
    page.get_by_role("button", name="Pay (test)").click()
    expect(page.locator(".confirmed")).to_be_visible()
    page.goto(f"{live_server.url}/campaigns/phones/")

    gifts = page.locator(".recent-gifts li")
    expect(gifts).to_have_count(1)
    expect(gifts.locator("strong")).to_have_text("Anonymous")
    expect(page.locator("body")).not_to_contain_text("Quiet Person")
    assert _api(page, live_server)["raised_cents"] == 1000


def test_cancel_returns_to_the_campaign_and_records_no_gift(
    page: Page, live_server: LiveServer, earlier_gift: Donation
) -> None:
    page.goto(f"{live_server.url}/campaigns/phones/")
    _fill_gift(page, amount="25", email="rosa@example.org", name="Rosa Díaz")
    expect(page).to_have_url(SANDBOX_URL)
    page.get_by_role("button", name="Cancel").click()

    # Back at the form: the form posts to ".../donate/#donate", and redirects keep the fragment.
    expect(page).to_have_url(f"{live_server.url}/campaigns/phones/#donate")
    expect(page.locator(".raised")).to_have_text("$40")
    expect(page.locator(".recent-gifts li")).to_have_count(1)
    expect(page.locator("body")).not_to_contain_text("Rosa Díaz")
    assert _api(page, live_server)["raised_cents"] == 4000
    cancelled = Donation.objects.get(donor__email="rosa@example.org")
    assert cancelled.status == Donation.Status.PENDING
    assert not Transaction.objects.filter(kind=Transaction.Kind.GIFT).exists()


@pytest.mark.parametrize(
    ("amount", "email", "field", "message"),
    [
        ("abc", "rosa@example.org", "amount", "Enter an amount such as 25 or 25.00."),
        ("0.50", "rosa@example.org", "amount", "The smallest gift is $1.00."),
        ("-5", "rosa@example.org", "amount", "The amount cannot be negative."),
        (
            "20000",
            "rosa@example.org",
            "amount",
            "The largest gift online is $10,000.00. For more, please contact us.",
        ),
        ("25", "", "email", "Enter your email address, so we can send your receipt."),
    ],
)
def test_bad_input_is_explained_next_to_the_field(
    page: Page,
    live_server: LiveServer,
    campaign: Campaign,
    amount: str,
    email: str,
    field: str,
    message: str,
) -> None:
    # A story longer than the screen: the re-rendered page must still land on the form.
    Campaign.objects.filter(pk=campaign.pk).update(story="We call home.\n\n" * 40)
    page.goto(f"{live_server.url}/campaigns/phones/")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        _fill_gift(page, amount=amount, email=email, name="Rosa Díaz")
    assert posted.value.status == 400

    error = page.locator(f"#id_{field}_error")
    expect(error).to_have_text(message)
    expect(error).to_be_in_viewport()
    field_input = page.locator(f"#id_{field}")
    expect(field_input).to_have_attribute("aria-invalid", "true")
    expect(field_input).to_have_attribute("aria-describedby", re.compile(f"id_{field}_error"))
    # The rest of what the person typed is kept.
    expect(page.get_by_label("Amount in dollars")).to_have_value(amount)
    expect(page.get_by_label("Your name")).to_have_value("Rosa Díaz")
    assert Donation.objects.count() == 0
    assert Supporter.objects.count() == 0


def test_spanish_from_the_browser_and_the_language_switch(
    browser: Browser, live_server: LiveServer, campaign: Campaign
) -> None:
    with translation.override("es"):
        spanish_button = translation.gettext("Continue to payment")
    context = browser.new_context(viewport=PHONE, locale="es")
    page = context.new_page()
    page.goto(f"{live_server.url}/campaigns/phones/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#donate button[type=submit]")).to_have_text(spanish_button)
    switch = page.locator(".language-switch button")
    expect(switch).to_have_count(1)
    expect(switch).to_have_text("English")
    expect(switch).to_have_attribute("lang", "en")

    switch.click()
    expect(page).to_have_url(f"{live_server.url}/campaigns/phones/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Continue to payment")).to_be_visible()
    expect(switch).to_have_text("Español")
    # The choice is kept (cookie) over the browser's Accept-Language.
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator(".language-switch button").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    context.close()


def test_donate_works_without_javascript(
    browser: Browser, live_server: LiveServer, campaign: Campaign
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Phone funds for moms inside", exact=True).click()
    _fill_gift(page, amount="15", email="nojs@example.org", name="No Script")
    expect(page).to_have_url(SANDBOX_URL)
    page.get_by_role("button", name="Pay (test)").click()
    expect(page.locator(".confirmed")).to_have_text(
        "Your gift of $15.00 to Phone funds for moms inside is confirmed."
    )
    context.close()
    assert Donation.objects.get().status == Donation.Status.SUCCEEDED


def test_long_words_never_scroll_sideways_on_a_phone(
    page: Page,
    live_server: LiveServer,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    create_campaign(
        slug="long",
        title="Llamadas-telefónicas-para-mamás-encarceladas-en-Illinois-y-sus-familias",
        summary="Unbrokenwordsummarythatgoesonandonwithoutanyspacesatallforaphone",
        goal=Money(1_000_000_00, "USD"),
        story="See https://example.org/a/very/long/path/that/never/breaks/on/its/own/anywhere",
        status=Campaign.Status.LIVE,
    )
    page.goto(f"{live_server.url}/")
    shot(page, "long-home")
    assert scroll_width(page) <= PHONE["width"]
    page.goto(f"{live_server.url}/campaigns/long/")
    _fill_gift(
        page,
        amount="9999",
        email="a-very-long-address-for-a-phone@example.org",
        name="Maximiliana-Guadalupe-Hernández-Castellanos-Villarreal",
        message="Fuerzaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
    )
    shot(page, "long-sandbox")
    assert scroll_width(page) <= PHONE["width"]
    page.get_by_role("button", name="Pay (test)").click()
    shot(page, "long-thanks")
    assert scroll_width(page) <= PHONE["width"]
    page.goto(f"{live_server.url}/campaigns/long/")
    shot(page, "long-campaign")
    assert scroll_width(page) <= PHONE["width"]


def test_desktop_layout_keeps_a_readable_column(
    browser: Browser, live_server: LiveServer, earlier_gift: Donation
) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}/campaigns/phones/")
    assert page.evaluate("document.scrollingElement.scrollWidth") == DESKTOP["width"]
    main = page.locator("main").bounding_box()
    assert main is not None
    # 46rem of 16 px, centred: lines stay short enough to read.
    assert main["width"] == 736
    assert main["x"] == (DESKTOP["width"] - 736) / 2
    expect(page.get_by_role("button", name="Continue to payment")).to_be_visible()
    context.close()


def test_give_monthly_and_cover_the_fee_through_the_sandbox(
    page: Page,
    live_server: LiveServer,
    campaign: Campaign,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    page.goto(f"{live_server.url}/campaigns/phones/")
    page.get_by_label("Give monthly").check()
    page.get_by_label("Amount in dollars").fill("15")
    page.get_by_label("Email", exact=True).fill("rosa@example.org")
    page.get_by_label("Cover the card fee").check()
    expect(page.get_by_text("$0.87 on a $25.00 gift")).to_be_visible()
    page.get_by_role("button", name="Continue to payment").click()

    expect(page.locator(".summary")).to_contain_text("Every month")
    expect(page.locator(".summary dd").first).to_have_text("$15.65")
    shot(page, "sandbox-monthly")
    assert scroll_width(page) <= PHONE["width"]
    page.get_by_role("button", name="Pay (test)").click()

    expect(page.locator(".confirmed")).to_have_text(
        "Your monthly gift of $15.65 to Phone funds for moms inside has started. "
        "Every receipt has a link to stop it."
    )
    page.get_by_role("link", name="Back to the campaign").click()
    expect(page.locator(".raised")).to_have_text("$16")  # whole dollars
    plan = RecurringDonation.objects.get()
    assert (plan.status, plan.payments.count()) == (RecurringDonation.Status.ACTIVE, 1)
