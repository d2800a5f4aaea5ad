"""Follow a bill by email: the form on a bill's page, confirmation and unsubscribe.

The form answers every address the same way (sent to "check your email"), so nobody learns
whether an address already follows a bill. The confirmation link asks for a button press
(link scanners only GET), and the unsubscribe link takes the RFC 8058 one-click POST.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from callidarity.core.ratelimit import allow

from .. import selectors, tokens
from ..forms import FollowForm
from ..models import Bill
from ..services import follows

TOO_MANY = gettext_lazy("Too many attempts from your connection. Please wait and try again.")
FOLLOWS_PER_HOUR = 30


def bill_or_404(slug: str) -> Bill:
    try:
        return selectors.get_public_bill(slug)
    except Bill.DoesNotExist:
        raise Http404(_("No such bill.")) from None


def follow_context(request: HttpRequest, bill: Bill) -> dict[str, Any]:
    """Return what the bill page needs to show the follow form and the hearings."""
    return {
        "follow_form": FollowForm(),
        "hearings": list(selectors.list_upcoming_public_hearings(bill)),
    }


def _form_page(request: HttpRequest, bill: Bill, form: FollowForm, *, status: int) -> HttpResponse:
    context = {"bill": bill, "follow_form": form}
    return render(request, "legislation/follow_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    """Take an address for the bill's news and email it a confirmation link (GET: the form)."""
    bill = bill_or_404(slug)
    if request.method != "POST":
        return _form_page(request, bill, FollowForm(), status=200)
    form = FollowForm(request.POST)
    sent = reverse("legislation:follow-sent", args=[bill.slug])
    if form.is_bot():
        return HttpResponseRedirect(sent)  # looks like success; nothing kept
    if not allow(request, "bill-follow", limit=FOLLOWS_PER_HOUR):
        form.add_error(None, str(TOO_MANY))
        return _form_page(request, bill, form, status=429)
    if not form.is_valid():
        return _form_page(request, bill, form, status=400)
    try:
        follows.request_follow(
            bill=bill,
            email=form.cleaned_data["email"],
            language=get_language() or settings.LANGUAGE_CODE,
        )
    except ValidationError:
        form.add_error("email", _("Enter a valid email address, like ana@example.org."))
        return _form_page(request, bill, form, status=400)
    return HttpResponseRedirect(sent)


@require_safe
def follow_sent(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask her to open the link we emailed (the same page for every address)."""
    bill = bill_or_404(slug)
    return render(request, "legislation/follow_sent.html", {"bill": bill})


# HEAD as GET: link checkers and mail scanners ask it of emailed links, and it confirms nothing.
@require_http_methods(["GET", "HEAD", "POST"])
def follow_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Confirm a follow from the emailed link: GET asks, the button's POST confirms."""
    bill = bill_or_404(slug)
    follower_id = tokens.read_confirm_token(token)
    follower = selectors.get_follower(follower_id) if follower_id is not None else None
    context: dict[str, Any] = {"bill": bill}
    if follower is None or follower.bill_id != bill.pk:
        return render(request, "legislation/follow_confirm.html", context, status=400)
    context["valid"] = True
    if request.method == "POST":
        follows.confirm_follow(follower=follower)
        context["confirmed"] = True
    return render(request, "legislation/follow_confirm.html", context)


@csrf_exempt  # RFC 8058: mail apps POST here without our form; the signed token is the key
@require_http_methods(["GET", "HEAD", "POST"])
def follow_unsubscribe(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Stop the bill's emails to the follow in the signed link: one click, no login.

    Not rate-limited (mail providers post these for many people from a few addresses), and
    it works for a bill unlisted since: a link in an old email must always stop the emails.
    """
    follower_id = tokens.read_unsubscribe_token(token)
    follower = selectors.get_follower(follower_id) if follower_id is not None else None
    if follower is None or follower.bill.slug != slug:
        return render(request, "legislation/follow_unsubscribe.html", {}, status=400)
    context: dict[str, Any] = {"bill": follower.bill, "valid": True}
    if request.method == "POST":
        follows.unfollow(token=token)
        context["done"] = True
    return render(request, "legislation/follow_unsubscribe.html", context)
