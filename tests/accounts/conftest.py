"""Fixtures for the accounts tests: one staff member per role, logged-in clients."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from callidarity.accounts.roles import Role

from .staff import log_in, make_staff


@pytest.fixture(autouse=True)
def _no_otp_throttle(settings: object) -> None:
    """Let a test send a right code straight after a wrong one; throttle tests set it back."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]


@pytest.fixture
def organizer(db: None) -> User:
    return make_staff("olga", roles=[Role.ORGANIZER])


@pytest.fixture
def caseworker(db: None) -> User:
    return make_staff("carla", roles=[Role.CASEWORKER])


@pytest.fixture
def treasurer(db: None) -> User:
    return make_staff("tomasa", roles=[Role.TREASURER])


@pytest.fixture
def moderator(db: None) -> User:
    return make_staff("mona", roles=[Role.MODERATOR])


@pytest.fixture
def newcomer(db: None) -> User:
    """A caseworker who has not set up two-factor yet, with a password to log in with."""
    return make_staff(
        "nadia", roles=[Role.CASEWORKER], two_factor=False, password="a-long-test-password"
    )


@pytest.fixture
def verified_client(client: Client, caseworker: User) -> Client:
    """A caseworker's session that passed the second factor."""
    log_in(client, caseworker, verified=True)
    return client


@pytest.fixture
def password_only_client(client: Client, caseworker: User) -> Client:
    """A caseworker's session with the password only (she has an authenticator)."""
    log_in(client, caseworker)
    return client
