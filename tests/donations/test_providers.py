"""Stripe Checkout and fee lookup against the fake Stripe, the sandbox, and the donate form."""

from __future__ import annotations

import json
import uuid

import pytest
import stripe
from django.test import Client

from callidarity.campaigns.models import Campaign
from callidarity.core.money import Money
from callidarity.donations import providers
from callidarity.donations.exceptions import CheckoutUnavailable
from callidarity.donations.models import Donation
from callidarity.donations.services import create_pending_donation
from tests.fakestripe import FakeStripe

pytestmark = pytest.mark.django_db

UNAVAILABLE = "The payment page could not be opened. Nothing was charged; please try again."


@pytest.fixture
def donation(campaign: Campaign) -> Donation:
    donation = create_pending_donation(
        fund_account=campaign.fund_account,
        amount=Money(2500, "USD"),
        email="ada@example.org",
        provider=Donation.Provider.STRIPE,
        name="Ada Lovelace",
        message="Hang in there",
    )
    donation.success_url = "http://testserver/thanks/"
    donation.cancel_url = "http://testserver/campaigns/phones/"
    return donation


def test_checkout_sends_the_gift_and_only_opaque_ids_in_metadata(
    fake_stripe: FakeStripe, donation: Donation
) -> None:
    checkout = providers.create_stripe_checkout(donation, campaign_title="Phones")

    [request] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    public_id = str(donation.public_id)
    assert request.headers["idempotency-key"] == f"donation-{public_id}-checkout"
    assert request.headers["authorization"] == "Bearer sk_test_callidarity"
    assert request.params == {
        "mode": "payment",
        "client_reference_id": public_id,
        "metadata": {"donation": public_id},
        "payment_intent_data": {"metadata": {"donation": public_id}},
        "customer_email": "ada@example.org",
        "submit_type": "donate",
        "line_items": [
            {
                "quantity": "1",
                "price_data": {
                    "currency": "usd",
                    "unit_amount": "2500",
                    "product_data": {"name": "Gift to Phones"},
                },
            }
        ],
        "success_url": "http://testserver/thanks/",
        "cancel_url": "http://testserver/campaigns/phones/",
    }
    [session] = fake_stripe.sessions.values()
    assert checkout == providers.Checkout(session_id=session["id"], url=session["url"])
    assert checkout.session_id.startswith("cs_test_")
    assert checkout.url == f"{fake_stripe.url}/pay/{checkout.session_id}"


def test_retried_checkout_reuses_the_session(fake_stripe: FakeStripe, donation: Donation) -> None:
    first = providers.create_stripe_checkout(donation, campaign_title="Phones")
    second = providers.create_stripe_checkout(donation, campaign_title="Phones")

    assert first == second
    keys = {r.headers["idempotency-key"] for r in fake_stripe.calls("POST", "/v1/checkout/")}
    assert keys == {f"donation-{donation.public_id}-checkout"}
    assert len(fake_stripe.sessions) == 1


def test_checkout_failure_raises_checkout_unavailable(
    fake_stripe: FakeStripe, donation: Donation
) -> None:
    fake_stripe.fail(500)

    with pytest.raises(CheckoutUnavailable, match="Nothing was charged"):
        providers.create_stripe_checkout(donation, campaign_title="Phones")

    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == 1
    assert fake_stripe.sessions == {}


def test_checkout_retries_a_transient_failure_with_the_same_key(
    fake_stripe: FakeStripe, donation: Donation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stripe.HTTPClient, "INITIAL_DELAY", 0)  # no back-off sleep in tests
    fake_stripe.fail(500, times=1, retryable=True)

    checkout = providers.create_stripe_checkout(donation, campaign_title="Phones")

    attempts = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert len(attempts) == 2
    assert {r.headers["idempotency-key"] for r in attempts} == {
        f"donation-{donation.public_id}-checkout"
    }
    assert checkout.session_id == next(iter(fake_stripe.sessions.values()))["id"]


def test_rejected_api_key_raises_checkout_unavailable(
    fake_stripe: FakeStripe, donation: Donation, settings: object
) -> None:
    settings.STRIPE_SECRET_KEY = "rk_wrong"  # type: ignore[attr-defined]

    with pytest.raises(CheckoutUnavailable):
        providers.create_stripe_checkout(donation, campaign_title="Phones")


def test_session_without_a_url_raises_checkout_unavailable(
    fake_stripe: FakeStripe, donation: Donation
) -> None:
    fake_stripe.session_url = False

    with pytest.raises(CheckoutUnavailable):
        providers.create_stripe_checkout(donation, campaign_title="Phones")


def test_retrieve_charge_fee_reads_the_expanded_balance_transaction(
    fake_stripe: FakeStripe,
) -> None:
    fake_stripe.add_payment_intent("pi_1", amount_cents=2500, charge_id="ch_1", fee_cents=103)

    assert providers.retrieve_charge_fee("pi_1") == ("ch_1", 103, "USD")

    [request] = fake_stripe.calls("GET", "/v1/payment_intents/pi_1")
    assert request.params == {"expand": ["latest_charge.balance_transaction"]}


def test_retrieve_charge_fee_is_none_before_there_is_a_charge(fake_stripe: FakeStripe) -> None:
    fake_stripe.add_payment_intent("pi_1", amount_cents=2500)

    assert providers.retrieve_charge_fee("pi_1") is None


def test_retrieve_charge_fee_is_none_without_a_balance_transaction(
    fake_stripe: FakeStripe,
) -> None:
    fake_stripe.add_payment_intent("pi_1", amount_cents=2500, charge_id="ch_1", fee_cents=None)

    assert providers.retrieve_charge_fee("pi_1") is None


def test_retrieve_charge_fee_raises_for_an_unknown_payment(fake_stripe: FakeStripe) -> None:
    with pytest.raises(stripe.InvalidRequestError):
        providers.retrieve_charge_fee("pi_unknown")


def test_sandbox_checkout_points_at_the_local_page(donation: Donation) -> None:
    checkout = providers.create_sandbox_checkout(donation)

    assert checkout == providers.Checkout(
        session_id=f"sandbox_cs_{donation.public_id.hex}",
        url=f"/donate/sandbox/{donation.public_id}/",
    )


@pytest.mark.parametrize(("amount", "fee"), [(100, 32), (2500, 85), (1_000_000, 22_030)])
def test_sandbox_fee(amount: int, fee: int) -> None:
    assert providers.sandbox_fee_cents(amount) == fee


# The donate form, through the view, with Stripe configured.

FORM = {
    "amount": "25",
    "email": "ada@example.org",
    "name": "Ada Lovelace",
    "message": "Hang in there",
}


def test_donate_form_sends_the_donor_to_stripe_checkout(
    client: Client, fake_stripe: FakeStripe, campaign: Campaign
) -> None:
    response = client.post(f"/campaigns/{campaign.slug}/donate/", FORM)

    assert response.status_code == 302
    [session] = fake_stripe.sessions.values()
    assert response["Location"] == session["url"]
    donation = Donation.objects.get()
    assert donation.status == Donation.Status.PENDING
    assert donation.provider == Donation.Provider.STRIPE
    assert donation.checkout_session_id == session["id"]
    assert (donation.amount_cents, donation.currency) == (2500, "USD")
    [request] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    public_id = str(donation.public_id)
    assert request.headers["idempotency-key"] == f"donation-{public_id}-checkout"
    assert request.params["metadata"] == {"donation": public_id}
    assert request.params["payment_intent_data"] == {"metadata": {"donation": public_id}}
    sent = json.dumps(request.params)
    assert "Ada" not in sent
    assert "Hang in there" not in sent
    assert request.params["success_url"] == (
        f"http://testserver/campaigns/{campaign.slug}/thanks/?donation={public_id}"
    )
    uuid.UUID(request.params["client_reference_id"])  # an opaque id, not the pk


def test_donate_form_when_stripe_fails_says_so_with_503(
    client: Client, fake_stripe: FakeStripe, campaign: Campaign
) -> None:
    fake_stripe.fail(500)

    response = client.post(f"/campaigns/{campaign.slug}/donate/", FORM)

    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    # The pending donation stays unpaid, without a session, and simply expires.
    donation = Donation.objects.get()
    assert (donation.status, donation.checkout_session_id) == (Donation.Status.PENDING, None)
