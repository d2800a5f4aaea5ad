"""Security headers: every page refuses framing unless its view is marked allow_framing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.test import RequestFactory

from callidarity.core.middleware import (
    CONTENT_SECURITY_POLICY,
    FRAMABLE_CONTENT_SECURITY_POLICY,
    SecurityHeadersMiddleware,
    allow_framing,
)


def _page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@allow_framing
def _widget(request: HttpRequest) -> HttpResponse:
    """A widget."""
    return HttpResponse("widget")


def _through_middleware(view: object, path: str = "/x/") -> HttpResponse:
    # The order of settings.MIDDLEWARE: security headers outside, clickjacking inside.
    chain = SecurityHeadersMiddleware(XFrameOptionsMiddleware(view))  # type: ignore[arg-type]
    return chain(RequestFactory().get(path))


def test_a_plain_view_refuses_framing_twice() -> None:
    response = _through_middleware(_page)

    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert CONTENT_SECURITY_POLICY.endswith("frame-ancestors 'none'")


def test_allow_framing_lifts_both_refusals_and_keeps_the_rest_of_the_policy() -> None:
    response = _through_middleware(_widget)

    assert response.content == b"widget"
    assert "X-Frame-Options" not in response
    csp = response["Content-Security-Policy"]
    assert csp == FRAMABLE_CONTENT_SECURITY_POLICY
    assert csp.endswith("frame-ancestors *")
    assert csp.replace("frame-ancestors *", "frame-ancestors 'none'") == CONTENT_SECURITY_POLICY
    assert response["Permissions-Policy"].startswith("camera=()")
    assert _widget.__doc__ == "A widget."


def test_admin_keeps_its_own_policy() -> None:
    response = _through_middleware(_page, "/admin/")

    assert response["Content-Security-Policy"] == "frame-ancestors 'none'; object-src 'none'"
