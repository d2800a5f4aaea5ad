"""A letter as a supporter writes it on a phone, without JavaScript: the sample to edit, the
review as an office will read it, one email per office to a real SMTP server, the thanks;
axe-core finds nothing to fix on those pages, in English and in Spanish."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.advocacy.models import Action, ActionTaken, Follower, Letter
from callidarity.notifications.models import Delivery
from tests.advocacy.test_letters import (  # noqa: F401 - fixtures
    REP,
    SENATOR,
    governor_by_mail,
    letter_action,
    representative,
    senator,
)
from tests.smtp import SmtpSink

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _write(page: Page, *, edit: str = "") -> None:
    page.get_by_label("Your name").fill("Ana Pérez")
    page.get_by_label("Your email").fill("ana@example.org")
    page.get_by_label("Your town or city").fill("Cicero")
    if edit:
        letter = page.get_by_label("Your letter", exact=True)
        letter.fill(letter.input_value() + "\n\n" + edit)


def test_a_supporter_writes_reviews_and_sends_her_letter_on_a_phone(
    browser: Browser,
    live_server: LiveServer,
    letter_action: Action,  # noqa: F811
    smtp: SmtpSink,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/act/clemency-letters/")
    expect(page.get_by_role("heading", name="Write for clemency")).to_be_visible()
    expect(page.get_by_label("Subject")).to_have_value(
        "Clemency for mothers, from {supporter_city}"
    )
    expect(page.get_by_label("Your letter", exact=True)).to_have_value(letter_action.script)
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "letter")
    _write(page, edit="My sister has been inside for eleven years.")
    page.get_by_label("Tell me about the next action").check()
    page.get_by_role("button", name="Review my letter").click()

    expect(page).to_have_url(re.compile(r"/act/clemency-letters/letter/(#start)?$"))
    expect(page.get_by_role("heading", name="Review your letter")).to_be_visible()
    expect(page.locator(".not-applicable")).to_contain_text("J. B. Pritzker")
    expect(page.locator(".not-applicable")).to_contain_text("no email address")
    preview = page.locator(".letter-preview")
    expect(preview).to_contain_text("Dear State Representative Will Guzzardi,")
    expect(preview).to_contain_text("I live in Cicero and I ask State Representative Will Guzzardi")
    expect(preview).to_contain_text("My sister has been inside for eleven years.")
    expect(page.get_by_role("button", name="Download PDF to print and mail")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "letter-review")
    page.get_by_role("button", name="Send 2 emails").click()

    expect(page.get_by_role("heading", name="Thank you for writing.")).to_be_visible()
    expect(page.get_by_text("Your letter is on its way to 2 offices by email.")).to_be_visible()
    expect(page.get_by_role("heading", name="Print and mail the rest")).to_be_visible()
    expect(page.get_by_label("Or copy the link")).to_have_value(
        f"{live_server.url}/act/clemency-letters/"
    )
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "letter-sent")
    # Coming back to the page shows the thanks again, with nothing to send twice.
    page.go_back()
    page.reload()
    expect(page.get_by_role("heading", name="Thank you for writing.")).to_be_visible()
    expect(page.get_by_role("button", name="Send 2 emails")).to_have_count(0)
    context.close()

    assert (len(smtp.to(SENATOR)), len(smtp.to(REP)), smtp.count) == (1, 1, 2)
    [message] = smtp.to(SENATOR)
    assert message["Reply-To"].addresses[0].addr_spec == "ana@example.org"
    assert message["From"].addresses[0].display_name == "Ana Pérez via Callidarity"
    assert "eleven years" in message.get_content()
    letter = Letter.objects.get()
    assert set(
        Delivery.objects.filter(key=letter.delivery_key).values_list("status", flat=True)
    ) == {"sent"}
    assert sorted(ActionTaken.objects.values_list("target__name", "outcome")) == [
        ("Celina Villanueva", "emailed"),
        ("Will Guzzardi", "emailed"),
    ]
    assert Follower.objects.filter(supporter__email="ana@example.org").exists()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_letter_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    letter_action: Action,  # noqa: F811
    smtp: SmtpSink,
    language: str,
) -> None:
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language)
    check = audit.check

    page.goto(f"{live_server.url}/act/clemency-letters/")
    check("letter")
    page.locator("#id_name").fill("Ana Pérez")
    page.locator("#id_email").fill("ana@example.org")
    page.locator("#start form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/act/clemency-letters/letter/(#start)?$"))
    check("review")
    page.locator("main form button[type=submit]").first.click()  # send, not the PDF
    expect(page.locator("h1")).to_be_visible()
    check("sent")
    context.close()
    assert audit.failures() == {}
    assert smtp.count == 2
