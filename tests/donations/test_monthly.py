"""Monthly gifts: one gift per invoice in any order, ended plans, the donor's own cancel."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import Settings

from callidarity.campaigns.models import Campaign
from callidarity.core.money import Money
from callidarity.donations import services, tokens
from callidarity.donations.models import Donation, RecurringDonation, StripeEvent
from callidarity.ledger.checks import find_violations
from callidarity.ledger.models import Transaction
from callidarity.ledger.selectors import balance
from tests import fakestripe
from tests.fakestripe import FakeStripe
from tests.smtp import SmtpSink

from .conftest import Deliver

pytestmark = pytest.mark.django_db

MONTHLY = 1500


def _plan(campaign: Campaign, fake_stripe: FakeStripe, n: int = 0) -> RecurringDonation:
    plan, _url = services.start_monthly_donation(
        fund_account=campaign.fund_account,
        amount=Money(MONTHLY, "USD"),
        email=f"mother{n}@example.org",
        name="Rosa",
        message="Every month, mamas.",
        success_url="http://testserver/campaigns/phones/thanks/?monthly=MONTHLY_ID",
        cancel_url="http://testserver/campaigns/phones/",
        campaign_title=campaign.title,
    )
    return plan


def _life(plan: RecurringDonation, n: int) -> list[dict[str, Any]]:
    """The five events of a plan's life: checkout, three months paid, cancellation."""
    pid, sub = str(plan.public_id), f"sub_test_{n}"
    invoices = [
        fakestripe.invoice_paid(
            invoice_id=f"in_test_{n}_{month}",
            subscription_id=sub,
            plan_public_id=pid,
            amount_cents=MONTHLY,
            payment_intent=f"pi_test_{n}_{month}",
            shape="legacy" if month == 2 else "parent",
        )
        for month in (1, 2, 3)
    ]
    return [
        fakestripe.monthly_checkout_completed(f"cs_test_{n}", pid, sub, MONTHLY),
        *invoices,
        fakestripe.subscription_deleted(sub, pid),
    ]


def test_the_monthly_checkout_asks_stripe_for_a_subscription_with_only_our_id(
    campaign: Campaign, fake_stripe: FakeStripe
) -> None:
    plan, url = services.start_monthly_donation(
        fund_account=campaign.fund_account,
        amount=Money(2500, "USD"),
        email="ana@example.org",
        cover_fees=True,
        success_url="http://testserver/thanks/?monthly=MONTHLY_ID",
        cancel_url="http://testserver/",
        campaign_title=campaign.title,
    )

    [call] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert call.params["mode"] == "subscription"
    assert call.params["metadata"] == {"monthly": str(plan.public_id)}
    assert call.params["subscription_data"] == {"metadata": {"monthly": str(plan.public_id)}}
    price = call.params["line_items"][0]["price_data"]
    assert price["recurring"] == {"interval": "month"}
    assert price["unit_amount"] == "2587"  # $25 and the $0.87 fee cover
    assert (plan.amount_cents, plan.fee_cover_cents) == (2587, 87)
    assert url.startswith(fake_stripe.url)
    assert plan.success_url.endswith(f"?monthly={plan.public_id}")


def test_every_ordering_of_a_monthly_gifts_life_ends_the_same(
    campaign: Campaign, fake_stripe: FakeStripe, deliver: Deliver
) -> None:
    orderings = list(itertools.permutations(range(5)))
    assert len(orderings) == 120
    plans = []
    for n, order in enumerate(orderings):
        plan = _plan(campaign, fake_stripe, n)
        life = _life(plan, n)
        for index in order:
            assert deliver(life[index]).status_code == 200, (n, order, index)
        assert deliver(life[order[0]]).status_code == 200  # a late duplicate changes nothing
        plans.append(plan)

    for plan in plans:
        plan.refresh_from_db()
        gifts = Donation.objects.filter(recurring=plan)
        assert plan.status == RecurringDonation.Status.ENDED
        assert gifts.count() == 3
        assert set(gifts.values_list("status", flat=True)) == {Donation.Status.SUCCEEDED}
        assert gifts.exclude(message="").count() == 1  # the message goes with one gift
    assert Transaction.objects.filter(kind=Transaction.Kind.GIFT).count() == 360
    assert balance(campaign.fund_account) == Money(360 * MONTHLY, "USD")
    assert find_violations() == []


def test_an_invoice_for_a_plan_not_yet_known_is_retried_later(
    campaign: Campaign, fake_stripe: FakeStripe, deliver: Deliver
) -> None:
    event = fakestripe.invoice_paid(
        invoice_id="in_unknown",
        subscription_id="sub_unknown",
        plan_public_id="8d5a8d3e-41c4-4a70-9c3b-0f4c0d4c7e10",
        amount_cents=MONTHLY,
    )

    assert deliver(event).status_code == 500
    assert not StripeEvent.objects.exists()
    assert not Donation.objects.exists()


def test_a_failed_payment_is_counted_and_the_donor_told_once(
    campaign: Campaign,
    fake_stripe: FakeStripe,
    deliver: Deliver,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Any,
) -> None:
    plan = _plan(campaign, fake_stripe)
    failed = {
        "invoice_id": "in_test_failed",
        "subscription_id": "sub_test_0",
        "plan_public_id": str(plan.public_id),
        "amount_cents": MONTHLY,
    }

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(fakestripe.invoice_payment_failed(**failed)).status_code == 200
        assert deliver(fakestripe.invoice_payment_failed(**failed)).status_code == 200

    plan.refresh_from_db()
    assert plan.failed_payments == 2
    [message] = smtp.to("mother0@example.org")
    assert message["Subject"] == (
        "Your monthly gift to Phone funds for moms inside did not go through"
    )
    assert f"/donate/monthly/{tokens.cancel_token(str(plan.public_id))}/cancel/" in (
        message.get_content()
    )
    assert not Donation.objects.exists()


def test_the_donor_cancels_alone_from_the_signed_link(
    client: Client, campaign: Campaign, fake_stripe: FakeStripe, deliver: Deliver
) -> None:
    plan = _plan(campaign, fake_stripe)
    for event in _life(plan, 0)[:2]:
        deliver(event)
    fake_stripe.subscriptions["sub_test_0"] = str(plan.public_id)
    url = f"/donate/monthly/{tokens.cancel_token(str(plan.public_id))}/cancel/"

    assert "Stop my monthly gift" in client.get(url).content.decode()
    response = client.post(url)

    assert response.status_code == 200
    assert "Your monthly gift has stopped" in response.content.decode()
    assert fake_stripe.calls("DELETE", "/v1/subscriptions/sub_test_0")
    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.ENDED
    # Stripe's own word on it, arriving after, changes nothing.
    assert (
        deliver(fakestripe.subscription_deleted("sub_test_0", str(plan.public_id))).status_code
        == 200
    )
    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.ENDED


def test_when_stripe_cannot_be_reached_the_plan_stays_and_the_page_says_so(
    client: Client, campaign: Campaign, fake_stripe: FakeStripe, deliver: Deliver
) -> None:
    plan = _plan(campaign, fake_stripe)
    deliver(_life(plan, 0)[0])
    fake_stripe.fail(500)

    response = client.post(f"/donate/monthly/{tokens.cancel_token(str(plan.public_id))}/cancel/")

    assert response.status_code == 503
    assert "Nothing changed; please try again." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.ACTIVE


@pytest.mark.parametrize("token", ["forged", tokens.cancel_token("not-a-plan")])
def test_a_broken_cancel_link_says_so(client: Client, db: None, token: str) -> None:
    response = client.post(f"/donate/monthly/{token}/cancel/")

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_the_sandbox_runs_a_monthly_gift_month_by_month(
    client: Client, campaign: Campaign, settings: Settings
) -> None:
    settings.PAYMENTS_SANDBOX = True
    response = client.post(
        "/campaigns/phones/donate/",
        {"frequency": "monthly", "amount": "15", "email": "rosa@example.org", "cover_fees": "on"},
    )
    plan = RecurringDonation.objects.get()
    assert response["Location"] == f"/donate/sandbox/monthly/{plan.public_id}/"
    page = client.get(response["Location"]).content.decode()
    assert "Every month" in page
    assert "$15.65" in page  # $15 and a $0.65 fee cover

    paid = client.post(response["Location"], {"decision": "pay"})
    assert (
        paid["Location"] == f"http://testserver/campaigns/phones/thanks/?monthly={plan.public_id}"
    )
    thanks = client.get(paid["Location"]).content.decode()
    assert "Your monthly gift of $15.65 to Phone funds for moms inside has started." in thanks

    second = services.simulate_sandbox_month(plan)
    assert second is not None
    services.cancel_monthly_donation(plan=plan)
    assert services.simulate_sandbox_month(plan) is None
    assert list(Donation.objects.filter(recurring=plan).values_list("amount_cents", flat=True)) == [
        1565,
        1565,
    ]
    fees = Transaction.objects.filter(kind=Transaction.Kind.PROCESSOR_FEE).count()
    assert fees == 2
    assert find_violations() == []


@given(st.integers(min_value=1, max_value=10_000_000))
def test_the_fee_cover_is_the_least_that_leaves_the_whole_gift(amount: int) -> None:
    def net(total: int) -> float:  # what the fund keeps after 2.2% + 30¢
        return total - (total * 0.022 + 30)

    cover = services.fee_cover_cents(amount)

    assert net(amount + cover) >= amount - 1e-6
    assert net(amount + cover - 1) < amount


def test_a_one_time_gift_may_cover_the_fee(
    client: Client, campaign: Campaign, settings: Settings
) -> None:
    settings.PAYMENTS_SANDBOX = True

    response = client.post(
        "/campaigns/phones/donate/", {"amount": "25", "email": "a@example.org", "cover_fees": "on"}
    )

    donation = Donation.objects.get()
    assert (donation.amount_cents, donation.fee_cover_cents) == (2587, 87)
    page = client.get(response["Location"]).content.decode()
    assert "$25.87" in page
    assert "$0.87" in page


def test_every_monthly_receipt_carries_the_link_to_stop_the_gift(
    campaign: Campaign,
    fake_stripe: FakeStripe,
    deliver: Deliver,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Any,
) -> None:
    plan = _plan(campaign, fake_stripe)
    with django_capture_on_commit_callbacks(execute=True):
        for event in _life(plan, 0)[:3]:  # the checkout and two months
            assert deliver(event).status_code == 200

    receipts = smtp.to("mother0@example.org")
    assert len(receipts) == 2
    for message in receipts:
        # The token is signed with the time it was made, so read it back, not compare it.
        [token] = re.findall(r"/donate/monthly/([^/\s]+)/cancel/", message.get_content())
        assert tokens.read_cancel_token(token) == str(plan.public_id)
