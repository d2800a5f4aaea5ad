"""Background work for donations: thin, idempotent, by id."""

import logging

import stripe
from django_tasks import task

from callidarity.core.money import Money

from . import providers, services
from .models import Donation, RecurringDonation

logger = logging.getLogger(__name__)


@task()
def fetch_processor_fee_task(donation_id: int) -> bool:
    """Ask Stripe for the fee on a donation's charge and post it; True once posted."""
    donation = Donation.objects.filter(pk=donation_id).first()
    if donation is None or not donation.payment_intent_id:
        return False
    if donation.provider != Donation.Provider.STRIPE:
        return False
    try:
        found = providers.retrieve_charge_fee(donation.payment_intent_id)
    except stripe.StripeError:
        logger.exception("stripe.fee_lookup.failed", extra={"donation_id": donation_id})
        raise
    if found is None:
        logger.info("stripe.fee_lookup.not_ready", extra={"donation_id": donation_id})
        return False
    charge_id, fee_cents, currency = found
    services.record_processor_fee(
        payment_intent_id=donation.payment_intent_id,
        charge_id=charge_id,
        fee=Money(fee_cents, currency),
    )
    return True


@task()
def send_payment_failed_task(plan_id: int, invoice_id: str) -> bool:
    """Tell a monthly donor that a payment failed, once per invoice."""
    plan = RecurringDonation.objects.select_related("donor", "fund_account").filter(pk=plan_id)
    found = plan.first()
    if found is None:
        return False
    return services.send_payment_failed_email(plan=found, invoice_id=invoice_id)


@task()
def send_receipt_task(donation_id: int) -> bool:
    """Email a gift's receipt (at most once); True if it went out now."""
    return services.send_receipt(donation_id=donation_id)


@task()
def send_statement_task(email: str, year: int, language: str) -> bool:
    """Email the link to an address's statement for a year, if it gave; True if sent."""
    return services.send_statement(email=email, year=year, language=language)
