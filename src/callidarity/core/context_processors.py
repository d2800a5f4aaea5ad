"""Values every template can use."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """Return the group's name and whether payments run in the sandbox."""
    return {
        "organization_name": settings.ORGANIZATION_NAME,
        "payments_sandbox": settings.PAYMENTS_SANDBOX,
    }
