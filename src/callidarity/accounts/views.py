"""Two-factor pages for staff: set up an authenticator, verify a session, recovery codes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_otp import login as otp_login  # type: ignore[import-untyped]
from django_otp.plugins.otp_static.models import StaticDevice  # type: ignore[import-untyped]

from callidarity.core.ratelimit import allow

from . import authenticator, selectors, services
from .decorators import staff_view, two_factor_redirect
from .exceptions import InvalidToken
from .forms import ConfirmAuthenticatorForm, VerifyForm
from .roles import Role

# Codes tried per person and address; django-otp also slows each device down after a miss.
CODE_ATTEMPTS = 10
CODE_WINDOW_SECONDS = 15 * 60


def _next_url(request: HttpRequest) -> str:
    """Return the ?next= address when it is on this site, else the admin's index."""
    candidate = request.GET.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _staff(request: HttpRequest) -> AbstractUser:
    # staff_view has let only active staff in; this narrows the type for what follows.
    if not isinstance(request.user, AbstractUser):
        raise PermissionDenied
    return request.user


def _code_allowed(request: HttpRequest) -> bool:
    return allow(
        request,
        f"accounts.two_factor.{request.user.pk}",
        limit=CODE_ATTEMPTS,
        window=CODE_WINDOW_SECONDS,
    )


def _refused_message(error: InvalidToken) -> str:
    if error.throttled:
        return _("Too many wrong codes in a row. Wait a moment, then try again.")
    return _("That code does not match. Check the time on your phone and try the newest code.")


def _too_many_message() -> str:
    return _("Too many tries. Wait 15 minutes, then try again.")


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    shown = [f"{code[:4]}-{code[4:]}" for code in codes]
    return render(
        request, "accounts/recovery_codes.html", {"codes": shown, "next_url": _next_url(request)}
    )


@staff_view("accounts.self")
@require_safe
def account_detail(request: HttpRequest) -> HttpResponse:
    """Show who is signed in, their roles and the state of their second factor."""
    user = _staff(request)
    held = selectors.roles_of(user)
    context = {
        "roles": [role.label for role in Role if role in held],
        "has_two_factor": selectors.has_two_factor(user),
        "verified": selectors.is_verified(user),
        "codes_left": selectors.count_recovery_codes(user),
    }
    return render(request, "accounts/account_detail.html", context)


@staff_view("accounts.self")
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponseBase:
    """Add an authenticator app: scan or type the secret, confirm a code, get recovery codes."""
    user = _staff(request)
    # Someone holding only the password must not add a second factor of their own.
    if selectors.has_two_factor(user) and not selectors.is_verified(user):
        return two_factor_redirect(request)
    device = services.start_totp_setup(user=user)
    form = ConfirmAuthenticatorForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if not _code_allowed(request):
            form.add_error(None, _too_many_message())
            status = 429
        elif form.is_valid():
            try:
                codes = services.confirm_totp_device(
                    user=user, device=device, token=form.cleaned_data["code"]
                )
            except InvalidToken as error:
                form.add_error("code", _refused_message(error))
            else:
                # A new privilege level, a new session key (as Django's login does).
                request.session.cycle_key()
                otp_login(request, device)
                return _show_codes(request, codes)
    context = {
        "form": form,
        "replacing": selectors.has_two_factor(user),
        "qr_code": authenticator.qr_code_svg(authenticator.authenticator_url(device)),
        "secret": authenticator.secret_for_reading(device),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@staff_view("accounts.self")
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponseBase:
    """Ask for a code from the authenticator app (or a recovery code), then go on to ?next=."""
    user = _staff(request)
    if not selectors.has_two_factor(user):
        return HttpResponseRedirect(
            reverse("accounts:two-factor-setup") + "?" + request.GET.urlencode()
        )
    form = VerifyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if not _code_allowed(request):
            form.add_error(None, _too_many_message())
            status = 429
        elif form.is_valid():
            try:
                device = services.verify_second_factor(user=user, code=form.cleaned_data["code"])
            except InvalidToken as error:
                form.add_error("code", _refused_message(error))
            else:
                request.session.cycle_key()
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    left = selectors.count_recovery_codes(user)
                    messages.warning(
                        request,
                        _("You used a recovery code. Recovery codes left: %(count)d.")
                        % {"count": left},
                    )
                return HttpResponseRedirect(_next_url(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form}, status=status)


@staff_view("accounts.self")
@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponseBase:
    """Replace the recovery codes with ten new ones (the old ones stop working)."""
    user = _staff(request)
    if not selectors.is_verified(user):
        return two_factor_redirect(request)
    if request.method == "POST":
        return _show_codes(request, services.issue_recovery_codes(user=user))
    return render(request, "accounts/recovery_codes_regenerate.html")
