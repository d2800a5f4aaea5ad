"""RSVPs: once per email, within capacity, cancelled by signed token, reminded once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from callidarity.events import selectors, services, tokens
from callidarity.events.exceptions import EventClosed, EventError, EventFull
from callidarity.events.models import RSVP, Event
from callidarity.notifications.models import Delivery
from callidarity.supporters.models import Supporter

from .conftest import STARTS, make_event

pytestmark = pytest.mark.django_db


def _rsvp(event: Event, email: str = "rosa@example.org", **kwargs: str) -> services.RSVPResult:
    name = kwargs.pop("name", "Rosa Martínez")
    # The confirmation is sent after commit: run it as the commit would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.rsvp(event=event, name=name, email=email, **kwargs)


def _cancel_links(body: str) -> list[int | None]:
    """Return the RSVP each cancel link in an email names (its token is signed with a time,
    so it is read back rather than compared with one made now)."""
    return [tokens.read_cancel_token(t) for t in re.findall(r"/events/cancel/([^/\s]+)/", body)]


def test_an_rsvp_puts_her_on_the_list_and_emails_her_the_details(event: Event) -> None:
    result = _rsvp(event, phone=" 312-555-0142 ", language="es")

    assert result.outcome == services.RSVPOutcome.GOING
    rsvp = RSVP.objects.get()
    assert (rsvp.name, rsvp.phone, rsvp.status, rsvp.language) == (
        "Rosa Martínez", "312-555-0142", "going", "es",
    )  # fmt: skip
    assert rsvp.supporter.email == "rosa@example.org"
    assert selectors.spots_left(event) == 4
    [message] = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert message.subject.endswith(": Rally for clemency")  # Spanish once translated
    assert "Thompson Center" in message.body
    assert _cancel_links(message.body) == [rsvp.pk]
    assert "18:00" in message.body  # the event's own time, in Spanish format
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("rally-for-clemency.ics", "text/calendar")
    assert "DTSTART:20300116T000000Z" in content


def test_a_second_rsvp_by_the_same_email_changes_nothing(event: Event) -> None:
    first = _rsvp(event)
    again = _rsvp(event, email="ROSA@Example.org", name="Rosa M.", phone="312-555-0000")

    assert again.outcome == services.RSVPOutcome.ALREADY
    assert again.rsvp.pk == first.rsvp.pk
    assert RSVP.objects.count() == 1
    assert Supporter.objects.count() == 1
    assert RSVP.objects.get().phone == ""
    assert len(mail.outbox) == 1


def test_a_full_event_refuses_a_new_rsvp_and_writes_nothing(event: Event) -> None:
    for i in range(5):
        _rsvp(event, email=f"p{i}@example.org")

    with pytest.raises(EventFull):
        _rsvp(event, email="late@example.org")

    assert RSVP.objects.count() == 5
    assert selectors.spots_left(event) == 0
    # Someone already going is answered "full" too: otherwise the answer would tell a
    # stranger typing her address that she is going.
    with pytest.raises(EventFull):
        _rsvp(event, email="p0@example.org")


def test_an_event_without_capacity_has_no_limit(db: None) -> None:
    event = make_event(capacity=None)
    for i in range(8):
        _rsvp(event, email=f"p{i}@example.org")
    assert selectors.spots_left(event) is None
    assert selectors.count_going(event) == 8


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Event.Status.DRAFT},
        {"status": Event.Status.CANCELLED},
        {
            "starts_at": timezone.now() - timedelta(minutes=5),
            "ends_at": timezone.now() + timedelta(hours=1),
        },
    ],
    ids=["draft", "cancelled", "started"],
)
def test_an_event_not_taking_rsvps_refuses_them(db: None, fields: dict[str, object]) -> None:
    event = make_event(**fields)
    with pytest.raises(EventClosed):
        _rsvp(event)
    assert RSVP.objects.count() == 0
    assert Supporter.objects.count() == 0


def test_a_bad_email_or_empty_name_is_refused(event: Event) -> None:
    with pytest.raises(EventError):
        _rsvp(event, email="not-an-email")
    with pytest.raises(EventError):
        _rsvp(event, name="   ")
    assert RSVP.objects.count() == 0


def test_cancelling_frees_the_spot_and_twice_changes_nothing(event: Event) -> None:
    for i in range(5):
        _rsvp(event, email=f"p{i}@example.org")
    rsvp = RSVP.objects.get(supporter__email="p0@example.org")
    token = tokens.cancel_token(rsvp.pk)

    cancelled = services.cancel_rsvp(token=token)

    assert cancelled is not None
    assert cancelled.status == RSVP.Status.CANCELLED
    assert cancelled.cancelled_at is not None
    at = cancelled.cancelled_at
    assert services.cancel_rsvp(token=token).cancelled_at == at  # type: ignore[union-attr]
    assert selectors.spots_left(event) == 1
    assert _rsvp(event, email="late@example.org").outcome == services.RSVPOutcome.GOING


def test_she_may_rsvp_again_after_cancelling(event: Event) -> None:
    rsvp = _rsvp(event).rsvp
    services.cancel_rsvp(token=tokens.cancel_token(rsvp.pk))

    again = _rsvp(event, name="Mallory", phone="312-555-0000")

    assert again.outcome == services.RSVPOutcome.GOING
    assert again.rsvp.pk == rsvp.pk
    refreshed = RSVP.objects.get()
    # Back on the list; whoever typed her address changed neither her name nor her phone.
    assert (refreshed.status, refreshed.name, refreshed.phone, refreshed.cancelled_at) == (
        "going",
        rsvp.name,
        rsvp.phone,
        None,
    )
    assert refreshed.supporter.name != "Mallory"


def test_joining_again_after_cancelling_is_confirmed_again(event: Event) -> None:
    rsvp = _rsvp(event).rsvp  # confirmed after commit
    assert len(mail.outbox) == 1
    assert services.send_rsvp_confirmation(rsvp=rsvp) == 0  # once per joining
    services.cancel_rsvp(token=tokens.cancel_token(rsvp.pk))
    _rsvp(event)
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("token", ["", "garbage", tokens.cancel_token(10**9)])
def test_a_bad_token_cancels_nothing(event: Event, token: str) -> None:
    _rsvp(event)
    assert services.cancel_rsvp(token=token) is None
    assert RSVP.objects.get().status == RSVP.Status.GOING


def test_a_forged_token_is_refused() -> None:
    genuine = tokens.cancel_token(7)
    assert tokens.read_cancel_token(genuine) == 7
    assert tokens.read_cancel_token(genuine[:-1] + ("A" if genuine[-1] != "A" else "B")) is None


def test_reminders_go_once_to_each_going_attendee_the_day_before(event: Event) -> None:
    _rsvp(event, email="rosa@example.org", language="en")
    _rsvp(event, email="lupe@example.org", language="es")
    gone = _rsvp(event, email="gone@example.org").rsvp
    services.cancel_rsvp(token=tokens.cancel_token(gone.pk))
    mail.outbox.clear()

    # Two days before: too early.
    assert services.send_reminders(STARTS - timedelta(days=2)) == 0
    day_before = STARTS - timedelta(hours=20)
    assert services.send_reminders(day_before) == 2
    assert services.send_reminders(day_before + timedelta(hours=1)) == 0

    assert sorted(m.to[0] for m in mail.outbox) == ["lupe@example.org", "rosa@example.org"]
    [rosa] = [m for m in mail.outbox if m.to == ["rosa@example.org"]]
    assert rosa.subject == "Tomorrow: Rally for clemency"
    assert "6 p.m." in rosa.body
    assert "CST" in rosa.body
    rsvp_id = RSVP.objects.get(supporter__email="rosa@example.org").pk
    assert _cancel_links(rosa.body) == [rsvp_id]
    assert RSVP.objects.filter(reminder_sent_at__isnull=False).count() == 2
    assert Delivery.objects.filter(key=services.reminder_key(event)).count() == 2


def test_a_reminder_queued_before_she_cancelled_is_not_sent(event: Event) -> None:
    rsvp = _rsvp(event).rsvp
    mail.outbox.clear()
    now = STARTS - timedelta(hours=20)
    services._queue_reminders(event, now)
    services.cancel_rsvp(token=tokens.cancel_token(rsvp.pk))

    assert services.send_reminders(now) == 0
    assert mail.outbox == []
    assert Delivery.objects.get(key=services.reminder_key(event)).status == "skipped"


def test_no_reminders_for_a_cancelled_event(event: Event) -> None:
    _rsvp(event)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    mail.outbox.clear()
    assert services.send_reminders(STARTS - timedelta(hours=2)) == 0
    assert mail.outbox == []


def test_the_command_sends_the_reminders(event: Event, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management import call_command

    _rsvp(event)
    mail.outbox.clear()
    monkeypatch.setattr(timezone, "now", lambda: STARTS - timedelta(hours=3))
    call_command("send_event_reminders")
    assert len(mail.outbox) == 1


def test_a_reminder_sent_the_same_morning_says_today(event: Event) -> None:
    _rsvp(event)
    mail.outbox.clear()
    # 8 am in Chicago on the day of the 6 pm rally (14:00 UTC).
    assert services.send_reminders(STARTS - timedelta(hours=10)) == 1
    assert mail.outbox[0].subject == "Today: Rally for clemency"
    assert "is today." in mail.outbox[0].body


def test_a_postponed_event_is_reminded_again_and_gets_a_new_calendar_revision(
    event: Event,
) -> None:
    _rsvp(event)
    mail.outbox.clear()
    assert services.send_reminders(STARTS - timedelta(hours=20)) == 1
    assert event.sequence == 0

    # The organizer moves it a week later.
    event.starts_at += timedelta(days=7)
    event.ends_at += timedelta(days=7)
    event.save()
    services.record_changes(event, ["starts_at", "ends_at"])
    assert event.sequence == 1
    assert RSVP.objects.get().reminder_sent_at is None

    assert services.send_reminders(STARTS - timedelta(hours=19)) == 0  # not due any more
    assert services.send_reminders(event.starts_at - timedelta(hours=20)) == 1
    assert services.send_reminders(event.starts_at - timedelta(hours=19)) == 0
    assert len(mail.outbox) == 2


def test_an_edit_that_changes_neither_time_place_nor_status_is_no_new_revision(
    event: Event,
) -> None:
    services.record_changes(event, ["description", "title"])
    event.refresh_from_db()
    assert event.sequence == 0
    services.record_changes(event, ["status"])
    event.refresh_from_db()
    assert event.sequence == 1
