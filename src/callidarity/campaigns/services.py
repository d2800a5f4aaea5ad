"""Creating and changing campaigns, and everything written to a campaign's wall."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.ledger.models import Account
from callidarity.ledger.services import open_account

from .exceptions import WallClosed, WallError
from .models import Campaign, WallPost


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
