"""Donation services: pending gifts, payments, fees, refunds, sandbox and offline gifts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import User

from callidarity.campaigns.models import Campaign
from callidarity.core.money import Money
from callidarity.donations import services
from callidarity.donations.exceptions import DonationError, PaymentNotYetRecorded
from callidarity.donations.models import Donation
from callidarity.ledger.checks import find_violations
from callidarity.ledger.models import Account, Transaction
from callidarity.supporters.models import Supporter
from tests.fakestripe import FakeStripe

pytestmark = pytest.mark.django_db

PI = "pi_test_svc"


def lines(txn: Transaction) -> list[tuple[str, int]]:
    return sorted(txn.entries.values_list("account__code", "amount_cents"))


@pytest.fixture
def fund_account(campaign: Campaign) -> Account:
    return campaign.fund_account


def pending_donation(fund_account: Account, cents: int = 2500) -> Donation:
    return services.create_pending_donation(
        fund_account=fund_account,
        amount=Money(cents, "USD"),
        email="Ada@Example.ORG",
        provider=Donation.Provider.STRIPE,
        name="  Ada  ",
        message="  Stay strong  ",
    )


def test_create_pending_donation_records_the_donor(fund_account: Account) -> None:
    donation = pending_donation(fund_account)

    assert donation.status == Donation.Status.PENDING
    assert (donation.amount_cents, donation.currency) == (2500, "USD")
    assert (donation.display_name, donation.message) == ("Ada", "Stay strong")
    assert donation.donor.email == "Ada@example.org"
    assert Supporter.objects.count() == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Money(99, "USD"), "The smallest gift is $1.00."),
        (Money(1_000_001, "USD"), "The largest gift online is $10,000.00."),
        (Money(2500, "EUR"), "This fund takes gifts in USD."),
    ],
)
def test_create_pending_donation_refuses_and_writes_nothing(
    fund_account: Account, amount: Money, message: str
) -> None:
    with pytest.raises(DonationError) as excinfo:
        services.create_pending_donation(
            fund_account=fund_account, amount=amount, email="a@example.org", provider="stripe"
        )

    assert str(excinfo.value).startswith(message)
    assert Donation.objects.count() == 0
    assert Supporter.objects.count() == 0


def test_start_donation_with_stripe_stores_the_session(
    fund_account: Account, fake_stripe: FakeStripe
) -> None:
    donation, url = services.start_donation(
        fund_account=fund_account,
        amount=Money(2500, "USD"),
        email="ada@example.org",
        success_url="http://testserver/thanks/?donation=DONATION_ID",
        cancel_url="http://testserver/",
        campaign_title="Phones",
    )

    [session] = fake_stripe.sessions.values()
    donation.refresh_from_db()
    assert url == session["url"]
    assert donation.checkout_session_id == session["id"]
    assert donation.provider == Donation.Provider.STRIPE
    assert donation.success_url == f"http://testserver/thanks/?donation={donation.public_id}"


def test_start_donation_in_the_sandbox_never_calls_stripe(fund_account: Account) -> None:
    donation, url = services.start_donation(
        fund_account=fund_account,
        amount=Money(2500, "USD"),
        email="ada@example.org",
        success_url="/thanks/?donation=DONATION_ID",
        cancel_url="/",
        campaign_title="Phones",
    )

    donation.refresh_from_db()
    assert donation.provider == Donation.Provider.SANDBOX
    assert url == f"/donate/sandbox/{donation.public_id}/"
    assert donation.checkout_session_id == f"sandbox_cs_{donation.public_id.hex}"


def test_record_payment_posts_one_gift_however_often_it_is_called(fund_account: Account) -> None:
    donation = pending_donation(fund_account)

    for _ in range(3):
        paid = services.record_payment(
            donation_public_id=str(donation.public_id),
            payment_intent_id=PI,
            amount=Money(2500, "USD"),
        )

    assert paid is not None
    assert paid.status == Donation.Status.SUCCEEDED
    gift = Transaction.objects.get()
    assert lines(gift) == [("assets:processor", 2500), (fund_account.code, -2500)]
    assert find_violations() == []


def test_record_payment_returns_the_stored_donation(fund_account: Account) -> None:
    donation = pending_donation(fund_account)
    when = datetime(2026, 3, 1, 12, 30, 15, tzinfo=UTC)

    paid = services.record_payment(
        donation_public_id=str(donation.public_id),
        payment_intent_id=PI,
        amount=Money(2500, "USD"),
        occurred_at=when,
    )

    assert paid is not None
    stored = Donation.objects.get(pk=donation.pk)
    fields = [f.attname for f in Donation._meta.concrete_fields]
    assert [getattr(paid, f) for f in fields] == [getattr(stored, f) for f in fields]
    assert (stored.status, stored.payment_intent_id, stored.succeeded_at) == (
        Donation.Status.SUCCEEDED,
        PI,
        when,
    )
    assert stored.public_id == donation.public_id
    assert stored.updated_at > donation.updated_at
    assert Transaction.objects.get().occurred_at == when


def test_record_payment_for_an_unknown_donation_returns_none(fund_account: Account) -> None:
    result = services.record_payment(
        donation_public_id="6f1c1f9e-0000-4000-8000-000000000000",
        payment_intent_id=PI,
        amount=Money(2500, "USD"),
    )

    assert result is None
    assert Transaction.objects.count() == 0


def test_record_payment_in_another_currency_is_refused(fund_account: Account) -> None:
    donation = pending_donation(fund_account)

    with pytest.raises(DonationError):
        services.record_payment(
            donation_public_id=str(donation.public_id),
            payment_intent_id=PI,
            amount=Money(2500, "EUR"),
        )

    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING
    assert Transaction.objects.count() == 0


def test_processor_fee_before_the_payment_posts_nothing(fund_account: Account) -> None:
    pending_donation(fund_account)

    result = services.record_processor_fee(
        payment_intent_id=PI, charge_id="ch_1", fee=Money(103, "USD")
    )

    assert result is None
    assert Transaction.objects.count() == 0


def test_zero_fee_records_the_charge_but_posts_nothing(fund_account: Account) -> None:
    donation = pending_donation(fund_account)
    services.record_payment(
        donation_public_id=str(donation.public_id), payment_intent_id=PI, amount=donation.amount
    )

    result = services.record_processor_fee(
        payment_intent_id=PI, charge_id="ch_1", fee=Money(0, "USD")
    )

    assert result is None
    donation.refresh_from_db()
    assert donation.charge_id == "ch_1"
    assert list(Transaction.objects.values_list("kind", flat=True)) == ["gift"]


def test_refund_of_an_unrecorded_payment_raises(fund_account: Account) -> None:
    pending_donation(fund_account)

    with pytest.raises(PaymentNotYetRecorded):
        services.record_refund(
            payment_intent_id=PI, charge_id="ch_1", refunded_total=Money(100, "USD")
        )

    assert Transaction.objects.count() == 0


def test_refund_is_capped_at_the_gift(fund_account: Account) -> None:
    donation = pending_donation(fund_account)
    services.record_payment(
        donation_public_id=str(donation.public_id), payment_intent_id=PI, amount=donation.amount
    )

    refunded = services.record_refund(
        payment_intent_id=PI, charge_id="ch_1", refunded_total=Money(9999, "USD")
    )

    assert (refunded.status, refunded.refunded_cents) == (Donation.Status.REFUNDED, 2500)
    fund_account.refresh_from_db()
    assert fund_account.balance_cents == 0
    assert find_violations() == []


def test_expire_checkout_touches_only_pending_donations(fund_account: Account) -> None:
    waiting = pending_donation(fund_account)
    paid = pending_donation(fund_account)
    services.record_payment(
        donation_public_id=str(paid.public_id), payment_intent_id=PI, amount=paid.amount
    )

    services.expire_checkout(donation_public_id=str(waiting.public_id))
    services.expire_checkout(donation_public_id=str(paid.public_id))

    waiting.refresh_from_db()
    paid.refresh_from_db()
    assert waiting.status == Donation.Status.EXPIRED
    assert paid.status == Donation.Status.SUCCEEDED


def test_complete_sandbox_checkout_posts_the_gift_and_the_fee_once(
    fund_account: Account,
) -> None:
    donation = services.create_pending_donation(
        fund_account=fund_account,
        amount=Money(2500, "USD"),
        email="ada@example.org",
        provider=Donation.Provider.SANDBOX,
    )

    services.complete_sandbox_checkout(donation)
    services.complete_sandbox_checkout(donation)

    donation.refresh_from_db()
    assert donation.status == Donation.Status.SUCCEEDED
    assert donation.payment_intent_id == f"sandbox_pi_{donation.public_id.hex}"
    assert sorted(Transaction.objects.values_list("kind", flat=True)) == ["gift", "processor_fee"]
    fee = Transaction.objects.get(kind=Transaction.Kind.PROCESSOR_FEE)
    assert lines(fee) == [("assets:processor", -85), (fund_account.code, 85)]
    assert find_violations() == []


def test_complete_sandbox_checkout_refuses_a_stripe_donation(fund_account: Account) -> None:
    donation = pending_donation(fund_account)

    with pytest.raises(DonationError):
        services.complete_sandbox_checkout(donation)

    assert Transaction.objects.count() == 0


@pytest.mark.parametrize(
    ("method", "asset"),
    [
        (Donation.Method.CHECK, "assets:bank"),
        (Donation.Method.MONEY_ORDER, "assets:bank"),
        (Donation.Method.CASH, "assets:cash"),
    ],
)
def test_offline_gift_posts_to_the_asset_it_arrived_in(
    fund_account: Account, admin_user: User, method: str, asset: str
) -> None:
    donation = services.record_offline_gift(
        fund_account=fund_account,
        amount=Money(4000, "USD"),
        method=method,
        email="grandma@example.org",
        name="Grandma",
        received_on=date(2026, 11, 1),
        reference=" 1234 ",
        recorded_by=admin_user,
    )

    assert donation.status == Donation.Status.SUCCEEDED
    assert donation.provider == Donation.Provider.OFFLINE
    assert (donation.method, donation.reference) == (method, "1234")
    assert donation.received_on == date(2026, 11, 1)
    assert donation.recorded_by == admin_user
    txn = Transaction.objects.get()
    assert txn.kind == Transaction.Kind.OFFLINE_GIFT
    assert txn.idempotency_key == f"offline_gift:{donation.public_id}"
    assert lines(txn) == [(asset, 4000), (fund_account.code, -4000)]
    assert find_violations() == []


@pytest.mark.parametrize(
    ("method", "amount"),
    [
        (Donation.Method.CARD, Money(4000, "USD")),
        (Donation.Method.CHECK, Money(0, "USD")),
        (Donation.Method.CHECK, Money(4000, "EUR")),
    ],
    ids=["card-is-not-offline", "zero", "other-currency"],
)
def test_offline_gift_refusals_write_nothing(
    fund_account: Account, method: str, amount: Money
) -> None:
    with pytest.raises(DonationError):
        services.record_offline_gift(
            fund_account=fund_account, amount=amount, method=method, email="g@example.org"
        )

    assert Donation.objects.count() == 0
    assert Transaction.objects.count() == 0
    assert Supporter.objects.count() == 0


def test_asset_account_opens_one_per_other_currency(settings: object) -> None:
    account = services.asset_account("processor", "EUR")

    assert (account.code, account.kind, account.currency) == (
        "assets:processor:eur",
        Account.Kind.ASSET,
        "EUR",
    )
    assert services.asset_account("processor", "EUR") == account
    assert services.asset_account("processor", "USD").code == "assets:processor"
