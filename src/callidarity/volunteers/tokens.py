"""The signed tokens in the links we email: confirm a sign-up, stop volunteering, cancel a
pledge.

Signed with SECRET_KEY, so the links work without login and cannot be forged or pointed at
someone else. A confirmation link expires after a week (so does the sign-up it names); the
stop and cancel links never do: they sit in old emails.
"""

from __future__ import annotations

import uuid

from django.core import signing

_CONFIRM_SALT = "volunteers.signup.confirm"
_STOP_SALT = "volunteers.volunteer.stop"
_CANCEL_SALT = "volunteers.pledge.cancel"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def confirm_token(signup_id: int) -> str:
    return signing.dumps(signup_id, salt=_CONFIRM_SALT)


def read_confirm_token(token: str) -> int | None:
    """Return the sign-up id in a fresh, genuine token; None otherwise."""
    try:
        return _int(signing.loads(token, salt=_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE))
    except signing.BadSignature:
        return None


def stop_token(volunteer_id: int) -> str:
    return signing.dumps(volunteer_id, salt=_STOP_SALT)


def read_stop_token(token: str) -> int | None:
    """Return the volunteer id in a genuine token; None otherwise."""
    try:
        return _int(signing.loads(token, salt=_STOP_SALT))
    except signing.BadSignature:
        return None


def cancel_token(submission: uuid.UUID) -> str:
    return signing.dumps(str(submission), salt=_CANCEL_SALT)


def read_cancel_token(token: str) -> uuid.UUID | None:
    """Return the pledge form's submission id in a genuine token; None otherwise."""
    try:
        value = signing.loads(token, salt=_CANCEL_SALT)
    except signing.BadSignature:
        return None
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None
