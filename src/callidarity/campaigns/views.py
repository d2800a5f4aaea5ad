"""Public campaign pages: the list, a campaign with its donate form and wall, thanks, JSON,
its updates, and following it by email."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from callidarity.advocacy import selectors as advocacy_selectors
from callidarity.core.middleware import allow_framing
from callidarity.core.ratelimit import allow
from callidarity.donations.exceptions import DonationError
from callidarity.donations.forms import DonateForm
from callidarity.donations.selectors import (
    get_donation_by_public_id,
    get_monthly_by_public_id,
    list_recent_gifts,
)
from callidarity.donations.services import start_donation, start_monthly_donation

from . import selectors, services, tokens
from .exceptions import WallClosed, WallError
from .forms import SubscribeForm, WallPostForm
from .models import Campaign, Subscription, Update, WallPost

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


def _embed_code(embed_url: str, title: str) -> str:
    """Return the <iframe> snippet other sites paste to show the progress widget.

    Plain text, not markup for this page: the template escapes it into a textarea.
    """
    label = _("%(title)s: fundraising progress") % {"title": title}
    return (
        f'<iframe src="{escape(embed_url)}" title="{escape(label)}" '
        f'width="320" height="240" loading="lazy"></iframe>'
    )


def _detail_context(
    request: HttpRequest,
    campaign: Campaign,
    form: DonateForm | None = None,
    *,
    wall_form: WallPostForm | None = None,
    wall_error: str = "",
) -> dict[str, Any]:
    progress, money_flow = selectors.get_page_figures(campaign)
    embed_url = request.build_absolute_uri(
        reverse("campaigns:campaign-embed", args=[campaign.slug])
    )
    wall_posts = list(selectors.list_wall_posts(campaign)[: WALL_SHOWN + 1])
    return {
        "campaign": campaign,
        "progress": progress,
        "money_flow": money_flow,
        "impact_goal": selectors.get_impact_goal(campaign),
        "recent_gifts": list_recent_gifts(fund_account=campaign.fund_account),
        "updates": selectors.list_published_updates(campaign)[:3],
        "actions": list(selectors.list_campaign_actions(campaign)),
        "form": form if form is not None else DonateForm(currency=campaign.currency),
        "share_url": request.build_absolute_uri(campaign.get_absolute_url()),
        "embed_code": _embed_code(embed_url, campaign.title),
        # One more than shown, to know whether to link to older messages.
        "wall_posts": wall_posts[:WALL_SHOWN],
        "wall_has_more": len(wall_posts) > WALL_SHOWN,
        "wall_form": wall_form if wall_form is not None else WallPostForm(),
        "wall_error": wall_error,
    }


def _back_to_wall(campaign: Campaign) -> HttpResponseRedirect:
    return HttpResponseRedirect(campaign.get_absolute_url() + "#wall")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """List the live campaigns with their progress."""
    campaigns = [(c, selectors.get_progress(c)) for c in selectors.list_live_campaigns()]
    context = {"campaigns": campaigns, "actions": advocacy_selectors.list_live_actions()}
    return render(request, "campaigns/home.html", context)


@require_safe
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a campaign: story, progress, recent gifts and the donate form."""
    campaign = _campaign_or_404(slug)
    return render(request, "campaigns/campaign_detail.html", _detail_context(request, campaign))


@require_http_methods(["GET", "HEAD", "POST"])
def campaign_donate(request: HttpRequest, slug: str) -> HttpResponse:
    """Take the donate form: send the donor to checkout, or show what to fix (4xx)."""
    campaign = _campaign_or_404(slug)
    if request.method in ("GET", "HEAD"):
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
        language = get_language() or "en"
        monthly = data["frequency"] == DonateForm.MONTHLY
        thanks_path = reverse("campaigns:campaign-thanks", args=[slug])
        gift: dict[str, Any] = {
            "fund_account": campaign.fund_account,
            "amount": data["amount"],
            "email": data["email"],
            "name": data["name"],
            "is_anonymous": data["anonymous"],
            "message": data["message"],
            "cover_fees": data["cover_fees"],
            "cancel_url": request.build_absolute_uri(campaign.get_absolute_url()),
            "campaign_title": campaign.title,
        }
        try:
            if monthly:
                plan, url = start_monthly_donation(
                    **gift,
                    language=language,
                    success_url=request.build_absolute_uri(thanks_path + "?monthly=MONTHLY_ID"),
                )
                opt_in: dict[str, Any] = {"plan": plan}
            else:
                donation, url = start_donation(
                    **gift,
                    success_url=request.build_absolute_uri(thanks_path + "?donation=DONATION_ID"),
                )
                opt_in = {"donation": donation}
                # The message waits on the wall, unseen until the gift is paid.
                services.add_gift_message(campaign=campaign, donation=donation)
        except DonationError as exc:
            form.add_error(None, str(exc))
            status = 503
        else:
            if data["wants_updates"]:
                services.opt_in_donor(campaign=campaign, language=language, **opt_in)
            return HttpResponseRedirect(url)
    response = render(
        request,
        "campaigns/campaign_detail.html",
        _detail_context(request, campaign, form),
        status=status,
    )
    return response


@require_safe
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
    plan = None
    ref = request.GET.get("monthly", "")
    if ref:
        try:
            plan = get_monthly_by_public_id(ref)
        except (ValueError, ValidationError):
            plan = None
        if plan is not None and plan.fund_account_id != campaign.fund_account_id:
            plan = None
    return render(
        request,
        "campaigns/campaign_thanks.html",
        {
            "campaign": campaign,
            "donation": donation,
            "plan": plan,
            "progress": selectors.get_progress(campaign),
        },
    )


@allow_framing
@cache_control(public=True, max_age=60)
@require_safe
def campaign_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the progress widget that other sites frame: title, bar, donors and a Give link."""
    campaign = _campaign_or_404(slug)
    context = {
        "campaign": campaign,
        "progress": selectors.get_progress(campaign),
        "campaign_url": request.build_absolute_uri(campaign.get_absolute_url()),
    }
    return render(request, "campaigns/campaign_embed.html", context)


@require_safe
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


def _say_posted(request: HttpRequest, status: str) -> None:
    if status == WallPost.Status.VISIBLE:
        text = _("Thank you. Your message is on the wall.")
    else:
        text = _("Thank you. Your message will appear once a moderator has approved it.")
    messages.success(request, text, extra_tags=WALL_TAG)


@require_http_methods(["GET", "HEAD", "POST"])
def campaign_wall(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the whole wall a page at a time (GET), or take a new message (POST).

    A new message goes back to the wall with a thank-you, or the form shows what to fix
    (4xx). A closed campaign's wall stays up and can still be reported, but takes no new
    messages (409): nobody may be watching it any more to moderate.
    """
    campaign = _campaign_or_404(slug)
    if request.method in ("GET", "HEAD"):
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
        _detail_context(request, campaign, wall_form=form),
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
            _detail_context(request, campaign, wall_error=str(TOO_MANY)),
            status=429,
        )
    services.report_post(post=post)
    messages.success(
        request, _("Thank you. A moderator will look at this message."), extra_tags=WALL_TAG
    )
    return _back_to_wall(campaign)


@require_safe
def update_list(request: HttpRequest, slug: str) -> HttpResponse:
    """List every published update of a campaign, newest first."""
    campaign = _campaign_or_404(slug)
    return render(
        request,
        "campaigns/update_list.html",
        {"campaign": campaign, "updates": selectors.list_published_updates(campaign)},
    )


@require_safe
def update_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Show one published update."""
    campaign = _campaign_or_404(slug)
    try:
        update = selectors.get_published_update(campaign, number)
    except Update.DoesNotExist:
        raise Http404(_("No such update.")) from None
    share_url = request.build_absolute_uri(update.get_absolute_url())
    return render(
        request,
        "campaigns/update_detail.html",
        {"campaign": campaign, "update": update, "share_url": share_url},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    """Take an address for the campaign's updates and send it a confirmation link."""
    campaign = _campaign_or_404(slug)
    if request.method in ("GET", "HEAD"):
        form = SubscribeForm()
        return render(request, "campaigns/subscribe.html", {"campaign": campaign, "form": form})
    form = SubscribeForm(request.POST)
    sent = reverse("campaigns:subscribe-sent", args=[slug])
    if form.is_bot():
        return HttpResponseRedirect(sent)  # looks like success; stores nothing
    status = 400
    if not allow(request, "subscribe"):
        form.add_error(
            None, _("Too many attempts from your connection. Please wait and try again.")
        )
        status = 429
    elif form.is_valid():
        # The same answer whether or not the address already follows: it is nobody's business.
        services.request_subscription(
            campaign=campaign, email=form.cleaned_data["email"], language=get_language() or "en"
        )
        return HttpResponseRedirect(sent)
    return render(
        request, "campaigns/subscribe.html", {"campaign": campaign, "form": form}, status=status
    )


@require_safe
def subscribe_sent(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask the new follower to open the link we emailed."""
    campaign = _campaign_or_404(slug)
    return render(request, "campaigns/subscribe_sent.html", {"campaign": campaign})


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Confirm a subscription from the emailed link (a button, so link scanners cannot)."""
    campaign = _campaign_or_404(slug)
    subscription_id = tokens.read_confirm_token(token)
    subscription = (
        Subscription.objects.filter(pk=subscription_id, campaign=campaign).first()
        if subscription_id is not None
        else None
    )
    context: dict[str, Any] = {"campaign": campaign, "token": token}
    if subscription is None:
        return render(request, "campaigns/subscribe_confirm.html", context, status=400)
    if request.method == "POST":
        services.confirm_subscription(subscription=subscription)
        context["confirmed"] = True
    return render(request, "campaigns/subscribe_confirm.html", {**context, "valid": True})


@csrf_exempt  # RFC 8058: mail apps POST here without our form; the signed token is the key
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Stop the campaign's updates to the address in the signed link: one click, no login."""
    campaign = _campaign_or_404(slug)
    found = tokens.read_unsubscribe_token(token)
    context: dict[str, Any] = {"campaign": campaign, "token": token}
    if found is None or found[0] != campaign.pk:
        return render(request, "campaigns/unsubscribe.html", context, status=400)
    if request.method == "POST":
        services.unsubscribe(campaign_id=campaign.pk, email=found[1])
        context["done"] = True
    return render(request, "campaigns/unsubscribe.html", {**context, "valid": True})
