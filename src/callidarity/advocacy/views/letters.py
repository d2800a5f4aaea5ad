"""Placeholder, replaced by the letter flow."""

from django.http import Http404, HttpRequest, HttpResponse

from ..models import Action


def detail(request: HttpRequest, action: Action) -> HttpResponse:
    raise Http404


def letter_review(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def letter_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
