"""Staff members for tests: a user with roles and a confirmed authenticator, logged in."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY  # type: ignore[import-untyped]
from django_otp.middleware import OTPMiddleware  # type: ignore[import-untyped]
from django_otp.oath import TOTP  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from callidarity.accounts.roles import Role
from callidarity.accounts.services import grant_role, issue_recovery_codes


def make_staff(
    username: str,
    *,
    roles: Iterable[Role] = (),
    superuser: bool = False,
    two_factor: bool = True,
    password: str | None = None,
) -> User:
    """Create an active staff user with these roles and, by default, a confirmed authenticator."""
    user = User.objects.create_user(
        username, f"{username}@example.org", password, is_staff=True, is_superuser=superuser
    )
    for role in roles:
        grant_role(user=user, role=role)
    if two_factor:
        TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        issue_recovery_codes(user=user)
    return user


def authenticator_of(user: User) -> TOTPDevice:
    """Return the user's confirmed authenticator."""
    return TOTPDevice.objects.get(user=user, confirmed=True)


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """Return the code the user's phone shows now (or `steps_ahead` time steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{totp.token():0{device.digits}d}"


def log_in(client: Client, user: User, *, verified: bool = False) -> None:
    """Log the user in with a password only, or as if a second factor had been checked too."""
    client.force_login(user)
    if verified:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = authenticator_of(user).persistent_id
        session.save()


def request_for(user: User, *, verified: bool = False, path: str = "/admin/") -> HttpRequest:
    """Return a GET request from the user as a view sees it (OTPMiddleware's is_verified())."""
    request = RequestFactory().get(path)
    request.user = user
    session = {DEVICE_ID_SESSION_KEY: authenticator_of(user).persistent_id} if verified else {}
    request.session = session  # type: ignore[assignment]
    OTPMiddleware(lambda r: None)._install_lazy_accessors(request)
    return request
