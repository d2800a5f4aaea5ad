"""Data steps in the campaigns migrations."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from callidarity.campaigns.models import Campaign, WallPost
from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.donations.services import (
    complete_sandbox_checkout,
    create_pending_donation,
    record_offline_gift,
)
from callidarity.ledger.models import Account
from callidarity.ledger.services import open_account

pytestmark = pytest.mark.django_db

wall_migration = importlib.import_module("callidarity.campaigns.migrations.0002_wall")


def test_existing_gift_messages_move_to_the_wall(campaign: Campaign) -> None:
    named = create_pending_donation(
        fund_account=campaign.fund_account,
        amount=Money(2500, "USD"),
        email="rosa@example.org",
        provider=Donation.Provider.SANDBOX,
        name="Rosa",
        message="Fuerza.",
    )
    complete_sandbox_checkout(named)
    quiet = create_pending_donation(
        fund_account=campaign.fund_account,
        amount=Money(1000, "USD"),
        email="quiet@example.org",
        provider=Donation.Provider.SANDBOX,
        name="Quiet Person",
        is_anonymous=True,
        message="From a friend.",
    )
    record_offline_gift(
        fund_account=campaign.fund_account,
        amount=Money(500, "USD"),
        method=Donation.Method.CASH,
        email="cash@example.org",
    )
    general = open_account(code="fund:general", name="General", kind=Account.Kind.FUND)
    create_pending_donation(
        fund_account=general,
        amount=Money(500, "USD"),
        email="general@example.org",
        provider=Donation.Provider.SANDBOX,
        message="No campaign, no wall.",
    )

    wall_migration.gift_messages_to_the_wall(apps, None)

    posts = {p.donation_id: p for p in WallPost.objects.all()}
    assert set(posts) == {named.pk, quiet.pk}
    assert (posts[named.pk].display_name, posts[named.pk].body) == ("Rosa", "Fuerza.")
    assert (posts[quiet.pk].display_name, posts[quiet.pk].body) == ("", "From a friend.")
    assert {p.status for p in posts.values()} == {WallPost.Status.VISIBLE}
    assert posts[named.pk].created_at == Donation.objects.get(pk=named.pk).created_at
    assert {p.campaign_id for p in posts.values()} == {campaign.pk}
