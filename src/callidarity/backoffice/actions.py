"""Placeholder, replaced by the organizers' action pages."""

from django.http import Http404, HttpRequest, HttpResponse


def action_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def action_report(request: HttpRequest, action_id: int) -> HttpResponse:
    raise Http404
