"""Supporters who asked to hear of the next action, and the organizers' emails to them.

An outreach email goes to followers only (who ticked "tell me about the next action"),
each once, in batches through `notifications`, with a one-click unsubscribe that takes
effect at once, even for an email already queued: the same rules as campaign updates.
"""

from __future__ import annotations

import logging
import math

from django.conf import settings
from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.utils import timezone

from callidarity.notifications import selectors as delivery_selectors
from callidarity.notifications import services as notifications
from callidarity.supporters.models import Supporter

from .. import selectors
from ..models import Action, Follower, Outreach

logger = logging.getLogger(__name__)


def follow_actions(*, supporter: Supporter, action: Action | None, language: str) -> Follower:
    """Record that she wants to hear about the next action (asking again after leaving is
    asking again)."""
    try:
        with db_transaction.atomic():
            follower, created = Follower.objects.get_or_create(
                supporter=supporter, defaults={"language": language, "action": action}
            )
    except IntegrityError:  # she opted in twice at once: it exists now
        follower, created = Follower.objects.get(supporter=supporter), False
    if not created:
        Follower.objects.filter(pk=follower.pk).update(
            language=language, unsubscribed_at=None, updated_at=timezone.now()
        )
        follower.refresh_from_db()
    return follower


def unfollow_actions(*, email: str) -> bool:
    """Stop every follow-up email to this address at once; False if it never followed."""
    now = timezone.now()
    changed = Follower.objects.filter(
        supporter__email__iexact=email, unsubscribed_at__isnull=True
    ).update(unsubscribed_at=now, updated_at=now)
    if changed:
        logger.info("advocacy.unfollowed")
    return bool(changed)
