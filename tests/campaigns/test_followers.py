"""Following a campaign: the public form, double opt-in, and the one-click unsubscribe."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings

from callidarity.campaigns import tokens
from callidarity.campaigns.models import Campaign, Subscription
from callidarity.campaigns.services import create_campaign, create_update, publish_update
from callidarity.core.forms import started_stamp
from callidarity.core.money import Money
from callidarity.supporters.models import Supporter
from tests.smtp import SmtpSink

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/campaigns/phones/subscribe/"
SENT = "/campaigns/phones/subscribe/sent/"


def _confirm_path(smtp: SmtpSink, email: str) -> str:
    [message] = smtp.to(email)
    found = re.search(
        r"https?://[^/]+(/campaigns/phones/subscribe/confirm/\S+/)", message.get_content()
    )
    assert found is not None
    return found.group(1)


def test_following_takes_a_confirmed_click_before_any_update(
    client: Client, campaign: Campaign, smtp: SmtpSink, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, {"email": "Ana@Example.org"})

    assert (response.status_code, response["Location"]) == (302, SENT)
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    confirm = _confirm_path(smtp, "Ana@example.org")

    page = client.get(confirm)  # a link scanner's GET confirms nothing
    assert page.status_code == 200
    assert "Yes, send me updates" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None

    assert client.post(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_asking_again_sends_one_confirmation_per_window_and_nothing_once_following(
    client: Client, campaign: Campaign, smtp: SmtpSink, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBSCRIBE, {"email": "ana@example.org"})
        client.post(SUBSCRIBE, {"email": "ana@example.org"})
    assert smtp.count == 1

    Subscription.objects.update(confirmed_at="2026-01-01T00:00:00Z", confirmation_sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, {"email": "ana@example.org"})
    assert (response.status_code, smtp.count) == (302, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [({"email": ""}, "Enter your email address."), ({"email": "ana@"}, "Enter a valid email")],
)
def test_a_bad_address_gets_a_clear_message_and_a_400(
    client: Client, campaign: Campaign, data: dict[str, str], message: str
) -> None:
    response = client.post(SUBSCRIBE, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("extra", [{"website": "http://spam.example"}, {"started": "fast"}])
def test_a_bot_is_told_it_worked_and_nothing_is_stored(
    client: Client, campaign: Campaign, settings: Settings, extra: dict[str, str]
) -> None:
    settings.FORM_MIN_FILL_SECONDS = 2
    if "started" in extra:
        extra = {"started": started_stamp(time.time() - 0.5)}

    response = client.post(SUBSCRIBE, {"email": "bot@example.org", **extra})

    assert (response.status_code, response["Location"]) == (302, SENT)
    assert not Supporter.objects.exists()


def test_too_many_sign_ups_from_one_address_get_a_429(
    client: Client, campaign: Campaign, settings: Settings
) -> None:
    settings.RATELIMIT_PER_HOUR = 1
    client.post(SUBSCRIBE, {"email": "a@example.org"})

    response = client.post(SUBSCRIBE, {"email": "b@example.org"})

    assert response.status_code == 429
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize("token", ["nonsense", tokens.confirm_token(10**9)])
def test_a_broken_confirmation_link_says_so_with_a_400(
    client: Client, campaign: Campaign, token: str
) -> None:
    response = client.post(f"/campaigns/phones/subscribe/confirm/{token}/")

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_unsubscribing_from_the_link_stops_updates_at_once(
    client: Client, campaign: Campaign
) -> None:
    supporter = Supporter.objects.create(email="ana@example.org")
    Subscription.objects.create(
        campaign=campaign, supporter=supporter, confirmed_at="2026-01-01T00:00:00Z"
    )
    url = (
        f"/campaigns/phones/unsubscribe/{tokens.unsubscribe_token(campaign.pk, 'ana@example.org')}/"
    )

    assert "Unsubscribe" in client.get(url).content.decode()
    assert Subscription.objects.get().unsubscribed_at is None
    response = client.post(url)

    assert response.status_code == 200
    assert "You will get no more updates" in response.content.decode()
    assert Subscription.objects.get().unsubscribed_at is not None


def test_an_unsubscribe_link_for_another_campaign_or_forged_is_refused(
    client: Client, campaign: Campaign
) -> None:
    other = create_campaign(slug="books", title="Books", goal=Money(100, "USD"))
    token = tokens.unsubscribe_token(other.pk, "ana@example.org")

    assert client.post(f"/campaigns/phones/unsubscribe/{token}/").status_code == 400
    assert client.post("/campaigns/phones/unsubscribe/forged/").status_code == 400


def test_published_updates_have_pages_and_drafts_do_not(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    draft = create_update(campaign=campaign, title="Secret plan", body="…")
    published = create_update(campaign=campaign, title="We met the warden", body="It *went* well.")
    with django_capture_on_commit_callbacks(execute=True):
        publish_update(update=published)

    page = client.get("/campaigns/phones/updates/1/").content.decode()
    detail = client.get("/campaigns/phones/").content.decode()

    assert "<em>went</em>" in page
    assert "https://wa.me/?text=We%20met%20the%20warden" in page
    assert 'value="http://testserver/campaigns/phones/updates/1/"' in page
    assert "Update #1" in detail
    assert "We met the warden" in detail
    assert "Secret plan" not in detail
    assert client.get("/campaigns/phones/updates/2/").status_code == 404
    assert draft.number is None
