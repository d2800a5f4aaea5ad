"""Public campaign pages: the list, a campaign with its donate form and wall, thanks, JSON."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from callidarity.core.ratelimit import allow
from callidarity.donations.exceptions import DonationError
from callidarity.donations.forms import DonateForm
from callidarity.donations.selectors import get_donation_by_public_id, list_recent_gifts
from callidarity.donations.services import start_donation

from . import selectors, services
from .exceptions import WallClosed, WallError
from .forms import WallPostForm
from .models import Campaign, WallPost

# How many of the newest wall messages the campaign page shows, and each wall page.
WALL_SHOWN = 50
# Messages shown near the wall, not at the top of the page (see base.html).
WALL_TAG = "wall"
TOO_MANY = gettext_lazy("Too many attempts from your connection. Please wait and try again.")


def _campaign_or_404(slug: str) -> Campaign:
    try:
        return selectors.get_public_campaign(slug)
    except Campaign.DoesNotExist:
        raise Http404(_("No such campaign.")) from None


def _detail_context(
    campaign: Campaign,
    form: DonateForm | None = None,
    *,
    wall_form: WallPostForm | None = None,
    wall_error: str = "",
) -> dict[str, Any]:
    wall_posts = list(selectors.list_wall_posts(campaign)[: WALL_SHOWN + 1])
    return {
        "campaign": campaign,
        "progress": selectors.get_progress(campaign),
        "recent_gifts": list_recent_gifts(fund_account=campaign.fund_account),
        "form": form if form is not None else DonateForm(currency=campaign.currency),
        # One more than shown, to know whether to link to older messages.
        "wall_posts": wall_posts[:WALL_SHOWN],
        "wall_has_more": len(wall_posts) > WALL_SHOWN,
        "wall_form": wall_form if wall_form is not None else WallPostForm(),
        "wall_error": wall_error,
    }


def _back_to_wall(campaign: Campaign) -> HttpResponseRedirect:
    return HttpResponseRedirect(campaign.get_absolute_url() + "#wall")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """List the live campaigns with their progress."""
    campaigns = [(c, selectors.get_progress(c)) for c in selectors.list_live_campaigns()]
    return render(request, "campaigns/home.html", {"campaigns": campaigns})


@require_GET
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a campaign: story, progress, recent gifts and the donate form."""
    campaign = _campaign_or_404(slug)
    return render(request, "campaigns/campaign_detail.html", _detail_context(campaign))


@require_http_methods(["GET", "POST"])
def campaign_donate(request: HttpRequest, slug: str) -> HttpResponse:
    """Take the donate form: send the donor to checkout, or show what to fix (4xx)."""
    campaign = _campaign_or_404(slug)
    if request.method == "GET":
        return HttpResponseRedirect(campaign.get_absolute_url() + "#donate")
    form = DonateForm(request.POST, currency=campaign.currency)
    if form.is_bot():
        # Looks like success to a bot; stores nothing.
        return HttpResponseRedirect(reverse("campaigns:campaign-thanks", args=[slug]))
    status = 400
    if not campaign.is_live:
        form.add_error(None, _("This campaign has closed and no longer takes gifts."))
        status = 409
    elif not allow(request, "donate"):
        form.add_error(None, str(TOO_MANY))
        status = 429
    elif form.is_valid():
        data = form.cleaned_data
        thanks = request.build_absolute_uri(
            reverse("campaigns:campaign-thanks", args=[slug]) + "?donation=DONATION_ID"
        )
        try:
            donation, url = start_donation(
                fund_account=campaign.fund_account,
                amount=data["amount"],
                email=data["email"],
                name=data["name"],
                is_anonymous=data["anonymous"],
                message=data["message"],
                success_url=thanks,
                cancel_url=request.build_absolute_uri(campaign.get_absolute_url()),
                campaign_title=campaign.title,
            )
        except DonationError as exc:
            form.add_error(None, str(exc))
            status = 503
        else:
            # The message waits on the wall, unseen until the gift is paid.
            services.add_gift_message(campaign=campaign, donation=donation)
            return HttpResponseRedirect(url)
    response = render(
        request, "campaigns/campaign_detail.html", _detail_context(campaign, form), status=status
    )
    return response


def _say_posted(request: HttpRequest, status: str) -> None:
    if status == WallPost.Status.VISIBLE:
        text = _("Thank you. Your message is on the wall.")
    else:
        text = _("Thank you. Your message will appear once a moderator has approved it.")
    messages.success(request, text, extra_tags=WALL_TAG)


@require_http_methods(["GET", "POST"])
def campaign_wall(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the whole wall a page at a time (GET), or take a new message (POST).

    A new message goes back to the wall with a thank-you, or the form shows what to fix
    (4xx). A closed campaign's wall stays up and can still be reported, but takes no new
    messages (409): nobody may be watching it any more to moderate.
    """
    campaign = _campaign_or_404(slug)
    if request.method == "GET":
        # get_page turns a missing, bad or too-large number into the first or last page.
        page = Paginator(selectors.list_wall_posts(campaign), WALL_SHOWN).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "campaigns/campaign_wall.html",
            {"campaign": campaign, "page": page, "wall_posts": page.object_list},
        )
    form = WallPostForm(request.POST)
    if form.is_bot():
        # Looks like success to a bot (the same words a person would get); stores nothing.
        held = campaign.moderation == Campaign.Moderation.PRE
        _say_posted(request, WallPost.Status.HELD if held else WallPost.Status.VISIBLE)
        return _back_to_wall(campaign)
    status = 400
    if not campaign.is_live:
        form.add_error(None, _("This campaign has closed and its wall takes no new messages."))
        status = 409
    elif not allow(request, "wall"):
        form.add_error(None, str(TOO_MANY))
        status = 429
    elif form.is_valid():
        try:
            post = services.post_to_wall(
                campaign=campaign,
                body=form.cleaned_data["body"],
                display_name=form.cleaned_data["name"],
            )
        except WallClosed as exc:  # closed since the page was read
            form.add_error(None, str(exc))
            status = 409
        except WallError as exc:
            form.add_error(None, str(exc))
        else:
            _say_posted(request, post.status)
            return _back_to_wall(campaign)
    return render(
        request,
        "campaigns/campaign_detail.html",
        _detail_context(campaign, wall_form=form),
        status=status,
    )


@require_POST
def wall_report(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    """Take a visitor's report of a wall message: it is held for review (429 when too many)."""
    campaign = _campaign_or_404(slug)
    try:
        post = selectors.get_wall_post(campaign, post_id)
    except WallPost.DoesNotExist:
        raise Http404(_("No such message.")) from None
    if not allow(request, "wall-report"):
        return render(
            request,
            "campaigns/campaign_detail.html",
            _detail_context(campaign, wall_error=str(TOO_MANY)),
            status=429,
        )
    services.report_post(post=post)
    messages.success(
        request, _("Thank you. A moderator will look at this message."), extra_tags=WALL_TAG
    )
    return _back_to_wall(campaign)


@require_GET
def campaign_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    """Thank the donor; say whether the payment is confirmed yet."""
    campaign = _campaign_or_404(slug)
    donation = None
    ref = request.GET.get("donation", "")
    if ref:
        try:
            donation = get_donation_by_public_id(ref)
        except (ValueError, ValidationError):  # not a UUID (the UUIDField raises ValidationError)
            donation = None
        if donation is not None and donation.fund_account_id != campaign.fund_account_id:
            donation = None
    return render(
        request,
        "campaigns/campaign_thanks.html",
        {"campaign": campaign, "donation": donation, "progress": selectors.get_progress(campaign)},
    )


@require_GET
def campaign_api(request: HttpRequest, slug: str) -> JsonResponse:
    """Return the campaign's progress as JSON."""
    try:
        campaign = selectors.get_public_campaign(slug)
    except Campaign.DoesNotExist:
        return JsonResponse({"error": "not found"}, status=404)
    progress = selectors.get_progress(campaign)
    response = JsonResponse(
        {
            "slug": campaign.slug,
            "title": campaign.title,
            "goal_cents": campaign.goal_cents,
            "raised_cents": progress.raised_cents,
            "currency": campaign.currency,
            "donor_count": progress.donor_count,
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
