"""The signed token in an attendee's cancellation link.

Signed with SECRET_KEY, so the link works without login and cannot be forged or pointed at
someone else's RSVP. It never expires: it sits in the confirmation and reminder emails.
"""

from __future__ import annotations

from django.core import signing

_CANCEL_SALT = "events.rsvp.cancel"


def cancel_token(rsvp_id: int) -> str:
    return signing.dumps(rsvp_id, salt=_CANCEL_SALT)


def read_cancel_token(token: str) -> int | None:
    """Return the RSVP id in a genuine token; None otherwise."""
    try:
        value = signing.loads(token, salt=_CANCEL_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
