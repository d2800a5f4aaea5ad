"""Placeholder, replaced by the petition flow."""

from django.http import Http404, HttpRequest, HttpResponse

from ..models import Action


def detail(request: HttpRequest, action: Action) -> HttpResponse:
    raise Http404


def petition_signed(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
