"""The signed tokens in the links a bill's follower is emailed: confirm, and unsubscribe.

Signed with SECRET_KEY, so a link works without login and cannot be forged or pointed at
somebody else's follow. A confirmation link expires; an unsubscribe link never does (it
sits in old emails).
"""

from __future__ import annotations

from django.core import signing

_CONFIRM_SALT = "legislation.follower.confirm"
_UNSUBSCRIBE_SALT = "legislation.follower.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def _read(token: str, *, salt: str, max_age: int | None = None) -> int | None:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def confirm_token(follower_id: int) -> str:
    return signing.dumps(follower_id, salt=_CONFIRM_SALT)


def read_confirm_token(token: str) -> int | None:
    """Return the follower id in a fresh, genuine token; None otherwise."""
    return _read(token, salt=_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


def unsubscribe_token(follower_id: int) -> str:
    return signing.dumps(follower_id, salt=_UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> int | None:
    """Return the follower id in a genuine token; None otherwise."""
    return _read(token, salt=_UNSUBSCRIBE_SALT)
