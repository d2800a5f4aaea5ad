"""Writing to a campaign's wall: posting, gift messages, reports and moderators' decisions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from callidarity.campaigns.exceptions import WallClosed, WallError
from callidarity.campaigns.models import Campaign, WallPost
from callidarity.campaigns.services import (
    add_gift_message,
    approve_posts,
    create_campaign,
    hide_posts,
    normalize_wall_text,
    post_to_wall,
    report_post,
)
from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.donations.services import create_pending_donation

pytestmark = pytest.mark.django_db


def _gift(
    campaign: Campaign, *, message: str, name: str = "Rosa", anonymous: bool = False
) -> Donation:
    return create_pending_donation(
        fund_account=campaign.fund_account,
        amount=Money(2500, "USD"),
        email="rosa@example.org",
        provider=Donation.Provider.SANDBOX,
        name=name,
        is_anonymous=anonymous,
        message=message,
    )


@pytest.fixture
def moderator(db: None) -> User:
    return User.objects.create_user("mod", "mod@example.org", "a-long-test-password")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Fuerza, mamás.  ", "Fuerza, mamás."),
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("a   \r\n\r\n\r\n\r\n\r\nb", "a\n\nb"),
        ("**bold** <b>x</b> https://example.org", "**bold** <b>x</b> https://example.org"),
        ("\n\n  \n", ""),
    ],
)
def test_normalize_wall_text(typed: str, stored: str) -> None:
    assert normalize_wall_text(typed) == stored


def test_a_message_shows_at_once_under_post_moderation(campaign: Campaign) -> None:
    post = post_to_wall(
        campaign=campaign, body="  Hang on, mamas.\r\nWe are with you. ", display_name=" Rosa "
    )

    assert post.status == WallPost.Status.VISIBLE
    assert (post.display_name, post.body) == ("Rosa", "Hang on, mamas.\nWe are with you.")
    assert (post.report_count, post.donation, post.reviewed_at) == (0, None, None)
    assert not post.is_gift


def test_a_message_waits_under_pre_moderation(campaign: Campaign) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(moderation=Campaign.Moderation.PRE)
    campaign.refresh_from_db()

    post = post_to_wall(campaign=campaign, body="Fuerza.")

    assert post.status == WallPost.Status.HELD
    assert post.display_name == ""


def test_markdown_and_html_are_stored_exactly_as_typed(campaign: Campaign) -> None:
    typed = "[click](https://spam.example) <script>alert(1)</script> **hi**"

    post = post_to_wall(campaign=campaign, body=typed)

    assert WallPost.objects.get(pk=post.pk).body == typed


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("   \r\n ", "Write a message."),
        ("x" * 501, "Your message can be at most 500 characters long."),
    ],
)
def test_an_empty_or_long_message_is_refused_and_nothing_stored(
    campaign: Campaign, body: str, error: str
) -> None:
    with pytest.raises(WallError, match=error):
        post_to_wall(campaign=campaign, body=body)

    assert not WallPost.objects.exists()


def test_five_hundred_characters_with_line_breaks_fit(campaign: Campaign) -> None:
    body = ("x" * 99 + "\r\n") * 5  # 510 as sent, 499 once the breaks count as one

    post = post_to_wall(campaign=campaign, body=body)

    assert len(post.body) == 499


@pytest.mark.parametrize("status", [Campaign.Status.CLOSED, Campaign.Status.DRAFT])
def test_a_campaign_that_is_not_live_takes_no_messages(status: str) -> None:
    campaign = create_campaign(slug="over", title="Over", goal=Money(100, "USD"), status=status)

    with pytest.raises(WallClosed):
        post_to_wall(campaign=campaign, body="Fuerza.")

    assert not WallPost.objects.exists()


def test_a_gift_message_gets_one_post_with_the_public_name(campaign: Campaign) -> None:
    donation = _gift(campaign, message=" For my sister at Logan. ")

    post = add_gift_message(campaign=campaign, donation=donation)
    again = add_gift_message(campaign=campaign, donation=donation)

    assert post is not None
    assert again == post
    assert WallPost.objects.count() == 1
    assert (post.display_name, post.body, post.donation) == (
        "Rosa",
        "For my sister at Logan.",
        donation,
    )
    assert post.status == WallPost.Status.VISIBLE
    assert post.is_gift


def test_an_anonymous_gift_message_shows_no_name(campaign: Campaign) -> None:
    donation = _gift(campaign, message="Fuerza.", anonymous=True)

    post = add_gift_message(campaign=campaign, donation=donation)

    assert post is not None
    assert post.display_name == ""


def test_a_gift_without_a_message_gets_no_post(campaign: Campaign) -> None:
    assert add_gift_message(campaign=campaign, donation=_gift(campaign, message="  ")) is None
    assert not WallPost.objects.exists()


def test_a_gift_message_is_held_under_pre_moderation(campaign: Campaign) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(moderation=Campaign.Moderation.PRE)
    campaign.refresh_from_db()

    post = add_gift_message(campaign=campaign, donation=_gift(campaign, message="Fuerza."))

    assert post is not None
    assert post.status == WallPost.Status.HELD


def test_a_gift_to_another_fund_is_refused(campaign: Campaign) -> None:
    other = create_campaign(slug="other", title="Other", goal=Money(100, "USD"))

    with pytest.raises(ValueError, match="another fund"):
        add_gift_message(campaign=other, donation=_gift(campaign, message="Fuerza."))

    assert not WallPost.objects.exists()


def test_a_report_holds_a_visible_post_for_review(campaign: Campaign) -> None:
    post = post_to_wall(campaign=campaign, body="Something cruel")

    report_post(post=post)
    report_post(post=post)

    post.refresh_from_db()
    assert (post.status, post.report_count) == (WallPost.Status.HELD, 2)


def test_reports_do_not_hide_a_post_a_moderator_approved(
    campaign: Campaign, moderator: User
) -> None:
    post = post_to_wall(campaign=campaign, body="Fine message")
    report_post(post=post)
    approve_posts([post], by=moderator)

    reported = report_post(post=post)

    assert (reported.status, reported.report_count) == (WallPost.Status.VISIBLE, 2)


def test_a_report_leaves_a_hidden_post_hidden(campaign: Campaign, moderator: User) -> None:
    post = post_to_wall(campaign=campaign, body="Spam")
    hide_posts([post], by=moderator)

    reported = report_post(post=post)

    assert (reported.status, reported.report_count) == (WallPost.Status.HIDDEN, 1)


def test_moderators_approve_and_hide(campaign: Campaign, moderator: User) -> None:
    first = post_to_wall(campaign=campaign, body="One")
    second = post_to_wall(campaign=campaign, body="Two")
    untouched = post_to_wall(campaign=campaign, body="Three")
    report_post(post=first)

    assert approve_posts([first], by=moderator) == 1
    assert hide_posts(WallPost.objects.filter(pk=second.pk), by=moderator) == 1

    first.refresh_from_db()
    second.refresh_from_db()
    untouched.refresh_from_db()
    assert (first.status, first.reviewed_by, first.report_count) == ("visible", moderator, 1)
    assert (second.status, second.reviewed_by) == ("hidden", moderator)
    assert first.reviewed_at is not None
    assert second.reviewed_at is not None
    assert (untouched.status, untouched.reviewed_at) == ("visible", None)
