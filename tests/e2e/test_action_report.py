"""An organizer reads an action's report on her phone: every action, then one by office;
axe-core finds nothing to fix, in English and Spanish."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.accounts.roles import Role
from callidarity.advocacy.models import Action, Target
from callidarity.advocacy.services import record_call
from tests.accounts.staff import make_staff
from tests.advocacy.conftest import call_in, governor  # noqa: F401 - fixtures

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_organizer_reads_the_report_of_a_call_in(
    browser: Browser,
    live_server: LiveServer,
    call_in: Action,  # noqa: F811
    governor: Target,  # noqa: F811
    language: str,
) -> None:
    for outcome in ("contact", "voicemail", "busy"):
        record_call(action=call_in, target=governor, outcome=outcome)
    make_staff("olga", roles=[Role.ORGANIZER], password=PASSWORD)
    # The page's CSP forbids inline scripts, axe's injected one included; bypass it for axe only.
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, shots=f"action-report-{language}")
    check = audit.check

    page.goto(f"{live_server.url}/admin/login/?next=/admin/support/actions/")
    page.locator("#id_username").fill("olga")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.get_by_role("link", name="Call-in day for clemency").click()
    expect(page.get_by_role("heading", name="Call-in day for clemency")).to_be_visible()
    row = page.get_by_role("row", name="J. B. Pritzker")
    expect(row).to_be_visible()
    expect(row.locator("td").last).to_have_text("2")
    check("report")
    page.goto(f"{live_server.url}/admin/support/actions/")
    check("list")
    context.close()

    failing = audit.failures()
    assert failing == {}, "\n".join(f"[{name}]\n{text}" for name, text in failing.items())
