"""`callidarity demo`: the demo campaign, its gifts and the organizer login, loaded once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from pytest_django import Settings

from callidarity.backoffice.demo import DEMO_PASSWORD, DEMO_SLUG, DEMO_USERNAME, GIFTS
from callidarity.campaigns.models import Campaign
from callidarity.campaigns.selectors import get_progress, list_published_updates
from callidarity.donations.models import Donation
from callidarity.ledger.models import Account, Entry, Transaction
from callidarity.supporters.models import Supporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings: Settings) -> None:
    # pytest-django turns DEBUG off; the demo runs only in development.
    settings.DEBUG = True
    # Hashing the organizer's password the production way costs most of a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _counts() -> dict[str, int]:
    models = (Campaign, Donation, Supporter, Account, Transaction, Entry, get_user_model())
    return {model.__name__: model.objects.count() for model in models}


def test_demo_loads_the_campaign_gifts_and_organizer(debug: None) -> None:
    out = StringIO()

    call_command("demo", stdout=out)

    campaign = Campaign.objects.get(slug=DEMO_SLUG)
    assert campaign.slug == "callidarity"
    assert campaign.status == Campaign.Status.LIVE
    assert campaign.goal_cents == 2_000_000
    gifts = Donation.objects.filter(fund_account=campaign.fund_account)
    assert gifts.count() == len(GIFTS) == 12
    assert set(gifts.values_list("status", flat=True)) == {Donation.Status.SUCCEEDED}
    assert gifts.filter(provider=Donation.Provider.OFFLINE).count() == 3
    progress = get_progress(campaign)
    assert progress.raised_cents == 217_000  # $2,170 in all
    assert progress.donor_count == 12
    assert [u.number for u in list_published_updates(campaign)] == [2, 1]
    organizer = get_user_model().objects.get(username=DEMO_USERNAME)
    assert organizer.is_superuser
    assert organizer.check_password(DEMO_PASSWORD)
    assert "Created campaign /campaigns/callidarity/" in out.getvalue()


def test_demo_twice_changes_nothing(debug: None) -> None:
    call_command("demo", stdout=StringIO())
    first = _counts()
    out = StringIO()

    call_command("demo", stdout=out)

    assert _counts() == first
    assert "Already loaded: campaign /campaigns/callidarity/" in out.getvalue()


def test_demo_refuses_with_debug_off(settings: Settings) -> None:
    settings.DEBUG = False
    before = _counts()

    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("demo", stdout=StringIO())

    assert _counts() == before
    assert not Campaign.objects.filter(slug=DEMO_SLUG).exists()


def test_ledger_verifies_after_the_demo(debug: None) -> None:
    call_command("demo", stdout=StringIO())
    out = StringIO()

    call_command("verify_ledger", stdout=out)

    assert out.getvalue().startswith("Ledger OK:")
