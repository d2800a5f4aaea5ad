"""Headers every response carries."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Pages use only their own scripts, styles and images; nothing inline. Forms may post to
# this site only; a redirect to a payment page is a navigation, which form-action allows
# only where listed, so the checkout host is not restricted here (see docs/decisions).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)


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
