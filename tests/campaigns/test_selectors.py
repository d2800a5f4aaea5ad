"""Reads for campaign pages: which campaigns are public, and progress from the ledger."""

from __future__ import annotations

import pytest

from callidarity.campaigns.models import Campaign
from callidarity.campaigns.selectors import (
    Progress,
    get_progress,
    get_public_campaign,
    list_live_campaigns,
)
from callidarity.campaigns.services import create_campaign
from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.donations.services import (
    complete_sandbox_checkout,
    create_pending_donation,
    record_offline_gift,
    record_refund,
)
from callidarity.ledger.selectors import balance

pytestmark = pytest.mark.django_db


def _campaign(slug: str, status: str) -> Campaign:
    return create_campaign(slug=slug, title=slug, goal=Money(10_000, "USD"), status=status)


def _paid(campaign: Campaign, cents: int, email: str) -> Donation:
    donation = create_pending_donation(
        fund_account=campaign.fund_account,
        amount=Money(cents, "USD"),
        email=email,
        provider=Donation.Provider.SANDBOX,
    )
    paid = complete_sandbox_checkout(donation)
    assert paid is not None
    return paid


def test_list_live_campaigns_is_live_only_newest_first() -> None:
    older = _campaign("older", Campaign.Status.LIVE)
    _campaign("draft", Campaign.Status.DRAFT)
    _campaign("closed", Campaign.Status.CLOSED)
    newer = _campaign("newer", Campaign.Status.LIVE)

    assert list(list_live_campaigns()) == [newer, older]


@pytest.mark.parametrize("status", [Campaign.Status.LIVE, Campaign.Status.CLOSED])
def test_get_public_campaign_returns_live_and_closed(status: str) -> None:
    campaign = _campaign("open", status)

    assert get_public_campaign("open") == campaign


@pytest.mark.parametrize("slug", ["draft", "missing"])
def test_get_public_campaign_hides_drafts_and_unknown(slug: str) -> None:
    _campaign("draft", Campaign.Status.DRAFT)

    with pytest.raises(Campaign.DoesNotExist):
        get_public_campaign(slug)


def test_progress_of_a_new_campaign_is_zero(campaign: Campaign) -> None:
    assert get_progress(campaign) == Progress(
        raised_cents=0, goal_cents=2_000_000, currency="USD", donor_count=0
    )


def test_progress_counts_gifts_less_refunds_not_fees(campaign: Campaign) -> None:
    card = _paid(campaign, 2500, "rosa@example.org")
    record_offline_gift(
        fund_account=campaign.fund_account,
        amount=Money(4000, "USD"),
        method=Donation.Method.CASH,
        email="cash@example.org",
    )
    # The sandbox posted a fee of 2.2% + 30¢ = 85¢: the fund holds less than was raised.
    assert balance(campaign.fund_account) == Money(6415, "USD")
    assert get_progress(campaign).raised_cents == 6500

    record_refund(
        payment_intent_id=f"sandbox_pi_{card.public_id.hex}",
        charge_id=f"sandbox_ch_{card.public_id.hex}",
        refunded_total=Money(2500, "USD"),
    )

    progress = get_progress(campaign)
    assert (progress.raised_cents, progress.donor_count) == (4000, 1)


def test_progress_ignores_other_funds(campaign: Campaign) -> None:
    other = _campaign("other", Campaign.Status.LIVE)
    _paid(other, 5000, "other@example.org")

    assert get_progress(campaign).raised_cents == 0
    assert get_progress(other).raised_cents == 5000


@pytest.mark.parametrize(
    ("raised", "goal", "percent"),
    [
        (0, 100, 0),
        (999, 10_000, 9),
        (5000, 10_000, 50),
        (10_000, 10_000, 100),
        (25_000, 10_000, 100),
    ],
)
def test_percent_is_whole_and_capped_at_100(raised: int, goal: int, percent: int) -> None:
    progress = Progress(raised_cents=raised, goal_cents=goal, currency="USD", donor_count=0)

    assert progress.percent == percent
