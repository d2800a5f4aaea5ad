"""Placeholder, replaced by the petition review and delivery PDF."""

from django.http import Http404, HttpRequest, HttpResponse


def review_signatures(request: HttpRequest, action_id: int) -> HttpResponse:
    raise Http404


def petition_pdf(request: HttpRequest, action_id: int) -> HttpResponse:
    raise Http404
