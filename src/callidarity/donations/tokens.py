"""Signed tokens in the links we email: a gift's receipt, a year-end statement, and the
link in every receipt of a monthly gift that lets the donor cancel it alone.

Signed with SECRET_KEY, so a link works without login and cannot be forged or pointed at
somebody else's gifts. A receipt link never expires: it sits in an old email and is
needed at tax time; nor does a cancel link, because stopping a monthly gift must always be
possible. A statement link, which lists every gift of an address for a year, expires after
STATEMENT_LINK_MAX_AGE, and asking again on /receipts/ sends a fresh one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.urls import reverse

_RECEIPT_SALT = "donations.receipt"
_STATEMENT_SALT = "donations.statement"
STATEMENT_LINK_MAX_AGE = 30 * 24 * 3600


@dataclass(frozen=True)
class StatementRequest:
    email: str
    year: int
    language: str


class LinkExpired(Exception):
    """The link was genuine but is too old; ask for a new one."""


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


def statement_token(*, email: str, year: int, language: str) -> str:
    return signing.dumps([email.lower(), year, language], salt=_STATEMENT_SALT, compress=True)


def read_statement_token(token: str) -> StatementRequest | None:
    """Return what a genuine, fresh statement token asks for; None if forged or garbled.

    Raises LinkExpired for a genuine token older than STATEMENT_LINK_MAX_AGE.
    """
    try:
        value = signing.loads(token, salt=_STATEMENT_SALT, max_age=STATEMENT_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        return None
    if (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], str)
        and isinstance(value[1], int)
        and isinstance(value[2], str)
    ):
        return StatementRequest(email=value[0], year=value[1], language=value[2])
    return None


_CANCEL_SALT = "donations.monthly.cancel"


def cancel_token(plan_public_id: str) -> str:
    return signing.dumps(str(plan_public_id), salt=_CANCEL_SALT)


def read_cancel_token(token: str) -> str | None:
    """Return the plan's public id (a UUID) from a genuine token; None otherwise."""
    try:
        return str(uuid.UUID(str(signing.loads(token, salt=_CANCEL_SALT))))
    except (signing.BadSignature, ValueError):
        return None


def cancel_url(plan_public_id: str) -> str:
    """Return the absolute link that cancels the monthly gift (for emails)."""
    path = reverse("donations:monthly-cancel", args=[cancel_token(plan_public_id)])
    return settings.SITE_URL + path
