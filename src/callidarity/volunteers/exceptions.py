"""What can go wrong signing up to volunteer or pledging to a drive."""

from __future__ import annotations


class VolunteerError(Exception):
    """The sign-up cannot be taken; the message says why, for the person."""


class DriveError(Exception):
    """The pledge cannot be taken; the message says why, for the person."""


class DriveClosed(DriveError):
    """The drive takes no pledges (a draft, closed, or past its last day)."""


class TooMany(DriveError):
    """A pledge asks to bring more of an item than is still needed."""


class PledgeNotOpen(DriveError):
    """The pledge was already delivered or cancelled."""
