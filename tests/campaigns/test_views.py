"""The public campaign pages and their JSON, through Django's test client."""

from __future__ import annotations

import html as htmllib
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django import Settings

from callidarity.aid.models import Facility
from callidarity.campaigns.models import Campaign
from callidarity.campaigns.services import create_campaign, set_impact_goal
from callidarity.core.forms import started_stamp
from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.donations.services import (
    complete_sandbox_checkout,
    create_pending_donation,
    record_offline_gift,
    record_refund,
)
from callidarity.ledger.models import Account, Transaction
from callidarity.supporters.models import Supporter
from tests.aid.conftest import give, make_member

pytestmark = pytest.mark.django_db

DETAIL = "/campaigns/phones/"
DONATE = "/campaigns/phones/donate/"
THANKS = "/campaigns/phones/thanks/"
API = "/api/campaigns/phones/"
EMBED = "/campaigns/phones/embed/"
VALID = {"amount": "25", "email": "rosa@example.org", "name": "Rosa Díaz", "message": "Fuerza."}


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Start each test with empty rate-limit counters (the locmem cache outlives a test)."""
    cache.clear()


def _campaign(slug: str, status: str, title: str = "") -> Campaign:
    return create_campaign(
        slug=slug, title=title or f"Campaign {slug}", goal=Money(100_000, "USD"), status=status
    )


def _pending(
    campaign: Campaign, cents: int, email: str, *, name: str = "", message: str = ""
) -> Donation:
    return create_pending_donation(
        fund_account=campaign.fund_account,
        amount=Money(cents, "USD"),
        email=email,
        provider=Donation.Provider.SANDBOX,
        name=name,
        message=message,
    )


def _paid(
    campaign: Campaign, cents: int, email: str, *, name: str = "", message: str = ""
) -> Donation:
    donation = _pending(campaign, cents, email, name=name, message=message)
    paid = complete_sandbox_checkout(donation)
    assert paid is not None
    return paid


def _refund(donation: Donation, cents: int) -> None:
    record_refund(
        payment_intent_id=f"sandbox_pi_{donation.public_id.hex}",
        charge_id=f"sandbox_ch_{donation.public_id.hex}",
        refunded_total=Money(cents, "USD"),
    )


# Home and detail pages


def test_home_lists_live_campaigns_only(client: Client, campaign: Campaign) -> None:
    _campaign("secret", Campaign.Status.DRAFT, "Draft not yet public")
    _campaign("over", Campaign.Status.CLOSED, "Closed last spring")

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/campaigns/phones/"' in html
    assert "Phone funds for moms inside" in html
    assert "Draft not yet public" not in html
    assert "/campaigns/secret/" not in html
    assert "Closed last spring" not in html


def test_home_says_so_when_nothing_is_live(client: Client, db: None) -> None:
    _campaign("secret", Campaign.Status.DRAFT)

    response = client.get("/")

    assert response.status_code == 200
    assert "There are no open campaigns right now." in response.content.decode()


def test_live_campaign_shows_progress_and_the_form(client: Client, campaign: Campaign) -> None:
    _paid(campaign, 2500, "rosa@example.org", name="Rosa Díaz", message="Fuerza, mamás.")

    response = client.get(DETAIL)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<strong class="raised">$25</strong>' in html
    assert "raised of $20,000 goal" in html
    assert '<progress max="100" value="0"' in html
    assert "1 donor" in html
    assert 'action="/campaigns/phones/donate/#donate"' in html
    assert "Rosa Díaz" in html
    # A gift's message shows on the moderated wall only (tests/campaigns/test_wall_views.py).
    assert "Fuerza, mamás." not in html


def test_closed_campaign_shows_without_a_form(client: Client, db: None) -> None:
    _campaign("over", Campaign.Status.CLOSED, "Closed last spring")

    response = client.get("/campaigns/over/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "This campaign has closed. Thank you to everyone who gave." in html
    assert "/campaigns/over/donate/" not in html
    assert 'name="amount"' not in html


@pytest.mark.parametrize("path", ["/campaigns/secret/", "/campaigns/no-such-thing/"])
def test_draft_and_unknown_campaigns_are_not_found(client: Client, db: None, path: str) -> None:
    _campaign("secret", Campaign.Status.DRAFT, "Draft not yet public")

    response = client.get(path)

    assert response.status_code == 404
    assert "Draft not yet public" not in response.content.decode()


def test_story_markdown_is_rendered_and_sanitized(client: Client, db: None) -> None:
    create_campaign(
        slug="story",
        title="Story",
        goal=Money(100_000, "USD"),
        status=Campaign.Status.LIVE,
        story=(
            "Calls home **every week**.\n\n"
            "<script>alert('x')</script>\n\n"
            "[Tap here](javascript:alert(1)) or [read more](https://example.org/more).\n\n"
            '<img src="x" onerror="alert(2)">'
        ),
    )

    html = client.get("/campaigns/story/").content.decode()

    assert "<strong>every week</strong>" in html
    assert "<script" not in html
    assert "alert(" not in html
    assert "javascript:" not in html
    assert ">Tap here</a>" in html  # the link text stays, without its href
    assert "onerror" not in html
    assert "<img" not in html
    assert 'href="https://example.org/more"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


# Donating


def test_valid_gift_goes_to_the_sandbox_checkout(client: Client, campaign: Campaign) -> None:
    response = client.post(DONATE, VALID)

    donation = Donation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/donate/sandbox/{donation.public_id}/"
    assert donation.status == Donation.Status.PENDING
    assert donation.fund_account == campaign.fund_account
    assert (donation.amount_cents, donation.currency) == (2500, "USD")
    assert (donation.display_name, donation.message) == ("Rosa Díaz", "Fuerza.")
    assert donation.donor.email == "rosa@example.org"
    assert donation.success_url == f"http://testserver{THANKS}?donation={donation.public_id}"
    assert donation.cancel_url == f"http://testserver{DETAIL}"
    assert not Transaction.objects.exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("abc", "Enter an amount such as 25 or 25.00."),
        ("", "Enter the amount you want to give."),
        ("0.50", "The smallest gift is $1.00."),
        ("0", "The smallest gift is $1.00."),
        ("-5", "The amount cannot be negative."),
        ("20000", "The largest gift online is $10,000.00. For more, please contact us."),
        ("10000.01", "The largest gift online is $10,000.00. For more, please contact us."),
        ("25.001", "Use at most two digits after the decimal point."),
        ("1e5", "Enter an amount such as 25 or 25.00."),
    ],
)
def test_bad_amounts_are_refused_with_a_message(
    client: Client, campaign: Campaign, amount: str, message: str
) -> None:
    response = client.post(DONATE, {**VALID, "amount": amount})

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<p class="error" id="id_amount_error">{message}</p>' in html
    assert 'aria-invalid="true"' in html
    assert not Donation.objects.exists()
    assert not Supporter.objects.exists()


def test_bad_email_is_refused_and_the_rest_is_kept(client: Client, campaign: Campaign) -> None:
    response = client.post(DONATE, {**VALID, "email": "rosa@"})

    assert response.status_code == 400
    html = response.content.decode()
    expected = "Enter a valid email address, like ana@example.org."
    assert f'<p class="error" id="id_email_error">{expected}</p>' in html
    assert 'value="Rosa Díaz"' in html
    assert "Fuerza.</textarea>" in html
    assert not Donation.objects.exists()


def test_largest_and_smallest_gifts_are_accepted(client: Client, campaign: Campaign) -> None:
    assert client.post(DONATE, {**VALID, "amount": "1"}).status_code == 302
    assert client.post(DONATE, {**VALID, "amount": "$10,000.00"}).status_code == 302
    assert sorted(Donation.objects.values_list("amount_cents", flat=True)) == [100, 1_000_000]


def test_get_donate_redirects_to_the_form(client: Client, campaign: Campaign) -> None:
    response = client.get(DONATE)

    assert response.status_code == 302
    assert response["Location"] == "/campaigns/phones/#donate"


def test_filled_honeypot_looks_like_success_and_stores_nothing(
    client: Client, campaign: Campaign
) -> None:
    response = client.post(DONATE, {**VALID, "website": "http://spam.example"})

    assert response.status_code == 302
    assert response["Location"] == THANKS
    assert not Donation.objects.exists()
    assert not Supporter.objects.exists()


@pytest.mark.parametrize("seconds_ago", [0.5, None], ids=["too-fast", "no-stamp"])
def test_a_form_sent_back_too_fast_or_unstamped_looks_like_success_and_stores_nothing(
    client: Client, campaign: Campaign, settings: Settings, seconds_ago: float | None
) -> None:
    settings.FORM_MIN_FILL_SECONDS = 2
    data = dict(VALID)
    if seconds_ago is not None:
        data["started"] = started_stamp(time.time() - seconds_ago)

    response = client.post(DONATE, data)

    assert (response.status_code, response["Location"]) == (302, THANKS)
    assert not Donation.objects.exists()


def test_a_form_filled_at_a_persons_pace_goes_through(
    client: Client, campaign: Campaign, settings: Settings
) -> None:
    settings.FORM_MIN_FILL_SECONDS = 2
    shown = client.get(DETAIL).content.decode()
    stamp = re.search(r'name="started" value="([^"]+)"', shown)
    assert stamp is not None
    data = {**VALID, "started": started_stamp(time.time() - 3)}

    response = client.post(DONATE, data)

    assert response.status_code == 302
    assert Donation.objects.count() == 1


def test_rate_limit_refuses_with_429_after_the_limit(
    client: Client, campaign: Campaign, settings: Settings
) -> None:
    settings.RATELIMIT_PER_HOUR = 2
    assert client.post(DONATE, VALID).status_code == 302
    assert client.post(DONATE, {**VALID, "amount": "abc"}).status_code == 400  # counts too

    response = client.post(DONATE, VALID)

    assert response.status_code == 429
    assert "Too many attempts from your connection." in response.content.decode()
    assert Donation.objects.count() == 1


def test_closed_campaign_refuses_gifts_with_409(client: Client, db: None) -> None:
    _campaign("over", Campaign.Status.CLOSED)

    response = client.post("/campaigns/over/donate/", VALID)

    assert response.status_code == 409
    assert "This campaign has closed. Thank you to everyone who gave." in response.content.decode()
    assert not Donation.objects.exists()
    assert not Supporter.objects.exists()


def test_draft_campaign_takes_no_gifts(client: Client, db: None) -> None:
    _campaign("secret", Campaign.Status.DRAFT)

    response = client.post("/campaigns/secret/donate/", VALID)

    assert response.status_code == 404
    assert not Donation.objects.exists()


# Thanks page


def test_thanks_confirms_a_paid_gift(client: Client, campaign: Campaign) -> None:
    donation = _paid(campaign, 2500, "rosa@example.org")

    response = client.get(THANKS, {"donation": str(donation.public_id)})

    assert response.status_code == 200
    assert (
        "Your gift of $25.00 to Phone funds for moms inside is confirmed."
        in response.content.decode()
    )


def test_thanks_for_a_pending_gift_says_it_is_being_confirmed(
    client: Client, campaign: Campaign
) -> None:
    donation = _pending(campaign, 2500, "rosa@example.org")

    response = client.get(THANKS, {"donation": str(donation.public_id)})

    assert response.status_code == 200
    assert "We are confirming your payment." in response.content.decode()


@pytest.mark.parametrize(
    "ref",
    ["garbage", "1" * 40, "", "12345678-1234-1234-1234-1234567890ab", "{}", "\u00e9"],
)
def test_thanks_with_an_unknown_reference_is_generic(
    client: Client, campaign: Campaign, ref: str
) -> None:
    response = client.get(THANKS, {"donation": ref})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Thank you for standing with our families." in html
    assert "is confirmed" not in html


def test_thanks_never_shows_another_campaigns_gift(client: Client, campaign: Campaign) -> None:
    other = _campaign("other", Campaign.Status.LIVE)
    foreign = _paid(other, 7700, "rosa@example.org")

    response = client.get(THANKS, {"donation": str(foreign.public_id)})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Thank you for standing with our families." in html
    assert "$77.00" not in html


# JSON


def test_api_returns_exactly_the_public_keys(client: Client, campaign: Campaign) -> None:
    response = client.get(API)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "slug": "phones",
        "title": "Phone funds for moms inside",
        "goal_cents": 2_000_000,
        "raised_cents": 0,
        "currency": "USD",
        "donor_count": 0,
    }


@pytest.mark.parametrize("slug", ["secret", "no-such-thing"])
def test_api_is_404_json_for_drafts_and_unknown(client: Client, db: None, slug: str) -> None:
    _campaign("secret", Campaign.Status.DRAFT)

    response = client.get(f"/api/campaigns/{slug}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "not found"}


def test_api_serves_closed_campaigns(client: Client, db: None) -> None:
    _campaign("over", Campaign.Status.CLOSED)

    assert client.get("/api/campaigns/over/").json()["slug"] == "over"


def test_raised_is_gifts_less_refunds_and_ignores_fees(client: Client, campaign: Campaign) -> None:
    card = _paid(campaign, 2500, "rosa@example.org")  # the sandbox also posts an 85¢ fee
    record_offline_gift(
        fund_account=campaign.fund_account,
        amount=Money(4000, "USD"),
        method=Donation.Method.CHECK,
        email="check@example.org",
    )
    _pending(campaign, 9900, "pending@example.org")  # not paid: counts for nothing
    assert Transaction.objects.filter(kind=Transaction.Kind.PROCESSOR_FEE).count() == 1
    assert client.get(API).json()["raised_cents"] == 6500
    assert client.get(API).json()["donor_count"] == 2

    _refund(card, 1000)
    data = client.get(API).json()
    assert (data["raised_cents"], data["donor_count"]) == (5500, 2)

    _refund(card, 2500)
    data = client.get(API).json()
    assert (data["raised_cents"], data["donor_count"]) == (4000, 1)
    html = client.get(DETAIL).content.decode()
    assert '<strong class="raised">$40</strong>' in html
    assert "1 donor" in html


def _figures(html: str) -> dict[str, str]:
    """Return the "where the money goes" section as {label: amount}."""
    section = html.split('id="money-flow-heading"', 1)[1].split("</section>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", section)
    return dict(pairs)


def test_detail_shows_where_the_money_goes_from_the_ledger(
    client: Client, campaign: Campaign
) -> None:
    assert _figures(client.get(DETAIL).content.decode()) == {
        "Gifts received": "$0.00",
        "Card processing fees": "$0.00",
        "Sent to people inside for calls and commissary": "$0.00",
        "In the fund now": "$0.00",
    }

    card = _paid(campaign, 2500, "rosa@example.org")  # 85¢ fee
    _paid(campaign, 1000, "ada@example.org")  # 52¢ fee
    _refund(card, 500)

    assert _figures(client.get(DETAIL).content.decode()) == {
        "Gifts received": "$35.00",
        "Refunded to donors": "$5.00",
        "Card processing fees": "$1.37",
        "Sent to people inside for calls and commissary": "$0.00",
        "In the fund now": "$28.63",
    }


def test_where_the_money_goes_is_in_spanish_too(client: Client, campaign: Campaign) -> None:
    html = client.get(DETAIL, headers={"Accept-Language": "es"}).content.decode()

    assert "En el fondo ahora" in _figures(html)


# Share links and the embeddable widget


def test_detail_shares_the_absolute_campaign_url(client: Client, db: None) -> None:
    _campaign("calls", Campaign.Status.LIVE, "Calls & care: ¡mamás!")

    html = client.get("/campaigns/calls/").content.decode()

    links = dict(re.findall(r'<a href="([^"]*)">(WhatsApp|X)</a>', html))
    whatsapp, x = (urlsplit(htmllib.unescape(href)) for href in links)
    url = "http://testserver/campaigns/calls/"
    assert parse_qs(whatsapp.query) == {"text": [f"Calls & care: ¡mamás! {url}"]}
    assert parse_qs(x.query) == {"text": ["Calls & care: ¡mamás!"], "url": [url]}
    assert f'id="share-url" value="{url}" readonly' in html


def test_detail_offers_the_embed_code_as_text(client: Client, db: None) -> None:
    _campaign("calls", Campaign.Status.LIVE, 'Calls "home"')

    html = client.get("/campaigns/calls/").content.decode()

    textarea = re.search(r'<textarea id="embed-code"[^>]*readonly[^>]*>(.*?)</textarea>', html)
    assert textarea is not None
    # Escaped once for the page, so the person copies working markup.
    assert htmllib.unescape(textarea.group(1)) == (
        '<iframe src="http://testserver/campaigns/calls/embed/" '
        'title="Calls &quot;home&quot;: fundraising progress" '
        'width="320" height="240" loading="lazy"></iframe>'
    )


def test_embed_shows_progress_and_a_give_link_that_opens_a_new_tab(
    client: Client, campaign: Campaign
) -> None:
    _paid(campaign, 2500, "rosa@example.org")

    response = client.get(EMBED)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Phone funds for moms inside</h1>" in html
    assert '<strong class="raised">$25</strong>' in html
    assert "raised of $20,000 goal" in html
    assert '<progress max="100" value="0"' in html
    assert "1 donor" in html
    assert (
        '<a class="button" href="http://testserver/campaigns/phones/#donate" '
        'target="_blank" rel="noopener">Give'
    ) in html
    assert "<script" not in html
    assert "<form" not in html
    assert not re.search(r"<style|\sstyle=", html)


def test_embed_of_a_closed_campaign_links_to_it_without_a_give_button(
    client: Client, db: None
) -> None:
    _campaign("over", Campaign.Status.CLOSED)

    html = client.get("/campaigns/over/embed/").content.decode()

    assert 'class="button"' not in html
    assert 'href="http://testserver/campaigns/over/" target="_blank" rel="noopener"' in html


def test_embed_may_be_framed_by_any_site(client: Client, campaign: Campaign) -> None:
    response = client.get(EMBED)

    assert "X-Frame-Options" not in response
    csp = response["Content-Security-Policy"]
    assert csp.endswith("frame-ancestors *")
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" not in csp


@pytest.mark.parametrize("slug", ["draft", "missing"])
def test_embed_of_a_draft_or_unknown_campaign_is_404_and_unframable(
    client: Client, db: None, slug: str
) -> None:
    _campaign("draft", Campaign.Status.DRAFT)

    response = client.get(f"/campaigns/{slug}/embed/")

    assert response.status_code == 404
    assert response["X-Frame-Options"] == "DENY"


def test_embed_is_in_spanish_too(client: Client, campaign: Campaign) -> None:
    html = client.get(EMBED, headers={"Accept-Language": "es"}).content.decode()

    assert '<html lang="es">' in html
    assert "(se abre en una pestaña nueva)" in html


def test_one_donor_with_two_gifts_counts_once(client: Client, campaign: Campaign) -> None:
    _paid(campaign, 2500, "rosa@example.org")
    _paid(campaign, 1000, "ROSA@example.org")

    data = client.get(API).json()

    assert (data["raised_cents"], data["donor_count"]) == (3500, 1)


# Headers


@pytest.mark.parametrize(
    "path", ["/", DETAIL, THANKS, DONATE, "/campaigns/no-such-thing/", "/campaigns/no-such/embed/"]
)
def test_pages_carry_csp_and_refuse_framing(client: Client, campaign: Campaign, path: str) -> None:
    response = client.get(path)

    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


def test_pages_use_no_inline_scripts_or_styles(client: Client, campaign: Campaign) -> None:
    # The CSP would block them in the browser.
    for path in ("/", DETAIL, THANKS, EMBED):
        html = client.get(path).content.decode()
        assert "<script" not in html
        assert not re.search(r"<style|\sstyle=", html), path


def test_the_impact_goal_shows_how_many_the_fund_covers(client: Client, campaign: Campaign) -> None:
    assert "people inside are covered now" not in client.get("/campaigns/phones/").content.decode()
    set_impact_goal(campaign=campaign, members=40, label="Weekly calls for 40 moms")
    processor = Account.objects.get(code="assets:processor")
    give(processor, campaign.fund_account, 10_000)
    for _ in range(3):
        make_member(Facility.objects.get(name="Cook County Jail"), campaign.fund_account)
    page = client.get("/campaigns/phones/").content.decode()
    assert "Weekly calls for 40 moms" in page
    assert "<strong>3</strong> of 40 people inside are covered now" in page
    # $100 at 3 x $20 a week (no deposit fee at the jail): 1.7 weeks.
    assert "for 1.7 more weeks" in page
