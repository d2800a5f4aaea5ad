"""Creating and changing campaigns, their updates, their followers and their wall."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files import File
from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from callidarity.core.money import Money
from callidarity.donations.models import Donation, RecurringDonation
from callidarity.ledger.models import Account
from callidarity.ledger.services import open_account
from callidarity.notifications import selectors as delivery_selectors
from callidarity.notifications import services as notifications
from callidarity.supporters.services import normalize_email, upsert_supporter

from . import selectors
from .emails import UpdateMailer, confirmation_message
from .exceptions import WallClosed, WallError
from .models import Campaign, Subscription, Update, WallPost

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
    moderation: str = Campaign.Moderation.POST,
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
        moderation=moderation,
        fund_account=fund,
    )


def set_status(campaign: Campaign, status: str) -> Campaign:
    """Move a campaign to draft, live or closed."""
    campaign.status = status
    campaign.save(update_fields=["status", "updated_at"])
    return campaign


# The wall


_THREE_OR_MORE_NEWLINES = re.compile(r"\n{3,}")


def set_impact_goal(*, campaign: Campaign, members: int | None, label: str = "") -> Campaign:
    """Set (or clear, with None) the number of people inside the campaign aims to cover."""
    campaign.impact_goal_members = members or None
    campaign.impact_goal_label = label.strip() if members else ""
    campaign.save(update_fields=["impact_goal_members", "impact_goal_label", "updated_at"])
    return campaign


def normalize_wall_text(text: str) -> str:
    """Return the text with one kind of line break, no trailing spaces, at most one blank line.

    Browsers send a textarea's line breaks as CRLF; counting them once keeps the length
    limit the one a person sees in the box, and collapsing blank lines keeps one message
    from pushing the wall down a phone screen.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _THREE_OR_MORE_NEWLINES.sub("\n\n", text).strip()


def _initial_status(campaign: Campaign) -> str:
    if campaign.moderation == Campaign.Moderation.PRE:
        return WallPost.Status.HELD
    return WallPost.Status.VISIBLE


def post_to_wall(*, campaign: Campaign, body: str, display_name: str = "") -> WallPost:
    """Put a supporter's message on the wall: shown at once, or held under pre-moderation.

    The text is stored as typed (normalized line breaks only); it is shown escaped and never
    as Markdown or links. A blank name means anonymous.
    """
    if not campaign.is_live:
        raise WallClosed(_("This campaign has closed and its wall takes no new messages."))
    body = normalize_wall_text(body)
    if not body:
        raise WallError(_("Write a message."))
    if len(body) > WallPost.BODY_MAX_LENGTH:
        raise WallError(
            _("Your message can be at most %(limit)d characters long.")
            % {"limit": WallPost.BODY_MAX_LENGTH}
        )
    return WallPost.objects.create(
        campaign=campaign,
        display_name=display_name.strip()[:100],
        body=body,
        status=_initial_status(campaign),
    )


def add_gift_message(*, campaign: Campaign, donation: Donation) -> WallPost | None:
    """Give a gift's public message a wall post (once per donation); None when it has none.

    Called when the gift is started, so moderation applies to it like any message; the wall
    shows it only once the gift is paid (see selectors.list_wall_posts).
    """
    body = normalize_wall_text(donation.message)[: WallPost.BODY_MAX_LENGTH]
    if not body:
        return None
    if donation.fund_account_id != campaign.fund_account_id:
        raise ValueError("the gift was made to another fund")
    try:
        with db_transaction.atomic():
            return WallPost.objects.create(
                campaign=campaign,
                display_name=donation.public_name.strip()[:100],
                body=body,
                status=_initial_status(campaign),
                donation=donation,
            )
    except IntegrityError:  # this gift already has its post
        return WallPost.objects.get(donation=donation)


@db_transaction.atomic
def report_post(*, post: WallPost) -> WallPost:
    """Count a visitor's report; hold the post for review unless a moderator approved it.

    One report is enough to take a message off the wall until a moderator looks: the people
    this wall is about can be hurt by a single cruel or identifying message, and anonymous
    reports cannot be told apart anyway. Once a moderator has approved a message, later
    reports are counted (the admin lists it among the reported) but no longer hide it, so
    nobody can keep a message down just by clicking. Reports are rate-limited per address.
    """
    WallPost.objects.filter(pk=post.pk).update(
        report_count=F("report_count") + 1, updated_at=timezone.now()
    )
    WallPost.objects.filter(
        pk=post.pk, status=WallPost.Status.VISIBLE, reviewed_at__isnull=True
    ).update(status=WallPost.Status.HELD)
    post.refresh_from_db(fields=["report_count", "status", "updated_at"])
    return post


def _review(posts: Iterable[WallPost], *, status: str, by: AbstractBaseUser | None) -> int:
    ids = [post.pk for post in posts]
    now = timezone.now()
    return WallPost.objects.filter(pk__in=ids).update(
        status=status, reviewed_at=now, reviewed_by=by, updated_at=now
    )


def approve_posts(posts: Iterable[WallPost], *, by: AbstractBaseUser | None) -> int:
    """Show these posts on the wall (a moderator's decision); return how many changed."""
    return _review(posts, status=WallPost.Status.VISIBLE, by=by)


def hide_posts(posts: Iterable[WallPost], *, by: AbstractBaseUser | None) -> int:
    """Take these posts off the wall (a moderator's decision); return how many changed."""
    return _review(posts, status=WallPost.Status.HIDDEN, by=by)


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
