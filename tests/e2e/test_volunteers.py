"""Signing up to volunteer and pledging to a drive as people do it on a phone, without
JavaScript: the sign-up, its confirmation from the emailed link, the drive with its counts,
the pledge and its thanks; axe-core finds nothing to fix on those pages, in English or
Spanish."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.volunteers import tokens
from callidarity.volunteers.models import Drive, Pledge, Volunteer, VolunteerSignup
from tests.volunteers.conftest import make_drive

from .conftest import PHONE, PageAudit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def drive(illinois: None) -> Drive:
    return make_drive()


def test_a_supporter_signs_up_and_pledges_on_a_phone_without_javascript(
    browser: Browser,
    live_server: LiveServer,
    drive: Drive,
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Volunteer", exact=True).click()

    expect(page.get_by_role("heading", name="Volunteer with us", level=1)).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "volunteer")
    page.get_by_label("Your name").fill("Rosa Martínez")
    page.get_by_label("Your email").fill("rosa@example.org")
    page.get_by_label("Your ZIP code").fill("6265")
    page.get_by_label("Rides to visits").check()
    page.get_by_label("Translation").check()
    page.get_by_label("Languages you speak").fill("English, Spanish")
    page.get_by_role("button", name="Sign me up").click()

    expect(page.get_by_text("Enter your 5-digit ZIP code, like 62656.").first).to_be_visible()
    expect(page.get_by_label("Rides to visits")).to_be_checked()
    page.get_by_label("Your ZIP code").fill("62656")
    page.get_by_role("button", name="Sign me up").click()

    expect(page.get_by_role("heading", name="Thank you. Check your email.")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    assert Volunteer.objects.count() == 0

    # The link from her email.
    signup = VolunteerSignup.objects.get()
    page.goto(f"{live_server.url}/volunteer/confirm/{tokens.confirm_token(signup.pk)}/")
    expect(page.get_by_text("Rides to visits, Translation")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    page.get_by_role("button", name="Yes, save it").click()
    expect(page.get_by_text("You are on our list of volunteers.")).to_be_visible()
    shot(page, "volunteer-confirmed")
    volunteer = Volunteer.objects.get()
    assert (volunteer.name, volunteer.zip_code, volunteer.skill_list) == (
        "Rosa Martínez", "62656", ["rides", "translation"],
    )  # fmt: skip

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Drives", exact=True).click()
    page.get_by_role("link", name="Hygiene kits for Logan").click()
    soap, socks = drive.items.order_by("position")
    expect(page.locator(f"#item-{soap.pk}-counts")).to_have_text(
        "0 of 10 pledged, 0 delivered · 10 still needed"
    )
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "drive")
    page.locator("#id_name").fill("Rosa Martínez")
    page.locator("#id_email").fill("rosa@example.org")
    page.get_by_label("Socks (pair)").fill("9")
    page.get_by_role("button", name="I will bring these").click()

    expect(page.get_by_text("Only 5 more of “Socks” are needed.")).to_be_visible()
    page.get_by_label("Socks (pair)").fill("5")
    page.get_by_label("Bars of soap (bar)").fill("4")
    page.get_by_role("button", name="I will bring these").click()

    expect(page.get_by_role("heading", name="Thank you, Rosa.")).to_be_visible()
    expect(page.get_by_text("4 bar · Bars of soap")).to_be_visible()
    expect(page.get_by_text("1234 W Cermak Rd, Chicago")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "pledge-thanks")
    page.get_by_role("link", name="Hygiene kits for Logan").click()
    expect(page.locator(f"#item-{socks.pk}-counts")).to_have_text(
        "5 of 5 pledged, 0 delivered · Fully pledged"
    )
    context.close()
    assert sorted(Pledge.objects.values_list("item__name", "quantity")) == [
        ("Bars of soap", 4), ("Socks", 5),
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_volunteer_and_drive_pages_have_no_axe_violations(
    browser: Browser,
    live_server: LiveServer,
    drive: Drive,
    language: str,
) -> None:
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    audit = PageAudit(page, language)
    check = audit.check

    page.goto(f"{live_server.url}/volunteer/")
    check("signup")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".errors")).to_be_visible()
    check("signup-errors")
    page.locator("#id_name").fill("Lupe Soto")
    page.locator("#id_email").fill("lupe@example.org")
    page.locator("#id_zip_code").fill("62526")
    page.locator("#id_skills_2").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".confirmed")).to_be_visible()
    check("signup-sent")
    signup = VolunteerSignup.objects.get()
    page.goto(f"{live_server.url}/volunteer/confirm/{tokens.confirm_token(signup.pk)}/")
    check("confirm")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".confirmed")).to_be_visible()
    check("confirmed")
    page.goto(f"{live_server.url}/volunteer/stop/{tokens.stop_token(Volunteer.objects.get().pk)}/")
    check("stop")
    page.goto(f"{live_server.url}/volunteer/confirm/nonsense/")
    check("confirm-bad-link")

    page.goto(f"{live_server.url}/drives/")
    check("drives")
    page.goto(f"{live_server.url}{drive.get_absolute_url()}")
    check("drive")
    page.locator("#pledge form button[type=submit]").click()
    expect(page.locator(".errors")).to_be_visible()
    check("drive-errors")
    soap, _socks = drive.items.order_by("position")
    page.locator("#id_name").fill("Lupe Soto")
    page.locator("#id_email").fill("lupe@example.org")
    page.locator(f"#id_item_{soap.pk}").fill("2")
    page.locator("#pledge form button[type=submit]").click()
    expect(page.locator(".confirmed")).to_be_visible()
    check("pledge-thanks")
    submission = Pledge.objects.get().submission
    page.goto(f"{live_server.url}/drives/cancel/{tokens.cancel_token(submission)}/")
    check("pledge-cancel")
    Drive.objects.filter(pk=drive.pk).update(status=Drive.Status.CLOSED)
    page.goto(f"{live_server.url}{drive.get_absolute_url()}")
    check("drive-closed")
    context.close()
    assert audit.failures() == {}
