"""The wall on a campaign's page: posting, reporting, spam defences, through the test client."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from pytest_django import Settings

from callidarity.campaigns.models import Campaign, WallPost
from callidarity.campaigns.services import create_campaign, hide_posts, post_to_wall
from callidarity.core.forms import started_stamp
from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.donations.services import complete_sandbox_checkout

pytestmark = pytest.mark.django_db

DETAIL = "/campaigns/phones/"
WALL = "/campaigns/phones/wall/"
VALID = {"wall-name": "Rosa Díaz", "wall-body": "Hang on, mamas.\r\nWe are with you."}


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def _pre_moderated(campaign: Campaign) -> Campaign:
    Campaign.objects.filter(pk=campaign.pk).update(moderation=Campaign.Moderation.PRE)
    campaign.refresh_from_db()
    return campaign


def _closed() -> Campaign:
    return create_campaign(
        slug="over", title="Over", goal=Money(100_000, "USD"), status=Campaign.Status.CLOSED
    )


def _wall_html(html: str) -> str:
    match = re.search(r'<section id="wall".*?</section>', html, re.S)
    assert match is not None
    return match.group(0)


def _notice(client: Client) -> str:
    match = re.search(
        r'<p class="notice wall-notice" role="status">(.*?)</p>',
        client.get(DETAIL).content.decode(),
    )
    return match.group(1) if match else ""


# Reading the wall


def test_the_campaign_page_shows_the_wall_and_its_form(client: Client, campaign: Campaign) -> None:
    post_to_wall(campaign=campaign, body="Fuerza.", display_name="Ana")
    post_to_wall(campaign=campaign, body="Con ustedes.")

    html = _wall_html(client.get(DETAIL).content.decode())

    assert "Wall of support" in html
    assert '<strong class="wall-name">Ana</strong>' in html
    assert '<strong class="wall-name">Anonymous</strong>' in html
    assert html.index("Con ustedes.") < html.index("Fuerza.")  # newest first
    assert 'action="/campaigns/phones/wall/#wall-form"' in html
    assert 'name="wall-body"' in html
    assert 'name="wall-website"' in html
    assert 'name="wall-started"' in html
    assert "with a gift" not in html


def test_an_empty_wall_says_so(client: Client, campaign: Campaign) -> None:
    assert "No messages yet." in _wall_html(client.get(DETAIL).content.decode())


def test_messages_are_escaped_never_markdown_or_links(client: Client, campaign: Campaign) -> None:
    post_to_wall(
        campaign=campaign,
        body="<script>alert(1)</script> **bold** [x](https://spam.example)\nhttps://spam.example/a",
    )

    html = _wall_html(client.get(DETAIL).content.decode())

    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold** [x](https://spam.example)<br>" in html
    assert "<script>" not in html
    assert "<strong>bold</strong>" not in html
    assert 'href="https://spam.example' not in html


def test_a_paid_gifts_message_is_on_the_wall_marked_as_a_gift(
    client: Client, campaign: Campaign
) -> None:
    client.post(
        "/campaigns/phones/donate/",
        {"amount": "25", "email": "rosa@example.org", "name": "Rosa", "message": "Fuerza."},
    )
    donation = Donation.objects.get()
    assert "Fuerza." not in _wall_html(client.get(DETAIL).content.decode())  # not paid yet

    complete_sandbox_checkout(donation)

    html = _wall_html(client.get(DETAIL).content.decode())
    assert '<strong class="wall-name">Rosa</strong>' in html
    assert "with a gift" in html
    assert '<p class="wall-body">Fuerza.</p>' in html
    # Only the wall shows it, so hiding it there takes it off the page.
    assert client.get(DETAIL).content.decode().count("Fuerza.") == 1
    hide_posts(WallPost.objects.all(), by=None)
    assert "Fuerza." not in client.get(DETAIL).content.decode()


def test_a_gift_without_a_message_adds_nothing_to_the_wall(
    client: Client, campaign: Campaign
) -> None:
    client.post("/campaigns/phones/donate/", {"amount": "25", "email": "rosa@example.org"})

    assert Donation.objects.count() == 1
    assert not WallPost.objects.exists()


# Posting


def test_a_message_appears_at_once_under_post_moderation(
    client: Client, campaign: Campaign
) -> None:
    response = client.post(WALL, VALID)

    assert response.status_code == 302
    assert response["Location"] == "/campaigns/phones/#wall"
    post = WallPost.objects.get()
    assert (post.display_name, post.body, post.status) == (
        "Rosa Díaz",
        "Hang on, mamas.\nWe are with you.",
        WallPost.Status.VISIBLE,
    )
    html = client.get(DETAIL).content.decode()
    wall = _wall_html(html)
    assert (
        '<p class="notice wall-notice" role="status">Thank you. Your message is on the wall.'
        in wall
    )
    assert '<p class="wall-body">Hang on, mamas.<br>We are with you.</p>' in wall
    # Shown once, beside the wall, not again at the top of the page.
    assert html.count("Your message is on the wall.") == 1
    assert _notice(client) == ""  # and only once


def test_a_message_waits_for_approval_under_pre_moderation(
    client: Client, campaign: Campaign
) -> None:
    _pre_moderated(campaign)
    assert (
        "A moderator reads each message before it appears." in client.get(DETAIL).content.decode()
    )

    response = client.post(WALL, VALID)

    assert response.status_code == 302
    assert WallPost.objects.get().status == WallPost.Status.HELD
    html = client.get(DETAIL).content.decode()
    assert "Thank you. Your message will appear once a moderator has approved it." in html
    assert "Hang on, mamas." not in html


def test_a_blank_name_posts_as_anonymous(client: Client, campaign: Campaign) -> None:
    client.post(WALL, {**VALID, "wall-name": "  "})

    assert WallPost.objects.get().display_name == ""


def _many_posts(campaign: Campaign, count: int) -> None:
    WallPost.objects.bulk_create(
        WallPost(campaign=campaign, body=f"Message {n}") for n in range(1, count + 1)
    )
    # bulk_create stamps one time; order them as if posted one after another.
    for post in WallPost.objects.all():
        WallPost.objects.filter(pk=post.pk).update(
            created_at=post.created_at + timedelta(seconds=int(post.body.split()[1]))
        )


def _bodies(html: str) -> list[str]:
    return re.findall(r'<p class="wall-body">([^<]*)</p>', html)


def test_the_campaign_page_links_to_older_messages_only_when_there_are_some(
    client: Client, campaign: Campaign
) -> None:
    _many_posts(campaign, 50)
    assert "Older messages" not in client.get(DETAIL).content.decode()

    _many_posts(campaign, 1)  # a 51st
    html = _wall_html(client.get(DETAIL).content.decode())

    assert len(_bodies(html)) == 50
    assert '<a href="/campaigns/phones/wall/?page=2">Older messages</a>' in html


def test_the_wall_page_shows_every_message_fifty_at_a_time(
    client: Client, campaign: Campaign
) -> None:
    _many_posts(campaign, 120)

    first = client.get(WALL)
    second = client.get(WALL, {"page": "2"})
    last = client.get(WALL, {"page": "3"})

    assert first.status_code == second.status_code == last.status_code == 200
    assert _bodies(first.content.decode())[:2] == ["Message 120", "Message 119"]
    assert len(_bodies(first.content.decode())) == 50
    assert _bodies(second.content.decode())[0] == "Message 70"
    assert _bodies(last.content.decode()) == [f"Message {n}" for n in range(20, 0, -1)]
    html = second.content.decode()
    assert "Page 2 of 3" in html
    assert '<a href="?page=1" rel="prev">Newer messages</a>' in html
    assert '<a href="?page=3" rel="next">Older messages</a>' in html
    assert 'href="/campaigns/phones/#wall-form">Leave a message</a>' in html


# Not named "page": pytest-playwright would take that for its browser page fixture.
@pytest.mark.parametrize("number", ["abc", "0", "-1", "999", "1e3", ""])
def test_a_bad_page_number_shows_a_page_never_an_error(
    client: Client, campaign: Campaign, number: str
) -> None:
    _many_posts(campaign, 60)

    response = client.get(WALL, {"page": number})

    assert response.status_code == 200
    assert len(_bodies(response.content.decode())) in (50, 10)


def test_a_short_wall_page_has_no_page_links(client: Client, campaign: Campaign) -> None:
    post_to_wall(campaign=campaign, body="Only one")

    html = client.get(WALL).content.decode()

    assert _bodies(html) == ["Only one"]
    assert "Page 1 of 1" not in html
    assert 'rel="next"' not in html


def test_the_wall_page_of_a_closed_campaign_invites_no_messages(client: Client, db: None) -> None:
    WallPost.objects.create(campaign=_closed(), body="From when it was live")

    html = client.get("/campaigns/over/wall/").content.decode()

    assert _bodies(html) == ["From when it was live"]
    assert "Leave a message" not in html


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "Write a message."),
        (" \r\n\r\n ", "Write a message."),
        ("x" * 501, "Your message can be at most 500 characters long; it has 501."),
    ],
    ids=["empty", "blank", "too-long"],
)
def test_a_bad_message_is_refused_with_400_and_the_rest_is_kept(
    client: Client, campaign: Campaign, body: str, error: str
) -> None:
    response = client.post(WALL, {**VALID, "wall-body": body})

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<p class="error" id="id_wall-body_error">{error}</p>' in html
    assert 'value="Rosa Díaz"' in html
    assert 'aria-invalid="true"' in html
    assert not WallPost.objects.exists()


def test_a_long_name_is_refused_with_400(client: Client, campaign: Campaign) -> None:
    response = client.post(WALL, {**VALID, "wall-name": "n" * 101})

    assert response.status_code == 400
    assert "Your name can be at most 100 characters long." in response.content.decode()
    assert not WallPost.objects.exists()


def test_a_null_character_is_refused_with_400_not_500(client: Client, campaign: Campaign) -> None:
    response = client.post(WALL, {**VALID, "wall-body": "hi\x00there"})

    assert response.status_code == 400
    assert not WallPost.objects.exists()


def test_five_hundred_characters_over_several_lines_are_accepted(
    client: Client, campaign: Campaign
) -> None:
    body = "\r\n".join(["x" * 99] * 5)  # 504 as sent, 499 as shown in the box

    assert client.post(WALL, {**VALID, "wall-body": body}).status_code == 302
    assert len(WallPost.objects.get().body) == 499


# Spam defences


def test_a_filled_honeypot_looks_like_success_and_stores_nothing(
    client: Client, campaign: Campaign
) -> None:
    response = client.post(WALL, {**VALID, "wall-website": "http://spam.example"})

    assert (response.status_code, response["Location"]) == (302, "/campaigns/phones/#wall")
    assert not WallPost.objects.exists()
    assert _notice(client) == "Thank you. Your message is on the wall."


def test_a_bot_under_pre_moderation_is_told_it_waits(client: Client, campaign: Campaign) -> None:
    _pre_moderated(campaign)

    client.post(WALL, {**VALID, "wall-website": "x"})

    assert not WallPost.objects.exists()
    assert _notice(client) == (
        "Thank you. Your message will appear once a moderator has approved it."
    )


@pytest.mark.parametrize("seconds_ago", [0.5, None], ids=["too-fast", "no-stamp"])
def test_a_message_sent_in_under_two_seconds_looks_like_success_and_stores_nothing(
    client: Client, campaign: Campaign, settings: Settings, seconds_ago: float | None
) -> None:
    settings.FORM_MIN_FILL_SECONDS = 2
    data = dict(VALID)
    if seconds_ago is not None:
        data["wall-started"] = started_stamp(time.time() - seconds_ago)

    response = client.post(WALL, data)

    assert (response.status_code, response["Location"]) == (302, "/campaigns/phones/#wall")
    assert not WallPost.objects.exists()


def test_a_message_written_at_a_persons_pace_goes_through(
    client: Client, campaign: Campaign, settings: Settings
) -> None:
    settings.FORM_MIN_FILL_SECONDS = 2
    shown = client.get(DETAIL).content.decode()
    assert re.search(r'name="wall-started" value="[^"]+"', shown)

    response = client.post(WALL, {**VALID, "wall-started": started_stamp(time.time() - 3)})

    assert response.status_code == 302
    assert WallPost.objects.count() == 1


def test_the_wall_needs_a_csrf_token(campaign: Campaign) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post(WALL, VALID)

    assert response.status_code == 403
    assert not WallPost.objects.exists()


def test_rate_limit_refuses_with_429(
    client: Client, campaign: Campaign, settings: Settings
) -> None:
    settings.RATELIMIT_PER_HOUR = 2
    assert client.post(WALL, VALID).status_code == 302
    assert client.post(WALL, {**VALID, "wall-body": ""}).status_code == 400  # counts too

    response = client.post(WALL, VALID)

    assert response.status_code == 429
    assert "Too many attempts from your connection." in response.content.decode()
    assert WallPost.objects.count() == 1


def test_a_closed_campaign_shows_its_wall_but_takes_no_messages(client: Client, db: None) -> None:
    campaign = _closed()
    WallPost.objects.create(campaign=campaign, body="Posted while it was live")

    page = client.get("/campaigns/over/").content.decode()
    response = client.post("/campaigns/over/wall/", VALID)

    assert "Posted while it was live" in page
    assert "This wall takes no new messages now that the campaign has closed." in page
    assert 'name="wall-body"' not in page
    assert response.status_code == 409
    assert WallPost.objects.count() == 1


def test_a_draft_campaign_has_no_wall(client: Client, db: None) -> None:
    create_campaign(slug="secret", title="Secret", goal=Money(100, "USD"))

    assert client.post("/campaigns/secret/wall/", VALID).status_code == 404
    assert client.get("/campaigns/secret/wall/").status_code == 404
    assert not WallPost.objects.exists()


def test_the_donate_form_still_works_beside_the_wall(client: Client, campaign: Campaign) -> None:
    response = client.post("/campaigns/phones/donate/", {"amount": "abc", "email": ""})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_amount_error"' in html
    assert 'name="wall-body"' in html  # the wall's form is on the page, fresh


# Reporting


def _report(client: Client, post: WallPost, slug: str = "phones") -> int:
    return client.post(f"/campaigns/{slug}/wall/{post.pk}/report/").status_code


def test_a_reported_message_is_held_for_review(client: Client, campaign: Campaign) -> None:
    post = post_to_wall(campaign=campaign, body="Something cruel")

    response = client.post(f"/campaigns/phones/wall/{post.pk}/report/")

    assert (response.status_code, response["Location"]) == (302, "/campaigns/phones/#wall")
    post.refresh_from_db()
    assert (post.status, post.report_count) == (WallPost.Status.HELD, 1)
    html = client.get(DETAIL).content.decode()
    assert "Thank you. A moderator will look at this message." in html
    assert "Something cruel" not in html


def test_each_message_has_a_report_button_named_for_it(client: Client, campaign: Campaign) -> None:
    named = post_to_wall(campaign=campaign, body="One", display_name="Ana")
    anonymous = post_to_wall(campaign=campaign, body="Two")

    html = _wall_html(client.get(DETAIL).content.decode())

    assert f'action="/campaigns/phones/wall/{named.pk}/report/"' in html
    assert f'action="/campaigns/phones/wall/{anonymous.pk}/report/"' in html
    assert 'Report<span class="visually-hidden"> the message from Ana</span>' in html
    assert 'Report<span class="visually-hidden"> this anonymous message</span>' in html


def test_reporting_needs_post_and_csrf(campaign: Campaign) -> None:
    post = post_to_wall(campaign=campaign, body="Fine")
    strict = Client(enforce_csrf_checks=True)

    assert strict.get(f"/campaigns/phones/wall/{post.pk}/report/").status_code == 405
    assert _report(strict, post) == 403
    post.refresh_from_db()
    assert (post.status, post.report_count) == (WallPost.Status.VISIBLE, 0)


def test_reporting_another_campaigns_or_an_unknown_message_is_404(
    client: Client, campaign: Campaign
) -> None:
    other = create_campaign(
        slug="other", title="Other", goal=Money(100, "USD"), status=Campaign.Status.LIVE
    )
    theirs = post_to_wall(campaign=other, body="Theirs")

    assert _report(client, theirs) == 404
    assert client.post("/campaigns/phones/wall/999999/report/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.report_count == 0


def test_an_approved_message_stays_up_when_reported_again(
    client: Client, campaign: Campaign
) -> None:
    post = post_to_wall(campaign=campaign, body="Fine")
    WallPost.objects.filter(pk=post.pk).update(reviewed_at=post.created_at)

    assert _report(client, post) == 302

    post.refresh_from_db()
    assert (post.status, post.report_count) == (WallPost.Status.VISIBLE, 1)
    assert "Fine" in _wall_html(client.get(DETAIL).content.decode())


def test_a_closed_campaigns_messages_can_still_be_reported(client: Client, db: None) -> None:
    post = WallPost.objects.create(campaign=_closed(), body="Old and cruel")

    assert _report(client, post, "over") == 302
    post.refresh_from_db()
    assert post.status == WallPost.Status.HELD


def test_reports_are_rate_limited_with_429(
    client: Client, campaign: Campaign, settings: Settings
) -> None:
    settings.RATELIMIT_PER_HOUR = 1
    first = post_to_wall(campaign=campaign, body="One")
    second = post_to_wall(campaign=campaign, body="Two")
    assert _report(client, first) == 302

    response = client.post(f"/campaigns/phones/wall/{second.pk}/report/")

    assert response.status_code == 429
    assert (
        '<p class="errors" role="alert">Too many attempts from your connection. '
        "Please wait and try again.</p>" in response.content.decode()
    )
    second.refresh_from_db()
    assert (second.status, second.report_count) == (WallPost.Status.VISIBLE, 0)


def test_a_hidden_message_is_not_shown(client: Client, campaign: Campaign) -> None:
    post = post_to_wall(campaign=campaign, body="Spam spam")
    hide_posts([post], by=User.objects.create_user("mod"))

    assert "Spam spam" not in client.get(DETAIL).content.decode()
