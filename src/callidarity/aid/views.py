"""Public pages of the support program: asking for support."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from callidarity.core.ratelimit import allow

from . import selectors, services
from .forms import SupportRequestForm
from .models import SupportRequest


def _form_page(request: HttpRequest, form: SupportRequestForm, *, status: int) -> HttpResponse:
    context = {"form": form, "facilities": selectors.list_request_facilities()}
    return render(request, "aid/request_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    """Show the request-for-support form; store a valid request, or say what to fix (4xx)."""
    if request.method in ("GET", "HEAD"):
        return _form_page(request, SupportRequestForm(), status=200)
    form = SupportRequestForm(request.POST)
    thanks = HttpResponseRedirect(reverse("aid:request-thanks"))
    if form.is_bot():
        return thanks  # looks like success to a bot; stores nothing
    if not allow(request, "support-request", limit=10):
        form.add_error(
            None, _("Too many requests from your connection. Please wait and try again.")
        )
        return _form_page(request, form, status=429)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    services.submit_support_request(details=form.details(), source=SupportRequest.Source.WEB)
    return thanks


@require_safe
def impact(request: HttpRequest) -> HttpResponse:
    """Show what the support program has done, in aggregate: it names no one inside."""
    context = {
        "impact": selectors.impact(),
        "small_count": selectors.SMALL_COUNT,
        "call_minutes": settings.CALL_MINUTES,
    }
    return render(request, "aid/impact.html", context)


@require_safe
def request_thanks(request: HttpRequest) -> HttpResponse:
    """Thank the requester and say what happens next."""
    return render(request, "aid/request_thanks.html")
