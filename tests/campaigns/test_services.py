"""Creating campaigns and changing their status."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from callidarity.campaigns.models import Campaign
from callidarity.campaigns.services import create_campaign, set_status
from callidarity.core.money import Money
from callidarity.ledger.models import Account

pytestmark = pytest.mark.django_db


def test_create_campaign_opens_its_own_fund() -> None:
    campaign = create_campaign(
        slug="phones",
        title="Phone funds",
        goal=Money(2_000_000, "USD"),
        story="Calls home.",
        summary="Weekly calls.",
    )

    assert campaign.status == Campaign.Status.DRAFT
    assert (campaign.goal_cents, campaign.currency) == (2_000_000, "USD")
    assert campaign.goal == Money(2_000_000, "USD")
    fund = campaign.fund_account
    assert (fund.code, fund.name, fund.kind, fund.currency) == (
        "fund:phones",
        "Phone funds",
        Account.Kind.FUND,
        "USD",
    )
    assert fund.balance_cents == 0
    assert campaign.get_absolute_url() == "/campaigns/phones/"


def test_create_campaign_in_another_currency_opens_a_fund_in_it() -> None:
    campaign = create_campaign(slug="canada", title="Canada", goal=Money(50_000, "CAD"))

    assert (campaign.currency, campaign.fund_account.currency) == ("CAD", "CAD")


def test_a_taken_slug_is_refused_and_nothing_is_added(campaign: Campaign) -> None:
    accounts = Account.objects.count()

    with pytest.raises(IntegrityError):
        create_campaign(slug="phones", title="Again", goal=Money(100, "USD"))

    assert list(Campaign.objects.values_list("title", flat=True)) == [campaign.title]
    assert Account.objects.count() == accounts


def test_a_zero_goal_is_refused_and_opens_no_fund() -> None:
    with pytest.raises(IntegrityError):
        create_campaign(slug="nothing", title="Nothing", goal=Money(0, "USD"))

    assert not Campaign.objects.exists()
    assert not Account.objects.filter(code="fund:nothing").exists()


def test_set_status_moves_a_campaign(campaign: Campaign) -> None:
    set_status(campaign, Campaign.Status.CLOSED)

    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    assert not campaign.is_live
