"""Background work for campaigns: emailing confirmations and updates. Thin, by id."""

from __future__ import annotations

from django_tasks import task

from . import services
from .models import Subscription, Update


@task()
def send_confirmation_task(subscription_id: int) -> bool:
    """Email a new follower the link that confirms their subscription."""
    subscription = (
        Subscription.objects.select_related("campaign", "supporter")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:
        return False
    services.send_confirmation(subscription=subscription)
    return True


@task()
def send_update_task(update_id: int) -> int:
    """Queue a published update for its followers; return how many were added."""
    update = Update.objects.select_related("campaign").filter(pk=update_id).first()
    return 0 if update is None else services.send_update(update=update)


@task()
def send_update_batch_task(update_id: int) -> int:
    """Send one batch of an update's emails; return how many went out."""
    update = Update.objects.select_related("campaign").filter(pk=update_id).first()
    if update is None:
        return 0
    return services.send_update_batch(update=update).sent
