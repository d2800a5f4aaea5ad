"""Creating and changing campaigns, their updates and their followers."""

from __future__ import annotations

import logging
import math
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.db.models import Max
from django.utils import timezone

from callidarity.core.money import Money
from callidarity.donations.models import Donation, RecurringDonation
from callidarity.ledger.models import Account
from callidarity.ledger.services import open_account
from callidarity.notifications import selectors as delivery_selectors
from callidarity.notifications import services as notifications
from callidarity.supporters.services import normalize_email, upsert_supporter

from . import selectors
from .emails import UpdateMailer, confirmation_message
from .models import Campaign, Subscription, Update

logger = logging.getLogger(__name__)


@db_transaction.atomic
def create_campaign(
    *,
    slug: str,
    title: str,
    goal: Money,
    story: str = "",
    summary: str = "",
    status: str = Campaign.Status.DRAFT,
    image_alt: str = "",
    image_credit: str = "",
) -> Campaign:
    """Create a campaign and open its fund account `fund:<slug>`."""
    fund = open_account(
        code=f"fund:{slug}", name=title[:200], kind=Account.Kind.FUND, currency=goal.currency
    )
    return Campaign.objects.create(
        slug=slug,
        title=title,
        summary=summary,
        story=story,
        goal_cents=goal.cents,
        currency=goal.currency,
        status=status,
        image_alt=image_alt,
        image_credit=image_credit,
        fund_account=fund,
    )


def set_status(campaign: Campaign, status: str) -> Campaign:
    """Move a campaign to draft, live or closed."""
    campaign.status = status
    campaign.save(update_fields=["status", "updated_at"])
    return campaign


# --- updates -------------------------------------------------------------------------------


def create_update(
    *,
    campaign: Campaign,
    title: str,
    body: str,
    image: File[Any] | None = None,
    image_alt: str = "",
) -> Update:
    """Write a draft update (not numbered, not shown, not sent until published)."""
    update = Update(campaign=campaign, title=title, body=body, image_alt=image_alt)
    if image is not None:
        update.image = image
    update.save()
    return update


@db_transaction.atomic
def publish_update(*, update: Update) -> Update:
    """Number and publish a draft update, then email it to the followers after commit.

    Publishing twice changes nothing and sends nothing more.
    """
    # The campaign's row lock numbers concurrent publications one after the other.
    Campaign.objects.select_for_update().filter(pk=update.campaign_id).first()
    update = Update.objects.select_for_update().get(pk=update.pk)
    if update.is_published:
        return update
    last = Update.objects.filter(campaign_id=update.campaign_id).aggregate(n=Max("number"))["n"]
    update.number = (last or 0) + 1
    update.status = Update.Status.PUBLISHED
    update.published_at = timezone.now()
    update.save(update_fields=["number", "status", "published_at", "updated_at"])
    from .tasks import send_update_task

    db_transaction.on_commit(partial(send_update_task.enqueue, update.pk))
    return update


def send_update(*, update: Update) -> int:
    """Queue the update for every follower not yet sent it, and the batches that send it.

    Returns how many people were added. Running it again adds nobody already queued,
    sent or failed, so nobody gets an update twice.
    """
    if not update.is_published:
        return 0
    added = notifications.queue_deliveries(
        key=update.delivery_key, recipients=selectors.list_update_recipients(update.campaign)
    )
    pending = delivery_selectors.count_pending(key=update.delivery_key)
    batches = math.ceil(pending / settings.EMAIL_BATCH_SIZE)
    from .tasks import send_update_batch_task

    for _batch in range(batches):
        send_update_batch_task.enqueue(update.pk)
    logger.info(
        "campaigns.update.queued",
        extra={"update_id": update.pk, "added": added, "batches": batches},
    )
    return added


def send_update_batch(*, update: Update) -> notifications.BatchResult:
    """Send the next batch of an update's pending emails."""
    deliveries = notifications.claim_batch(key=update.delivery_key, size=settings.EMAIL_BATCH_SIZE)
    # Unsubscribing takes effect at once, even for an update already on its way.
    stopped = selectors.list_unsubscribed_emails(update.campaign, [d.email for d in deliveries])
    if stopped:
        notifications.skip_deliveries([d.pk for d in deliveries if d.email in stopped])
        deliveries = [d for d in deliveries if d.email not in stopped]
    if not deliveries:
        return notifications.BatchResult(sent=0, failed=0)
    return notifications.send_batch(deliveries, UpdateMailer(update))


def retry_failed_update_emails(*, update: Update) -> int:
    """Queue again the emails of an update that failed; return how many."""
    retried = notifications.retry_failed(key=update.delivery_key)
    if retried:
        send_update(update=update)
    return retried


# --- followers -----------------------------------------------------------------------------


def request_subscription(*, campaign: Campaign, email: str, language: str) -> Subscription:
    """Sign an address up for a campaign's updates and email it a confirmation link.

    Nothing is sent to someone already following, and a confirmation goes out at most
    once per CONFIRMATION_RESEND_SECONDS, so the public form cannot flood an inbox.
    """
    supporter = upsert_supporter(email=normalize_email(email))
    with db_transaction.atomic():
        subscription = _get_or_create_subscription(campaign, supporter.pk, language)
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.confirmed_at and not subscription.unsubscribed_at:
            return subscription
        now = timezone.now()
        resend_after = timedelta(seconds=settings.CONFIRMATION_RESEND_SECONDS)
        if subscription.confirmation_sent_at and now - subscription.confirmation_sent_at < (
            resend_after
        ):
            return subscription
        subscription.confirmation_sent_at = now
        subscription.language = language
        subscription.save(update_fields=["confirmation_sent_at", "language", "updated_at"])
        from .tasks import send_confirmation_task

        db_transaction.on_commit(partial(send_confirmation_task.enqueue, subscription.pk))
    return subscription


def _get_or_create_subscription(
    campaign: Campaign, supporter_id: int, language: str
) -> Subscription:
    try:
        with db_transaction.atomic():
            subscription, _created = Subscription.objects.get_or_create(
                campaign=campaign, supporter_id=supporter_id, defaults={"language": language}
            )
    except IntegrityError:  # created concurrently: it exists now
        subscription = Subscription.objects.get(campaign=campaign, supporter_id=supporter_id)
    return subscription


def send_confirmation(*, subscription: Subscription) -> None:
    """Email the confirmation link (a background task calls this)."""
    confirmation_message(subscription).send()


def confirm_subscription(*, subscription: Subscription) -> Subscription:
    """Start sending updates to a follower who confirmed by the emailed link."""
    now = timezone.now()
    Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=now, updated_at=now
    )
    # Confirming again after unsubscribing is asking again.
    Subscription.objects.filter(pk=subscription.pk).update(unsubscribed_at=None, updated_at=now)
    subscription.refresh_from_db()
    return subscription


def opt_in_donor(
    *,
    campaign: Campaign,
    language: str,
    donation: Donation | None = None,
    plan: RecurringDonation | None = None,
) -> Subscription:
    """Follow the campaign for a donor who ticked "email me updates"; counts once paid."""
    giver = donation or plan
    if giver is None:
        raise ValueError("opt_in_donor needs the donation or the monthly gift")
    with db_transaction.atomic():
        subscription = _get_or_create_subscription(campaign, giver.donor_id, language)
        Subscription.objects.filter(pk=subscription.pk).update(
            donation=donation,
            recurring=plan,
            unsubscribed_at=None,
            language=language,
            updated_at=timezone.now(),
        )
    subscription.refresh_from_db()
    return subscription


def unsubscribe(*, campaign_id: int, email: str) -> bool:
    """Stop all updates of a campaign to this address at once; False if it never followed."""
    now = timezone.now()
    changed = Subscription.objects.filter(
        campaign_id=campaign_id, supporter__email__iexact=email
    ).update(unsubscribed_at=now, updated_at=now)
    if changed:
        logger.info("campaigns.unsubscribed", extra={"campaign_id": campaign_id})
    return bool(changed)
