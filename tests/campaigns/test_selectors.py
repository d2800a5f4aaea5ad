"""Reads for campaign pages: which campaigns are public, and progress from the ledger."""

from __future__ import annotations

from typing import Any

import pytest

from callidarity.campaigns.models import Campaign
from callidarity.campaigns.selectors import (
    MoneyFlow,
    Progress,
    get_money_flow,
    get_page_figures,
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
from callidarity.ledger.models import Account, Transaction
from callidarity.ledger.selectors import balance
from callidarity.ledger.services import open_account, post

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


def _post(kind: str, debit: Account, credit: Account, cents: int, key: str) -> None:
    post(
        kind=kind,
        lines=[(debit, Money(cents, "USD")), (credit, Money(-cents, "USD"))],
        idempotency_key=key,
    )


def test_money_flow_of_a_new_campaign_is_all_zero(campaign: Campaign) -> None:
    assert get_money_flow(campaign) == MoneyFlow(
        gifts_cents=0,
        refunds_cents=0,
        processor_fees_cents=0,
        disbursed_cents=0,
        vendor_fees_cents=0,
        other_cents=0,
        balance_cents=0,
        currency="USD",
    )


def test_money_flow_sums_the_fund_by_kind_and_adds_up_to_the_balance(
    campaign: Campaign, bank: Account
) -> None:
    card = _paid(campaign, 2500, "rosa@example.org")  # the sandbox posts an 85¢ fee
    record_offline_gift(
        fund_account=campaign.fund_account,
        amount=Money(4000, "USD"),
        method=Donation.Method.CHECK,
        email="check@example.org",
    )
    record_refund(
        payment_intent_id=f"sandbox_pi_{card.public_id.hex}",
        charge_id=f"sandbox_ch_{card.public_id.hex}",
        refunded_total=Money(1000, "USD"),
    )
    fund = campaign.fund_account
    _post(Transaction.Kind.DISBURSEMENT, fund, bank, 1500, "d1")
    _post(Transaction.Kind.DISBURSEMENT, fund, bank, 1500, "d2")
    _post(Transaction.Kind.VENDOR_FEE, fund, bank, 195, "v1")
    general = open_account(code="fund:general-test", name="General", kind=Account.Kind.FUND)
    _post(Transaction.Kind.TRANSFER, fund, general, 300, "t1")
    # Another fund's money never shows here.
    _post(Transaction.Kind.OFFLINE_GIFT, bank, general, 99_900, "elsewhere")

    flow = get_money_flow(campaign)

    assert flow == MoneyFlow(
        gifts_cents=6500,
        refunds_cents=1000,
        processor_fees_cents=85,
        disbursed_cents=3000,
        vendor_fees_cents=195,
        other_cents=-300,
        balance_cents=1920,
        currency="USD",
    )
    assert balance(fund) == Money(flow.balance_cents, "USD")


def test_page_figures_sum_the_ledger_in_one_query(
    campaign: Campaign, django_assert_num_queries: Any
) -> None:
    _paid(campaign, 2500, "rosa@example.org")
    _paid(campaign, 1000, "ada@example.org")

    # One aggregate over the fund's entries, plus the donor count.
    with django_assert_num_queries(2):
        progress, flow = get_page_figures(campaign)
    with django_assert_num_queries(1):
        assert get_money_flow(campaign) == flow

    assert (progress.raised_cents, progress.donor_count) == (3500, 2)
    assert (flow.gifts_cents, flow.processor_fees_cents) == (3500, 85 + 52)
