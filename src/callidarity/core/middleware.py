"""Headers every response carries, and the one way a view may let other sites frame it."""

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec

from django.http import HttpRequest, HttpResponse

P = ParamSpec("P")

# Pages use only their own scripts, styles and images; nothing inline. Forms may post to
# this site only; a redirect to a payment page is a navigation, which form-action allows
# only where listed, so the checkout host is not restricted here (see docs/decisions).
_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'"
)
CONTENT_SECURITY_POLICY = f"{_POLICY}; frame-ancestors 'none'"
# The same policy, except that any site may put the page in a frame (see allow_framing).
FRAMABLE_CONTENT_SECURITY_POLICY = f"{_POLICY}; frame-ancestors *"


def allow_framing(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Let any site frame this view's pages; every other page still refuses framing.

    Only for pages that are harmless in someone else's frame: public, read-only, no form
    and no session (so no clickjacking). The view's own CSP is kept by the middleware
    below (it only sets a default), and Django's XFrameOptionsMiddleware skips a response
    marked `xframe_options_exempt`.
    """

    @wraps(view)
    def framable_view(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        response = view(*args, **kwargs)
        response.headers["Content-Security-Policy"] = FRAMABLE_CONTENT_SECURITY_POLICY
        response.xframe_options_exempt = True
        return response

    return framable_view


class SecurityHeadersMiddleware:
    """Add a Content-Security-Policy and a Permissions-Policy to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            # The admin ships inline scripts and styles; it is staff-only behind a login.
            response.headers.setdefault(
                "Content-Security-Policy", "frame-ancestors 'none'; object-src 'none'"
            )
        else:
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response
