"""The owner of a case is emailed before each deadline (14 and 3 days by default), each
reminder once: a rerun sends nothing, a changed date gets reminders of its own, and the
email names the case by number only."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.utils import timezone
from pytest_django import Settings

from callidarity.cases import services
from callidarity.cases.models import Case, Hearing
from callidarity.cases.tasks import send_case_reminders_task
from callidarity.notifications.models import Delivery
from tests.smtp import SmtpSink

from .conftest import CANARY_NAME, CANARY_NOTE

pytestmark = pytest.mark.django_db

SESSION = datetime.date(2027, 3, 18)
FILING = datetime.date(2027, 1, 2)  # 75 days before SESSION


def _day(days_before_filing: int) -> datetime.date:
    return FILING - datetime.timedelta(days=days_before_filing)


@pytest.fixture
def aimed(clemency: Case) -> Case:
    Hearing.objects.create(case=clemency, held_on=SESSION, place="Springfield")
    return clemency


def test_the_owner_gets_the_14_day_reminder_once_across_two_runs(
    smtp: SmtpSink, aimed: Case, carla: User
) -> None:
    assert services.send_case_reminders(_day(14)) == 1
    assert services.send_case_reminders(_day(14)) == 0
    assert services.send_case_reminders(_day(13)) == 0  # the 14-day one went already
    [message] = smtp.to(carla.email)
    assert smtp.count == 1
    assert message["Subject"] == f"Case #{aimed.pk} (Clemency petition): filing deadline in 14 days"
    body = message.get_content()
    assert f"/admin/cases/case/{aimed.pk}/change/" in body
    assert "Jan. 2, 2027" in body
    for secret in (CANARY_NAME, CANARY_NOTE, "Logan", "Springfield", "Collect letters"):
        assert secret not in body
        assert secret not in message["Subject"]


def test_the_3_day_reminder_follows_and_nothing_after_the_deadline(
    smtp: SmtpSink, aimed: Case, carla: User
) -> None:
    sent = [services.send_case_reminders(_day(n)) for n in range(20, -3, -1)]
    # 14 days before, then 3 days before; the hearing is months away.
    assert sum(sent) == 2
    subjects = [m["Subject"] for m in smtp.to(carla.email)]
    assert subjects == [
        f"Case #{aimed.pk} (Clemency petition): filing deadline in 14 days",
        f"Case #{aimed.pk} (Clemency petition): filing deadline in 3 days",
    ]


def test_a_missed_day_is_made_up_with_the_smallest_lead_due(
    smtp: SmtpSink, aimed: Case, carla: User
) -> None:
    # The case was set up 2 days before the deadline: only the 3-day reminder is due.
    assert services.send_case_reminders(_day(2)) == 1
    assert services.send_case_reminders(_day(1)) == 0
    [message] = smtp.to(carla.email)
    assert message["Subject"].endswith("filing deadline in 2 days")
    assert Delivery.objects.get().key == f"case-reminder:{aimed.pk}:filing:2027-01-02:3"


def test_a_changed_session_date_is_a_new_deadline_with_its_own_reminder(
    smtp: SmtpSink, aimed: Case, carla: User
) -> None:
    assert services.send_case_reminders(_day(14)) == 1
    hearing = Hearing.objects.get()
    hearing.held_on = SESSION + datetime.timedelta(days=1)
    services.save_hearing(hearing=hearing, changed=["held_on"], by=carla)
    assert services.send_case_reminders(_day(13)) == 1  # 14 days before the new deadline
    assert smtp.count == 2


def test_an_incomplete_petition_is_reminded_before_it_would_be_discarded(
    smtp: SmtpSink, clemency: Case, carla: User
) -> None:
    services.move_case(clemency, Case.Stage.FILED, by=carla, on=datetime.date(2026, 10, 2))
    services.move_case(clemency, Case.Stage.INCOMPLETE, by=carla, on=datetime.date(2026, 11, 1))
    # Complete by 2027-01-30; 3 days before:
    assert services.send_case_reminders(datetime.date(2027, 1, 27)) == 1
    [message] = smtp.to(carla.email)
    assert message["Subject"] == (
        f"Case #{clemency.pk} (Clemency petition): deadline to complete the petition in 3 days"
    )


def test_closed_cases_and_cases_without_an_owner_get_none(
    smtp: SmtpSink, aimed: Case, carla: User
) -> None:
    services.move_case(aimed, Case.Stage.WITHDRAWN, by=carla)
    orphan = services.create_case(kind=Case.Kind.CLEMENCY, person_name="Ana", by=carla)
    Hearing.objects.create(case=orphan, held_on=SESSION)
    assert services.send_case_reminders(_day(14)) == 0
    assert smtp.count == 0


def test_the_lead_days_come_from_settings(
    smtp: SmtpSink, aimed: Case, carla: User, settings: Settings
) -> None:
    settings.CASE_REMINDER_DAYS = ["7"]
    assert services.lead_days() == (7,)
    assert services.send_case_reminders(_day(14)) == 0
    assert services.send_case_reminders(_day(7)) == 1
    settings.CASE_REMINDER_DAYS = ["two weeks"]
    with pytest.raises(ImproperlyConfigured, match="whole numbers"):
        services.lead_days()
    settings.CASE_REMINDER_DAYS = ["-1"]
    with pytest.raises(ImproperlyConfigured):
        services.lead_days()


def test_the_command_runs_for_a_given_day(smtp: SmtpSink, aimed: Case, carla: User) -> None:
    out = StringIO()
    call_command("send_case_reminders", "--today", _day(3).isoformat(), stdout=out)
    assert out.getvalue() == "1 reminder(s) sent.\n"
    call_command("send_case_reminders", "--today", _day(3).isoformat(), stdout=out)
    assert out.getvalue().endswith("0 reminder(s) sent.\n")
    assert len(smtp.to(carla.email)) == 1
    with pytest.raises(CommandError, match="2027-01-15"):
        call_command("send_case_reminders", "--today", "tomorrow")


def test_the_task_sends_todays_reminders(smtp: SmtpSink, aimed: Case, carla: User) -> None:
    # The task runs for the real today: put the deadline 3 days from it.
    Hearing.objects.filter(case=aimed).update(
        held_on=timezone.localdate() + datetime.timedelta(days=75 + 3)
    )
    assert send_case_reminders_task.call() == 1
    assert send_case_reminders_task.call() == 0
    assert len(smtp.to(carla.email)) == 1
