"""Background work for advocacy: emailing letters and follow-ups. Thin, by id."""

from __future__ import annotations

from django_tasks import task

from . import services
from .models import Letter, Outreach


@task()
def send_outreach_batch_task(outreach_id: int) -> int:
    """Send one batch of a follow-up email; return how many went out."""
    outreach = Outreach.objects.select_related("action").filter(pk=outreach_id).first()
    if outreach is None:
        return 0
    return services.send_outreach_batch(outreach=outreach).sent


@task()
def send_letter_task(letter_id: int) -> int:
    """Send a letter's waiting copies to the offices; return how many went out."""
    letter = Letter.objects.select_related("supporter").filter(pk=letter_id).first()
    if letter is None:
        return 0
    return services.send_letter(letter).sent
