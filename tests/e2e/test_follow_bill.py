"""Following a bill as a supporter does it on a phone, without JavaScript: the form on the
bill's page, the link from her inbox, then a stage change's email and its unsubscribe link;
and "I filed my slip" on a hearing's page. axe-core finds nothing to fix on any of those
pages, in English or Spanish."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.legislation import tokens
from callidarity.legislation.models import Bill, BillFollower, Hearing, Stage, StageChange
from callidarity.legislation.services import follows
from tests.smtp import SmtpSink

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATH = "/bills/hb3773-104th/"


@pytest.fixture
def bill(transactional_db: None) -> Bill:
    bill = Bill.objects.create(
        identifier="HB 3773", session="104th", slug="hb3773-104th",
        title="Free phone calls from state prisons", chamber="lower", stage=Stage.COMMITTEE,
        position=Bill.Position.SUPPORT, status=Bill.Status.PUBLISHED,
        why_it_matters="Calls keep **mothers and children** close.",
    )  # fmt: skip
    Hearing.objects.create(
        bill=bill, committee="Restorative Justice", chamber="lower",
        starts_at=datetime.datetime(2099, 3, 17, 19, 0, tzinfo=datetime.UTC),
        slip_url="https://my.ilga.gov/WitnessSlip/Create/12345", status=Hearing.Status.PUBLISHED,
    )  # fmt: skip
    return bill


def _link(smtp: SmtpSink, email: str, pattern: str, index: int = -1) -> str:
    """Return the path of the link matching `pattern` in the `index`-th email to `email`."""
    body = smtp.to(email)[index].get_body(("plain",))
    assert body is not None
    found = re.search(r"https?://\S+?(" + pattern + r"\S*/)", body.get_content())
    assert found is not None, body.get_content()
    return urlsplit(found.group(0)).path


def test_a_supporter_follows_a_bill_on_a_phone_without_javascript(
    browser: Browser,
    live_server: LiveServer,
    bill: Bill,
    smtp: SmtpSink,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{PATH}")
    expect(page.get_by_role("heading", name="Get an email when this bill moves")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "bill-follow")

    follow = page.locator("#follow")
    follow.get_by_role("button", name="Follow this bill").click()  # forgot the address
    expect(page.locator("#id_follow-email_error")).to_have_text(
        "Enter your email, like ana@example.org."
    )
    assert scroll_width(page) <= PHONE["width"]
    page.get_by_label("Your email").fill("rosa@example.org")
    page.get_by_role("button", name="Follow this bill").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "bill-follow-sent")
    assert BillFollower.objects.get().confirmed_at is None

    # The link from her inbox: a page with a button (a link scanner's GET confirms nothing).
    page.goto(
        live_server.url + _link(smtp, "rosa@example.org", r"/bills/hb3773-104th/follow/confirm/")
    )
    assert BillFollower.objects.get().confirmed_at is None
    page.get_by_role("button", name="Yes, email me when it moves").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You follow HB 3773")
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "bill-follow-confirmed")
    assert BillFollower.objects.get().is_active

    # The bill moves: one email, whose link stops the next ones.
    change = StageChange.objects.create(
        bill=bill, from_stage=Stage.COMMITTEE, to_stage=Stage.PASSED_ONE,
        moved_on=datetime.date(2026, 4, 9),
    )  # fmt: skip
    follows.announce_stage_change(change.pk)
    assert [m["Subject"] for m in smtp.to("rosa@example.org")][1:] == [
        "HB 3773 moved: passed the House"
    ]
    page.goto(
        live_server.url + _link(smtp, "rosa@example.org", r"/bills/hb3773-104th/unsubscribe/")
    )
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You will get no more of these emails"
    )
    context.close()
    assert BillFollower.objects.get().unsubscribed_at is not None


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_follow_and_slip_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    bill: Bill,
    smtp: SmtpSink,
    language: str,
) -> None:
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language)
    check = audit.check

    page.goto(f"{live_server.url}{PATH}")
    check("bill")
    page.locator("#follow button[type=submit]").click()
    check("follow-errors")
    page.locator("#id_follow-email").fill("lupe@example.org")
    page.locator("#follow button[type=submit]").click()
    expect(page.locator(".confirmed")).to_be_visible()
    check("follow-sent")
    assert BillFollower.objects.get().language == language
    page.goto(
        live_server.url + _link(smtp, "lupe@example.org", r"/bills/hb3773-104th/follow/confirm/")
    )
    check("confirm")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".confirmed")).to_be_visible()
    check("confirmed")
    page.goto(f"{live_server.url}{PATH}follow/confirm/nonsense/")
    check("confirm-bad-link")
    token = tokens.unsubscribe_token(BillFollower.objects.get().pk)
    page.goto(f"{live_server.url}{PATH}unsubscribe/{token}/")
    check("unsubscribe")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".confirmed")).to_be_visible()
    check("unsubscribed")

    hearing = Hearing.objects.get()
    page.goto(f"{live_server.url}{PATH}hearings/{hearing.pk}/")
    check("hearing")
    page.locator("#slip form button[type=submit]").click()
    check("hearing-errors")
    page.locator("#id_email").fill("lupe@example.org")
    page.locator("#slip form button[type=submit]").click()
    expect(page.locator("#slip-count")).to_contain_text("1")
    check("hearing-recorded")
    context.close()
    assert audit.failures() == {}
