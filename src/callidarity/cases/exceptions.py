"""What can go wrong with a case: a move the road does not allow, a page without consent."""

from __future__ import annotations


class CaseError(Exception):
    """A change to a case was refused; the message says why, for the organizer."""


class MoveNotAllowed(CaseError):
    """The case's kind does not allow a move from its stage to the one asked for."""


class ConsentRequired(CaseError):
    """A public page cannot be published without a consent on record."""
