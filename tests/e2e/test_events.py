"""RSVPing to an event as a supporter does it on a phone, without JavaScript: the list, the
event in Chicago time, the form, the thanks, and cancelling from the emailed link; axe-core
finds nothing to fix on any of those pages, in English or Spanish."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.events import tokens
from callidarity.events.models import RSVP, Event
from tests.events.conftest import event, linked_action  # noqa: F401 - fixtures

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATH = "/events/rally-for-clemency/"


def test_a_supporter_rsvps_on_a_phone_without_javascript(
    browser: Browser,
    live_server: LiveServer,
    event: Event,  # noqa: F811
    linked_action: Any,  # noqa: F811
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/events/")
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "events")
    page.get_by_role("link", name="Rally for clemency").click()

    expect(page.get_by_role("heading", name="Rally for clemency", level=1)).to_be_visible()
    expect(page.get_by_text("Tuesday, Jan. 15, 2030, 6 p.m.")).to_be_visible()
    expect(page.locator("#spots-left")).to_have_text("5 of 5")
    expect(page.get_by_role("link", name="Call-in day for clemency")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "event")

    page.get_by_label("Your name").fill("Rosa Martínez")
    page.get_by_label("Your email").fill("rosa@example.org")
    page.get_by_label("Your phone").fill("312-555-0142")
    page.get_by_role("button", name="I am coming").click()

    expect(page.get_by_role("heading", name="Thank you, Rosa.")).to_be_visible()
    expect(page.get_by_text("You are on the list.")).to_be_visible()
    expect(page.get_by_role("link", name="Add to my calendar")).to_have_attribute(
        "href", "/events/rally-for-clemency.ics"
    )
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "event-thanks")

    rsvp = RSVP.objects.get()
    assert (rsvp.name, rsvp.phone, rsvp.status) == ("Rosa Martínez", "312-555-0142", "going")
    page.goto(f"{live_server.url}{PATH}")
    expect(page.locator("#spots-left")).to_have_text("4 of 5")

    # The link from her confirmation email.
    page.goto(f"{live_server.url}/events/cancel/{tokens.cancel_token(rsvp.pk)}/")
    assert scroll_width(page) <= PHONE["width"]
    page.get_by_role("button", name="Yes, cancel my RSVP").click()
    expect(page.get_by_text("Your RSVP is cancelled.")).to_be_visible()
    shot(page, "event-cancelled")
    context.close()
    assert RSVP.objects.get().status == RSVP.Status.CANCELLED


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_event_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    event: Event,  # noqa: F811
    linked_action: Any,  # noqa: F811
    language: str,
) -> None:
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language)
    check = audit.check

    page.goto(f"{live_server.url}/")
    check("home")
    page.goto(f"{live_server.url}/events/")
    check("list")
    page.goto(f"{live_server.url}{PATH}")
    check("detail")
    page.locator("#rsvp form button[type=submit]").click()
    check("detail-errors")
    page.locator("#id_name").fill("Lupe Soto")
    page.locator("#id_email").fill("lupe@example.org")
    page.locator("#rsvp form button[type=submit]").click()
    expect(page.locator(".confirmed")).to_be_visible()
    check("thanks")
    rsvp = RSVP.objects.get()
    page.goto(f"{live_server.url}/events/cancel/{tokens.cancel_token(rsvp.pk)}/")
    check("cancel")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".confirmed")).to_be_visible()
    check("cancelled")
    page.goto(f"{live_server.url}/events/cancel/nonsense/")
    check("cancel-bad-link")
    context.close()
    assert audit.failures() == {}
