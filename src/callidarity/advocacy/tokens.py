"""The signed token in follow-up emails' unsubscribe link.

Signed with SECRET_KEY, so the link works without login and cannot be pointed at somebody
else's address; it never expires (it sits in old emails).
"""

from __future__ import annotations

from django.core import signing

_UNSUBSCRIBE_SALT = "advocacy.follower.unsubscribe"


def unsubscribe_token(email: str) -> str:
    return signing.dumps(email.lower(), salt=_UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> str | None:
    """Return the email in a genuine token; None otherwise."""
    try:
        value = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) and "@" in value else None
