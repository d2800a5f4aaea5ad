"""Reads for campaign pages: campaigns, their progress (from the ledger), updates, followers,
the wall."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from callidarity.advocacy import selectors as advocacy_selectors
from callidarity.advocacy.models import Action
from callidarity.aid import selectors as aid_selectors
from callidarity.donations.selectors import PAID, donor_count
from callidarity.donations.selectors import SHOWN as SHOWN_GIFTS
from callidarity.ledger.models import Transaction
from callidarity.ledger.selectors import totals_by_kind

from .models import Campaign, Subscription, Update, WallPost

PUBLIC = (Campaign.Status.LIVE, Campaign.Status.CLOSED)
_GIFT_KINDS = (Transaction.Kind.GIFT, Transaction.Kind.OFFLINE_GIFT)
_RAISED_KINDS = (*_GIFT_KINDS, Transaction.Kind.REFUND)


@dataclass(frozen=True)
class Progress:
    raised_cents: int
    goal_cents: int
    currency: str
    donor_count: int

    @property
    def percent(self) -> int:
        """Whole percent of the goal raised, capped at 100 for the bar."""
        if self.goal_cents <= 0:
            return 0
        return min(100, self.raised_cents * 100 // self.goal_cents)


def list_live_campaigns() -> QuerySet[Campaign]:
    """Return the campaigns taking gifts now, newest first."""
    return Campaign.objects.filter(status=Campaign.Status.LIVE).select_related("fund_account")


def list_campaign_actions(campaign: Campaign) -> QuerySet[Action]:
    """Return the advocacy actions of the campaign open now, newest first."""
    return advocacy_selectors.list_live_actions().filter(campaigns=campaign)


def get_public_campaign(slug: str) -> Campaign:
    """Return a live or closed campaign by slug (Campaign.DoesNotExist otherwise)."""
    return Campaign.objects.select_related("fund_account").get(slug=slug, status__in=PUBLIC)


def get_progress(campaign: Campaign, *, totals: Mapping[str, int] | None = None) -> Progress:
    """Return raised (gross succeeded gifts less refunds, from the ledger) and donors.

    A page that also shows the money flow passes the fund's `totals_by_kind` it already
    read, so the ledger is summed once per page.
    """
    if totals is None:
        totals = totals_by_kind(campaign.fund_account)
    # The fund is credit-normal: gifts are negative entries, refunds positive.
    raised = -sum(totals.get(kind, 0) for kind in _RAISED_KINDS)
    return Progress(
        raised_cents=raised,
        goal_cents=campaign.goal_cents,
        currency=campaign.currency,
        donor_count=donor_count(fund_account=campaign.fund_account),
    )


def list_wall_posts(campaign: Campaign) -> QuerySet[WallPost]:
    """Return the messages the public sees on the wall, newest first.

    Visible posts only; a gift's message only while its gift counts (paid, or partly
    refunded), so an abandoned or failed checkout never speaks on the wall.
    """
    return (
        WallPost.objects.filter(campaign=campaign, status=WallPost.Status.VISIBLE)
        .filter(Q(donation__isnull=True) | Q(donation__status__in=SHOWN_GIFTS))
        .only("display_name", "body", "created_at", "donation_id", "campaign_id")
        .order_by("-created_at", "-pk")
    )


def get_wall_post(campaign: Campaign, post_id: int) -> WallPost:
    """Return one of the campaign's wall posts, whatever its status (DoesNotExist otherwise)."""
    return WallPost.objects.get(campaign=campaign, pk=post_id)


def list_published_updates(campaign: Campaign) -> QuerySet[Update]:
    """Return the campaign's published updates, newest first."""
    return Update.objects.filter(campaign=campaign, status=Update.Status.PUBLISHED).order_by(
        "-number"
    )


def get_published_update(campaign: Campaign, number: int) -> Update:
    """Return update #number of the campaign; raise Update.DoesNotExist if not published."""
    return Update.objects.select_related("campaign").get(
        campaign=campaign, number=number, status=Update.Status.PUBLISHED
    )


def _following(campaign: Campaign) -> QuerySet[Subscription]:
    # Confirmed followers, and donors who opted in once their gift (or first month) was paid.
    return Subscription.objects.filter(campaign=campaign, unsubscribed_at__isnull=True).filter(
        Q(confirmed_at__isnull=False)
        | Q(donation__status__in=PAID)
        | Q(recurring__started_at__isnull=False)
    )


def list_update_recipients(campaign: Campaign) -> Iterator[tuple[str, str]]:
    """Yield (email, language) of everyone who gets the campaign's updates, streaming."""
    rows = _following(campaign).values_list("supporter__email", "language").order_by("pk")
    return rows.iterator(chunk_size=2000)


def list_unsubscribed_emails(campaign: Campaign, emails: list[str]) -> set[str]:
    """Return which of these (lower-cased) addresses have unsubscribed from the campaign."""
    if not emails:
        return set()
    rows = (
        Subscription.objects.filter(campaign=campaign, unsubscribed_at__isnull=False)
        .annotate(email=Lower("supporter__email"))
        .filter(email__in=emails)
        .values_list("email", flat=True)
    )
    return set(rows)


def follower_count(campaign: Campaign) -> int:
    """Return how many people get the campaign's updates."""
    return _following(campaign).count()


@dataclass(frozen=True)
class MoneyFlow:
    """Where a campaign's money went, each figure positive cents on the fund's side.

    balance = gifts - refunds - processor_fees - disbursed - vendor_fees + other.
    """

    gifts_cents: int  # card and offline gifts received, before refunds
    refunds_cents: int  # given back to donors
    processor_fees_cents: int  # kept by the card processor
    disbursed_cents: int  # deposited for people inside (phone and commissary accounts)
    vendor_fees_cents: int  # kept by the deposit vendors
    other_cents: int  # transfers and adjustments, net into the fund (may be negative)
    balance_cents: int  # what the fund holds now
    currency: str


def get_money_flow(campaign: Campaign, *, totals: Mapping[str, int] | None = None) -> MoneyFlow:
    """Return where the campaign's money went, from one sum of its fund's entries by kind.

    Nothing here is stored: every figure is the ledger's, so the section always adds up
    to the fund's balance.
    """
    if totals is None:
        totals = totals_by_kind(campaign.fund_account)
    # The fund is credit-normal: money in is a negative entry, money out a positive one.
    kind = Transaction.Kind
    gifts = -sum(totals.get(k, 0) for k in _GIFT_KINDS)
    refunds = totals.get(kind.REFUND, 0)
    fees = totals.get(kind.PROCESSOR_FEE, 0)
    disbursed = totals.get(kind.DISBURSEMENT, 0)
    vendor_fees = totals.get(kind.VENDOR_FEE, 0)
    balance = -sum(totals.values())
    return MoneyFlow(
        gifts_cents=gifts,
        refunds_cents=refunds,
        processor_fees_cents=fees,
        disbursed_cents=disbursed,
        vendor_fees_cents=vendor_fees,
        # Transfers, adjustments and any kind added later: whatever the lines above miss.
        other_cents=balance - gifts + refunds + fees + disbursed + vendor_fees,
        balance_cents=balance,
        currency=campaign.currency,
    )


def get_page_figures(campaign: Campaign) -> tuple[Progress, MoneyFlow]:
    """Return the campaign's progress and money flow from one sum of its fund's entries."""
    totals = totals_by_kind(campaign.fund_account)
    return get_progress(campaign, totals=totals), get_money_flow(campaign, totals=totals)


@dataclass(frozen=True)
class ImpactGoal:
    """How far the fund's plans go toward the campaign's impact goal."""

    label: str
    goal_members: int
    covered_members: int
    weeks: Decimal | None  # how long the fund lasts at its commitments; None if none

    @property
    def percent(self) -> int:
        return min(100, self.covered_members * 100 // self.goal_members)


def get_impact_goal(campaign: Campaign) -> ImpactGoal | None:
    """Return the campaign's impact goal and how far the fund covers it (None if unset)."""
    if not campaign.impact_goal_members:
        return None
    return ImpactGoal(
        label=campaign.impact_goal_label,
        goal_members=campaign.impact_goal_members,
        covered_members=aid_selectors.members_covered(campaign.fund_account),
        weeks=aid_selectors.runway(campaign.fund_account).weeks,
    )
