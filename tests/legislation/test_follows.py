"""Following a bill: double opt-in, and one email per confirmed follower for each stage
change, sent through a real SMTP server, never twice however often the task runs."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.db import transaction as db_transaction
from django.utils import timezone
from pytest_django import Settings

from callidarity.advocacy.models import Action
from callidarity.legislation import tasks, tokens
from callidarity.legislation.models import Bill, BillFollower, Stage, StageChange
from callidarity.legislation.services import follows
from callidarity.legislation.services.imports import import_bill
from callidarity.notifications.models import Delivery
from callidarity.supporters.models import Supporter
from tests.concurrency import run_in_threads
from tests.smtp import SmtpSink

from .billdata import bill_json, with_passage

pytestmark = pytest.mark.django_db


def make_bill(**fields: Any) -> Bill:
    values: dict[str, Any] = {
        "identifier": "HB 3773",
        "session": "104th",
        "slug": "hb3773-104th",
        "title": "Free phone calls from state prisons",
        "chamber": "lower",
        "position": Bill.Position.SUPPORT,
        "status": Bill.Status.PUBLISHED,
    }
    values.update(fields)
    return Bill.objects.create(**values)


@pytest.fixture
def bill(db: None) -> Bill:
    return make_bill()


def make_follower(
    bill: Bill,
    email: str,
    *,
    confirmed: bool = True,
    unsubscribed: bool = False,
    language: str = "en",
) -> BillFollower:
    supporter = Supporter.objects.create(email=email)
    now = timezone.now()
    return BillFollower.objects.create(
        bill=bill,
        supporter=supporter,
        language=language,
        confirmed_at=now if confirmed else None,
        unsubscribed_at=now if unsubscribed else None,
    )


def make_change(bill: Bill, to: str = Stage.PASSED_ONE, **fields: Any) -> StageChange:
    values: dict[str, Any] = {
        "from_stage": Stage.COMMITTEE,
        "to_stage": to,
        "moved_on": datetime.date(2026, 4, 9),
    }
    values.update(fields)
    return StageChange.objects.create(bill=bill, **values)


def link(message: Any, pattern: str) -> str:
    """Return the path of the first link in the email's text that matches `pattern`."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"https?://[^/\s]+(" + pattern + r")", text)
    assert found is not None, text
    return found.group(1)


# Asking to follow ------------------------------------------------------------------------


def test_asking_to_follow_makes_a_pending_follower_and_emails_one_confirmation_link(
    bill: Bill, smtp: SmtpSink, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        follower = follows.request_follow(bill=bill, email="Ana@Example.org", language="es")

    assert (follower.confirmed_at, follower.language) == (None, "es")
    assert Supporter.objects.get().email == "Ana@example.org"
    [message] = smtp.to("ana@example.org")  # deliveries go to the lower-cased address
    assert "HB 3773" in message["Subject"]
    path = link(message, r"/bills/hb3773-104th/follow/confirm/\S+/")
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert tokens.read_confirm_token(token) == follower.pk

    follows.confirm_follow(follower=follower)
    follower.refresh_from_db()
    assert follower.is_active


def test_a_confirmation_goes_out_once_per_window_and_never_to_a_follower(
    bill: Bill, smtp: SmtpSink, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CONFIRMATION_RESEND_SECONDS = 600
    with django_capture_on_commit_callbacks(execute=True):
        follows.request_follow(bill=bill, email="ana@example.org", language="en")
        follows.request_follow(bill=bill, email="ANA@example.org", language="en")
    assert smtp.count == 1
    assert BillFollower.objects.count() == 1

    # The window has passed: one more link.
    BillFollower.objects.update(confirmation_sent_at=timezone.now() - timedelta(seconds=601))
    with django_capture_on_commit_callbacks(execute=True):
        follows.request_follow(bill=bill, email="ana@example.org", language="en")
    assert smtp.count == 2

    # Following already: nothing, whatever the window.
    BillFollower.objects.update(confirmed_at=timezone.now(), confirmation_sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        follows.request_follow(bill=bill, email="ana@example.org", language="en")
    assert smtp.count == 2


def test_running_the_confirmation_task_again_sends_nothing_more(
    bill: Bill, smtp: SmtpSink, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        follower = follows.request_follow(bill=bill, email="ana@example.org", language="en")
    tasks.send_follow_confirmation_task.call(follower_id=follower.pk)
    tasks.send_follow_confirmation_task.call(follower_id=10**9)

    assert smtp.count == 1


def test_confirming_after_unsubscribing_follows_again(bill: Bill) -> None:
    follower = make_follower(bill, "ana@example.org", unsubscribed=True)
    assert not follower.is_active

    follows.confirm_follow(follower=follower)

    assert follower.is_active


def test_unfollowing_from_the_token_stops_and_a_bad_token_changes_nothing(bill: Bill) -> None:
    follower = make_follower(bill, "ana@example.org")

    assert follows.unfollow(token="forged") is None
    follower.refresh_from_db()
    assert follower.is_active
    stopped = follows.unfollow(token=tokens.unsubscribe_token(follower.pk))
    assert stopped is not None
    assert stopped.unsubscribed_at is not None
    again = follows.unfollow(token=tokens.unsubscribe_token(follower.pk))
    assert again is not None
    assert again.unsubscribed_at == stopped.unsubscribed_at


# Stage changes ---------------------------------------------------------------------------


@pytest.fixture
def open_action(bill: Bill) -> Action:
    action = Action.objects.create(
        slug="free-calls",
        title="Call your representative about free calls",
        ask="Ask for a yes vote on HB 3773.",
        status=Action.Status.LIVE,
    )
    bill.actions.add(action)
    return action


def test_each_confirmed_follower_gets_one_email_about_the_change(
    bill: Bill, smtp: SmtpSink, open_action: Action, django_capture_on_commit_callbacks: Any
) -> None:
    ana = make_follower(bill, "ana@example.org")
    make_follower(bill, "lupe@example.org", language="es")
    make_follower(bill, "pending@example.org", confirmed=False)
    make_follower(bill, "gone@example.org", unsubscribed=True)
    other = make_bill(identifier="SB 2129", slug="sb2129-104th")
    make_follower(other, "elsewhere@example.org")

    change = make_change(bill)
    # As the import does once the re-imported bill is saved.
    with django_capture_on_commit_callbacks(execute=True):
        db_transaction.on_commit(lambda: follows.announce_stage_change(change.pk))

    assert smtp.count == 2
    assert [len(smtp.to(a)) for a in ("ana@example.org", "lupe@example.org")] == [1, 1]
    assert smtp.to("pending@example.org") == smtp.to("gone@example.org") == []
    assert smtp.to("elsewhere@example.org") == []
    [message] = smtp.to("ana@example.org")
    assert message["Subject"] == "HB 3773 moved: passed the House"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "April 9, 2026" in text
    assert "One chamber voted for the bill." in text
    assert "Our position: We support it" in text
    assert f"Read about the bill: {django_settings.SITE_URL}/bills/hb3773-104th/\r\n" in text
    assert "Call your representative about free calls" in text
    assert f"{django_settings.SITE_URL}/act/free-calls/" in text
    unsubscribe = link(message, r"/bills/hb3773-104th/unsubscribe/\S+/")
    assert message["List-Unsubscribe"] == f"<{django_settings.SITE_URL}{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = unsubscribe.rstrip("/").rsplit("/", 1)[-1]
    assert tokens.read_unsubscribe_token(token) == ana.pk
    # Lupe follows in Spanish: her copy is rendered in her language.
    [spanish] = smtp.to("lupe@example.org")
    assert 'lang="es"' in spanish.get_body(preferencelist=("html",)).get_content()
    assert 'lang="en"' in message.get_body(preferencelist=("html",)).get_content()


def test_announcing_again_or_running_the_task_twice_sends_nothing_twice(
    bill: Bill, smtp: SmtpSink, settings: Settings
) -> None:
    settings.EMAIL_BATCH_SIZE = 2
    for i in range(5):
        make_follower(bill, f"f{i}@example.org")
    change = make_change(bill)

    follows.announce_stage_change(change.pk)
    follows.announce_stage_change(change.pk)
    tasks.announce_stage_change_task.call(change_id=change.pk)
    tasks.send_stage_change_batch_task.call(change_id=change.pk)

    assert smtp.count == 5
    assert sorted(r.recipients[0] for r in smtp.received) == [f"f{i}@example.org" for i in range(5)]
    assert Delivery.objects.filter(key=f"bill-stage:{change.pk}", status="sent").count() == 5


def test_a_follower_who_confirms_later_gets_only_the_next_change(
    bill: Bill, smtp: SmtpSink
) -> None:
    make_follower(bill, "early@example.org")
    first = make_change(bill, to=Stage.PASSED_ONE)
    follows.announce_stage_change(first.pk)
    make_follower(bill, "late@example.org")
    follows.announce_stage_change(first.pk)  # again, as a retry does
    second = make_change(bill, from_stage=Stage.PASSED_ONE, to=Stage.PASSED_BOTH)
    follows.announce_stage_change(second.pk)

    subjects = {
        address: [m["Subject"] for m in smtp.to(address)]
        for address in ("early@example.org", "late@example.org")
    }
    assert subjects["early@example.org"] == [
        "HB 3773 moved: passed the House",
        "HB 3773 moved: passed both chambers",
    ]
    # The retry reached her, who had not heard of the first change yet; nobody got it twice.
    assert subjects["late@example.org"] == [
        "HB 3773 moved: passed the House",
        "HB 3773 moved: passed both chambers",
    ]


def test_unsubscribing_stops_an_email_already_queued(
    bill: Bill, smtp: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = make_follower(bill, "ana@example.org")
    make_follower(bill, "lupe@example.org")
    change = make_change(bill)
    # Queue without sending, as when the batches wait for a worker.
    waiting = SimpleNamespace(enqueue=lambda **kwargs: None)
    monkeypatch.setattr(tasks, "send_stage_change_batch_task", waiting)
    assert follows.queue_stage_change(change=change) == 2

    follows.unfollow(token=tokens.unsubscribe_token(ana.pk))
    result = follows.send_stage_change_batch(change=change)

    assert (result.sent, smtp.to("ana@example.org"), len(smtp.to("lupe@example.org"))) == (
        1,
        [],
        1,
    )
    assert Delivery.objects.get(email="ana@example.org").status == Delivery.Status.SKIPPED


def test_a_draft_bill_emails_no_one(bill: Bill, smtp: SmtpSink) -> None:
    make_follower(bill, "ana@example.org")
    Bill.objects.filter(pk=bill.pk).update(status=Bill.Status.DRAFT)
    change = make_change(bill)

    follows.announce_stage_change(change.pk)
    tasks.announce_stage_change_task.call(change_id=10**9)  # gone: nothing, no error

    assert smtp.count == 0
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    ("chamber", "to", "subject"),
    [
        ("upper", Stage.PASSED_ONE, "SB 9 moved: passed the Senate"),
        ("lower", Stage.GOVERNOR, "SB 9 moved: sent to the Governor"),
        ("lower", Stage.LAW, "SB 9 moved: became law"),
        ("lower", Stage.VETOED, "SB 9 moved: vetoed by the Governor"),
    ],
)
def test_the_subject_says_what_the_bill_did(
    db: None, smtp: SmtpSink, chamber: str, to: str, subject: str
) -> None:
    senate_bill = make_bill(identifier="SB 9", slug="sb9", chamber=chamber)
    make_follower(senate_bill, "ana@example.org")

    follows.announce_stage_change(make_change(senate_bill, to=to).pk)

    assert [m["Subject"] for m in smtp.to("ana@example.org")] == [subject]


# The done-when -------------------------------------------------------------------


def test_reimporting_with_one_new_action_emails_each_confirmed_follower_exactly_once(
    smtp: SmtpSink, django_capture_on_commit_callbacks: Any
) -> None:
    as_of = datetime.date(2025, 6, 1)
    with django_capture_on_commit_callbacks(execute=True):
        bill = import_bill(bill_json(), as_of=as_of, publish=True).bill
    for address in ("ana@example.org", "lupe@example.org"):
        make_follower(bill, address)
    make_follower(bill, "pending@example.org", confirmed=False)
    make_follower(bill, "gone@example.org", unsubscribed=True)

    with django_capture_on_commit_callbacks(execute=True):
        result = import_bill(with_passage(), as_of=as_of)

    assert result.change is not None
    assert smtp.count == 2
    for address in ("ana@example.org", "lupe@example.org"):
        assert [m["Subject"] for m in smtp.to(address)] == ["HB 9999 moved: passed the House"]
    assert smtp.to("pending@example.org") == smtp.to("gone@example.org") == []

    with django_capture_on_commit_callbacks(execute=True):
        import_bill(with_passage(), as_of=as_of)  # the same file again

    assert smtp.count == 2


# Concurrency (PostgreSQL) ----------------------------------------------------------------


@pytest.fixture
def many_followers(transactional_db: None) -> Iterator[StageChange]:
    bill = make_bill()
    for i in range(12):
        make_follower(bill, f"f{i}@example.org")
    yield make_change(bill)
    connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_announcing_from_several_workers_at_once_sends_each_follower_one_email(
    many_followers: StageChange, smtp: SmtpSink, settings: Settings
) -> None:
    settings.EMAIL_BATCH_SIZE = 3
    change_id = many_followers.pk

    def announce() -> str:
        return str(tasks.announce_stage_change_task.call(change_id=change_id))

    run_in_threads([announce] * 4)

    assert smtp.count == 12
    assert sorted(r.recipients[0] for r in smtp.received) == sorted(
        f"f{i}@example.org" for i in range(12)
    )
