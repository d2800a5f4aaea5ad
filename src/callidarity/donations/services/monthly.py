"""Monthly gifts: the plan, one gift per paid invoice in any order, failures, cancelling."""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial

from django.conf import settings
from django.db import transaction as db_transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callidarity.core.money import Money
from callidarity.ledger.models import Account
from callidarity.notifications import services as notifications
from callidarity.supporters.services import upsert_supporter

from .. import providers
from ..emails import payment_failed_message
from ..exceptions import DonationError, PaymentNotYetRecorded
from ..models import Donation, RecurringDonation
from .payments import _post_gift, check_amount, fee_cover_cents, record_processor_fee
from .receipts import gift_succeeded

logger = logging.getLogger(__name__)


def start_monthly_donation(
    *,
    fund_account: Account,
    amount: Money,
    email: str,
    name: str = "",
    is_anonymous: bool = False,
    message: str = "",
    cover_fees: bool = False,
    language: str = "en",
    success_url: str,
    cancel_url: str,
    campaign_title: str,
) -> tuple[RecurringDonation, str]:
    """Record a monthly gift waiting for its first payment and open its checkout.

    Returns the plan and the URL to send the donor to. `success_url` may contain
    MONTHLY_ID, replaced by the plan's public id.
    """
    check_amount(amount)
    if amount.currency != fund_account.currency:
        raise DonationError(_("This fund takes gifts in %(c)s.") % {"c": fund_account.currency})
    sandbox = settings.PAYMENTS_SANDBOX
    cover = fee_cover_cents(amount.cents) if cover_fees else 0
    with db_transaction.atomic():
        plan = RecurringDonation.objects.create(
            fund_account=fund_account,
            donor=upsert_supporter(email=email, name=name),
            amount_cents=amount.cents + cover,
            fee_cover_cents=cover,
            currency=amount.currency,
            provider=Donation.Provider.SANDBOX if sandbox else Donation.Provider.STRIPE,
            display_name=name.strip()[:100],
            is_anonymous=is_anonymous,
            message=message.strip()[:500],
            language=language,
        )
    plan.success_url = success_url.replace("MONTHLY_ID", str(plan.public_id))
    plan.cancel_url = cancel_url
    if sandbox:
        checkout = providers.create_sandbox_monthly_checkout(plan)
    else:
        checkout = providers.create_stripe_monthly_checkout(plan, campaign_title=campaign_title)
    plan.checkout_session_id = checkout.session_id
    plan.save(update_fields=["checkout_session_id", "success_url", "cancel_url", "updated_at"])
    return plan, checkout.url


def _lock_plan(subscription_id: str | None, plan_public_id: str | None) -> RecurringDonation | None:
    """Lock the plan an event speaks of, by subscription or by our id in its metadata."""
    locked = RecurringDonation.objects.select_for_update()
    plan = locked.filter(subscription_id=subscription_id).first() if subscription_id else None
    if plan is None and plan_public_id:
        plan = locked.filter(public_id=plan_public_id).first()
    if plan is not None and subscription_id and not plan.subscription_id:
        plan.subscription_id = subscription_id
        plan.save(update_fields=["subscription_id", "updated_at"])
    return plan


def _start(plan: RecurringDonation, when: datetime) -> None:
    if plan.status == RecurringDonation.Status.PENDING:
        plan.status = RecurringDonation.Status.ACTIVE
        plan.started_at = when
        plan.save(update_fields=["status", "started_at", "updated_at"])


@db_transaction.atomic
def record_monthly_started(
    *, plan_public_id: str | None, subscription_id: str
) -> RecurringDonation | None:
    """Link a completed monthly checkout to its subscription; the plan becomes active.

    A plan that already ended stays ended, whatever the order the events arrive in.
    """
    plan = _lock_plan(subscription_id, plan_public_id)
    if plan is None:
        logger.warning("donations.monthly.unknown", extra={"subscription": subscription_id})
        return None
    _start(plan, timezone.now())
    return plan


@db_transaction.atomic
def record_invoice_paid(
    *,
    invoice_id: str,
    subscription_id: str | None,
    plan_public_id: str | None,
    amount: Money,
    payment_intent_id: str | None = None,
    occurred_at: datetime | None = None,
) -> Donation:
    """Record one month's gift of a plan, once per invoice, and post it.

    Raises PaymentNotYetRecorded when the plan cannot be found yet (the webhook answers
    5xx and Stripe delivers the event again later).
    """
    plan = _lock_plan(subscription_id, plan_public_id)
    if plan is None:
        raise PaymentNotYetRecorded(f"No monthly gift for invoice {invoice_id}.")
    # The plan's lock queues every event of this plan: an invoice seen here is recorded.
    existing = Donation.objects.filter(invoice_id=invoice_id).first()
    if existing is not None:
        return existing
    if amount.currency != plan.currency:
        raise DonationError("The invoice's currency differs from the monthly gift's.")
    when = occurred_at or timezone.now()
    _start(plan, when)  # a paid invoice starts a plan whose checkout event is still on its way
    first = not plan.payments.exists()
    donation = Donation.objects.create(
        fund_account_id=plan.fund_account_id,
        donor_id=plan.donor_id,
        amount_cents=amount.cents,
        fee_cover_cents=min(plan.fee_cover_cents, amount.cents),
        currency=amount.currency,
        status=Donation.Status.SUCCEEDED,
        provider=plan.provider,
        recurring=plan,
        invoice_id=invoice_id,
        payment_intent_id=payment_intent_id or None,
        display_name=plan.display_name,
        is_anonymous=plan.is_anonymous,
        message=plan.message if first else "",
        succeeded_at=when,
        language=plan.language,
    )
    _post_gift(donation)
    gift_succeeded(donation)
    return donation


@db_transaction.atomic
def record_invoice_failed(
    *, invoice_id: str, subscription_id: str | None, plan_public_id: str | None
) -> RecurringDonation | None:
    """Count a monthly payment that failed and tell the donor (once per invoice)."""
    plan = _lock_plan(subscription_id, plan_public_id)
    if plan is None:
        return None
    plan.failed_payments += 1
    plan.last_failed_at = timezone.now()
    plan.save(update_fields=["failed_payments", "last_failed_at", "updated_at"])
    from ..tasks import send_payment_failed_task

    db_transaction.on_commit(partial(send_payment_failed_task.enqueue, plan.pk, invoice_id))
    return plan


@db_transaction.atomic
def record_monthly_ended(
    *, subscription_id: str | None, plan_public_id: str | None
) -> RecurringDonation | None:
    """End a plan whose subscription was cancelled (by the donor, an organizer or Stripe)."""
    plan = _lock_plan(subscription_id, plan_public_id)
    if plan is None:
        return None
    if not plan.is_ended:
        plan.status = RecurringDonation.Status.ENDED
        plan.ended_at = timezone.now()
        plan.save(update_fields=["status", "ended_at", "updated_at"])
    return plan


def cancel_monthly_donation(*, plan: RecurringDonation) -> RecurringDonation:
    """Stop a monthly gift at the donor's request: at the processor first, then here.

    Raises CheckoutUnavailable when Stripe cannot be reached (nothing changes; try again).
    """
    if plan.is_ended:
        return plan
    if plan.provider == Donation.Provider.STRIPE and plan.subscription_id:
        providers.cancel_stripe_subscription(plan.subscription_id)
    ended = record_monthly_ended(
        subscription_id=plan.subscription_id, plan_public_id=str(plan.public_id)
    )
    return ended or plan


def complete_sandbox_monthly_checkout(plan: RecurringDonation) -> Donation | None:
    """Start a sandbox monthly gift as Stripe would, with its first month's payment."""
    if plan.provider != Donation.Provider.SANDBOX:
        raise DonationError("Only sandbox monthly gifts complete locally.")
    with db_transaction.atomic():
        started = record_monthly_started(
            plan_public_id=str(plan.public_id), subscription_id=f"sandbox_sub_{plan.public_id.hex}"
        )
        if started is None or started.is_ended:
            return None
        return simulate_sandbox_month(started)


def simulate_sandbox_month(plan: RecurringDonation) -> Donation | None:
    """Pay the next month of a sandbox monthly gift (as an invoice.paid would); None if ended."""
    if plan.provider != Donation.Provider.SANDBOX:
        raise DonationError("Only sandbox monthly gifts are simulated.")
    with db_transaction.atomic():
        plan = RecurringDonation.objects.select_for_update().get(pk=plan.pk)
        if plan.is_ended:
            return None
        month = plan.payments.count() + 1
        ref = f"{plan.public_id.hex}_{month}"
        donation = record_invoice_paid(
            invoice_id=f"sandbox_in_{ref}",
            subscription_id=plan.subscription_id,
            plan_public_id=str(plan.public_id),
            amount=plan.amount,
            payment_intent_id=f"sandbox_pi_{ref}",
        )
        fee = providers.sandbox_fee_cents(donation.amount_cents)
        record_processor_fee(
            payment_intent_id=f"sandbox_pi_{ref}",
            charge_id=f"sandbox_ch_{ref}",
            fee=Money(min(fee, donation.amount_cents), donation.currency),
        )
    return donation


def send_payment_failed_email(*, plan: RecurringDonation, invoice_id: str) -> bool:
    """Email the donor that this month's payment failed (at most once per invoice)."""
    key = f"payment_failed:{invoice_id}"
    notifications.queue_deliveries(key=key, recipients=[(plan.donor.email, plan.language)])
    deliveries = notifications.claim_batch(key=key, size=1)
    if not deliveries:
        return False
    result = notifications.send_batch(deliveries, lambda _d: payment_failed_message(plan))
    return result.sent == 1
