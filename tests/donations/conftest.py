"""Fixtures for donations: a running fake Stripe, Stripe settings, and webhook delivery."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings

from callidarity.campaigns.models import Campaign
from callidarity.core.money import Money
from callidarity.donations import services
from callidarity.donations.models import Donation
from tests.fakestripe import FakeStripe, signed

WEBHOOK_SECRET = "whsec_test_callidarity_0123456789"
WEBHOOK_URL = "/webhooks/stripe/"

# Returns the test client's response (an HttpResponse with .json()).
Deliver = Callable[..., Any]


@pytest.fixture
def fake_stripe(settings: Settings) -> Iterator[FakeStripe]:
    """Run a fake Stripe API and point the app's Stripe settings at it."""
    fake = FakeStripe().start()
    settings.STRIPE_SECRET_KEY = "sk_test_callidarity"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake.url
    settings.PAYMENTS_SANDBOX = False
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def deliver(client: Client, fake_stripe: FakeStripe) -> Deliver:
    """Return a function that POSTs an event to the webhook, signed with the test secret."""

    def _deliver(
        event: dict[str, Any], *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None
    ) -> Any:
        body, header = signed(event, secret, timestamp)
        return client.post(
            WEBHOOK_URL, body, content_type="application/json", headers={"Stripe-Signature": header}
        )

    return _deliver


@pytest.fixture
def pending(campaign: Campaign, fake_stripe: FakeStripe) -> Donation:
    """A $25 donation to the campaign whose Stripe checkout is open and unpaid."""
    donation, _url = services.start_donation(
        fund_account=campaign.fund_account,
        amount=Money(2500, "USD"),
        email="ada@example.org",
        name="Ada",
        message="Stay strong",
        success_url="http://testserver/campaigns/phones/thanks/?donation=DONATION_ID",
        cancel_url="http://testserver/campaigns/phones/",
        campaign_title=campaign.title,
    )
    return donation
