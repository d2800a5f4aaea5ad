"""Following a bill by email (double opt-in) and the one email per stage change.

Anyone can type an address into a bill's page: it becomes a pending follower and gets one
confirmation link, at most once per CONFIRMATION_RESEND_SECONDS, so the form floods no
one's inbox; nothing goes to an address already following. Only confirmed followers who
have not unsubscribed are emailed when the bill moves, each once per stage change: the
deliveries of one change share the key `bill-stage:<change id>`, unique per address (and
so per follower, one per supporter and bill), and batches are claimed by one sender each.
Unsubscribing takes effect at once, even for an email already queued.
"""

from __future__ import annotations

import logging
import math
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.utils import timezone

from callidarity.notifications import selectors as delivery_selectors
from callidarity.notifications import services as notifications
from callidarity.supporters.services import normalize_email, upsert_supporter

from .. import selectors, tokens
from ..emails import ConfirmationMailer, StageChangeMailer
from ..models import Bill, BillFollower, StageChange

logger = logging.getLogger(__name__)


def _get_or_create_follower(bill: Bill, supporter_id: int, language: str) -> BillFollower:
    try:
        with db_transaction.atomic():
            follower, _created = BillFollower.objects.get_or_create(
                bill=bill, supporter_id=supporter_id, defaults={"language": language}
            )
    except IntegrityError:  # asked twice at once: it exists now
        follower = BillFollower.objects.get(bill=bill, supporter_id=supporter_id)
    return follower


def request_follow(*, bill: Bill, email: str, language: str) -> BillFollower:
    """Record a pending follower of the bill and email a confirmation link after commit.

    Raises ValidationError for a bad address. Whatever the address's standing, the caller
    answers the same: whether someone follows a bill is nobody else's business.
    """
    supporter = upsert_supporter(email=normalize_email(email))
    with db_transaction.atomic():
        follower = _get_or_create_follower(bill, supporter.pk, language)
        follower = BillFollower.objects.select_for_update().get(pk=follower.pk)
        if follower.is_active:
            return follower
        now = timezone.now()
        resend_after = timedelta(seconds=settings.CONFIRMATION_RESEND_SECONDS)
        sent_at = follower.confirmation_sent_at
        if sent_at is not None and now - sent_at < resend_after:
            return follower
        follower.confirmation_sent_at = now
        follower.language = language
        follower.save(update_fields=["confirmation_sent_at", "language", "updated_at"])
        from ..tasks import send_follow_confirmation_task  # tasks import these services

        db_transaction.on_commit(
            partial(send_follow_confirmation_task.enqueue, follower_id=follower.pk)
        )
    logger.info("legislation.follow.requested", extra={"bill_id": bill.pk})
    return follower


def confirmation_key(follower: BillFollower) -> str:
    # Each confirmation the form let through is one email, however often the task runs.
    sent_at = follower.confirmation_sent_at
    stamp = f"{sent_at.timestamp():.6f}" if sent_at else "0"
    return f"bill-follow-confirm:{follower.pk}:{stamp}"


def send_follow_confirmation(*, follower: BillFollower) -> int:
    """Email the confirmation link, once per request that let one through; return how many."""
    if follower.is_active or follower.confirmation_sent_at is None:
        return 0
    key = confirmation_key(follower)
    notifications.queue_deliveries(
        key=key, recipients=[(follower.supporter.email, follower.language)]
    )
    deliveries = notifications.claim_batch(key=key, size=1)
    if not deliveries:
        return 0
    return notifications.send_batch(deliveries, ConfirmationMailer(follower)).sent


def confirm_follow(*, follower: BillFollower) -> BillFollower:
    """Start emailing her when the bill moves (confirming again after leaving is asking again)."""
    now = timezone.now()
    BillFollower.objects.filter(pk=follower.pk, confirmed_at__isnull=True).update(
        confirmed_at=now, updated_at=now
    )
    BillFollower.objects.filter(pk=follower.pk, unsubscribed_at__isnull=False).update(
        unsubscribed_at=None, updated_at=now
    )
    follower.refresh_from_db()
    logger.info("legislation.follow.confirmed", extra={"bill_id": follower.bill_id})
    return follower


def unfollow(*, token: str) -> BillFollower | None:
    """Stop the emails of the follow the signed token names, at once; None for a bad token.

    Unfollowing twice changes nothing more; emails already queued for her are not sent.
    """
    follower_id = tokens.read_unsubscribe_token(token)
    if follower_id is None:
        return None
    now = timezone.now()
    changed = BillFollower.objects.filter(pk=follower_id, unsubscribed_at__isnull=True).update(
        unsubscribed_at=now, updated_at=now
    )
    if changed:
        logger.info("legislation.follow.unsubscribed", extra={"follower_id": follower_id})
    return selectors.get_follower(follower_id)


# Stage changes ---------------------------------------------------------------------------


def stage_change_key(change: StageChange) -> str:
    return f"bill-stage:{change.pk}"


def announce_stage_change(change_id: int) -> None:
    """Email each confirmed follower of the bill once about this StageChange (after commit).

    The import calls this on commit of a new stage change; the work is a background task.
    """
    from ..tasks import announce_stage_change_task

    announce_stage_change_task.enqueue(change_id=change_id)


def queue_stage_change(*, change: StageChange) -> int:
    """Queue the change's email for every active follower, and the batches that send it.

    Returns how many people were added. Running it again (or twice at once) adds nobody
    already queued, sent or failed, so nobody gets it twice. A draft bill emails no one.
    """
    if not change.bill.is_published:
        return 0
    key = stage_change_key(change)
    added = notifications.queue_deliveries(
        key=key, recipients=selectors.iter_stage_change_recipients(change.bill)
    )
    batches = math.ceil(delivery_selectors.count_pending(key=key) / settings.EMAIL_BATCH_SIZE)
    from ..tasks import send_stage_change_batch_task

    for _batch in range(batches):
        send_stage_change_batch_task.enqueue(change_id=change.pk)
    logger.info(
        "legislation.stage_change.queued",
        extra={"change_id": change.pk, "added": added, "batches": batches},
    )
    return added


def send_stage_change_batch(*, change: StageChange) -> notifications.BatchResult:
    """Send the next batch of a stage change's emails; skip whoever stopped following."""
    deliveries = notifications.claim_batch(
        key=stage_change_key(change), size=settings.EMAIL_BATCH_SIZE
    )
    if not deliveries:
        return notifications.BatchResult(sent=0, failed=0)
    following = selectors.active_follower_ids_by_email(change.bill, [d.email for d in deliveries])
    if not change.bill.is_published:  # unlisted since it was queued
        following = {}
    gone = [d.pk for d in deliveries if d.email not in following]
    if gone:
        notifications.skip_deliveries(gone)
    to_send = [d for d in deliveries if d.email in following]
    if not to_send:
        return notifications.BatchResult(sent=0, failed=0)
    return notifications.send_batch(to_send, StageChangeMailer(change, following))
