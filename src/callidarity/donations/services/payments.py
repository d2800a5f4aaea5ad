"""One-time gifts: starting a checkout, recording payments, fees, refunds and offline gifts.

Each posts to the ledger through `ledger.services`, under the donation's lock."""

from __future__ import annotations

import logging
from datetime import date, datetime
from functools import partial
from typing import Any, cast

from django.conf import settings
from django.db import models
from django.db import transaction as db_transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from callidarity.core.money import Money
from callidarity.ledger import services as ledger
from callidarity.ledger.models import Account, Transaction
from callidarity.supporters.services import upsert_supporter

from .. import providers
from ..exceptions import DonationError, PaymentNotYetRecorded
from ..models import Donation
from .receipts import gift_succeeded, supported_language

logger = logging.getLogger(__name__)

_COUNTED = (
    Donation.Status.SUCCEEDED,
    Donation.Status.PARTIALLY_REFUNDED,
    Donation.Status.REFUNDED,
)


def asset_account(kind: str, currency: str) -> Account:
    """Return the asset account `assets:<kind>` for this currency, opening it if needed."""
    code = f"assets:{kind}"
    if currency != settings.DEFAULT_CURRENCY:
        code = f"{code}:{currency.lower()}"
    return ledger.open_account(code=code, name=code, kind=Account.Kind.ASSET, currency=currency)


def fee_cover_cents(amount_cents: int) -> int:
    """Return what to add to a gift so the fund still gets all of it after the card fee.

    The processor takes a percentage of the whole charge plus a fixed amount (estimated by
    FEE_COVER_PERCENT and FEE_COVER_FIXED_CENTS), so the cover is grossed up, to the cent
    above: on $25.00 at 2.2% + 30¢, $0.87.
    """
    basis_points = settings.FEE_COVER_BASIS_POINTS
    fixed = settings.FEE_COVER_FIXED_CENTS
    total = -(-(amount_cents + fixed) * 10_000 // (10_000 - basis_points))
    return total - amount_cents


def check_amount(amount: Money) -> None:
    """Raise DonationError unless the amount is within the configured gift bounds."""
    low, high = settings.GIFT_MIN_CENTS, settings.GIFT_MAX_CENTS
    if amount.cents < low:
        raise DonationError(
            _("The smallest gift is %(amount)s.") % {"amount": Money(low, amount.currency)}
        )
    if amount.cents > high:
        raise DonationError(
            _("The largest gift online is %(amount)s. For more, please contact us.")
            % {"amount": Money(high, amount.currency)}
        )


@db_transaction.atomic
def create_pending_donation(
    *,
    fund_account: Account,
    amount: Money,
    email: str,
    provider: str,
    name: str = "",
    is_anonymous: bool = False,
    message: str = "",
    cover_fees: bool = False,
    language: str | None = None,
) -> Donation:
    """Record a donation that waits for its payment, and its donor.

    With `cover_fees`, the estimated card fee is added on top of `amount`. `language` (for
    the receipt) defaults to the active one: the page's, in a request.
    """
    check_amount(amount)
    if amount.currency != fund_account.currency:
        raise DonationError(_("This fund takes gifts in %(c)s.") % {"c": fund_account.currency})
    donor = upsert_supporter(email=email, name=name)
    cover = fee_cover_cents(amount.cents) if cover_fees else 0
    return Donation.objects.create(
        fund_account=fund_account,
        donor=donor,
        amount_cents=amount.cents + cover,
        fee_cover_cents=cover,
        currency=amount.currency,
        provider=provider,
        display_name=name.strip()[:100],
        is_anonymous=is_anonymous,
        message=message.strip()[:500],
        language=supported_language(language or translation.get_language()),
    )


def start_donation(
    *,
    fund_account: Account,
    amount: Money,
    email: str,
    name: str = "",
    is_anonymous: bool = False,
    message: str = "",
    cover_fees: bool = False,
    success_url: str,
    cancel_url: str,
    campaign_title: str,
    language: str | None = None,
) -> tuple[Donation, str]:
    """Record a pending donation and open a checkout; return it and the URL to send the donor to.

    `success_url` may contain DONATION_ID, replaced by the donation's public id.
    """
    sandbox = settings.PAYMENTS_SANDBOX
    donation = create_pending_donation(
        fund_account=fund_account,
        amount=amount,
        email=email,
        provider=Donation.Provider.SANDBOX if sandbox else Donation.Provider.STRIPE,
        name=name,
        is_anonymous=is_anonymous,
        message=message,
        cover_fees=cover_fees,
        language=language,
    )
    donation.success_url = success_url.replace("DONATION_ID", str(donation.public_id))
    donation.cancel_url = cancel_url
    # The processor is called outside any database transaction: a slow network never
    # holds a lock, and a failure leaves a pending donation that simply expires.
    if sandbox:
        checkout = providers.create_sandbox_checkout(donation)
    else:
        checkout = providers.create_stripe_checkout(donation, campaign_title=campaign_title)
    donation.checkout_session_id = checkout.session_id
    donation.save(update_fields=["checkout_session_id", "success_url", "cancel_url", "updated_at"])
    return donation, checkout.url


def _lock_donation(**lookup: Any) -> Donation | None:
    return (
        Donation.objects.select_related("fund_account")
        .select_for_update(of=("self",))
        .filter(**lookup)
        .first()
    )


def record_payment(
    *,
    donation_public_id: str,
    payment_intent_id: str,
    amount: Money,
    occurred_at: datetime | None = None,
) -> Donation | None:
    """Mark a donation paid and post the gift, once per payment intent.

    Any number of deliveries, of one event or several describing the same payment,
    record one gift. Returns None when the donation is not ours (logged).
    """
    # No savepoint inside the webhook's transaction (two round trips saved): nothing below
    # raises after a write, and a refusal is raised after the block, having written nothing.
    with db_transaction.atomic(savepoint=False):
        succeeded_at = occurred_at or timezone.now()
        donation = _mark_pending_paid(donation_public_id, payment_intent_id, amount, succeeded_at)
        if donation is not None:
            _post_gift(donation, payment_intent_id)
            gift_succeeded(donation)
            return donation
        outcome = _record_payment_locked(donation_public_id, payment_intent_id, amount, occurred_at)
    if isinstance(outcome, DonationError):
        raise outcome
    return outcome


def _mark_pending_paid(
    donation_public_id: str, payment_intent_id: str, amount: Money, succeeded_at: datetime
) -> Donation | None:
    """Mark a pending donation of exactly this amount paid, in one statement; else None.

    The common case of every checkout webhook, so one UPDATE both locks and marks the row
    (the ORM would lock, read, then save: three times the time). A concurrent delivery
    waits on the row lock, then finds it no longer pending and, like everything unusual
    (unknown, already paid, another amount or currency), takes `_record_payment_locked`.
    """
    connection = db_transaction.get_connection()

    def db(name: str, value: Any) -> Any:
        field = cast("models.Field[Any, Any]", Donation._meta.get_field(name))
        return field.get_db_prep_value(value, connection)

    # raw() builds the Donation from the returned row with the ORM's own conversions.
    marked = Donation.objects.raw(
        "UPDATE donations_donation "
        "SET status = %s, payment_intent_id = %s, succeeded_at = %s, updated_at = %s "
        "WHERE public_id = %s AND status = %s AND currency = %s AND amount_cents = %s "
        "RETURNING *",
        [
            Donation.Status.SUCCEEDED,
            payment_intent_id,
            db("succeeded_at", succeeded_at),
            db("updated_at", timezone.now()),
            db("public_id", donation_public_id),
            Donation.Status.PENDING,
            amount.currency,
            amount.cents,
        ],
    )
    return next(iter(marked), None)


def gift_key(donation: Donation) -> str:
    """Return the idempotency key of a card gift's ledger transaction."""
    if donation.payment_intent_id:
        return f"gift:{donation.payment_intent_id}"
    return f"gift:invoice:{donation.invoice_id}"


def _post_gift(donation: Donation, payment_intent_id: str | None = None) -> None:
    """Post the gift of a donation just marked paid (idempotent by payment or invoice)."""
    key = f"gift:{payment_intent_id}" if payment_intent_id else gift_key(donation)
    ledger.post(
        kind=Transaction.Kind.GIFT,
        lines=[
            (asset_account("processor", donation.currency), donation.amount),
            (donation.fund_account, -donation.amount),
        ],
        idempotency_key=key,
        memo=f"Donation {donation.public_id}",
        occurred_at=donation.succeeded_at,
    )
    logger.debug("donations.payment.recorded", extra={"donation_id": donation.pk})


def _record_payment_locked(
    donation_public_id: str,
    payment_intent_id: str,
    amount: Money,
    occurred_at: datetime | None,
) -> Donation | DonationError | None:
    donation = _lock_donation(public_id=donation_public_id)
    if donation is None:
        logger.warning("donations.payment.unknown_donation", extra={"payment": payment_intent_id})
        return None
    if donation.status in _COUNTED:
        if donation.payment_intent_id != payment_intent_id:
            logger.error(
                "donations.payment.second_intent",
                extra={"donation_id": donation.pk, "payment": payment_intent_id},
            )
        return donation
    if amount.currency != donation.currency:
        return DonationError("The payment's currency differs from the donation's.")
    if amount.cents != donation.amount_cents:
        # What the processor says was paid is what the fund received.
        logger.warning(
            "donations.payment.amount_differs",
            extra={"donation_id": donation.pk, "paid": amount.cents},
        )
        donation.amount_cents = amount.cents
    donation.status = Donation.Status.SUCCEEDED
    donation.payment_intent_id = payment_intent_id
    donation.succeeded_at = occurred_at or timezone.now()
    donation.save(
        update_fields=["status", "payment_intent_id", "succeeded_at", "amount_cents", "updated_at"]
    )
    _post_gift(donation, payment_intent_id)
    gift_succeeded(donation)
    return donation


@db_transaction.atomic
def expire_checkout(*, donation_public_id: str) -> None:
    """Mark a pending donation whose checkout expired unpaid as expired."""
    Donation.objects.filter(public_id=donation_public_id, status=Donation.Status.PENDING).update(
        status=Donation.Status.EXPIRED, updated_at=timezone.now()
    )


@db_transaction.atomic
def record_processor_fee(
    *, payment_intent_id: str, charge_id: str, fee: Money
) -> Transaction | None:
    """Post the processor's fee for a charge once; None if the payment is not recorded yet."""
    donation = _lock_donation(payment_intent_id=payment_intent_id)
    if donation is None or donation.status not in _COUNTED:
        return None
    if not donation.charge_id:
        donation.charge_id = charge_id
        donation.save(update_fields=["charge_id", "updated_at"])
    if fee.cents <= 0:
        return None
    return ledger.post(
        kind=Transaction.Kind.PROCESSOR_FEE,
        lines=[
            (donation.fund_account, fee),
            (asset_account("processor", fee.currency), -fee),
        ],
        idempotency_key=f"fee:{charge_id}",
        memo=f"Processor fee, donation {donation.public_id}",
    )


@db_transaction.atomic
def record_refund(*, payment_intent_id: str, charge_id: str, refunded_total: Money) -> Donation:
    """Reverse the refunded part of a gift, given the charge's cumulative refunded amount.

    Events may arrive in any order: only an increase over what is recorded posts.
    """
    donation = _lock_donation(payment_intent_id=payment_intent_id)
    if donation is None or donation.status not in _COUNTED:
        raise PaymentNotYetRecorded(f"No recorded payment for {payment_intent_id}.")
    total = min(refunded_total.cents, donation.amount_cents)
    delta = total - donation.refunded_cents
    if delta <= 0:
        return donation
    gift = Transaction.objects.get(idempotency_key=gift_key(donation))
    ledger.reverse(
        gift,
        kind=Transaction.Kind.REFUND,
        amount=Money(delta, donation.currency),
        idempotency_key=f"refund:{charge_id}:{total}",
        memo=f"Refund, donation {donation.public_id}",
    )
    donation.refunded_cents = total
    donation.status = (
        Donation.Status.REFUNDED
        if total == donation.amount_cents
        else Donation.Status.PARTIALLY_REFUNDED
    )
    donation.save(update_fields=["refunded_cents", "status", "updated_at"])
    return donation


def complete_sandbox_checkout(donation: Donation) -> Donation | None:
    """Pay a sandbox donation as Stripe would: the gift, then the (simulated) fee."""
    if donation.provider != Donation.Provider.SANDBOX:
        raise DonationError("Only sandbox donations complete locally.")
    payment_ref = f"sandbox_pi_{donation.public_id.hex}"
    with db_transaction.atomic():
        paid = record_payment(
            donation_public_id=str(donation.public_id),
            payment_intent_id=payment_ref,
            amount=donation.amount,
        )
        fee = providers.sandbox_fee_cents(donation.amount_cents)
        record_processor_fee(
            payment_intent_id=payment_ref,
            charge_id=f"sandbox_ch_{donation.public_id.hex}",
            fee=Money(min(fee, donation.amount_cents), donation.currency),
        )
    return paid


def request_fee_lookup(*, payment_intent_id: str, charge_id: str) -> bool:
    """Schedule a fee lookup for a recorded Stripe payment whose fee is not posted yet."""
    donation = Donation.objects.filter(
        payment_intent_id=payment_intent_id,
        provider=Donation.Provider.STRIPE,
        status__in=_COUNTED,
    ).first()
    if donation is None or Transaction.objects.filter(idempotency_key=f"fee:{charge_id}").exists():
        return False
    schedule_fee_lookup(donation)
    return True


def schedule_fee_lookup(donation: Donation) -> None:
    """After commit, ask the processor for the charge's fee in the background."""
    from ..tasks import fetch_processor_fee_task

    db_transaction.on_commit(partial(fetch_processor_fee_task.enqueue, donation.pk))


@db_transaction.atomic
def record_offline_gift(
    *,
    fund_account: Account,
    amount: Money,
    method: str,
    email: str,
    name: str = "",
    received_on: date | None = None,
    reference: str = "",
    is_anonymous: bool = False,
    recorded_by: Any = None,
    language: str | None = None,
) -> Donation:
    """Record cash, a check or a money order received by the group, post it, and receipt it.

    `language` is the donor's, for the receipt; the default language when not given (the
    organizer's own page language says nothing about the donor's).
    """
    if method not in (Donation.Method.CASH, Donation.Method.CHECK, Donation.Method.MONEY_ORDER):
        raise DonationError(_("Choose cash, check or money order."))
    if amount.cents <= 0:
        raise DonationError(_("The amount must be more than zero."))
    if amount.currency != fund_account.currency:
        raise DonationError(_("This fund takes gifts in %(c)s.") % {"c": fund_account.currency})
    donor = upsert_supporter(email=email, name=name)
    now = timezone.now()
    donation = Donation.objects.create(
        fund_account=fund_account,
        donor=donor,
        amount_cents=amount.cents,
        currency=amount.currency,
        status=Donation.Status.SUCCEEDED,
        provider=Donation.Provider.OFFLINE,
        method=method,
        display_name=name.strip()[:100],
        is_anonymous=is_anonymous,
        succeeded_at=now,
        received_on=received_on or timezone.localdate(),
        reference=reference.strip()[:100],
        recorded_by=recorded_by,
        language=supported_language(language),
    )
    asset = asset_account("cash" if method == Donation.Method.CASH else "bank", amount.currency)
    ledger.post(
        kind=Transaction.Kind.OFFLINE_GIFT,
        lines=[(asset, amount), (fund_account, -amount)],
        idempotency_key=f"offline_gift:{donation.public_id}",
        memo=f"{donation.get_method_display()} {donation.reference}".strip(),
        occurred_at=now,
    )
    gift_succeeded(donation)
    return donation
