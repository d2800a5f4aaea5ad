"""Public pages: signing up to volunteer (confirmed from the emailed link, stopped from
another), and drives with their counts, the pledge form, its thanks and its cancellation.

The sign-up answers every address the same ("check your email") and shows no one's
details but from the link in her own inbox; what she pledged is kept in her session for the
thanks page, and her cancel link is only ever emailed.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from callidarity.core.ratelimit import allow

from . import selectors, services, tokens
from .exceptions import DriveClosed, DriveError, TooMany, VolunteerError
from .forms import PledgeForm, VolunteerForm
from .models import Drive, Pledge, Volunteer

TOO_MANY_ATTEMPTS = gettext_lazy(
    "Too many attempts from your connection. Please wait and try again."
)
SIGNUPS_PER_HOUR = 20
PLEDGES_PER_HOUR = 30
LINKS_PER_HOUR = 60
NOT_TAKING = gettext_lazy("This drive is not taking pledges.")


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


# --- volunteers ----------------------------------------------------------------------------


def _signup_page(request: HttpRequest, form: VolunteerForm, *, status: int = 200) -> HttpResponse:
    return render(request, "volunteers/signup.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Take what she can do and email her a link to confirm it."""
    if request.method != "POST":
        return _signup_page(request, VolunteerForm())
    form = VolunteerForm(request.POST)
    sent = reverse("volunteers:signup-sent")
    if form.is_bot():
        return HttpResponseRedirect(sent)  # looks like success; nothing kept
    if not allow(request, "volunteer-signup", limit=SIGNUPS_PER_HOUR):
        form.add_error(None, str(TOO_MANY_ATTEMPTS))
        return _signup_page(request, form, status=429)
    if not form.is_valid():
        return _signup_page(request, form, status=400)
    data = form.cleaned_data
    try:
        services.request_signup(
            services.SignupDetails(
                name=data["name"], email=data["email"], phone=data["phone"],
                zip_code=data["zip_code"], skills=list(data["skills"]),
                other_skill=data["other_skill"], languages=data["languages"],
                availability=data["availability"], language=_language(),
            )
        )  # fmt: skip
    except VolunteerError as error:
        form.add_error(None, str(error))
        return _signup_page(request, form, status=400)
    # The same answer, whoever the address belongs to and whether she volunteers already.
    return HttpResponseRedirect(sent)


@require_safe
def signup_sent(request: HttpRequest) -> HttpResponse:
    """Thank her and ask her to open the link we emailed."""
    return render(request, "volunteers/signup_sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Show what she signed up with (GET), and make it so (POST: link scanners only GET)."""
    signup_id = tokens.read_confirm_token(token)
    found = selectors.get_signup(signup_id) if signup_id is not None else None
    if found is None:
        error = _(
            "This confirmation link is not valid, or more than a week old. "
            "Copy the whole link from your email, or sign up again."
        )
        return render(request, "volunteers/signup_confirm.html", {"error": error}, status=400)
    context: dict[str, Any] = {"signup": found, "done": found.confirmed_at is not None}
    if request.method == "POST" and not context["done"]:
        if not allow(request, "volunteer-link", limit=LINKS_PER_HOUR):
            context["error"] = str(TOO_MANY_ATTEMPTS)
            return render(request, "volunteers/signup_confirm.html", context, status=429)
        services.confirm_signup(signup=found)
        context["done"] = True
    return render(request, "volunteers/signup_confirm.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def volunteer_stop(request: HttpRequest, token: str) -> HttpResponse:
    """Ask her to confirm (GET), then take her off the list (POST); a bad link is a 400."""
    volunteer_id = tokens.read_stop_token(token)
    found = selectors.get_volunteer(volunteer_id) if volunteer_id is not None else None
    if found is None:
        error = _("This link is not valid. Copy the whole link from your email.")
        return render(request, "volunteers/volunteer_stop.html", {"error": error}, status=400)
    context: dict[str, Any] = {
        "volunteer": found,
        "done": found.status == Volunteer.Status.STOPPED,
    }
    if request.method == "POST" and not context["done"]:
        if not allow(request, "volunteer-link", limit=LINKS_PER_HOUR):
            context["error"] = str(TOO_MANY_ATTEMPTS)
            return render(request, "volunteers/volunteer_stop.html", context, status=429)
        services.stop_volunteering(volunteer=found)
        context["done"] = True
    return render(request, "volunteers/volunteer_stop.html", context)


# --- drives --------------------------------------------------------------------------------


def _drive_or_404(slug: str) -> Drive:
    try:
        return selectors.get_public_drive(slug)
    except Drive.DoesNotExist:
        raise Http404(_("No such drive.")) from None


def _session_key(drive: Drive) -> str:
    return f"drive:{drive.pk}"


@require_safe
def drive_list(request: HttpRequest) -> HttpResponse:
    """List the published drives, those ending soonest first."""
    return render(request, "volunteers/drive_list.html", {"drives": selectors.list_public_drives()})


def _detail(
    request: HttpRequest, drive: Drive, form: PledgeForm | None = None, *, status: int = 200
) -> HttpResponse:
    progress = selectors.list_item_progress(drive)
    items = [row.item for row in progress]
    form = form or PledgeForm(items=items)
    fields = {f.name: f for f in form.item_fields()}
    context = {
        "drive": drive,
        "rows": [(row, fields.get(PledgeForm.item_field(row.item))) for row in progress],
        "form": form,
        "takes": drive.takes_pledges,
        "anything_needed": any(row.still_needed for row in progress),
    }
    return render(request, "volunteers/drive_detail.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def drive_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the drive's items with their counts; take a pledge on POST, then thank her."""
    drive = _drive_or_404(slug)
    if request.method != "POST":
        return _detail(request, drive)
    items = [row.item for row in selectors.list_item_progress(drive)]
    form = PledgeForm(request.POST, items=items)
    thanks = reverse("volunteers:pledge-thanks", args=[drive.slug])
    if form.is_bot():
        return HttpResponseRedirect(thanks)  # looks like success; nothing kept
    if not drive.takes_pledges:
        form.add_error(None, str(NOT_TAKING))
        return _detail(request, drive, form, status=409)
    if not allow(request, "drive-pledge", limit=PLEDGES_PER_HOUR):
        form.add_error(None, str(TOO_MANY_ATTEMPTS))
        return _detail(request, drive, form, status=429)
    if not form.is_valid():
        return _detail(request, drive, form, status=400)
    data = form.cleaned_data
    try:
        result = services.pledge(
            drive=drive, name=data["name"], email=data["email"],
            quantities=form.quantities(), submission=data["submission"], language=_language(),
        )  # fmt: skip
    except (DriveClosed, TooMany) as error:
        form.add_error(None, str(error))
        return _detail(request, drive, form, status=409)
    except DriveError as error:
        form.add_error(None, str(error))
        return _detail(request, drive, form, status=400)
    request.session[_session_key(drive)] = str(result.pledges[0].submission)
    return HttpResponseRedirect(thanks)


@require_safe
def pledge_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    """Thank her for her pledge, with what she pledged and where to bring it."""
    drive = _drive_or_404(slug)
    try:
        submission = uuid.UUID(str(request.session.get(_session_key(drive), "")))
    except ValueError:
        return HttpResponseRedirect(drive.get_absolute_url() + "#pledge")
    pledges = [
        p for p in selectors.list_submission_pledges(submission) if p.item.drive_id == drive.pk
    ]
    if not pledges:
        return HttpResponseRedirect(drive.get_absolute_url() + "#pledge")
    context = {"drive": drive, "pledges": pledges, "first_name": pledges[0].name.split()[0]}
    return render(request, "volunteers/pledge_thanks.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def pledge_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Ask her to confirm (GET), then cancel the pledges of her form (POST)."""
    submission = tokens.read_cancel_token(token)
    pledges = selectors.list_submission_pledges(submission) if submission is not None else []
    if submission is None or not pledges:
        error = _("This cancellation link is not valid. Copy the whole link from your email.")
        return render(request, "volunteers/pledge_cancel.html", {"error": error}, status=400)
    drive = pledges[0].item.drive
    if drive.status == Drive.Status.DRAFT:
        error = _("This drive is no longer open for changes.")
        return render(request, "volunteers/pledge_cancel.html", {"error": error}, status=409)
    open_ = [p for p in pledges if p.status == Pledge.Status.PLEDGED]
    context: dict[str, Any] = {"drive": drive, "pledges": pledges, "open": open_}
    if request.method == "POST" and open_:
        if not allow(request, "drive-cancel", limit=LINKS_PER_HOUR):
            context["error"] = str(TOO_MANY_ATTEMPTS)
            return render(request, "volunteers/pledge_cancel.html", context, status=429)
        pledges = services.cancel_submission(submission=submission)
        context.update(pledges=pledges, open=[], done=True)
    return render(request, "volunteers/pledge_cancel.html", context)
