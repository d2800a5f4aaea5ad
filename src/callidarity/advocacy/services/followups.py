"""Supporters who asked to hear of the next action, and the organizers' emails to them.

An outreach email goes to followers only (who ticked "tell me about the next action"),
each once, in batches through `notifications`, with a one-click unsubscribe that takes
effect at once, even for an email already queued: the same rules as campaign updates.
"""

from __future__ import annotations

import logging
import math
from functools import partial

from django.conf import settings
from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.utils import timezone

from callidarity.notifications import selectors as delivery_selectors
from callidarity.notifications import services as notifications
from callidarity.supporters.models import Supporter

from .. import selectors
from ..emails import OutreachMailer
from ..models import Action, Follower, Outreach

logger = logging.getLogger(__name__)


def follow_actions(*, supporter: Supporter, action: Action | None, language: str) -> Follower:
    """Record that she wants to hear about the next action (asking again after leaving is
    asking again)."""
    try:
        with db_transaction.atomic():
            follower, created = Follower.objects.get_or_create(
                supporter=supporter, defaults={"language": language, "action": action}
            )
    except IntegrityError:  # she opted in twice at once: it exists now
        follower, created = Follower.objects.get(supporter=supporter), False
    if not created:
        Follower.objects.filter(pk=follower.pk).update(
            language=language, unsubscribed_at=None, updated_at=timezone.now()
        )
        follower.refresh_from_db()
    return follower


def unfollow_actions(*, email: str) -> bool:
    """Stop every follow-up email to this address at once; False if it never followed."""
    now = timezone.now()
    changed = Follower.objects.filter(
        supporter__email__iexact=email, unsubscribed_at__isnull=True
    ).update(unsubscribed_at=now, updated_at=now)
    if changed:
        logger.info("advocacy.unfollowed")
    return bool(changed)


@db_transaction.atomic
def send_outreach(*, outreach: Outreach) -> int:
    """Mark a follow-up email sent and queue it for its followers, in batches after commit.

    Returns how many people were added. Sending again adds nobody already queued, sent
    or failed, so nobody gets it twice.
    """
    outreach = Outreach.objects.select_for_update().get(pk=outreach.pk)
    if outreach.status == Outreach.Status.DRAFT:
        outreach.status = Outreach.Status.SENT
        outreach.sent_at = timezone.now()
        outreach.save(update_fields=["status", "sent_at", "updated_at"])
    added = notifications.queue_deliveries(
        key=outreach.delivery_key, recipients=selectors.list_outreach_recipients(outreach)
    )
    pending = delivery_selectors.count_pending(key=outreach.delivery_key)
    from ..tasks import send_outreach_batch_task

    for _batch in range(math.ceil(pending / settings.EMAIL_BATCH_SIZE)):
        db_transaction.on_commit(partial(send_outreach_batch_task.enqueue, outreach.pk))
    logger.info("advocacy.outreach.queued", extra={"outreach_id": outreach.pk, "added": added})
    return added


def send_outreach_batch(*, outreach: Outreach) -> notifications.BatchResult:
    """Send the next batch of a follow-up email; skip whoever unsubscribed meanwhile."""
    deliveries = notifications.claim_batch(
        key=outreach.delivery_key, size=settings.EMAIL_BATCH_SIZE
    )
    stopped = selectors.list_unfollowed_emails([d.email for d in deliveries])
    if stopped:
        notifications.skip_deliveries([d.pk for d in deliveries if d.email in stopped])
        deliveries = [d for d in deliveries if d.email not in stopped]
    if not deliveries:
        return notifications.BatchResult(sent=0, failed=0)
    return notifications.send_batch(deliveries, OutreachMailer(outreach))


def retry_failed_outreach(*, outreach: Outreach) -> int:
    """Queue again the emails of a follow-up that failed; return how many."""
    retried = notifications.retry_failed(key=outreach.delivery_key)
    if retried:
        send_outreach(outreach=outreach)
    return retried
