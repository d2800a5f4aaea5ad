"""Reads about deliveries: how a message is going, and what failed."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from .models import Delivery


def delivery_counts(*, key: str) -> dict[str, int]:
    """Return the number of deliveries of `key` in each status (every status present)."""
    counts = dict.fromkeys(Delivery.Status.values, 0)
    rows = Delivery.objects.filter(key=key).values_list("status").annotate(n=Count("id"))
    counts.update(dict(rows))
    return counts


def delivery_summary(*, key: str) -> str:
    """Return how the sending of `key` went, for organizers: "3 sent, 1 waiting, 0 failed"."""
    counts = delivery_counts(key=key)
    return str(
        _("%(sent)s sent, %(waiting)s waiting, %(failed)s failed")
        % {
            "sent": counts["sent"],
            "waiting": counts["pending"] + counts["sending"],
            "failed": counts["failed"],
        }
    )


def count_pending(*, key: str) -> int:
    return Delivery.objects.filter(key=key, status=Delivery.Status.PENDING).count()


def list_failures(*, key: str) -> QuerySet[Delivery]:
    return Delivery.objects.filter(key=key, status=Delivery.Status.FAILED).order_by("email")
