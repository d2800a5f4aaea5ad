"""The public event pages: list, detail in local time, RSVP (400/409/429, bots), thanks,
cancellation from a signed link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from callidarity.advocacy.models import Action
from callidarity.core.forms import started_stamp
from callidarity.events import tokens, views
from callidarity.events.models import RSVP, Event
from callidarity.supporters.models import Supporter

from .conftest import make_event

pytestmark = pytest.mark.django_db
URL = "/events/rally-for-clemency/"


def form(**overrides: str) -> dict[str, str]:
    data = {"name": "Rosa Martínez", "email": "rosa@example.org", "phone": "", "website": ""}
    data["started"] = started_stamp()
    data.update(overrides)
    return data


def test_the_list_shows_upcoming_and_past_events(client: Client, event: Event) -> None:
    now = timezone.now()
    make_event(slug="old-meeting", title="Old meeting", starts_at=now - timedelta(days=3),
               ends_at=now - timedelta(days=3) + timedelta(hours=1))  # fmt: skip
    make_event(slug="secret", title="Secret draft", status=Event.Status.DRAFT)

    page = client.get("/events/").content.decode()

    assert "Rally for clemency" in page
    assert "5 spots left" in page
    assert page.index("Coming up") < page.index("Rally for clemency") < page.index("Past events")
    assert page.index("Past events") < page.index("Old meeting")
    assert "Secret draft" not in page


def test_the_detail_shows_local_time_spots_actions_and_calendar_link(
    client: Client, event: Event, linked_action: Action
) -> None:
    page = client.get(URL).content.decode()

    assert "Tuesday, Jan. 15, 2030, 6 p.m." in page
    assert "8 p.m." in page
    assert ">CST</abbr>" in page
    assert 'id="spots-left">5 of 5<' in page
    assert "Call-in day for clemency" in page
    assert 'href="/events/rally-for-clemency.ics"' in page
    assert "<strong>wear purple</strong>" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'name="website"' in page


def test_an_rsvp_goes_to_the_thanks_page(client: Client, event: Event) -> None:
    response = client.post(URL, form(phone="312-555-0142"))

    assert response.status_code == 302
    assert response["Location"] == "/events/rally-for-clemency/thanks/"
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you, Rosa." in thanks
    assert "You are on the list." in thanks
    # The cancellation link is only ever emailed, never shown.
    assert RSVP.objects.count() == 1
    assert "/events/cancel/" not in thanks
    assert 'id="spots-left">4 of 5<' in client.get(URL).content.decode()


def test_the_thanks_page_without_an_rsvp_goes_back_to_the_form(
    client: Client, event: Event
) -> None:
    response = client.get("/events/rally-for-clemency/thanks/")
    assert (response.status_code, response["Location"]) == (302, URL + "#rsvp")


def test_a_bad_form_is_a_400_with_the_reasons(client: Client, event: Event) -> None:
    response = client.post(URL, form(name="", email="nope", phone="call me"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter your name." in page
    assert "Enter a valid email address, like ana@example.org." in page
    assert "Enter a phone number, like 312-555-0142." in page
    assert RSVP.objects.count() == Supporter.objects.count() == 0


def test_a_full_event_is_a_409(client: Client, db: None) -> None:
    make_event(capacity=1)
    assert client.post(URL, form(email="first@example.org")).status_code == 302
    response = Client().post(URL, form(email="second@example.org"))
    assert response.status_code == 409
    assert "This event is full. Every spot is taken." in response.content.decode()
    assert RSVP.objects.count() == 1


def test_a_cancelled_event_is_a_409(client: Client, db: None) -> None:
    make_event(status=Event.Status.CANCELLED)
    response = client.post(URL, form())
    assert response.status_code == 409
    assert "This event is not taking RSVPs." in response.content.decode()
    assert "This event is cancelled." in response.content.decode()
    assert RSVP.objects.count() == 0


def test_a_draft_is_not_found(client: Client, db: None) -> None:
    make_event(status=Event.Status.DRAFT)
    assert client.get(URL).status_code == 404
    assert client.post(URL, form()).status_code == 404


def test_a_bot_is_thanked_and_nothing_is_kept(client: Client, event: Event) -> None:
    response = client.post(URL, form(website="http://spam.example"))
    assert (response.status_code, response["Location"]) == (
        302,
        "/events/rally-for-clemency/thanks/",
    )
    assert RSVP.objects.count() == Supporter.objects.count() == 0


def test_too_many_rsvps_from_one_connection_are_a_429(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_event(capacity=None)
    monkeypatch.setattr(views, "RSVPS_PER_HOUR", 2)
    for i in range(2):
        assert client.post(URL, form(email=f"p{i}@example.org")).status_code == 302
    response = client.post(URL, form(email="third@example.org"))
    assert response.status_code == 429
    assert "Too many attempts from your connection" in response.content.decode()
    assert RSVP.objects.count() == 2


def test_cancelling_asks_first_then_cancels(client: Client, event: Event) -> None:
    client.post(URL, form())
    rsvp = RSVP.objects.get()
    url = f"/events/cancel/{tokens.cancel_token(rsvp.pk)}/"

    page = client.get(url).content.decode()
    assert "This cancels the RSVP of Rosa Martínez." in page
    assert RSVP.objects.get().status == RSVP.Status.GOING

    done = client.post(url)
    assert done.status_code == 200
    assert "Your RSVP is cancelled." in done.content.decode()
    assert RSVP.objects.get().status == RSVP.Status.CANCELLED
    assert client.post(url).status_code == 200  # twice: still cancelled, no error


def test_a_bad_cancellation_link_is_a_400(client: Client, event: Event) -> None:
    for url in ("/events/cancel/nonsense/", f"/events/cancel/{tokens.cancel_token(999)}/"):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 400
            assert "This cancellation link is not valid." in response.content.decode()


def test_the_home_page_lists_the_next_events(client: Client, event: Event) -> None:
    page = client.get("/").content.decode()
    assert 'href="/events/rally-for-clemency/"' in page
    assert 'href="/events/"' in page


def test_a_cancel_link_for_an_unlisted_or_past_event_changes_nothing(
    client: Client, event: Event
) -> None:
    rsvp = RSVP.objects.create(
        event=event, supporter=Supporter.objects.create(email="rosa@example.org"), name="Rosa"
    )
    url = f"/events/cancel/{tokens.cancel_token(rsvp.pk)}/"
    event.status = Event.Status.DRAFT
    event.save()
    page = client.get(url)
    assert page.status_code == 409
    assert event.title not in page.content.decode()  # an unlisted event stays unseen
    event.status = Event.Status.PUBLISHED
    event.starts_at = timezone.now() - timedelta(days=2)
    event.ends_at = timezone.now() - timedelta(days=1)
    event.save()
    assert client.post(url).status_code == 409  # attendance of a past event is kept
    assert RSVP.objects.get().status == RSVP.Status.GOING


def test_feeds_and_pages_answer_head_requests(client: Client, event: Event) -> None:
    for url in ("/events/", "/events.ics", f"/events/{event.slug}.ics", "/library/", "/press/"):
        assert client.head(url).status_code == 200, url
