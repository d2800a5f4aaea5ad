"""The signed link in every receipt of a monthly gift that lets the donor cancel it alone.

Signed with SECRET_KEY: it works without an account and cannot be forged. It does not
expire, because it sits in old receipts and cancelling must always be possible.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

_SALT = "donations.monthly.cancel"


def cancel_token(plan_public_id: str) -> str:
    return signing.dumps(str(plan_public_id), salt=_SALT)


def read_cancel_token(token: str) -> str | None:
    """Return the plan's public id (a UUID) from a genuine token; None otherwise."""
    try:
        return str(uuid.UUID(str(signing.loads(token, salt=_SALT))))
    except (signing.BadSignature, ValueError):
        return None


def cancel_url(plan_public_id: str) -> str:
    """Return the absolute link that cancels the monthly gift (for emails)."""
    path = reverse("donations:monthly-cancel", args=[cancel_token(plan_public_id)])
    return settings.SITE_URL + path
