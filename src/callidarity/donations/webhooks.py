"""Stripe webhooks: verify, store each event once, and apply it idempotently.

An event is stored and applied in one database transaction: if applying fails, nothing
is kept (not even the event), the view answers 5xx, and Stripe delivers it again.
A duplicate delivery finds the stored event and changes nothing; under concurrency the
unique event id makes every duplicate wait for the first and then do nothing.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, datetime
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError
from django.db import transaction as db_transaction

from callidarity.core.money import Money, MoneyError

from . import services
from .exceptions import WebhookRejected
from .models import StripeEvent

logger = logging.getLogger(__name__)


def verify_event(payload: bytes, signature: str | None) -> dict[str, Any]:
    """Return the event as a dict, or raise WebhookRejected (bad signature, stale, malformed)."""
    if not signature or not settings.STRIPE_WEBHOOK_SECRET:
        raise WebhookRejected("missing signature")
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(
            text,
            signature,
            settings.STRIPE_WEBHOOK_SECRET,
            settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        )
        event = json.loads(text)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as exc:
        raise WebhookRejected(type(exc).__name__) from None
    if (
        not isinstance(event, dict)
        or not isinstance(event.get("id"), str)
        or not isinstance(event.get("type"), str)
        or not isinstance(event.get("data"), dict)
        or not isinstance(event["data"].get("object"), dict)
    ):
        raise WebhookRejected("not an event")
    return event


def handle_event(event: dict[str, Any]) -> bool:
    """Store and apply a verified event; return False if it had already been processed."""
    obj: dict[str, Any] = event["data"]["object"]
    try:
        with db_transaction.atomic():
            # The unique event id makes a concurrent duplicate wait here until the first
            # delivery commits (then it fails and answers "duplicate") or rolls back (then
            # it goes on and applies the event itself). No savepoint: on a conflict the
            # whole transaction goes, having written nothing else yet.
            StripeEvent.objects.create(
                event_id=event["id"],
                type=event["type"],
                livemode=bool(event.get("livemode")),
                payload=obj,
                processed_at=datetime.now(UTC),
            )
            _apply(event["type"], obj, event)
    except IntegrityError:
        if not StripeEvent.objects.filter(event_id=event["id"]).exists():
            raise  # another constraint failed while applying: answer 5xx, Stripe retries
        logger.info("stripe.webhook.duplicate", extra={"event_id": event["id"]})
        return False
    return True


def _money(cents: Any, currency: Any) -> Money:
    if not isinstance(currency, str):
        raise MoneyError("missing currency")
    return Money(int(cents), currency.upper())


def _donation_ref(value: Any) -> str | None:
    """Return a donation's public id from metadata, or None if it is not one of ours."""
    try:
        return str(uuid.UUID(str(value))) if value else None
    except ValueError:
        return None


def _id(value: Any) -> str | None:
    """Return an object's id whether Stripe sent it as a string or expanded."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        inner = value.get("id")
        return inner if isinstance(inner, str) else None
    return None


def _metadata_ref(container: Any, name: str) -> str | None:
    """Return our id stored under `name` in an object's metadata, if it is one of ours."""
    if not isinstance(container, dict):
        return None
    metadata = container.get("metadata")
    return _donation_ref(metadata.get(name)) if isinstance(metadata, dict) else None


def _invoice_plan(invoice: dict[str, Any]) -> tuple[str | None, str | None]:
    """Return (subscription id, our monthly plan id) of an invoice.

    Older API versions put them at `subscription` and `subscription_details`; newer ones
    under `parent.subscription_details`. Both are read.
    """
    details = invoice.get("subscription_details")
    parent = invoice.get("parent")
    if isinstance(parent, dict) and isinstance(parent.get("subscription_details"), dict):
        details = parent["subscription_details"]
    subscription = _id(invoice.get("subscription"))
    if subscription is None and isinstance(details, dict):
        subscription = _id(details.get("subscription"))
    return subscription, _metadata_ref(details, "monthly")


def _apply(event_type: str, obj: dict[str, Any], event: dict[str, Any]) -> None:
    if event_type in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        if obj.get("mode") == "subscription":
            _apply_monthly_checkout(obj)
        else:
            _apply_checkout_completed(obj, event)
    elif event_type == "invoice.paid":
        _apply_invoice_paid(obj, event)
    elif event_type == "invoice.payment_failed":
        subscription, plan = _invoice_plan(obj)
        if isinstance(obj.get("id"), str) and (subscription or plan):
            services.record_invoice_failed(
                invoice_id=obj["id"], subscription_id=subscription, plan_public_id=plan
            )
    elif event_type == "customer.subscription.deleted":
        services.record_monthly_ended(
            subscription_id=_id(obj.get("id")), plan_public_id=_metadata_ref(obj, "monthly")
        )
    elif event_type == "checkout.session.expired":
        donation_id = _donation_ref(obj.get("client_reference_id"))
        if donation_id:
            services.expire_checkout(donation_public_id=donation_id)
    elif event_type in ("charge.succeeded", "charge.updated"):
        _apply_charge_fee(obj)
    elif event_type == "charge.refunded":
        payment_intent = _id(obj.get("payment_intent"))
        if payment_intent and isinstance(obj.get("id"), str):
            services.record_refund(
                payment_intent_id=payment_intent,
                charge_id=obj["id"],
                refunded_total=_money(obj.get("amount_refunded", 0), obj.get("currency")),
            )
    else:
        logger.info("stripe.webhook.unhandled", extra={"event_type": event_type})


def _apply_checkout_completed(obj: dict[str, Any], event: dict[str, Any]) -> None:
    if obj.get("mode") != "payment" or obj.get("payment_status") != "paid":
        logger.info("stripe.checkout.not_paid", extra={"session": obj.get("id")})
        return
    metadata = obj.get("metadata")
    if not isinstance(metadata, dict):
        metadata = {}
    donation_id = _donation_ref(obj.get("client_reference_id") or metadata.get("donation"))
    payment_intent = _id(obj.get("payment_intent"))
    if not donation_id or not payment_intent:
        logger.warning("stripe.checkout.unattributed", extra={"session": obj.get("id")})
        return
    created = event.get("created")
    donation = services.record_payment(
        donation_public_id=donation_id,
        payment_intent_id=payment_intent,
        amount=_money(obj.get("amount_total"), obj.get("currency")),
        occurred_at=datetime.fromtimestamp(created, UTC) if isinstance(created, int) else None,
    )
    if donation is not None:
        services.schedule_fee_lookup(donation)


def _apply_monthly_checkout(obj: dict[str, Any]) -> None:
    subscription = _id(obj.get("subscription"))
    plan = _donation_ref(obj.get("client_reference_id")) or _metadata_ref(obj, "monthly")
    if subscription is None or plan is None:
        logger.warning("stripe.checkout.unattributed", extra={"session": obj.get("id")})
        return
    services.record_monthly_started(plan_public_id=plan, subscription_id=subscription)


def _apply_invoice_paid(obj: dict[str, Any], event: dict[str, Any]) -> None:
    subscription, plan = _invoice_plan(obj)
    if not isinstance(obj.get("id"), str) or not (subscription or plan):
        logger.info("stripe.invoice.not_ours", extra={"invoice": obj.get("id")})
        return
    if not obj.get("amount_paid"):
        logger.info("stripe.invoice.nothing_paid", extra={"invoice": obj.get("id")})
        return
    created = event.get("created")
    services.record_invoice_paid(
        invoice_id=obj["id"],
        subscription_id=subscription,
        plan_public_id=plan,
        amount=_money(obj.get("amount_paid"), obj.get("currency")),
        payment_intent_id=_id(obj.get("payment_intent")),
        occurred_at=datetime.fromtimestamp(created, UTC) if isinstance(created, int) else None,
    )


def _apply_charge_fee(obj: dict[str, Any]) -> None:
    balance_txn = obj.get("balance_transaction")
    payment_intent = _id(obj.get("payment_intent"))
    if not payment_intent or not isinstance(obj.get("id"), str):
        return
    if isinstance(balance_txn, str):
        # Events carry the balance transaction's id only: fetch the fee in the background,
        # which also covers a charge whose fee was not ready when its checkout completed.
        services.request_fee_lookup(payment_intent_id=payment_intent, charge_id=obj["id"])
        return
    if not isinstance(balance_txn, dict):
        return  # no balance transaction yet: a later charge.updated brings it
    services.record_processor_fee(
        payment_intent_id=payment_intent,
        charge_id=str(obj.get("id")),
        fee=_money(balance_txn.get("fee", 0), balance_txn.get("currency")),
    )
