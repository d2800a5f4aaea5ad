"""Creating and changing campaigns."""

from __future__ import annotations

from django.db import transaction as db_transaction

from callidarity.core.money import Money
from callidarity.ledger.models import Account
from callidarity.ledger.services import open_account

from .models import Campaign


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
