"""Moderating a wall in the admin: what waits first, approve and hide, nothing to edit."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from callidarity.campaigns.models import Campaign, WallPost
from callidarity.campaigns.services import add_gift_message, post_to_wall, report_post
from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.donations.services import create_pending_donation

pytestmark = pytest.mark.django_db

LIST = "/admin/campaigns/wallpost/"


@pytest.fixture
def organizer(db: None) -> User:
    return User.objects.create_superuser("org", "org@example.org", "a-long-test-password")


@pytest.fixture
def organizer_client(client: Client, organizer: User) -> Client:
    client.force_login(organizer)
    return client


def _listed(client: Client) -> list[str]:
    html = client.get(LIST).content.decode()
    return re.findall(r'<th class="field-excerpt"><a href="[^"]+">([^<]+)</a>', html)


def test_held_then_reported_messages_come_first(
    organizer_client: Client, campaign: Campaign
) -> None:
    post_to_wall(campaign=campaign, body="Old and fine")
    reported_held = post_to_wall(campaign=campaign, body="Reported once")
    report_post(post=reported_held)
    approved_but_reported = post_to_wall(campaign=campaign, body="Approved, reported again")
    WallPost.objects.filter(pk=approved_but_reported.pk).update(
        reviewed_at=approved_but_reported.created_at
    )
    report_post(post=approved_but_reported)
    post_to_wall(campaign=campaign, body="New and fine")
    Campaign.objects.filter(pk=campaign.pk).update(moderation=Campaign.Moderation.PRE)
    campaign.refresh_from_db()
    post_to_wall(campaign=campaign, body="Waiting for approval")

    assert _listed(organizer_client) == [
        "Waiting for approval",
        "Reported once",
        "Approved, reported again",
        "New and fine",
        "Old and fine",
    ]


def test_approve_and_hide_actions(
    organizer_client: Client, organizer: User, campaign: Campaign
) -> None:
    held = post_to_wall(campaign=campaign, body="Held")
    report_post(post=held)
    spam = post_to_wall(campaign=campaign, body="Spam")

    approved = organizer_client.post(
        LIST, {"action": "approve", "_selected_action": [held.pk]}, follow=True
    )
    hidden = organizer_client.post(
        LIST, {"action": "hide", "_selected_action": [spam.pk]}, follow=True
    )

    assert "1 message approved and shown." in approved.content.decode()
    assert "1 message hidden." in hidden.content.decode()
    held.refresh_from_db()
    spam.refresh_from_db()
    assert (held.status, held.reviewed_by) == (WallPost.Status.VISIBLE, organizer)
    assert (spam.status, spam.reviewed_by) == (WallPost.Status.HIDDEN, organizer)
    page = organizer_client.get("/campaigns/phones/").content.decode()
    assert "Held" in page
    assert "Spam" not in page


def test_moderators_cannot_add_or_edit_a_message(
    organizer_client: Client, campaign: Campaign
) -> None:
    post = post_to_wall(campaign=campaign, body="As typed")

    assert organizer_client.get(f"{LIST}add/").status_code == 403
    organizer_client.post(
        f"{LIST}{post.pk}/change/", {"body": "Changed", "status": "hidden", "display_name": "X"}
    )

    post.refresh_from_db()
    assert (post.body, post.status, post.display_name) == ("As typed", "visible", "")


def test_staff_without_the_change_permission_cannot_moderate(
    client: Client, campaign: Campaign
) -> None:
    staff = User.objects.create_user("viewer", is_staff=True)
    staff.user_permissions.add(*_perms("view_wallpost"))
    client.force_login(staff)
    post = post_to_wall(campaign=campaign, body="Stay")

    client.post(LIST, {"action": "hide", "_selected_action": [post.pk]})

    post.refresh_from_db()
    assert post.status == WallPost.Status.VISIBLE


def test_a_gift_message_shows_where_its_gift_stands(
    organizer_client: Client, campaign: Campaign
) -> None:
    donation = create_pending_donation(
        fund_account=campaign.fund_account,
        amount=Money(2500, "USD"),
        email="rosa@example.org",
        provider=Donation.Provider.SANDBOX,
        message="Fuerza.",
    )
    add_gift_message(campaign=campaign, donation=donation)

    html = organizer_client.get(LIST).content.decode()

    assert '<td class="field-gift">Pending</td>' in html
    assert '<td class="field-name_shown">Anonymous</td>' in html


def _perms(*codenames: str) -> list[object]:
    from django.contrib.auth.models import Permission

    return list(Permission.objects.filter(codename__in=codenames))
