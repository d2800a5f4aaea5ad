"""Signed tokens in the links we email: confirm a subscription, unsubscribe.

Signed with SECRET_KEY, so a link works without login and cannot be forged or pointed at
somebody else's address. An unsubscribe link never expires (it sits in old emails); a
confirmation link does.
"""

from __future__ import annotations

from django.core import signing

_CONFIRM_SALT = "campaigns.subscription.confirm"
_UNSUBSCRIBE_SALT = "campaigns.subscription.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def confirm_token(subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=_CONFIRM_SALT)


def read_confirm_token(token: str) -> int | None:
    """Return the subscription id in a fresh, genuine token; None otherwise."""
    try:
        value = signing.loads(token, salt=_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_token(campaign_id: int, email: str) -> str:
    return signing.dumps([campaign_id, email.lower()], salt=_UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """Return (campaign id, email) from a genuine token; None otherwise."""
    try:
        value = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and isinstance(value[1], str)
    ):
        return value[0], value[1]
    return None
