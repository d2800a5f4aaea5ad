"""Every change to a donation, split by sub-domain (STYLE.md: past ~600 lines, a package):

- `payments`: one-time gifts, from checkout to ledger, fees, refunds, offline gifts;
- `monthly`: monthly gifts (Stripe subscriptions or the sandbox);
- `receipts`: receipts and year-end statements.

Callers use `donations.services.<name>`; the names below are the package's whole API.
"""

from .monthly import (
    cancel_monthly_donation,
    complete_sandbox_monthly_checkout,
    record_invoice_failed,
    record_invoice_paid,
    record_monthly_ended,
    record_monthly_started,
    send_payment_failed_email,
    simulate_sandbox_month,
    start_monthly_donation,
)
from .payments import (
    asset_account,
    check_amount,
    complete_sandbox_checkout,
    create_pending_donation,
    expire_checkout,
    fee_cover_cents,
    gift_key,
    record_offline_gift,
    record_payment,
    record_processor_fee,
    record_refund,
    request_fee_lookup,
    schedule_fee_lookup,
    start_donation,
)
from .receipts import (
    gift_succeeded,
    request_statement,
    send_receipt,
    send_statement,
    supported_language,
)

__all__ = [
    "asset_account",
    "cancel_monthly_donation",
    "check_amount",
    "complete_sandbox_checkout",
    "complete_sandbox_monthly_checkout",
    "create_pending_donation",
    "expire_checkout",
    "fee_cover_cents",
    "gift_key",
    "gift_succeeded",
    "record_invoice_failed",
    "record_invoice_paid",
    "record_monthly_ended",
    "record_monthly_started",
    "record_offline_gift",
    "record_payment",
    "record_processor_fee",
    "record_refund",
    "request_fee_lookup",
    "request_statement",
    "schedule_fee_lookup",
    "send_payment_failed_email",
    "send_receipt",
    "send_statement",
    "simulate_sandbox_month",
    "start_donation",
    "start_monthly_donation",
    "supported_language",
]
