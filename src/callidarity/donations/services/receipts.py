"""Receipts and year-end statements: issued once per gift, emailed at most once."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.db import transaction as db_transaction
from django.utils import timezone

from callidarity.notifications import services as notifications

from .. import selectors
from ..models import Donation, Receipt

logger = logging.getLogger(__name__)


def supported_language(code: str | None) -> str:
    """Return `code` if the site speaks it (or its base, 'es' for 'es-mx'), else the default."""
    available = {language for language, _name in settings.LANGUAGES}
    code = (code or "").lower()
    for candidate in (code, code.split("-")[0]):
        if candidate in available:
            return candidate
    return str(settings.LANGUAGE_CODE)


def gift_succeeded(donation: Donation) -> None:
    """Issue the receipt of a gift that has just succeeded, and email it after commit.

    The one thing to call wherever a gift first succeeds (a checkout paid, an offline gift
    recorded, and a monthly gift's invoice paid), inside that write's transaction. It adds
    one INSERT to it: the receipt row, with ON CONFLICT DO NOTHING, so the unique donation
    makes any repeat (a second delivery, a retry) a no-op without a read or a savepoint.
    Plain SQL, as on the rest of the gift path (docs/decisions/0003): the ORM would spend
    more time building the statement than the database spends running it. The email goes
    from a task after commit, at most once (see `send_receipt`).
    """
    now = timezone.now()
    issued_at = Receipt._meta.get_field("issued_at")
    connection = db_transaction.get_connection()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO donations_receipt (donation_id, issued_at, year) VALUES (%s, %s, %s) "
            "ON CONFLICT (donation_id) DO NOTHING",
            [
                donation.pk,
                issued_at.get_db_prep_value(now, connection),
                timezone.localdate(now).year,
            ],
        )
    from ..tasks import send_receipt_task

    db_transaction.on_commit(partial(send_receipt_task.enqueue, donation.pk))


def send_receipt(*, donation_id: int) -> bool:
    """Email a gift's receipt to its donor, at most once ever; return True if sent now.

    The delivery `receipt:<donation id>` is unique per address, so a second run (a task
    enqueued twice, a retried webhook) finds nothing pending and sends nothing.
    """
    receipt = selectors.get_receipt(donation_id=donation_id)
    if receipt is None:
        return False
    from ..receipts import ReceiptMailer

    key = f"receipt:{donation_id}"
    donation = receipt.donation
    notifications.queue_deliveries(key=key, recipients=[(donation.donor.email, donation.language)])
    deliveries = notifications.claim_batch(key=key, size=1)
    if not deliveries:
        return False
    return notifications.send_batch(deliveries, ReceiptMailer(receipt)).sent == 1


def request_statement(*, email: str, year: int, language: str) -> None:
    """Have the year-end statement link emailed in the background, if the address gave.

    Whether it gave is looked up in the task, not here, so the page answers the same, as
    fast, for any address: it never tells who gave.
    """
    from ..tasks import send_statement_task

    db_transaction.on_commit(
        partial(send_statement_task.enqueue, email.strip(), year, supported_language(language))
    )


def send_statement(*, email: str, year: int, language: str) -> bool:
    """Email an address the link to its statement for `year` if it has gifts; True if sent.

    Nothing is sent to an address without gifts that year (so the public form cannot be
    used to email strangers), and at most one statement email per address, year and day
    (the delivery key holds the date), so the form cannot flood a donor's inbox.
    """
    if not selectors.has_gifts_in_year(email=email, year=year):
        return False
    from ..receipts import StatementMailer

    key = f"statement:{year}:{timezone.localdate().isoformat()}"
    notifications.queue_deliveries(key=key, recipients=[(email, supported_language(language))])
    deliveries = notifications.claim_batch(key=key, size=settings.EMAIL_BATCH_SIZE)
    if not deliveries:
        return False
    return notifications.send_batch(deliveries, StatementMailer(year)).sent > 0
