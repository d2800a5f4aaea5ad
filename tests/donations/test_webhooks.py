"""The Stripe webhook: verification, idempotent processing, reordering and failures."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from callidarity.campaigns.models import Campaign
from callidarity.donations.models import Donation, StripeEvent
from callidarity.ledger.exceptions import InsufficientFunds
from callidarity.ledger.models import Account, Entry, Transaction
from tests import fakestripe
from tests.fakestripe import FakeStripe

from .conftest import WEBHOOK_SECRET, WEBHOOK_URL, Deliver

PI = "pi_test_0001"
CHARGE = "ch_test_0001"
SESSION = "cs_test_0001"

pytestmark = pytest.mark.django_db


def completed(donation: Donation, **kwargs: Any) -> dict[str, Any]:
    """Return a paid checkout.session.completed event for this donation."""
    return fakestripe.checkout_completed(
        donation.checkout_session_id or SESSION,
        str(donation.public_id),
        kwargs.pop("payment_intent", PI),
        kwargs.pop("amount_cents", donation.amount_cents),
        **kwargs,
    )


def progress(client: Client, campaign: Campaign) -> tuple[int, int]:
    """Return (raised_cents, donor_count) as the public API reports them."""
    data = client.get(f"/api/campaigns/{campaign.slug}/").json()
    return data["raised_cents"], data["donor_count"]


def snapshot() -> dict[str, Any]:
    """Return everything a webhook may write, to compare before and after."""
    return {
        "events": sorted(StripeEvent.objects.values_list("event_id", "processed_at")),
        "donations": sorted(
            Donation.objects.values_list("pk", "status", "payment_intent_id", "refunded_cents")
        ),
        "transactions": sorted(Transaction.objects.values_list("kind", "idempotency_key")),
        "entries": Entry.objects.count(),
        "balances": sorted(Account.objects.values_list("code", "balance_cents")),
    }


def kinds() -> list[str]:
    return sorted(Transaction.objects.values_list("kind", flat=True))


def assert_ledger_ok() -> None:
    # verify_ledger raises CommandError (a non-zero exit) on any violation.
    call_command("verify_ledger", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_checkout_completed_records_the_gift(
    client: Client, deliver: Deliver, pending: Donation, campaign: Campaign
) -> None:
    assert pending.status == Donation.Status.PENDING
    assert progress(client, campaign) == (0, 0)
    event = completed(pending)

    response = deliver(event)

    assert response.status_code == 200
    assert response.json() == {"received": True}
    pending.refresh_from_db()
    assert pending.status == Donation.Status.SUCCEEDED
    assert pending.payment_intent_id == PI
    assert pending.succeeded_at == datetime.fromtimestamp(event["created"], UTC)
    gift = Transaction.objects.get()
    assert gift.kind == Transaction.Kind.GIFT
    assert gift.idempotency_key == f"gift:{PI}"
    assert sorted(gift.entries.values_list("account__code", "amount_cents")) == [
        ("assets:processor", 2500),
        (campaign.fund_account.code, -2500),
    ]
    stored = StripeEvent.objects.get()
    assert (stored.event_id, stored.type) == (event["id"], "checkout.session.completed")
    assert stored.payload == event["data"]["object"]
    assert stored.processed_at is not None
    assert progress(client, campaign) == (2500, 1)
    assert_ledger_ok()


def test_async_payment_succeeded_records_the_gift_like_completed(
    client: Client, deliver: Deliver, pending: Donation, campaign: Campaign
) -> None:
    event = completed(pending)
    event["type"] = "checkout.session.async_payment_succeeded"

    assert deliver(event).status_code == 200

    assert kinds() == ["gift"]
    assert progress(client, campaign) == (2500, 1)


def test_duplicate_delivery_changes_nothing(
    client: Client, deliver: Deliver, pending: Donation, campaign: Campaign
) -> None:
    event = completed(pending)
    assert deliver(event).status_code == 200
    before = snapshot()

    response = deliver(event)

    assert response.status_code == 200
    assert snapshot() == before
    assert progress(client, campaign) == (2500, 1)


def test_second_event_for_the_same_payment_records_no_second_gift(
    client: Client, deliver: Deliver, pending: Donation, campaign: Campaign
) -> None:
    assert deliver(completed(pending)).status_code == 200
    before = snapshot()

    response = deliver(completed(pending))  # a new event id, the same payment intent

    assert response.status_code == 200
    after = snapshot()
    assert len(after["events"]) == len(before["events"]) + 1  # stored, applied as a no-op
    assert {k: v for k, v in after.items() if k != "events"} == {
        k: v for k, v in before.items() if k != "events"
    }
    assert kinds() == ["gift"]
    assert progress(client, campaign) == (2500, 1)


def test_a_second_payment_intent_for_a_paid_donation_posts_nothing(
    deliver: Deliver, pending: Donation
) -> None:
    assert deliver(completed(pending)).status_code == 200

    assert deliver(completed(pending, payment_intent="pi_test_other")).status_code == 200

    pending.refresh_from_db()
    assert pending.payment_intent_id == PI
    assert kinds() == ["gift"]


def test_paid_amount_differing_from_the_pledge_is_what_is_recorded(
    client: Client, deliver: Deliver, pending: Donation, campaign: Campaign
) -> None:
    assert deliver(completed(pending, amount_cents=3000)).status_code == 200

    pending.refresh_from_db()
    assert pending.amount_cents == 3000
    assert progress(client, campaign) == (3000, 1)


def _bad_signature(body: bytes) -> str:
    ts = int(time.time())
    return f"t={ts},v1={'0' * 64}"


def _stale(body: bytes) -> str:
    return fakestripe.sign(body, WEBHOOK_SECRET, int(time.time()) - 301)


def _wrong_secret(body: bytes) -> str:
    return fakestripe.sign(body, "whsec_someone_else")


def _signature_of_other_body(body: bytes) -> str:
    return fakestripe.sign(body + b" ", WEBHOOK_SECRET)


@pytest.mark.parametrize(
    "make_header",
    [
        pytest.param(lambda body: None, id="missing-header"),
        pytest.param(lambda body: "", id="empty-header"),
        pytest.param(lambda body: "garbage", id="unparseable-header"),
        pytest.param(_bad_signature, id="bad-signature"),
        pytest.param(_stale, id="stale-timestamp"),
        pytest.param(_wrong_secret, id="wrong-secret"),
        pytest.param(_signature_of_other_body, id="signature-of-other-body"),
    ],
)
def test_unverifiable_delivery_is_refused_and_writes_nothing(
    client: Client, pending: Donation, make_header: Callable[[bytes], str | None]
) -> None:
    body = fakestripe.encode(completed(pending))
    header = make_header(body)
    headers = {} if header is None else {"Stripe-Signature": header}
    before = snapshot()

    response = client.post(WEBHOOK_URL, body, content_type="application/json", headers=headers)

    assert response.status_code == 400
    assert response.json() == {"error": "invalid payload or signature"}
    assert snapshot() == before
    pending.refresh_from_db()
    assert pending.status == Donation.Status.PENDING


def test_timestamp_within_tolerance_is_accepted(deliver: Deliver, pending: Donation) -> None:
    assert deliver(completed(pending), timestamp=int(time.time()) - 290).status_code == 200
    assert kinds() == ["gift"]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"id": "evt_1", "type": "checkout.session.completed",', id="malformed-json"),
        pytest.param(b"\xff\xfe not utf-8", id="not-utf8"),
        pytest.param(b"[]", id="a-list"),
        pytest.param(b'"evt_1"', id="a-string"),
        pytest.param(b'{"id": "evt_1", "type": "charge.refunded"}', id="no-data"),
        pytest.param(b'{"id": 1, "type": "x", "data": {"object": {}}}', id="id-not-a-string"),
        pytest.param(b'{"id": "evt_1", "data": {"object": {}}}', id="no-type"),
        pytest.param(
            b'{"id": "evt_1", "type": "charge.refunded", "data": {"object": "ch_1"}}',
            id="object-not-a-dict",
        ),
    ],
)
def test_signed_body_that_is_not_an_event_is_refused(
    client: Client, fake_stripe: FakeStripe, pending: Donation, body: bytes
) -> None:
    header = fakestripe.sign(body, WEBHOOK_SECRET)
    before = snapshot()

    response = client.post(
        WEBHOOK_URL, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )

    assert response.status_code == 400
    assert snapshot() == before


def test_without_a_configured_secret_every_delivery_is_refused(
    client: Client, pending: Donation, settings: Settings
) -> None:
    settings.STRIPE_WEBHOOK_SECRET = ""
    body = fakestripe.encode(completed(pending))
    header = fakestripe.sign(body, "")
    before = snapshot()

    response = client.post(
        WEBHOOK_URL, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )

    assert response.status_code == 400
    assert snapshot() == before


def test_webhook_takes_only_post(client: Client, fake_stripe: FakeStripe) -> None:
    assert client.get(WEBHOOK_URL).status_code == 405


def test_unknown_event_type_is_stored_and_acknowledged(deliver: Deliver, pending: Donation) -> None:
    event = fakestripe.event("customer.created", {"id": "cus_1", "object": "customer"})
    before = snapshot()

    response = deliver(event)

    assert response.status_code == 200
    stored = StripeEvent.objects.get()
    assert (stored.event_id, stored.type) == (event["id"], "customer.created")
    assert stored.processed_at is not None
    assert {k: v for k, v in snapshot().items() if k != "events"} == {
        k: v for k, v in before.items() if k != "events"
    }


@pytest.mark.parametrize(
    ("payment_status", "mode"),
    [("unpaid", "payment"), ("no_payment_required", "payment"), ("paid", "subscription")],
)
def test_checkout_completed_without_a_one_time_payment_posts_no_gift(
    client: Client,
    deliver: Deliver,
    pending: Donation,
    campaign: Campaign,
    payment_status: str,
    mode: str,
) -> None:
    response = deliver(completed(pending, payment_status=payment_status, mode=mode))

    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Donation.Status.PENDING
    assert kinds() == []
    assert StripeEvent.objects.count() == 1
    assert progress(client, campaign) == (0, 0)


@pytest.mark.parametrize("reference", ["not-a-uuid", "", "6f1c1f9e-0000-4000-8000-000000000000"])
def test_checkout_for_no_donation_of_ours_posts_nothing(
    deliver: Deliver, pending: Donation, reference: str
) -> None:
    event = completed(pending)
    event["data"]["object"]["client_reference_id"] = reference
    event["data"]["object"]["metadata"] = {"donation": reference}

    assert deliver(event).status_code == 200

    pending.refresh_from_db()
    assert pending.status == Donation.Status.PENDING
    assert kinds() == []


def test_checkout_expired_marks_a_pending_donation_expired(
    deliver: Deliver, pending: Donation
) -> None:
    event = fakestripe.checkout_expired(
        pending.checkout_session_id or "", str(pending.public_id), 2500
    )

    assert deliver(event).status_code == 200

    pending.refresh_from_db()
    assert pending.status == Donation.Status.EXPIRED
    assert kinds() == []


def test_checkout_expired_after_payment_leaves_the_gift(
    deliver: Deliver, pending: Donation
) -> None:
    assert deliver(completed(pending)).status_code == 200
    event = fakestripe.checkout_expired(
        pending.checkout_session_id or "", str(pending.public_id), 2500
    )

    assert deliver(event).status_code == 200

    pending.refresh_from_db()
    assert pending.status == Donation.Status.SUCCEEDED


def test_payment_in_another_currency_is_refused_and_writes_nothing(
    deliver: Deliver, pending: Donation
) -> None:
    before = snapshot()

    response = deliver(completed(pending, currency="eur"))

    assert response.status_code == 400
    assert snapshot() == before


def test_charge_succeeded_with_its_fee_posts_the_fee_once(
    client: Client, deliver: Deliver, pending: Donation, campaign: Campaign
) -> None:
    assert deliver(completed(pending)).status_code == 200

    first = fakestripe.charge_succeeded(CHARGE, PI, 2500, fee_cents=103)
    assert deliver(first).status_code == 200
    assert deliver(first).status_code == 200  # the same delivery again
    updated = fakestripe.charge_succeeded(CHARGE, PI, 2500, fee_cents=103)
    updated["type"] = "charge.updated"
    assert deliver(updated).status_code == 200  # another event for the same charge

    fee = Transaction.objects.get(kind=Transaction.Kind.PROCESSOR_FEE)
    assert fee.idempotency_key == f"fee:{CHARGE}"
    assert sorted(fee.entries.values_list("account__code", "amount_cents")) == [
        ("assets:processor", -103),
        (campaign.fund_account.code, 103),
    ]
    pending.refresh_from_db()
    assert pending.charge_id == CHARGE
    campaign.fund_account.refresh_from_db()
    assert campaign.fund_account.balance_cents == -(2500 - 103)
    assert progress(client, campaign) == (2500, 1)  # raised is gross of fees
    assert_ledger_ok()


def test_a_charge_event_naming_its_balance_transaction_fetches_a_missing_fee(
    deliver: Deliver,
    pending: Donation,
    fake_stripe: FakeStripe,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    # At completion the charge has no balance transaction yet: the lookup finds no fee.
    fake_stripe.add_payment_intent(PI, amount_cents=2500, charge_id=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(completed(pending)).status_code == 200
    assert kinds() == ["gift"]

    # Later charge.updated names the balance transaction (by id, as real events do).
    fake_stripe.add_payment_intent(PI, amount_cents=2500, charge_id=CHARGE, fee_cents=103)
    updated = fakestripe.charge_succeeded(CHARGE, PI, 2500)
    updated["type"] = "charge.updated"
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(updated).status_code == 200
    assert kinds() == ["gift", "processor_fee"]

    # Once the fee is posted, another such event asks Stripe nothing more.
    lookups = len(fake_stripe.calls("GET", f"/v1/payment_intents/{PI}"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert deliver(fakestripe.charge_succeeded(CHARGE, PI, 2500)).status_code == 200
    assert callbacks == []
    assert len(fake_stripe.calls("GET", f"/v1/payment_intents/{PI}")) == lookups
    assert kinds() == ["gift", "processor_fee"]
    assert_ledger_ok()


def test_a_charge_event_for_an_unrecorded_payment_asks_for_nothing(
    deliver: Deliver,
    pending: Donation,
    fake_stripe: FakeStripe,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert deliver(fakestripe.charge_succeeded(CHARGE, PI, 2500)).status_code == 200
    assert callbacks == []
    assert fake_stripe.calls("GET", "/v1/payment_intents/") == []
    assert kinds() == []


def test_fee_task_after_completion_posts_the_fee_from_the_payment_intent(
    deliver: Deliver,
    pending: Donation,
    fake_stripe: FakeStripe,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    fake_stripe.add_payment_intent(PI, amount_cents=2500, charge_id=CHARGE, fee_cents=103)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert deliver(completed(pending)).status_code == 200

    # The receipt's email, then the fee lookup.
    assert [c.func.__self__.name for c in callbacks] == [  # type: ignore[attr-defined]
        "send_receipt_task",
        "fetch_processor_fee_task",
    ]
    lookups = fake_stripe.calls("GET", f"/v1/payment_intents/{PI}")
    assert len(lookups) == 1
    assert lookups[0].params == {"expand": ["latest_charge.balance_transaction"]}
    assert kinds() == ["gift", "processor_fee"]
    pending.refresh_from_db()
    assert pending.charge_id == CHARGE

    # The fee arriving again by event changes nothing.
    assert deliver(fakestripe.charge_succeeded(CHARGE, PI, 2500, fee_cents=103)).status_code == 200
    assert kinds() == ["gift", "processor_fee"]
    assert_ledger_ok()


def test_fee_arriving_before_the_payment_is_posted_once_by_the_task(
    deliver: Deliver,
    pending: Donation,
    fake_stripe: FakeStripe,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    fake_stripe.add_payment_intent(PI, amount_cents=2500, charge_id=CHARGE, fee_cents=103)
    early = fakestripe.charge_succeeded(CHARGE, PI, 2500, fee_cents=103)

    assert deliver(early).status_code == 200
    assert kinds() == []  # no payment to charge the fee against yet
    assert StripeEvent.objects.filter(event_id=early["id"]).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(completed(pending)).status_code == 200

    assert kinds() == ["gift", "processor_fee"]
    assert deliver(early).status_code == 200  # a redelivery is a duplicate
    assert kinds() == ["gift", "processor_fee"]
    assert_ledger_ok()


def test_partial_then_full_refund(
    client: Client, deliver: Deliver, pending: Donation, campaign: Campaign
) -> None:
    assert deliver(completed(pending)).status_code == 200

    assert deliver(fakestripe.charge_refunded(CHARGE, PI, 2500, 1000)).status_code == 200
    pending.refresh_from_db()
    assert (pending.status, pending.refunded_cents) == (Donation.Status.PARTIALLY_REFUNDED, 1000)
    assert progress(client, campaign) == (1500, 1)

    assert deliver(fakestripe.charge_refunded(CHARGE, PI, 2500, 2500)).status_code == 200
    pending.refresh_from_db()
    assert (pending.status, pending.refunded_cents) == (Donation.Status.REFUNDED, 2500)
    refunds = Transaction.objects.filter(kind=Transaction.Kind.REFUND).order_by("pk")
    assert [r.idempotency_key for r in refunds] == [
        f"refund:{CHARGE}:1000",
        f"refund:{CHARGE}:2500",
    ]
    assert [
        list(r.entries.order_by("amount_cents").values_list("amount_cents", flat=True))
        for r in refunds
    ] == [[-1000, 1000], [-1500, 1500]]
    gift = Transaction.objects.get(kind=Transaction.Kind.GIFT)
    assert all(r.reverses_id == gift.pk for r in refunds)
    assert progress(client, campaign) == (0, 0)
    assert_ledger_ok()


def test_full_refund_processed_before_the_partial_one_ends_the_same(
    client: Client, deliver: Deliver, pending: Donation, campaign: Campaign
) -> None:
    assert deliver(completed(pending)).status_code == 200
    partial = fakestripe.charge_refunded(CHARGE, PI, 2500, 1000)
    full = fakestripe.charge_refunded(CHARGE, PI, 2500, 2500)

    assert deliver(full).status_code == 200
    assert deliver(partial).status_code == 200
    assert deliver(full).status_code == 200

    pending.refresh_from_db()
    assert (pending.status, pending.refunded_cents) == (Donation.Status.REFUNDED, 2500)
    refund = Transaction.objects.get(kind=Transaction.Kind.REFUND)
    assert refund.idempotency_key == f"refund:{CHARGE}:2500"
    assert progress(client, campaign) == (0, 0)
    campaign.fund_account.refresh_from_db()
    assert campaign.fund_account.balance_cents == 0
    assert StripeEvent.objects.count() == 3
    assert_ledger_ok()


def test_refund_before_the_payment_is_retried_and_then_applied(
    client: Client, deliver: Deliver, pending: Donation, campaign: Campaign
) -> None:
    refund = fakestripe.charge_refunded(CHARGE, PI, 2500, 1000)
    before = snapshot()

    response = deliver(refund)

    assert response.status_code == 500
    assert response.json() == {"error": "not processed; retry"}
    assert snapshot() == before  # not even the event: Stripe's retry must process it

    assert deliver(completed(pending)).status_code == 200
    assert deliver(refund).status_code == 200

    pending.refresh_from_db()
    assert (pending.status, pending.refunded_cents) == (Donation.Status.PARTIALLY_REFUNDED, 1000)
    assert StripeEvent.objects.filter(event_id=refund["id"], processed_at__isnull=False).exists()
    assert progress(client, campaign) == (1500, 1)
    assert_ledger_ok()


@pytest.mark.parametrize(
    "error",
    [DatabaseError("connection lost"), InsufficientFunds("fund:x", 0, 1)],
    ids=["database-error", "ledger-error"],
)
def test_failure_while_applying_answers_500_and_writes_nothing(
    client: Client, deliver: Deliver, pending: Donation, campaign: Campaign, error: Exception
) -> None:
    event = completed(pending)
    before = snapshot()

    with mock.patch("callidarity.ledger.services.post", side_effect=error) as post:
        response = deliver(event)

    assert post.call_count == 1
    assert response.status_code == 500
    assert snapshot() == before
    pending.refresh_from_db()
    assert pending.status == Donation.Status.PENDING

    # Stripe's retry of the same event then succeeds.
    assert deliver(event).status_code == 200
    assert kinds() == ["gift"]
    assert progress(client, campaign) == (2500, 1)
    assert_ledger_ok()
