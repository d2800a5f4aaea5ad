"""Two-factor as a caseworker walks it on a phone, without JavaScript: log in, set up, verify."""

from __future__ import annotations

import re
from base64 import b32decode
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.accounts.roles import Role
from tests.accounts.staff import authenticator_of, make_staff, totp_code

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"
# tests/accounts/urls.py adds /staff-test/members/, a page behind staff_view("aid.members").
MEMBERS = "/staff-test/members/"


@pytest.fixture
def nadia(settings: Any) -> User:
    """A caseworker with a password and no authenticator yet; the site with a members page."""
    settings.ROOT_URLCONF = "tests.accounts.urls"
    return make_staff("nadia", roles=[Role.CASEWORKER], two_factor=False, password=PASSWORD)


def _log_in(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/admin/login/\?next="))
    page.locator("#id_username").fill("nadia")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()


def _log_out(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/admin/2fa/")
    page.locator("form[action='/admin/logout/'] button").click()
    expect(page).to_have_url(re.compile(r"/admin/logout/$"))


def _key(page: Page) -> bytes:
    letters = page.locator("#secret").inner_text().replace(" ", "")
    return b32decode(letters + "=" * (-len(letters) % 8))


def test_log_in_set_up_and_verify_without_javascript(
    browser: Browser,
    live_server: LiveServer,
    nadia: User,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()

    # Her account page is behind the admin's login.
    page.goto(f"{live_server.url}/admin/2fa/")
    _log_in(page)
    expect(page.get_by_role("heading", name="Your staff account")).to_be_visible()
    expect(page.get_by_text("Not set up. You need it to see the people")).to_be_visible()

    # Set up: a QR code and the same secret as text; she types the secret into her app.
    page.get_by_role("link", name="Set up two-factor authentication").click()
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.locator("figure svg")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "2fa-setup")
    key = _key(page)

    # A typo first: the page says so and keeps her on it.
    right = f"{totp(key):06d}"
    page.get_by_label("The 6-digit code your app shows").fill(f"{(int(right) + 1) % 10**6:06d}")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.locator("#id_code_error")).to_have_text(re.compile("That code does not match"))
    # django-otp makes a device wait a second after a miss (longer after each next one).
    page.wait_for_timeout(1100)

    right = f"{totp(key):06d}"  # read again, as her app would show it now
    page.get_by_label("The 6-digit code your app shows").fill(right)
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", code) for code in codes)
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "2fa-codes")
    page.get_by_role("link", name="I have saved my codes").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")

    # Next day: the password alone does not open the members' page; her app's code does.
    _log_out(page, live_server)
    page.goto(f"{live_server.url}{MEMBERS}")
    _log_in(page)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert "The people we support" not in page.content()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "2fa-verify")
    # The code of the next time step: this step's code was used at setup. From the device's
    # own clock: had setup crossed a 30-second boundary, django-otp recorded a drift.
    next_code = totp_code(authenticator_of(nadia), steps_ahead=1)
    page.get_by_label("Code", exact=True).fill(next_code)
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(f"{live_server.url}{MEMBERS}")
    expect(page.get_by_text("The people we support")).to_be_visible()

    # Phone lost: a recovery code lets her in once.
    _log_out(page, live_server)
    page.goto(f"{live_server.url}{MEMBERS}")
    _log_in(page)
    page.get_by_label("Code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("The people we support")).to_be_visible()
    context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_two_factor_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    nadia: User,
    language: str,
) -> None:
    # The page's CSP forbids inline scripts, axe's injected one included; bypass it for axe only.
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language, shots=f"a11y-{language}")
    check = audit.check

    page.goto(f"{live_server.url}/admin/2fa/")
    _log_in(page)
    check("account-new")
    page.goto(f"{live_server.url}/admin/2fa/setup/")
    check("setup")
    key = _key(page)
    page.locator("#id_code").fill("12")
    page.locator("form.card button[type=submit]").click()
    expect(page.locator("#id_code_error")).to_be_visible()
    check("setup-with-error")
    page.locator("#id_code").fill(f"{totp(key):06d}")
    page.locator("form.card button[type=submit]").click()
    expect(page.locator(".recovery-codes")).to_be_visible()
    check("recovery-codes")
    page.goto(f"{live_server.url}/admin/2fa/verify/")
    check("verify")
    page.locator("#id_code").fill("not a code")
    page.locator("form.card button[type=submit]").click()
    expect(page.locator("#id_code_error")).to_be_visible()
    check("verify-with-error")
    page.goto(f"{live_server.url}/admin/2fa/recovery-codes/")
    check("recovery-codes-regenerate")
    page.goto(f"{live_server.url}/admin/2fa/")
    check("account-verified")
    context.close()

    assert audit.failures() == {}


def test_the_setup_page_keeps_to_the_content_security_policy(
    browser: Browser, live_server: LiveServer, nadia: User
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/admin/2fa/setup/")
    _log_in(page)
    expect(page.locator("figure svg")).to_be_visible()
    assert errors == []
    context.close()
