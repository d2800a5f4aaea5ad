"""The public pages: the sign-up (400/429, bots, the same answer for every address), the
confirmation and stop links, drives with their counts, pledges (400/409/429), the thanks and
the cancel link."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from callidarity.core.forms import started_stamp
from callidarity.volunteers import services, views
from callidarity.volunteers.models import Drive, Pledge, Volunteer, VolunteerSignup

from .conftest import items, make_drive

pytestmark = pytest.mark.django_db
# `\d` takes these digits too: the ZIP code library panicked on them (a 500).
FULL_WIDTH_ZIP = "\uff16\uff12\uff16\uff15\uff16"
ARABIC_INDIC_ZIP = "\u0666\u0662\u0666\u0665\u0666"
DRIVE = "/drives/hygiene-kits-logan/"


def signup_form(**overrides: str | list[str]) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {
        "name": "Rosa Martínez", "email": "rosa@example.org", "phone": "(217) 555-0142",
        "zip_code": "62656", "skills": ["rides", "drop-off"], "other_skill": "",
        "languages": "English, Spanish", "availability": "", "website": "",
        "started": started_stamp(),
    }  # fmt: skip
    data.update(overrides)
    return data


def _link(path: str) -> str:
    """Return the path of the first link to `path` in the last email."""
    found = re.search(rf"https?://[^/]+({re.escape(path)}[^/\s]+/)", mail.outbox[-1].body)
    assert found is not None, mail.outbox[-1].body
    return found.group(1)


def _main(html: str) -> str:
    found = re.search(r"<main.*</main>", html, re.S)
    assert found is not None
    return found.group(0)


def _sign_up(client: Client, captured: DjangoCaptureOnCommitCallbacks, **data: str) -> None:
    with captured(execute=True):
        response = client.post("/volunteer/", signup_form(**data))
    assert (response.status_code, response["Location"]) == (302, "/volunteer/sent/")


def test_the_signup_page_has_the_form_with_its_guards(client: Client) -> None:
    page = client.get("/volunteer/").content.decode()

    assert "<h1>Volunteer with us</h1>" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'name="website"' in page
    assert 'name="started"' in page
    assert "<legend>What can you do?</legend>" in page
    assert "Rides to visits" in page
    assert client.head("/volunteer/").status_code == 200


def test_signing_up_and_confirming_from_the_email(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    _sign_up(client, django_capture_on_commit_callbacks)
    sent = client.get("/volunteer/sent/").content.decode()
    assert "Check your email" in sent
    assert Volunteer.objects.count() == 0

    confirm = _link("/volunteer/confirm/")
    shown = client.get(confirm).content.decode()
    assert "Yes, save it" in shown
    assert "Rides to visits, Dropping off items near a facility" in shown
    assert Volunteer.objects.count() == 0  # a link scanner's GET saves nothing

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(confirm).content.decode()

    assert "You are on our list of volunteers." in done
    volunteer = Volunteer.objects.get()
    assert (volunteer.name, volunteer.phone, volunteer.skill_list) == (
        "Rosa Martínez", "(217) 555-0142", ["rides", "drop-off"],
    )  # fmt: skip
    stop = _link("/volunteer/stop/")
    assert "Yes, stop" in client.get(stop).content.decode()
    assert "You are off our list" in client.post(stop).content.decode()
    assert Volunteer.objects.get().status == Volunteer.Status.STOPPED


def test_the_form_answers_a_known_volunteer_and_a_stranger_alike(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    _sign_up(client, django_capture_on_commit_callbacks)
    services.confirm_signup(signup=VolunteerSignup.objects.get())
    first = _main(client.get("/volunteer/sent/").content.decode())

    _sign_up(client, django_capture_on_commit_callbacks, zip_code="60625", name="Not Rosa")

    assert _main(client.get("/volunteer/sent/").content.decode()) == first
    assert Volunteer.objects.get().zip_code == "62656"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"zip_code": "6265"}, "Enter your 5-digit ZIP code, like 62656."),
        ({"zip_code": "00000"}, "We do not know the ZIP code 00000."),
        ({"zip_code": ""}, "Enter your 5-digit ZIP code, like 62656."),
        ({"skills": []}, "Choose at least one thing you can do."),
        ({"skills": ["juggling"]}, "Choose from the list."),
        ({"skills": ["other"]}, "Tell us what else you can do."),
        ({"email": "rosa@"}, "Enter a valid email address, like ana@example.org."),
        ({"phone": "call me"}, "Enter a phone number, like (312) 555-0142."),
        ({"name": ""}, "Enter your name."),
        ({"zip_code": FULL_WIDTH_ZIP}, "Enter your 5-digit ZIP code, like 62656."),
        ({"zip_code": ARABIC_INDIC_ZIP}, "Enter your 5-digit ZIP code, like 62656."),
    ],
)
def test_a_bad_signup_is_a_400_with_a_clear_message(
    client: Client, data: dict[str, str | list[str]], message: str
) -> None:
    response = client.post("/volunteer/", signup_form(**data))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="Rosa Martínez"' in response.content.decode() or data.get("name") == ""
    assert VolunteerSignup.objects.count() == 0


def test_a_bot_is_answered_as_a_person_and_nothing_is_kept(client: Client) -> None:
    response = client.post("/volunteer/", signup_form(website="http://spam.example"))

    assert (response.status_code, response["Location"]) == (302, "/volunteer/sent/")
    assert VolunteerSignup.objects.count() == 0
    assert mail.outbox == []


def test_signups_past_the_hourly_limit_are_a_429(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "SIGNUPS_PER_HOUR", 2)
    for i in range(2):
        assert client.post("/volunteer/", signup_form(email=f"p{i}@example.org")).status_code == 302

    response = client.post("/volunteer/", signup_form(email="p3@example.org"))

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert VolunteerSignup.objects.count() == 2


@pytest.mark.parametrize("path", ["/volunteer/confirm/nonsense/", "/volunteer/stop/nonsense/"])
def test_a_bad_link_is_a_400(client: Client, path: str) -> None:
    assert client.get(path).status_code == 400
    assert client.post(path).status_code == 400


# --- drives --------------------------------------------------------------------------------


def pledge_form(drive: Drive, **overrides: str) -> dict[str, str]:
    soap, socks = items(drive)
    data = {
        "name": "Ana Torres", "email": "ana@example.org", f"item_{soap.pk}": "4",
        f"item_{socks.pk}": "", "submission": str(uuid.uuid4()), "website": "",
        "started": started_stamp(),
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_list_shows_published_drives_only(client: Client, drive: Drive) -> None:
    make_drive(slug="draft-drive", title="Secret draft", status=Drive.Status.DRAFT)

    page = client.get("/drives/").content.decode()

    assert "Hygiene kits for Logan" in page
    assert "For the people at Logan Correctional Center" in page
    assert "Secret draft" not in page
    assert client.get("/drives/draft-drive/").status_code == 404


def test_the_list_leaves_out_drives_past_their_last_day(client: Client, drive: Drive) -> None:
    today = timezone.localdate()
    make_drive(slug="last-day", title="Ends today", starts_on=today - timedelta(days=9),
               ends_on=today)  # fmt: skip
    make_drive(slug="over", title="Over yesterday", starts_on=today - timedelta(days=9),
               ends_on=today - timedelta(days=1))  # fmt: skip

    page = _main(client.get("/drives/").content.decode())

    assert re.findall(r'<h2><a href="/drives/([^/]+)/">', page) == [
        "last-day",
        "hygiene-kits-logan",
    ]
    # Its own page still shows what came in.
    assert "This drive is over." in client.get("/drives/over/").content.decode()


def test_a_fully_pledged_drive_says_so_instead_of_an_empty_form(
    client: Client, drive: Drive
) -> None:
    soap, socks = items(drive)
    services.pledge(
        drive=drive, name="Keisha", email="k@example.org", quantities={soap.pk: 10, socks.pk: 5},
        submission=uuid.uuid4(),
    )  # fmt: skip

    page = _main(client.get(DRIVE).content.decode())

    assert "Everything on the list is pledged." in page
    assert "<form" not in page
    assert "I will bring these" not in page


def test_the_drive_shows_each_item_with_accessible_progress(client: Client, drive: Drive) -> None:
    soap, _socks = items(drive)
    result = services.pledge(
        drive=drive, name="Keisha", email="k@example.org", quantities={soap.pk: 6},
        submission=uuid.uuid4(),
    )  # fmt: skip
    [pledge] = result.pledges
    services.mark_delivered(pledge=pledge, by=None, quantity=5)

    page = client.get(DRIVE).content.decode()

    assert f'id="item-{soap.pk}-counts">5 of 10 pledged, 5 delivered' in page
    assert "5 still needed" in page
    assert f'<progress max="10" value="5" aria-labelledby="item-{soap.pk}-pledged-label"' in page
    assert "<strong>unopened</strong>" in page
    assert "1234 W Cermak Rd, Chicago<br>Saturdays" in page
    assert 'name="submission"' in page


def test_a_pledge_goes_to_the_thanks_page_and_is_counted(client: Client, drive: Drive) -> None:
    soap, _socks = items(drive)

    response = client.post(DRIVE, pledge_form(drive))

    assert (response.status_code, response["Location"]) == (302, DRIVE + "thanks/")
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you, Ana." in thanks
    assert "4 bar · Bars of soap" in thanks
    assert "/drives/cancel/" not in thanks  # only ever emailed
    assert Pledge.objects.get().quantity == 4
    assert f'id="item-{soap.pk}-counts">4 of 10 pledged' in client.get(DRIVE).content.decode()


def test_the_thanks_page_without_a_pledge_goes_back_to_the_form(
    client: Client, drive: Drive
) -> None:
    response = client.get(DRIVE + "thanks/")
    assert (response.status_code, response["Location"]) == (302, DRIVE + "#pledge")


def test_a_pledge_over_what_is_left_is_a_409_and_nothing_is_kept(
    client: Client, drive: Drive
) -> None:
    soap, _socks = items(drive)

    response = client.post(DRIVE, pledge_form(drive, **{f"item_{soap.pk}": "11"}))

    assert response.status_code == 409
    assert "Only 10 more of “Bars of soap” are needed." in response.content.decode()
    assert Pledge.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("soap", "", "Enter how many of at least one item you will bring."),
        ("soap", "-2", "Enter 0 or more."),
        ("soap", "lots", "Enter a whole number, like 3."),
        ("soap", "5000", "Pledge at most 1000 at a time."),
        ("email", "ana@", "Enter a valid email address, like ana@example.org."),
    ],
)
def test_a_bad_pledge_is_a_400(
    client: Client, drive: Drive, field: str, value: str, message: str
) -> None:
    soap, _socks = items(drive)
    key = f"item_{soap.pk}" if field == "soap" else field

    response = client.post(DRIVE, pledge_form(drive, **{key: value}))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Pledge.objects.count() == 0


@pytest.mark.parametrize("submission", ["not-a-uuid", "\x00", "x" * 5000])
def test_a_form_with_a_broken_submission_id_still_pledges(
    client: Client, drive: Drive, submission: str
) -> None:
    response = client.post(DRIVE, pledge_form(drive, submission=submission))

    assert response.status_code == 302
    assert Pledge.objects.get().quantity == 4


def test_a_closed_drive_shows_its_counts_and_refuses_pledges(client: Client) -> None:
    drive = make_drive(status=Drive.Status.CLOSED)

    page = client.get(DRIVE)
    response = client.post(DRIVE, pledge_form(drive))

    assert "This drive is closed." in page.content.decode()
    assert 'name="submission"' not in page.content.decode()
    assert response.status_code == 409
    assert "This drive is not taking pledges." in response.content.decode()
    assert Pledge.objects.count() == 0


def test_a_pledge_bot_is_answered_as_a_person(client: Client, drive: Drive) -> None:
    response = client.post(DRIVE, pledge_form(drive, website="x"))

    assert response.status_code == 302
    assert Pledge.objects.count() == 0


def test_pledges_past_the_hourly_limit_are_a_429(
    client: Client, drive: Drive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "PLEDGES_PER_HOUR", 1)
    soap, _socks = items(drive)
    assert client.post(DRIVE, pledge_form(drive, **{f"item_{soap.pk}": "1"})).status_code == 302

    response = client.post(DRIVE, pledge_form(drive, **{f"item_{soap.pk}": "1"}))

    assert response.status_code == 429
    assert Pledge.objects.count() == 1


def test_her_emailed_link_cancels_her_pledge(
    client: Client,
    drive: Drive,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(DRIVE, pledge_form(drive))
    cancel = _link("/drives/cancel/")

    assert "Yes, cancel my pledge" in client.get(cancel).content.decode()
    assert Pledge.objects.get().status == Pledge.Status.PLEDGED
    done = client.post(cancel).content.decode()

    assert "Your pledge is cancelled." in done
    assert Pledge.objects.get().status == Pledge.Status.CANCELLED
    assert client.get("/drives/cancel/nonsense/").status_code == 400
