"""Background work for bills: follow confirmations and stage-change emails. Thin, by id."""

from __future__ import annotations

from django_tasks import task

from . import selectors
from .services import follows


@task()
def send_follow_confirmation_task(follower_id: int) -> int:
    """Email a new follower the link that confirms her follow; return how many went."""
    follower = selectors.get_follower(follower_id)
    return 0 if follower is None else follows.send_follow_confirmation(follower=follower)


@task()
def announce_stage_change_task(change_id: int) -> int:
    """Queue a stage change's email for the bill's followers; return how many were added."""
    change = selectors.get_stage_change(change_id)
    return 0 if change is None else follows.queue_stage_change(change=change)


@task()
def send_stage_change_batch_task(change_id: int) -> int:
    """Send one batch of a stage change's emails; return how many went out."""
    change = selectors.get_stage_change(change_id)
    return 0 if change is None else follows.send_stage_change_batch(change=change).sent
