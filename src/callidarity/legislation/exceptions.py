"""Domain errors of bills: what a follow or witness-slip form is refused for."""

from __future__ import annotations


class SlipError(Exception):
    """A witness slip could not be recorded (the message says why, for the supporter)."""


class SlipsClosed(SlipError):
    """The hearing has started (or is not public): no more slips are recorded."""
