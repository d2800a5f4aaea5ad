"""Who did it: a staff user (None when a command or the system acts)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

Actor = AbstractBaseUser | AnonymousUser | None


def staff_user(user: Actor) -> User | None:
    """Return the user to record as having acted (None for no one in particular)."""
    return user if isinstance(user, User) else None
