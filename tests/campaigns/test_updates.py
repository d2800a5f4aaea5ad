"""Updates: numbered on publishing, emailed once to every follower over real SMTP."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from callidarity.campaigns import selectors, services
from callidarity.campaigns.models import Campaign, Subscription, Update
from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.donations.services import create_pending_donation
from callidarity.notifications.models import Delivery
from callidarity.notifications.services import queue_deliveries
from callidarity.supporters.models import Supporter
from tests.smtp import SmtpSink

pytestmark = pytest.mark.django_db


def _followers(campaign: Campaign, n: int, *, confirmed: bool = True) -> list[str]:
    supporters = Supporter.objects.bulk_create(
        Supporter(email=f"follower{i}@example.org") for i in range(n)
    )
    when = timezone.now() if confirmed else None
    Subscription.objects.bulk_create(
        Subscription(campaign=campaign, supporter=s, confirmed_at=when) for s in supporters
    )
    return [s.email for s in supporters]


def _publish(campaign: Campaign, title: str, capture: Any) -> Update:
    draft = services.create_update(campaign=campaign, title=title, body="We **met** the warden.")
    with capture(execute=True):
        return services.publish_update(update=draft)


def test_updates_are_numbered_when_published_and_drafts_stay_hidden(
    campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    draft = services.create_update(campaign=campaign, title="Not yet", body="…")
    first = _publish(campaign, "First visit", django_capture_on_commit_callbacks)
    second = _publish(campaign, "Second visit", django_capture_on_commit_callbacks)
    again = services.publish_update(update=first)

    assert (first.number, second.number, again.number) == (1, 2, 1)
    assert [u.number for u in selectors.list_published_updates(campaign)] == [2, 1]
    draft.refresh_from_db()
    assert (draft.number, draft.status) == (None, Update.Status.DRAFT)


def test_an_update_reaches_1000_followers_once_each_and_never_the_unconfirmed(
    campaign: Campaign,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Any,
    client: Client,
    settings: Settings,
) -> None:
    settings.EMAIL_BATCH_SIZE = 250
    followers = _followers(campaign, 1000)
    Subscription.objects.create(
        campaign=campaign, supporter=Supporter.objects.create(email="unsure@example.org")
    )

    update = _publish(campaign, "First visit", django_capture_on_commit_callbacks)

    assert smtp.count == 1000
    assert sorted(r.recipients[0] for r in smtp.received) == sorted(followers)
    assert smtp.to("unsure@example.org") == []
    message = smtp.to("follower7@example.org")[0]
    assert message["Subject"] == "Update #1: First visit"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = "".join(message["List-Unsubscribe"].split()).strip("<>")
    assert url in message.get_body(("plain",)).get_content()

    # Running the send again delivers nothing more.
    assert services.send_update(update=update) == 0
    assert smtp.count == 1000

    # The one-click POST a mail app makes (RFC 8058): no cookie, no CSRF token.
    one_click = Client(enforce_csrf_checks=True).post(
        urlsplit(url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200
    _publish(campaign, "Second visit", django_capture_on_commit_callbacks)

    assert smtp.count == 1999
    assert [m["Subject"] for m in smtp.to("follower7@example.org")] == ["Update #1: First visit"]
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 1999


def test_the_email_is_written_in_the_followers_language(
    campaign: Campaign, smtp: SmtpSink, django_capture_on_commit_callbacks: Any
) -> None:
    [email] = _followers(campaign, 1)
    Subscription.objects.update(language="es")

    _publish(campaign, "Primera visita", django_capture_on_commit_callbacks)

    [message] = smtp.to(email)
    assert message["Subject"] == "Novedad n.º 1: Primera visita"
    assert "Dejar de recibir estos correos" in message.get_body(("plain",)).get_content()


def test_a_donor_who_opted_in_gets_updates_once_the_gift_is_paid(
    campaign: Campaign, smtp: SmtpSink, django_capture_on_commit_callbacks: Any
) -> None:
    donation = create_pending_donation(
        fund_account=campaign.fund_account,
        amount=Money(2500, "USD"),
        email="donor@example.org",
        provider=Donation.Provider.SANDBOX,
    )
    services.opt_in_donor(campaign=campaign, donation=donation, language="en")
    _publish(campaign, "Before paying", django_capture_on_commit_callbacks)
    assert smtp.to("donor@example.org") == []

    Donation.objects.filter(pk=donation.pk).update(status=Donation.Status.SUCCEEDED)
    _publish(campaign, "After paying", django_capture_on_commit_callbacks)

    assert [m["Subject"] for m in smtp.to("donor@example.org")] == ["Update #2: After paying"]


def test_failed_addresses_are_kept_for_organizers_and_can_be_retried(
    campaign: Campaign, smtp: SmtpSink, django_capture_on_commit_callbacks: Any
) -> None:
    _followers(campaign, 3)
    Subscription.objects.create(
        campaign=campaign,
        supporter=Supporter.objects.create(email="bounce@example.org"),
        confirmed_at=timezone.now(),
    )
    update = _publish(campaign, "News", django_capture_on_commit_callbacks)

    assert smtp.count == 3
    assert Delivery.objects.get(email="bounce@example.org").status == Delivery.Status.FAILED
    assert services.retry_failed_update_emails(update=update) == 1
    assert Delivery.objects.get(email="bounce@example.org").status == Delivery.Status.FAILED
    assert smtp.count == 3


def test_unsubscribing_stops_an_update_already_on_its_way(
    campaign: Campaign, smtp: SmtpSink, settings: Settings
) -> None:
    settings.EMAIL_BATCH_SIZE = 10
    _followers(campaign, 3)
    Subscription.objects.create(
        campaign=campaign,
        supporter=Supporter.objects.create(email="Leaving@example.org"),
        confirmed_at=timezone.now(),
    )
    update = services.publish_update(
        update=services.create_update(campaign=campaign, title="News", body="…")
    )  # on_commit does not run here: queue it by hand, as the task would
    queue_deliveries(
        key=update.delivery_key,
        recipients=selectors.list_update_recipients(campaign),
    )
    assert services.unsubscribe(campaign_id=campaign.pk, email="leaving@example.org")
    assert selectors.list_unsubscribed_emails(campaign, ["leaving@example.org"]) == {
        "leaving@example.org"
    }

    result = services.send_update_batch(update=update)

    assert (result.sent, smtp.count) == (3, 3)
    assert Delivery.objects.get(email="leaving@example.org").status == Delivery.Status.SKIPPED
