"""Public campaign pages: the list, a campaign with its donate form, thanks, and JSON."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from callidarity.core.middleware import allow_framing
from callidarity.core.ratelimit import allow
from callidarity.donations.exceptions import DonationError
from callidarity.donations.forms import DonateForm
from callidarity.donations.selectors import get_donation_by_public_id, list_recent_gifts
from callidarity.donations.services import start_donation

from . import selectors
from .models import Campaign


def _campaign_or_404(slug: str) -> Campaign:
    try:
        return selectors.get_public_campaign(slug)
    except Campaign.DoesNotExist:
        raise Http404(_("No such campaign.")) from None


def _embed_code(embed_url: str, title: str) -> str:
    """Return the <iframe> snippet other sites paste to show the progress widget.

    Plain text, not markup for this page: the template escapes it into a textarea.
    """
    label = _("%(title)s: fundraising progress") % {"title": title}
    return (
        f'<iframe src="{escape(embed_url)}" title="{escape(label)}" '
        f'width="320" height="240" loading="lazy"></iframe>'
    )


def _detail_context(request: HttpRequest, campaign: Campaign, form: DonateForm) -> dict[str, Any]:
    progress, money_flow = selectors.get_page_figures(campaign)
    embed_url = request.build_absolute_uri(
        reverse("campaigns:campaign-embed", args=[campaign.slug])
    )
    return {
        "campaign": campaign,
        "progress": progress,
        "money_flow": money_flow,
        "recent_gifts": list_recent_gifts(fund_account=campaign.fund_account),
        "form": form,
        "share_url": request.build_absolute_uri(campaign.get_absolute_url()),
        "embed_code": _embed_code(embed_url, campaign.title),
    }


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """List the live campaigns with their progress."""
    campaigns = [(c, selectors.get_progress(c)) for c in selectors.list_live_campaigns()]
    return render(request, "campaigns/home.html", {"campaigns": campaigns})


@require_GET
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a campaign: story, progress, recent gifts and the donate form."""
    campaign = _campaign_or_404(slug)
    form = DonateForm(currency=campaign.currency)
    return render(
        request, "campaigns/campaign_detail.html", _detail_context(request, campaign, form)
    )


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
        form.add_error(
            None, _("Too many attempts from your connection. Please wait and try again.")
        )
        status = 429
    elif form.is_valid():
        data = form.cleaned_data
        thanks = request.build_absolute_uri(
            reverse("campaigns:campaign-thanks", args=[slug]) + "?donation=DONATION_ID"
        )
        try:
            _donation, url = start_donation(
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
            return HttpResponseRedirect(url)
    response = render(
        request,
        "campaigns/campaign_detail.html",
        _detail_context(request, campaign, form),
        status=status,
    )
    return response


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


@allow_framing
@cache_control(public=True, max_age=60)
@require_GET
def campaign_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the progress widget that other sites frame: title, bar, donors and a Give link."""
    campaign = _campaign_or_404(slug)
    context = {
        "campaign": campaign,
        "progress": selectors.get_progress(campaign),
        "campaign_url": request.build_absolute_uri(campaign.get_absolute_url()),
    }
    return render(request, "campaigns/campaign_embed.html", context)


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
