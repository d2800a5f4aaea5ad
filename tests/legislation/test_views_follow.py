"""The follow form (bots, bad input, rate limit, the same answer for every address), the
confirmation page, the one-click unsubscribe, and what the bill page gets to show them."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.test import Client, RequestFactory
from pytest_django import Settings

from callidarity.core.forms import started_stamp
from callidarity.legislation import tokens
from callidarity.legislation.forms import FollowForm
from callidarity.legislation.models import Bill, BillFollower
from callidarity.legislation.views import follows as views
from callidarity.supporters.models import Supporter
from tests.smtp import SmtpSink

from .test_follows import bill, make_bill, make_follower  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

FOLLOW = "/bills/hb3773-104th/follow/"
SENT = "/bills/hb3773-104th/follow/sent/"


def form(**overrides: str) -> dict[str, str]:
    data = {"follow-email": "ana@example.org", "follow-website": ""}
    data["follow-started"] = started_stamp()
    data.update(overrides)
    return data


def emailed_path(smtp: SmtpSink, email: str, pattern: str) -> str:
    [message] = smtp.to(email)
    text = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"https?://[^/\s]+(" + pattern + r")", text)
    assert found is not None, text
    return found.group(1)


def test_the_bill_page_gets_the_follow_form(bill: Bill) -> None:  # noqa: F811
    context = views.follow_context(RequestFactory().get("/"), bill)

    assert isinstance(context["follow_form"], FollowForm)
    assert context["hearings"] == []


def test_the_follow_page_shows_the_form_with_its_guards(client: Client, bill: Bill) -> None:  # noqa: F811
    page = client.get(FOLLOW).content.decode()

    assert 'action="/bills/hb3773-104th/follow/"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'name="follow-website"' in page
    assert 'name="follow-started"' in page
    assert 'aria-hidden="true"' in page


def test_following_then_confirming_from_the_emailed_link(
    client: Client,
    bill: Bill,  # noqa: F811
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FOLLOW, form())

    assert (response.status_code, response["Location"]) == (302, SENT)
    assert "Check your email" in client.get(SENT).content.decode()
    follower = BillFollower.objects.get()
    assert (follower.confirmed_at, follower.language) == (None, "en")
    confirm = emailed_path(smtp, "ana@example.org", r"/bills/hb3773-104th/follow/confirm/\S+/")

    page = client.get(confirm)  # a link scanner's GET confirms nothing
    assert page.status_code == 200
    assert "Yes, email me when it moves" in page.content.decode()
    follower.refresh_from_db()
    assert follower.confirmed_at is None

    done = client.post(confirm)
    assert done.status_code == 200
    assert "You follow HB 3773" in done.content.decode()
    follower.refresh_from_db()
    assert follower.is_active


def test_the_language_of_the_page_is_the_followers(
    client: Client,
    bill: Bill,  # noqa: F811
) -> None:
    client.post(FOLLOW, form(), headers={"accept-language": "es"})

    assert BillFollower.objects.get().language == "es"


def test_every_address_gets_the_same_answer(
    client: Client,
    bill: Bill,  # noqa: F811
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_follower(bill, "ana@example.org")  # follows already
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(FOLLOW, form())
        new = client.post(FOLLOW, form(**{"follow-email": "lupe@example.org"}))

    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert smtp.to("ana@example.org") == []
    assert len(smtp.to("lupe@example.org")) == 1


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Enter your email, like ana@example.org."), ("ana@", "Enter a valid email address")],
)
def test_a_bad_address_is_a_400_with_the_reason(
    client: Client,
    bill: Bill,  # noqa: F811
    email: str,
    message: str,
) -> None:
    response = client.post(FOLLOW, form(**{"follow-email": email}))

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    assert not BillFollower.objects.exists()
    assert not Supporter.objects.exists()


@pytest.mark.parametrize("extra", ["honeypot", "too fast", "forged stamp"])
def test_a_bot_is_told_it_worked_and_nothing_is_kept(
    client: Client,
    bill: Bill,  # noqa: F811
    settings: Settings,
    extra: str,
) -> None:
    settings.FORM_MIN_FILL_SECONDS = 2
    data = form(**{"follow-started": started_stamp(time.time() - 5)})
    if extra == "honeypot":
        data["follow-website"] = "http://spam.example"
    elif extra == "too fast":
        data["follow-started"] = started_stamp(time.time() - 0.5)
    else:
        data["follow-started"] = "1700000000.0"

    response = client.post(FOLLOW, data)

    assert (response.status_code, response["Location"]) == (302, SENT)
    assert not Supporter.objects.exists()


def test_too_many_follows_from_one_connection_are_a_429(
    client: Client,
    bill: Bill,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(views, "FOLLOWS_PER_HOUR", 2)
    for i in range(2):
        assert client.post(FOLLOW, form(**{"follow-email": f"p{i}@example.org"})).status_code == 302

    response = client.post(FOLLOW, form(**{"follow-email": "third@example.org"}))

    assert response.status_code == 429
    assert "Too many attempts from your connection" in response.content.decode()
    assert BillFollower.objects.count() == 2


def test_a_draft_or_missing_bill_is_not_found(client: Client, db: None) -> None:
    make_bill(status=Bill.Status.DRAFT)

    assert client.get(FOLLOW).status_code == 404
    assert client.post(FOLLOW, form()).status_code == 404
    assert client.get("/bills/nothing/follow/").status_code == 404
    assert not BillFollower.objects.exists()


def test_a_broken_or_foreign_confirmation_link_is_a_400(client: Client, bill: Bill) -> None:  # noqa: F811
    other = make_bill(identifier="SB 9", slug="sb9")
    theirs = make_follower(other, "ana@example.org", confirmed=False)

    for token in ("nonsense", tokens.confirm_token(theirs.pk), tokens.confirm_token(10**9)):
        response = client.post(f"/bills/hb3773-104th/follow/confirm/{token}/")
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.confirmed_at is None


def test_head_answers_like_get_and_confirms_nothing(client: Client, bill: Bill) -> None:  # noqa: F811
    pending = make_follower(bill, "ana@example.org", confirmed=False)
    confirm = f"/bills/hb3773-104th/follow/confirm/{tokens.confirm_token(pending.pk)}/"

    assert client.head(FOLLOW).status_code == 200
    assert client.head(confirm).status_code == 200
    assert client.head("/bills/hb3773-104th/follow/confirm/nonsense/").status_code == 400
    pending.refresh_from_db()
    assert pending.confirmed_at is None


def test_the_unsubscribe_link_asks_then_stops_in_one_post_without_csrf(
    bill: Bill,  # noqa: F811
) -> None:
    follower = make_follower(bill, "ana@example.org")
    url = f"/bills/hb3773-104th/unsubscribe/{tokens.unsubscribe_token(follower.pk)}/"
    client = Client(enforce_csrf_checks=True)  # as a mail app posts: no form, no cookie

    page = client.get(url)
    assert page.status_code == 200
    assert "Unsubscribe" in page.content.decode()
    follower.refresh_from_db()
    assert follower.is_active

    done = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "You will get no more of these emails" in done.content.decode()
    follower.refresh_from_db()
    assert follower.unsubscribed_at is not None


def test_an_unsubscribe_link_still_works_once_the_bill_is_unlisted(
    client: Client,
    bill: Bill,  # noqa: F811
) -> None:
    follower = make_follower(bill, "ana@example.org")
    Bill.objects.filter(pk=bill.pk).update(status=Bill.Status.DRAFT)

    url = f"/bills/hb3773-104th/unsubscribe/{tokens.unsubscribe_token(follower.pk)}/"
    assert client.post(url).status_code == 200
    follower.refresh_from_db()
    assert follower.unsubscribed_at is not None


def test_a_forged_or_foreign_unsubscribe_link_is_a_400(client: Client, bill: Bill) -> None:  # noqa: F811
    other = make_bill(identifier="SB 9", slug="sb9")
    theirs = make_follower(other, "ana@example.org")

    for token in ("forged", tokens.unsubscribe_token(theirs.pk), tokens.confirm_token(theirs.pk)):
        response = client.post(f"/bills/hb3773-104th/unsubscribe/{token}/")
        assert response.status_code == 400
    theirs.refresh_from_db()
    assert theirs.is_active


def test_the_bill_page_carries_the_follow_form_and_its_hearings(
    client: Client,
    bill: Bill,  # noqa: F811
) -> None:
    from .test_slips import make_hearing

    hearing = make_hearing(bill)

    page = client.get("/bills/hb3773-104th/").content.decode()

    assert 'action="/bills/hb3773-104th/follow/"' in page
    assert 'name="follow-email"' in page
    assert "Restorative Justice · House" in page
    assert f'href="/bills/hb3773-104th/hearings/{hearing.pk}/"' in page
