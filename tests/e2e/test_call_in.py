"""A call-in as a supporter walks it on a phone, without JavaScript: who she is, each
office with its script and number, what happened; axe-core finds nothing to fix."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.advocacy.models import Action, ActionTaken
from callidarity.advocacy.services import import_districts
from tests.advocacy.conftest import call_in, governor, own_legislators  # noqa: F401 - fixtures

from .conftest import PHONE, PageAudit, describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supporter_calls_every_office_on_a_phone(
    browser: Browser,
    live_server: LiveServer,
    call_in: Action,  # noqa: F811
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/act/clemency-call-in/")
    expect(page.get_by_role("heading", name="Call-in day for clemency")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "call-in")
    page.get_by_label("Your name").fill("Rosa")
    page.get_by_label("Your town or city").fill("Cicero")
    page.get_by_role("button", name="Show me what to say").click()

    expect(page.get_by_text("Call 1 of 2")).to_be_visible()
    expect(page.locator(".script")).to_contain_text("my name is Rosa and I live in Cicero")
    expect(page.locator("a[href^='tel:']").first).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "call-in-first")
    page.get_by_role("button", name="The line was busy").click()
    expect(page.get_by_text(re.compile("at the end of your list"))).to_be_visible()
    page.get_by_role("button", name="I left a voicemail").click()
    expect(page.get_by_text("Call 2 of 2")).to_be_visible()
    page.get_by_role("button", name="I talked to someone").click()
    expect(page.get_by_role("heading", name="Thank you for calling.")).to_be_visible()
    expect(page.get_by_text("You made 2 calls.")).to_be_visible()
    shot(page, "call-in-done")
    context.close()
    assert sorted(ActionTaken.objects.values_list("outcome", flat=True)) == [
        "busy",
        "contact",
        "voicemail",
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_call_in_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    call_in: Action,  # noqa: F811
    language: str,
) -> None:
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language)
    check = audit.check

    page.goto(f"{live_server.url}/act/clemency-call-in/embed/")
    check("embed")
    page.goto(f"{live_server.url}/act/clemency-call-in/")
    check("action")
    page.locator("form button[type=submit].button").last.click()
    check("call")
    for _ in range(2):
        page.locator("button[value=contact]").click()
    check("done")
    context.close()
    assert audit.failures() == {}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_caller_picks_her_district_without_javascript(
    browser: Browser,
    live_server: LiveServer,
    own_legislators: Action,  # noqa: F811
    language: str,
    axe_violations: Callable[[Page], list[dict[str, Any]]],
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    import_districts(
        [
            {"zip": "60625", "chamber": "lower", "district": "39"},
            {"zip": "60625", "chamber": "lower", "district": "40"},
        ]
    )
    context = browser.new_context(
        viewport=PHONE, locale=language, java_script_enabled=False, bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/act/free-calls/")
    page.locator("#id_zip_code").fill("60625")
    page.locator("#start form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/act/free-calls/districts/(#start)?$"))
    assert scroll_width(page) <= PHONE["width"]
    shot(page, f"districts-{language}")
    page.locator("input[value='40']").check()
    page.locator("form button[type=submit].button").click()
    expect(page.locator("h1")).to_have_text(re.compile("Jaime Andrade Jr.|J. B. Pritzker"))
    context.close()
    # axe needs JavaScript: the same pages again with it on.
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/act/free-calls/")
    page.locator("#id_zip_code").fill("60625")
    page.locator("#start form button[type=submit]").click()
    violations = axe_violations(page)
    context.close()
    assert describe_violations(violations) == ""
