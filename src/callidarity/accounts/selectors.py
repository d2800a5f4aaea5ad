"""Reads: a user's roles, whether they may use a capability, their second factor, the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db import models
from django.db.models import QuerySet
from django_otp.plugins.otp_static.models import StaticDevice  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from . import rules
from .models import AuditEvent
from .roles import Role

AnyUser = AbstractBaseUser | AnonymousUser

# Roles are read once per user object (one request), as Django caches permissions.
_ROLES_CACHE = "_callidarity_roles"


def _active_staff(user: AnyUser | None) -> AbstractUser | None:
    if isinstance(user, AbstractUser) and user.is_active and user.is_staff:
        return user
    return None


def roles_of(user: AnyUser | None) -> frozenset[Role]:
    """Return the roles an active staff member holds; superusers hold organizer."""
    staff = _active_staff(user)
    if staff is None:
        return frozenset()
    cached: frozenset[Role] | None = getattr(staff, _ROLES_CACHE, None)
    if cached is not None:
        return cached
    names = staff.groups.filter(name__in=Role.values).values_list("name", flat=True)
    roles = {Role(name) for name in names}
    if staff.is_superuser:
        roles.add(Role.ORGANIZER)
    held = frozenset(roles)
    setattr(staff, _ROLES_CACHE, held)
    return held


def forget_roles(user: AnyUser | None) -> None:
    """Drop the roles cached on this user object (after its groups changed)."""
    if getattr(user, _ROLES_CACHE, None) is not None:
        delattr(user, _ROLES_CACHE)


def is_verified(user: AnyUser | None) -> bool:
    """Return True when this session passed a second factor (django-otp's OTPMiddleware)."""
    verified: Any = getattr(user, "is_verified", None)
    return bool(callable(verified) and verified())


def role_allows(user: AnyUser | None, capability: str | None) -> bool:
    """Return True when the user's roles hold the capability, whatever their session."""
    return bool(roles_of(user) & rules.roles_for(capability))


def can(user: AnyUser | None, capability: str | None) -> bool:
    """Return True when the user may use the capability now (None: organizer-only)."""
    if not role_allows(user, capability):
        return False
    return not rules.is_sensitive(capability) or is_verified(user)


def has_two_factor(user: AnyUser | None) -> bool:
    """Return True when the user has a confirmed authenticator or an unused recovery code."""
    if not isinstance(user, AbstractBaseUser):
        return False
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return True
    recovery = StaticDevice.objects.filter(user=user, confirmed=True, token_set__isnull=False)
    return bool(recovery.exists())


def count_recovery_codes(user: AbstractBaseUser) -> int:
    """Return how many unused recovery codes the user has."""
    counted = StaticDevice.objects.filter(user=user, confirmed=True).aggregate(
        n=models.Count("token_set")
    )
    return int(counted["n"])


def list_audit_events(
    *,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: object = None,
    actor: AbstractBaseUser | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEvent]:
    """Return audit events matching every filter given, newest first."""
    events = AuditEvent.objects.select_related("actor")
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, obj.pk
    if object_type is not None:
        events = events.filter(object_type=object_type)
    if object_id is not None:
        events = events.filter(object_id=str(object_id))
    if actor is not None:
        events = events.filter(actor_id=actor.pk)
    if action is not None:
        events = events.filter(action=action)
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lt=until)
    return events.order_by("-at", "-pk")
