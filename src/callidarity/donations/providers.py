"""Payment providers: Stripe Checkout, or the local sandbox when no Stripe keys are set."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import stripe
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .exceptions import CheckoutUnavailable
from .models import Donation, RecurringDonation

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checkout:
    session_id: str
    url: str


def stripe_client() -> stripe.StripeClient:
    """Return a client for the configured account (and STRIPE_API_BASE, if set)."""
    base: Any = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2
    )


def create_stripe_checkout(donation: Donation, *, campaign_title: str) -> Checkout:
    """Open a Stripe Checkout Session (mode `payment`) for a pending donation."""
    public_id = str(donation.public_id)
    params: Any = {
        "mode": "payment",
        "client_reference_id": public_id,
        # Only opaque ids leave the server: no names, emails or messages in metadata.
        "metadata": {"donation": public_id},
        "payment_intent_data": {"metadata": {"donation": public_id}},
        "customer_email": donation.donor.email,
        "submit_type": "donate",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": donation.currency.lower(),
                    "unit_amount": donation.amount_cents,
                    "product_data": {"name": _("Gift to %(title)s") % {"title": campaign_title}},
                },
            }
        ],
        "success_url": donation.success_url,
        "cancel_url": donation.cancel_url,
    }
    try:
        session = stripe_client().v1.checkout.sessions.create(
            params=params,
            # Derived from the local donation: a retried request never opens a second session.
            options={"idempotency_key": f"donation-{public_id}-checkout"},
        )
    except stripe.StripeError:
        logger.exception("stripe.checkout.failed", extra={"donation_id": donation.pk})
        raise CheckoutUnavailable(
            _("The payment page could not be opened. Nothing was charged; please try again.")
        ) from None
    if not session.url:
        raise CheckoutUnavailable(_("The payment page could not be opened. Please try again."))
    return Checkout(session_id=session.id, url=session.url)


def create_stripe_monthly_checkout(plan: RecurringDonation, *, campaign_title: str) -> Checkout:
    """Open a Stripe Checkout Session (mode `subscription`) for a monthly gift."""
    public_id = str(plan.public_id)
    params: Any = {
        "mode": "subscription",
        "client_reference_id": public_id,
        # Only opaque ids: the plan's id rides on the subscription, so every invoice and
        # the cancellation name it, whatever order their events come in.
        "metadata": {"monthly": public_id},
        "subscription_data": {"metadata": {"monthly": public_id}},
        "customer_email": plan.donor.email,
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": plan.currency.lower(),
                    "unit_amount": plan.amount_cents,
                    "recurring": {"interval": "month"},
                    "product_data": {
                        "name": _("Monthly gift to %(title)s") % {"title": campaign_title}
                    },
                },
            }
        ],
        "success_url": plan.success_url,
        "cancel_url": plan.cancel_url,
    }
    try:
        session = stripe_client().v1.checkout.sessions.create(
            params=params, options={"idempotency_key": f"monthly-{public_id}-checkout"}
        )
    except stripe.StripeError:
        logger.exception("stripe.checkout.failed", extra={"plan_id": plan.pk})
        raise CheckoutUnavailable(
            _("The payment page could not be opened. Nothing was charged; please try again.")
        ) from None
    if not session.url:
        raise CheckoutUnavailable(_("The payment page could not be opened. Please try again."))
    return Checkout(session_id=session.id, url=session.url)


def cancel_stripe_subscription(subscription_id: str) -> None:
    """Cancel a monthly gift's subscription at Stripe (no more charges); raise if unreachable."""
    try:
        stripe_client().v1.subscriptions.cancel(subscription_id)
    except stripe.StripeError as exc:
        if isinstance(exc, stripe.InvalidRequestError) and exc.code == "resource_missing":
            return  # already gone at Stripe: nothing more will be charged
        logger.exception("stripe.subscription.cancel_failed")
        raise CheckoutUnavailable(
            _("We could not reach the card processor. Nothing changed; please try again.")
        ) from None


def create_sandbox_monthly_checkout(plan: RecurringDonation) -> Checkout:
    """Open the local test checkout for a monthly gift."""
    return Checkout(
        session_id=f"sandbox_cs_{plan.public_id.hex}",
        url=reverse("donations:sandbox-monthly-checkout", args=[plan.public_id]),
    )


def create_sandbox_checkout(donation: Donation) -> Checkout:
    """Open a local, clearly labelled test checkout in which no money moves."""
    return Checkout(
        session_id=f"sandbox_cs_{donation.public_id.hex}",
        url=reverse("donations:sandbox-checkout", args=[donation.public_id]),
    )


def retrieve_charge_fee(payment_intent_id: str) -> tuple[str, int, str] | None:
    """Return (charge id, fee cents, currency) of a PaymentIntent's charge, once Stripe has it."""
    intent = stripe_client().v1.payment_intents.retrieve(
        payment_intent_id, params={"expand": ["latest_charge.balance_transaction"]}
    )
    charge: Any = intent.latest_charge
    if charge is None or isinstance(charge, str):
        return None
    balance_txn: Any = charge.balance_transaction
    if balance_txn is None or isinstance(balance_txn, str):
        return None
    return str(charge.id), int(balance_txn.fee), str(balance_txn.currency).upper()


def sandbox_fee_cents(amount_cents: int) -> int:
    """Return the fee the sandbox pretends the processor took (2.2% + 30¢, rounded)."""
    return (amount_cents * 22 + 500) // 1000 + 30
