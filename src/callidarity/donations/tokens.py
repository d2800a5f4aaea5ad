"""Signed tokens in the links we email: a gift's receipt.

Signed with SECRET_KEY, so a link works without login and cannot be forged or pointed at
somebody else's gift. A receipt link never expires: it sits in an old email and is
needed at tax time.
"""

from __future__ import annotations

from uuid import UUID

from django.core import signing

_RECEIPT_SALT = "donations.receipt"


def receipt_token(donation_public_id: UUID) -> str:
    return signing.dumps(donation_public_id.hex, salt=_RECEIPT_SALT)


def read_receipt_token(token: str) -> str | None:
    """Return the donation's public id from a genuine receipt token; None otherwise."""
    try:
        value = signing.loads(token, salt=_RECEIPT_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, str):
        return None
    try:
        return str(UUID(hex=value))
    except ValueError:
        return None
