"""A "Bring her home" page as a supporter reads it on a phone, without JavaScript: the list,
the page with its photo, story and call-in, and the way to the action; axe-core finds
nothing to fix on the list (empty and full) or the page, in English or Spanish."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.accounts.roles import Role
from callidarity.advocacy.models import Action
from callidarity.cases import services
from callidarity.cases.models import Case, CasePage, Consent
from tests.accounts.staff import make_staff
from tests.advocacy.conftest import call_in, governor  # noqa: F401 - fixtures

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATH = "/bring-home/bring-ana-home/"


@pytest.fixture
def published(call_in: Action) -> CasePage:  # noqa: F811
    carla: User = make_staff("carla", roles=[Role.CASEWORKER])
    case = services.create_case(
        kind=Case.Kind.CLEMENCY, person_name="Canarycase Quetzal", owner=carla, by=carla,
        status_note="Canarynote waiting on the lawyer letter",
        opened_on=datetime.date(2026, 10, 1),
    )  # fmt: skip
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 160, 60)).save(out, format="JPEG")
    page = CasePage(
        case=case, slug="bring-ana-home", public_name="Ana", headline="A mother of three.",
        story="Ana has been inside for **twelve years**.\n\nHer son is *waiting*.",
        photo=SimpleUploadedFile("ana.jpg", out.getvalue(), "image/jpeg"),
        photo_description="Ana smiling in the visiting room",
    )  # fmt: skip
    services.save_page(page=page, changed=["photo"], by=carla)
    page.actions.set([call_in])
    services.record_consent(
        case=case, given_by=Consent.Giver.FAMILY, given_on=datetime.date(2026, 11, 1),
        method=Consent.Method.CALL, by=carla,
    )  # fmt: skip
    services.publish_page(page=page, by=carla)
    return page


def test_a_supporter_reads_her_page_on_a_phone_without_javascript(
    browser: Browser,
    live_server: LiveServer,
    published: CasePage,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Bring them home").click()
    expect(page.get_by_role("heading", name="Bring them home", level=1)).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "case-pages")
    page.get_by_role("link", name="Bring Ana home").click()

    expect(page.get_by_role("heading", name="Bring Ana home", level=1)).to_be_visible()
    photo = page.get_by_role("img", name="Ana smiling in the visiting room")
    expect(photo).to_be_visible()
    assert int(photo.evaluate("img => img.naturalWidth")) > 0  # the photo loaded
    expect(page.locator(".story strong")).to_have_text("twelve years")
    body = page.content()
    assert "Canarycase" not in body
    assert "Canarynote" not in body
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "case-page")

    page.get_by_role("link", name="Call-in day for clemency").click()
    expect(page).to_have_url(f"{live_server.url}/act/clemency-call-in/")
    context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_case_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    call_in: Action,  # noqa: F811
    language: str,
    request: pytest.FixtureRequest,
) -> None:
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language)
    check = audit.check

    page.goto(f"{live_server.url}/bring-home/")
    check("empty-list")
    request.getfixturevalue("published")
    page.goto(f"{live_server.url}/bring-home/")
    check("list")
    page.goto(f"{live_server.url}{PATH}")
    check("page")
    context.close()
    assert audit.failures() == {}
