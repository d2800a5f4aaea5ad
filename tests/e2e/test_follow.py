"""Following a campaign as a person does it on a phone, with JavaScript off: sign up,
confirm from the email, get an update, unsubscribe from its link. And axe on those pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.campaigns.models import Campaign, Subscription
from callidarity.campaigns.services import create_update, publish_update
from tests.smtp import SmtpSink

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _link(smtp: SmtpSink, email: str, pattern: str, index: int = -1) -> str:
    """Return the path of the link matching `pattern` in the `index`-th email to `email`."""
    body = smtp.to(email)[index].get_body(("plain",))
    assert body is not None
    found = re.search(r"https?://\S+?(" + pattern + r"\S*/)", body.get_content())
    assert found is not None, body.get_content()
    return urlsplit(found.group(0)).path


def _publish(campaign: Campaign, title: str) -> None:
    publish_update(
        update=create_update(campaign=campaign, title=title, body="We **met** the warden.")
    )


def test_follow_confirm_receive_and_unsubscribe_without_javascript(
    browser: Browser,
    live_server: LiveServer,
    campaign: Campaign,
    smtp: SmtpSink,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/campaigns/phones/")
    page.get_by_role("link", name="Get updates by email").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get updates by email")

    page.get_by_role("button", name="Follow this campaign").click()  # forgot the address
    expect(page.locator("#id_email_error")).to_have_text("Enter your email address.")
    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_role("button", name="Follow this campaign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    shot(page, "follow-sent")
    assert scroll_width(page) <= PHONE["width"]

    _publish(campaign, "Before confirming")  # an unconfirmed address gets nothing
    assert [m["Subject"] for m in smtp.to("rosa@example.org")] == [
        "Confirm you want updates from Phone funds for moms inside"
    ]
    page.goto(
        live_server.url + _link(smtp, "rosa@example.org", "/campaigns/phones/subscribe/confirm/")
    )
    page.get_by_role("button", name="Yes, send me updates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are following this campaign")
    shot(page, "follow-confirmed")

    _publish(campaign, "After confirming")
    assert smtp.to("rosa@example.org")[-1]["Subject"] == "Update #2: After confirming"
    page.goto(live_server.url + _link(smtp, "rosa@example.org", "/campaigns/phones/updates/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("After confirming")
    assert scroll_width(page) <= PHONE["width"]

    page.goto(live_server.url + _link(smtp, "rosa@example.org", "/campaigns/phones/unsubscribe/"))
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You will get no more updates")
    shot(page, "unsubscribed")
    assert Subscription.objects.get().unsubscribed_at is not None

    _publish(campaign, "After leaving")
    assert len(smtp.to("rosa@example.org")) == 2
    context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_follow_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    campaign: Campaign,
    smtp: SmtpSink,
    language: str,
) -> None:
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language, phone=False, shots=f"a11y-{language}")
    check = audit.check

    page.goto(f"{live_server.url}/campaigns/phones/subscribe/")
    check("subscribe")
    page.locator("#id_email").fill("not-an-address")
    page.locator("form.card button[type=submit]").click()
    expect(page.locator("#id_email_error")).to_be_visible()
    check("subscribe-with-errors")
    page.locator("#id_email").fill("rosa@example.org")
    page.locator("form.card button[type=submit]").click()
    expect(page.locator("h1")).not_to_have_text("")
    check("subscribe-sent")

    page.goto(
        live_server.url + _link(smtp, "rosa@example.org", "/campaigns/phones/subscribe/confirm/")
    )
    check("confirm")
    page.locator("main form button").click()
    check("confirmed")

    _publish(campaign, "News")
    page.goto(f"{live_server.url}/campaigns/phones/updates/1/")
    check("update")
    page.goto(f"{live_server.url}/campaigns/phones/updates/")
    check("updates")
    page.goto(f"{live_server.url}/campaigns/phones/")
    check("campaign-with-updates")
    page.goto(live_server.url + _link(smtp, "rosa@example.org", "/campaigns/phones/unsubscribe/"))
    check("unsubscribe")
    page.locator("main form button").click()
    check("unsubscribed")
    context.close()

    failing = audit.failures()
    assert failing == {}, "\n".join(f"[{name}]\n{text}" for name, text in failing.items())
