"""The one way a staff page is guarded: `@staff_view("capability")`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar, cast
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.cache import never_cache

from . import selectors

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

# Set on every view that staff_view wraps: the capability it checks (None: organizer-only),
# so a test can find staff URLs that declare no rule.
CAPABILITY_ATTRIBUTE = "staff_capability"


def two_factor_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Send the user to verify a second factor (or to set one up), then back here."""
    has_device = selectors.has_two_factor(request.user)
    name = "accounts:two-factor-verify" if has_device else "accounts:two-factor-setup"
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse(name)}?{query}")


def refusal(request: HttpRequest, capability: str | None) -> HttpResponseBase | None:
    """Return how a request is turned away from a capability's page, or None to let it in."""
    user = request.user
    if not (user.is_authenticated and user.is_active and getattr(user, "is_staff", False)):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not selectors.role_allows(user, capability):
        raise PermissionDenied
    if not selectors.can(user, capability):
        # The role allows it; only the second factor is missing.
        return two_factor_redirect(request)
    return None


def staff_view(
    capability: str | None = None,
) -> Callable[
    [Callable[Concatenate[HttpRequest, P], R]],
    Callable[Concatenate[HttpRequest, P], HttpResponseBase],
]:
    """Let only staff holding `capability` in (None: organizers), with two-factor if sensitive.

    Anonymous or non-staff: redirect to the admin login with ?next=. Staff without a role
    for it: 403. A sensitive capability without a verified second factor: redirect to the
    verify page (or the setup page, for someone with no device yet), then back. Responses
    are never cached, as the admin's own pages.
    """

    def decorator(
        view: Callable[Concatenate[HttpRequest, P], R],
    ) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            turned_away = refusal(request, capability)
            if turned_away is not None:
                return turned_away
            return view(request, *args, **kwargs)

        cached = never_cache(guarded)
        setattr(cached, CAPABILITY_ATTRIBUTE, capability)
        return cast(Callable[Concatenate[HttpRequest, P], HttpResponseBase], cached)

    return decorator


def declared_capability(view: object) -> tuple[bool, str | None]:
    """Return whether a view was wrapped by staff_view, and the capability it declared."""
    if hasattr(view, CAPABILITY_ATTRIBUTE):
        return True, getattr(view, CAPABILITY_ATTRIBUTE)
    return False, None
