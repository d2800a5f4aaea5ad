"""What the public sees on a campaign's wall."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User

from callidarity.campaigns.models import Campaign, WallPost
from callidarity.campaigns.selectors import get_wall_post, list_wall_posts
from callidarity.campaigns.services import (
    add_gift_message,
    create_campaign,
    hide_posts,
    post_to_wall,
    report_post,
)
from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.donations.services import (
    complete_sandbox_checkout,
    create_pending_donation,
    record_refund,
)

pytestmark = pytest.mark.django_db


def _gift_post(campaign: Campaign, message: str) -> tuple[Donation, WallPost]:
    donation = create_pending_donation(
        fund_account=campaign.fund_account,
        amount=Money(2500, "USD"),
        email="rosa@example.org",
        provider=Donation.Provider.SANDBOX,
        name="Rosa",
        message=message,
    )
    post = add_gift_message(campaign=campaign, donation=donation)
    assert post is not None
    return donation, post


def _bodies(campaign: Campaign) -> list[str]:
    return [post.body for post in list_wall_posts(campaign)]


def test_the_wall_shows_visible_posts_newest_first(campaign: Campaign) -> None:
    first = post_to_wall(campaign=campaign, body="First")
    post_to_wall(campaign=campaign, body="Second")
    WallPost.objects.filter(pk=first.pk).update(created_at=first.created_at - timedelta(hours=1))

    assert _bodies(campaign) == ["Second", "First"]


def test_held_and_hidden_posts_and_other_campaigns_are_not_shown(campaign: Campaign) -> None:
    other = create_campaign(
        slug="other", title="Other", goal=Money(100, "USD"), status=Campaign.Status.LIVE
    )
    post_to_wall(campaign=other, body="Elsewhere")
    report_post(post=post_to_wall(campaign=campaign, body="Reported"))
    hide_posts([post_to_wall(campaign=campaign, body="Hidden")], by=None)
    post_to_wall(campaign=campaign, body="Shown")

    assert _bodies(campaign) == ["Shown"]


def test_a_gift_message_shows_only_while_its_gift_counts(campaign: Campaign) -> None:
    donation, _post = _gift_post(campaign, "With love")
    assert _bodies(campaign) == []  # not paid yet

    paid = complete_sandbox_checkout(donation)
    assert paid is not None
    assert _bodies(campaign) == ["With love"]

    record_refund(
        payment_intent_id=f"sandbox_pi_{donation.public_id.hex}",
        charge_id=f"sandbox_ch_{donation.public_id.hex}",
        refunded_total=Money(1000, "USD"),
    )
    assert _bodies(campaign) == ["With love"]  # partly refunded still counts

    # (The sandbox's fee left the fund short of a full refund; the status is what matters.)
    Donation.objects.filter(pk=donation.pk).update(status=Donation.Status.REFUNDED)
    assert _bodies(campaign) == []


def test_a_failed_or_expired_gift_never_shows(campaign: Campaign) -> None:
    failed, _ = _gift_post(campaign, "Failed")
    expired, _ = _gift_post(campaign, "Expired")
    Donation.objects.filter(pk=failed.pk).update(status=Donation.Status.FAILED)
    Donation.objects.filter(pk=expired.pk).update(status=Donation.Status.EXPIRED)

    assert _bodies(campaign) == []


def test_get_wall_post_finds_only_this_campaigns_posts(campaign: Campaign) -> None:
    other = create_campaign(
        slug="other", title="Other", goal=Money(100, "USD"), status=Campaign.Status.LIVE
    )
    mine = post_to_wall(campaign=campaign, body="Mine")
    theirs = post_to_wall(campaign=other, body="Theirs")
    hide_posts([mine], by=User.objects.create_user("mod"))

    assert get_wall_post(campaign, mine.pk) == mine
    with pytest.raises(WallPost.DoesNotExist):
        get_wall_post(campaign, theirs.pk)
