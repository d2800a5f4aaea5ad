"""Background work for cases: the daily deadline reminders. Thin."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def send_case_reminders_task() -> int:
    """Email the case reminders due today; return how many went."""
    return services.send_case_reminders()
