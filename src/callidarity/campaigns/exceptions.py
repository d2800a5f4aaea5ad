"""Errors from campaign services; each message is safe to show to the person."""

from __future__ import annotations


class WallError(Exception):
    """A wall message could not be posted; the message says why."""


class WallClosed(WallError):
    """The campaign is not live, so its wall takes no new messages."""
