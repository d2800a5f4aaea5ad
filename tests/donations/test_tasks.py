"""The fee lookup task, against the fake Stripe."""

from __future__ import annotations

import pytest
import stripe
from django_tasks import TaskResultStatus

from callidarity.campaigns.models import Campaign
from callidarity.core.money import Money
from callidarity.donations import services
from callidarity.donations.models import Donation
from callidarity.donations.tasks import fetch_processor_fee_task
from callidarity.ledger.models import Transaction
from tests.fakestripe import FakeStripe

pytestmark = pytest.mark.django_db

PI = "pi_test_task"
CHARGE = "ch_test_task"


def paid_donation(campaign: Campaign, provider: str = Donation.Provider.STRIPE) -> Donation:
    donation = services.create_pending_donation(
        fund_account=campaign.fund_account,
        amount=Money(2500, "USD"),
        email="ada@example.org",
        provider=provider,
    )
    paid = services.record_payment(
        donation_public_id=str(donation.public_id), payment_intent_id=PI, amount=donation.amount
    )
    assert paid is not None
    return paid


def fees() -> list[tuple[str, str]]:
    return list(
        Transaction.objects.filter(kind=Transaction.Kind.PROCESSOR_FEE).values_list(
            "kind", "idempotency_key"
        )
    )


def test_posts_the_fee_once(campaign: Campaign, fake_stripe: FakeStripe) -> None:
    donation = paid_donation(campaign)
    fake_stripe.add_payment_intent(PI, amount_cents=2500, charge_id=CHARGE, fee_cents=103)

    assert fetch_processor_fee_task.call(donation.pk) is True
    assert fetch_processor_fee_task.call(donation.pk) is True

    assert fees() == [("processor_fee", f"fee:{CHARGE}")]
    assert len(fake_stripe.calls("GET", f"/v1/payment_intents/{PI}")) == 2
    donation.refresh_from_db()
    assert donation.charge_id == CHARGE


def test_enqueued_on_the_immediate_backend_it_succeeds(
    campaign: Campaign, fake_stripe: FakeStripe
) -> None:
    donation = paid_donation(campaign)
    fake_stripe.add_payment_intent(PI, amount_cents=2500, charge_id=CHARGE, fee_cents=103)

    result = fetch_processor_fee_task.enqueue(donation.pk)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value is True
    assert fees() == [("processor_fee", f"fee:{CHARGE}")]


def test_no_charge_yet_posts_nothing(campaign: Campaign, fake_stripe: FakeStripe) -> None:
    donation = paid_donation(campaign)
    fake_stripe.add_payment_intent(PI, amount_cents=2500)

    assert fetch_processor_fee_task.call(donation.pk) is False

    assert fees() == []


def test_stripe_error_propagates_so_the_task_is_marked_failed(
    campaign: Campaign, fake_stripe: FakeStripe
) -> None:
    donation = paid_donation(campaign)
    fake_stripe.fail(500)

    with pytest.raises(stripe.APIError):
        fetch_processor_fee_task.call(donation.pk)

    assert fees() == []


def test_unpaid_unknown_and_sandbox_donations_are_skipped_without_calling_stripe(
    campaign: Campaign, fake_stripe: FakeStripe
) -> None:
    unpaid = services.create_pending_donation(
        fund_account=campaign.fund_account,
        amount=Money(2500, "USD"),
        email="ada@example.org",
        provider=Donation.Provider.STRIPE,
    )
    sandbox = paid_donation(campaign, provider=Donation.Provider.SANDBOX)

    assert fetch_processor_fee_task.call(unpaid.pk) is False
    assert fetch_processor_fee_task.call(sandbox.pk) is False
    assert fetch_processor_fee_task.call(987_654) is False

    assert fake_stripe.requests == []
    assert fees() == []
