"""Writes: role groups, two-factor devices and recovery codes, and the audit log."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AbstractUser, AnonymousUser, Group
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db import transaction as db_transaction
from django.utils.crypto import salted_hmac
from django_otp import verify_token  # type: ignore[import-untyped]
from django_otp.models import Device  # type: ignore[import-untyped]
from django_otp.plugins.otp_static.models import (  # type: ignore[import-untyped]
    StaticDevice,
    StaticToken,
)
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from .exceptions import InvalidAuditEvent, InvalidToken
from .models import AuditEvent
from .roles import Role
from .selectors import forget_roles

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"
# Lower-case dotted words: an action names what happened, it never carries a value.
_ACTION = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
TOTP_CODE = re.compile(r"^[0-9]{6}$")
# StaticToken.random_token(): 8 characters of lower-case base32.
RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")


def ensure_role_groups() -> None:
    """Create the auth group of every role that is missing (migration 0001 does it once)."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def grant_role(*, user: AbstractUser, role: Role) -> None:
    """Give a staff member a role (the same as ticking its group in the admin)."""
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    forget_roles(user)


def revoke_role(*, user: AbstractUser, role: Role) -> None:
    """Take a role away from a staff member."""
    user.groups.remove(*Group.objects.filter(name=role.value))
    forget_roles(user)


def hash_ip(ip: str) -> str:
    """Return a keyed hash of a client address ("" for none), never the address itself."""
    if not ip:
        return ""
    return salted_hmac("callidarity.accounts.audit.ip", ip).hexdigest()


def _field_names(obj: models.Model, fields: Iterable[str]) -> list[str]:
    names: list[str] = []
    for name in fields:
        # Only names of the model's own fields: a value passed by mistake fails here.
        try:
            obj._meta.get_field(name)
        except FieldDoesNotExist:
            raise InvalidAuditEvent(
                f"{obj._meta.label_lower} has no field {name!r}; pass field names only."
            ) from None
        if name not in names:
            names.append(name)
    return names


def record_audit_event(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model,
    fields: Iterable[str] = (),
    ip: str = "",
) -> AuditEvent:
    """Record that someone (None or anonymous: the public) did `action` to `obj`'s `fields`."""
    if not _ACTION.match(action) or len(action) > 80:
        raise InvalidAuditEvent(f"Actions are dotted lower-case words, not {action!r}.")
    if obj.pk is None:
        raise InvalidAuditEvent("Record the event after the object is saved.")
    return AuditEvent.objects.create(
        actor_id=actor.pk if isinstance(actor, AbstractBaseUser) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        fields=_field_names(obj, fields),
        ip_hash=hash_ip(ip),
    )


def start_totp_setup(*, user: AbstractBaseUser) -> TOTPDevice:
    """Return the user's authenticator waiting to be confirmed, making one if there is none."""
    # The same secret across reloads, so a code from an app already scanned still works.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def confirm_totp_device(*, user: AbstractBaseUser, device: TOTPDevice, token: str) -> list[str]:
    """Confirm a new authenticator with its first code; replace any older one; issue codes."""
    if device.user_id != user.pk or device.confirmed:
        raise InvalidToken("This authenticator is not waiting to be confirmed.")
    token = normalize_code(token)
    if not TOTP_CODE.match(token):
        raise InvalidToken("That is not a 6-digit code.")
    # Outside the transaction below: a miss must stay counted for throttling.
    _check_throttle(device)
    if verify_token(user, device.persistent_id, token) is None:
        raise InvalidToken("The code does not match.")
    with db_transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.confirmed = True
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        record_audit_event(
            actor=user, action="accounts.totp.confirmed", obj=device, fields=["confirmed"]
        )
        return issue_recovery_codes(user=user)


def _check_throttle(device: Device) -> None:
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise InvalidToken("Too many wrong codes; wait a moment.", throttled=True)


@db_transaction.atomic
def issue_recovery_codes(*, user: AbstractBaseUser) -> list[str]:
    """Replace the user's recovery codes with new ones and return them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    record_audit_event(actor=user, action="accounts.recovery_codes.issued", obj=device)
    return codes


def normalize_code(code: str) -> str:
    """Return a typed code without spaces or dashes, in lower case."""
    return re.sub(r"[\s-]", "", code).lower()


def verify_second_factor(*, user: AbstractBaseUser, code: str) -> Device:
    """Return the device that accepts the code (a recovery code is used up); else InvalidToken."""
    code = normalize_code(code)
    if TOTP_CODE.match(code):
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    elif RECOVERY_CODE.match(code):
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    else:
        raise InvalidToken("That is not a code.")
    throttled = False
    for device in devices.order_by("pk"):
        if not device.verify_is_allowed()[0]:
            throttled = True
            continue
        # django_otp.verify_token locks the device row, so throttling holds under concurrency.
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            if isinstance(verified, StaticDevice):
                record_audit_event(actor=user, action="accounts.recovery_code.used", obj=verified)
            return verified
    logger.info("accounts.two_factor.failed", extra={"user_id": user.pk, "throttled": throttled})
    if throttled:
        raise InvalidToken("Too many wrong codes; wait a moment.", throttled=True)
    raise InvalidToken("The code does not match.")
