"""Why a support-program change was refused."""

from django.utils.translation import gettext_lazy as _


class SupportError(Exception):
    """A change to the support program that cannot be made as asked."""


class AlreadyDecided(SupportError):
    """The request was approved or declined already."""

    def __init__(self, status: str) -> None:
        super().__init__(_("This request was already decided (%(status)s).") % {"status": status})


class FacilityNeeded(SupportError):
    """A request cannot become a member until the facility is known."""

    def __init__(self) -> None:
        super().__init__(_("Choose her facility before approving the request."))
