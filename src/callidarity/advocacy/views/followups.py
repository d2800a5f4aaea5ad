"""Placeholder, replaced by follow-ups."""

from django.http import Http404, HttpRequest, HttpResponse


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    raise Http404
