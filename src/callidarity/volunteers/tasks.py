"""Background work for volunteers and drives: their emails. Thin, by id."""

from __future__ import annotations

import uuid

from django_tasks import task

from . import selectors, services


@task()
def send_signup_confirmation_task(signup_id: int) -> int:
    """Email a sign-up's confirmation link; return how many emails went out."""
    found = selectors.get_signup(signup_id)
    return 0 if found is None else services.send_signup_confirmation(signup=found)


@task()
def send_welcome_task(volunteer_id: int) -> int:
    """Email a confirmed volunteer her welcome and stop link; return how many went out."""
    found = selectors.get_volunteer(volunteer_id)
    return 0 if found is None else services.send_welcome(volunteer=found)


@task()
def send_pledge_confirmation_task(submission: str) -> int:
    """Email the confirmation of one form's pledges; return how many emails went out."""
    return services.send_pledge_confirmation(submission=uuid.UUID(submission))
