"""Stopping follow-up emails from the link in one: one click, no login."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .. import services, tokens


@csrf_exempt  # RFC 8058: mail apps POST here without our form; the signed token is the key
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop every follow-up email to the address in the signed link (POST; GET asks first)."""
    email = tokens.read_unsubscribe_token(token)
    if email is None:
        return render(request, "advocacy/unsubscribe.html", {"valid": False}, status=400)
    done = False
    if request.method == "POST":
        services.unfollow_actions(email=email)
        done = True
    return render(request, "advocacy/unsubscribe.html", {"valid": True, "done": done})
