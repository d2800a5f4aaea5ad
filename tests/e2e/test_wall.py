"""The campaign wall as people use it on a phone: post, wait for approval, report; axe-clean."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Browser, Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from callidarity.campaigns.models import Campaign, WallPost
from callidarity.campaigns.services import add_gift_message, post_to_wall
from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.donations.services import complete_sandbox_checkout, create_pending_donation

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = "/campaigns/phones/"


def _gift_message(campaign: Campaign, message: str) -> None:
    donation = create_pending_donation(
        fund_account=campaign.fund_account,
        amount=Money(2500, "USD"),
        email="ana@example.org",
        provider=Donation.Provider.SANDBOX,
        name="Ana Torres",
        message=message,
    )
    add_gift_message(campaign=campaign, donation=donation)
    complete_sandbox_checkout(donation)


def _older_posts(campaign: Campaign, count: int) -> None:
    WallPost.objects.bulk_create(
        WallPost(campaign=campaign, body=f"Older message {n}") for n in range(count, 0, -1)
    )
    WallPost.objects.filter(body__startswith="Older").update(
        created_at=timezone.now() - timedelta(days=30)
    )


def translation_of(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def _post(page: Page, *, body: str, name: str = "") -> None:
    page.get_by_label("Name to show").fill(name)
    page.get_by_label("Your message").fill(body)
    page.get_by_role("button", name="Post message").click()


def test_a_person_posts_on_the_wall_on_a_phone(
    page: Page,
    live_server: LiveServer,
    campaign: Campaign,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    _gift_message(campaign, "For my sister at Logan.")
    page.goto(f"{live_server.url}{PAGE}")
    gift = page.locator(".wall-post").first
    expect(gift.locator(".wall-name")).to_have_text("Ana Torres")
    expect(gift.locator(".with-gift")).to_have_text("♥ with a gift")

    page.get_by_role("link", name="Leave a message").click()
    expect(page).to_have_url(f"{live_server.url}{PAGE}#wall-form")
    _post(
        page,
        name="Rosa Díaz",
        body="Hang on, mamas.\n**We** are with you: https://example.org/calls",
    )

    expect(page).to_have_url(f"{live_server.url}{PAGE}#wall")
    expect(page.get_by_role("status")).to_have_text("Thank you. Your message is on the wall.")
    expect(page.get_by_role("status")).to_be_in_viewport()
    newest = page.locator(".wall-post").first
    expect(newest.locator(".wall-name")).to_have_text("Rosa Díaz")
    expect(newest.locator(".with-gift")).to_have_count(0)
    # Plain text: the Markdown stays as typed and the address is not a link.
    expect(newest.locator(".wall-body")).to_have_text(
        "Hang on, mamas.**We** are with you: https://example.org/calls"
    )
    expect(newest.locator(".wall-body br")).to_have_count(1)
    expect(newest.locator("a")).to_have_count(0)
    # The notice is shown once, beside the wall, and not at the top of the page.
    expect(page.locator(".messages li")).to_have_count(0)
    shot(page, "wall-posted")
    assert scroll_width(page) <= PHONE["width"]
    assert console_errors == []
    post = WallPost.objects.get(donation__isnull=True)
    assert (post.display_name, post.status) == ("Rosa Díaz", WallPost.Status.VISIBLE)


def test_under_pre_moderation_a_message_waits(
    page: Page, live_server: LiveServer, campaign: Campaign
) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(moderation=Campaign.Moderation.PRE)
    page.goto(f"{live_server.url}{PAGE}")
    expect(page.locator("#wall-form")).to_contain_text(
        "A moderator reads each message before it appears."
    )

    _post(page, body="Fuerza, mamás.")

    expect(page.get_by_role("status")).to_have_text(
        "Thank you. Your message will appear once a moderator has approved it."
    )
    expect(page.locator(".wall-post")).to_have_count(0)
    expect(page.locator("#wall")).to_contain_text("No messages yet.")
    assert WallPost.objects.get().status == WallPost.Status.HELD


def test_a_visitor_reports_a_message_and_it_is_held(
    page: Page,
    live_server: LiveServer,
    campaign: Campaign,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    post_to_wall(campaign=campaign, body="A kind message", display_name="Ana")
    cruel = post_to_wall(campaign=campaign, body="A cruel message", display_name="Troll")
    page.goto(f"{live_server.url}{PAGE}")

    page.get_by_role("button", name="Report the message from Troll").click()

    expect(page).to_have_url(f"{live_server.url}{PAGE}#wall")
    expect(page.get_by_role("status")).to_have_text(
        "Thank you. A moderator will look at this message."
    )
    expect(page.locator(".wall-post")).to_have_count(1)
    expect(page.locator("#wall")).not_to_contain_text("A cruel message")
    expect(page.locator(".wall-body")).to_have_text("A kind message")
    shot(page, "wall-reported")
    assert scroll_width(page) <= PHONE["width"]
    cruel.refresh_from_db()
    assert (cruel.status, cruel.report_count) == (WallPost.Status.HELD, 1)


def test_the_wall_works_without_javascript(
    browser: Browser, live_server: LiveServer, campaign: Campaign
) -> None:
    post_to_wall(campaign=campaign, body="Spam, spam", display_name="Spammer")
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{PAGE}")

    _post(page, body="No script needed.")
    expect(page.get_by_role("status")).to_have_text("Thank you. Your message is on the wall.")
    expect(page.locator(".wall-post").first.locator(".wall-name")).to_have_text("Anonymous")

    page.get_by_role("button", name="Report the message from Spammer").click()
    expect(page.get_by_role("status")).to_have_text(
        "Thank you. A moderator will look at this message."
    )
    expect(page.locator("#wall")).not_to_contain_text("Spam, spam")
    context.close()
    assert sorted(WallPost.objects.values_list("body", "status")) == [
        ("No script needed.", "visible"),
        ("Spam, spam", "held"),
    ]


def test_an_empty_message_is_explained_next_to_the_field(
    page: Page, live_server: LiveServer, campaign: Campaign
) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(story="We call home.\n\n" * 40)
    page.goto(f"{live_server.url}{PAGE}")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        _post(page, name="Rosa Díaz", body="   ")
    assert posted.value.status == 400

    error = page.locator("#id_wall-body_error")
    expect(error).to_have_text("Write a message.")
    expect(error).to_be_in_viewport()
    expect(page.locator("#id_wall-body")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Name to show")).to_have_value("Rosa Díaz")
    assert not WallPost.objects.exists()


def test_a_bot_posting_in_under_two_seconds_stores_nothing(
    page: Page, live_server: LiveServer, campaign: Campaign, settings: Settings
) -> None:
    settings.FORM_MIN_FILL_SECONDS = 2
    page.goto(f"{live_server.url}{PAGE}")

    _post(page, body="Buy cheap pills at https://spam.example")

    expect(page.get_by_role("status")).to_have_text("Thank you. Your message is on the wall.")
    expect(page.locator(".wall-post")).to_have_count(0)
    assert not WallPost.objects.exists()


def test_a_bot_filling_the_honeypot_stores_nothing(
    page: Page, live_server: LiveServer, campaign: Campaign
) -> None:
    page.goto(f"{live_server.url}{PAGE}")
    page.locator("#id_wall-website").fill("https://spam.example", force=True)

    _post(page, body="Buy cheap pills")

    expect(page.get_by_role("status")).to_have_text("Thank you. Your message is on the wall.")
    assert not WallPost.objects.exists()


def test_the_wall_in_spanish(browser: Browser, live_server: LiveServer, campaign: Campaign) -> None:
    post_to_wall(campaign=campaign, body="Fuerza.", display_name="Ana")
    with translation.override("es"):
        heading = translation.gettext("Wall of support")
        button = translation.gettext("Post message")
        report = translation.pgettext("a wall message", "Report")
        thanks = translation.gettext("Thank you. Your message is on the wall.")
    assert heading != "Wall of support"
    context = browser.new_context(viewport=PHONE, locale="es")
    page = context.new_page()
    page.goto(f"{live_server.url}{PAGE}")

    expect(page.locator("#wall-heading")).to_have_text(heading)
    expect(page.locator(".wall-report button")).to_contain_text(report)
    page.locator("#id_wall-body").fill("¡Ánimo, mamás!")
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("status")).to_have_text(thanks)
    context.close()


def test_older_messages_are_a_page_away(
    page: Page,
    live_server: LiveServer,
    campaign: Campaign,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    _older_posts(campaign, 52)
    post_to_wall(campaign=campaign, body="The newest one", display_name="Rosa")
    page.goto(f"{live_server.url}{PAGE}")
    expect(page.locator("#wall .wall-post")).to_have_count(50)

    page.get_by_role("link", name="Older messages").click()
    expect(page).to_have_url(f"{live_server.url}/campaigns/phones/wall/?page=2")
    expect(page.locator(".wall-post")).to_have_count(3)
    expect(page.locator(".pages")).to_contain_text("Page 2 of 2")
    shot(page, "wall-page-2")
    assert scroll_width(page) <= PHONE["width"]

    page.get_by_role("link", name="Newer messages").click()
    expect(page.locator(".wall-body").first).to_have_text("The newest one")
    page.get_by_role("link", name="Leave a message").click()
    expect(page).to_have_url(f"{live_server.url}{PAGE}#wall-form")
    expect(page.get_by_label("Your message")).to_be_visible()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_wall_has_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    campaign: Campaign,
    language: str,
) -> None:
    _gift_message(campaign, "For my sister at Logan.")
    post_to_wall(campaign=campaign, body="Line one\nLine two", display_name="Rosa")
    post_to_wall(campaign=campaign, body="Sin nombre.")
    _older_posts(campaign, 50)  # so the wall spans two pages
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language, phone=False, shots=f"a11y-{language}")
    check = audit.check

    page.goto(f"{live_server.url}{PAGE}")
    check("wall")
    page.locator("#id_wall-body").fill("x")
    page.locator("#id_wall-name").fill("n" * 100)
    page.evaluate("document.querySelector('#id_wall-body').value = ''")
    page.locator("#wall-form button[type=submit]").click()
    expect(page.locator("#id_wall-body_error")).to_be_visible()
    check("wall-with-errors")
    page.locator("#id_wall-body").fill("Con ustedes.")
    page.locator("#wall-form button[type=submit]").click()
    expect(page.locator(".wall-notice")).to_be_visible()
    check("wall-posted")
    page.locator(".wall-report button").first.click()
    expect(page.locator(".wall-notice")).to_be_visible()
    check("wall-reported")
    page.locator("#wall a[href$='?page=2']").click()
    expect(page.locator("h1")).to_have_text(translation_of("Wall of support", language))
    check("wall-page-2")
    context.close()

    failing = audit.failures()
    assert failing == {}, "\n".join(f"[{name}]\n{text}" for name, text in failing.items())
