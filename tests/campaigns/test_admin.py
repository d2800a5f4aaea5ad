import pytest
from django.contrib.auth.models import User
from django.test import Client

from callidarity.campaigns.models import Campaign
from callidarity.ledger.models import Account


@pytest.fixture
def organizer_client(client: Client, db: None) -> Client:
    User.objects.create_superuser("org", "org@example.org", "a-long-test-password")
    client.login(username="org", password="a-long-test-password")
    return client


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Bail and phones",
        "slug": "bail-phones",
        "status": "live",
        "summary": "",
        "story": "Calls home.",
        "goal": "5,000",
        "currency": "USD",
        "image_alt": "",
        "image_credit": "",
        "moderation": "post",
    }
    data.update(overrides)
    return data


def test_an_organizer_creates_a_campaign_with_its_fund_and_a_goal_in_dollars(
    organizer_client: Client,
) -> None:
    response = organizer_client.post("/admin/campaigns/campaign/add/", _form())
    assert response.status_code == 302
    campaign = Campaign.objects.get(slug="bail-phones")
    assert campaign.goal_cents == 500_000
    assert campaign.fund_account.code == "fund:bail-phones"
    assert campaign.fund_account.kind == Account.Kind.FUND
    page = organizer_client.get("/admin/campaigns/campaign/")
    assert "$5,000" in page.content.decode()


@pytest.mark.parametrize("goal", ["abc", "-5", "0", "12.345"])
def test_a_bad_goal_is_refused_with_a_message_and_nothing_is_created(
    organizer_client: Client, goal: str
) -> None:
    response = organizer_client.post("/admin/campaigns/campaign/add/", _form(goal=goal))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["goal"]
    assert not Campaign.objects.filter(slug="bail-phones").exists()
    assert not Account.objects.filter(code="fund:bail-phones").exists()


def test_editing_keeps_the_slug_and_fund(organizer_client: Client, campaign: Campaign) -> None:
    data = _form(title="Phones, renamed", slug="ignored", goal="25000.00")
    response = organizer_client.post(f"/admin/campaigns/campaign/{campaign.pk}/change/", data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "Phones, renamed"
    assert campaign.slug == "phones"
    assert campaign.goal_cents == 2_500_000
    assert campaign.fund_account.code == "fund:phones"


def test_an_organizer_sets_a_new_campaigns_wall_to_pre_moderation(
    organizer_client: Client,
) -> None:
    response = organizer_client.post("/admin/campaigns/campaign/add/", _form(moderation="pre"))

    assert response.status_code == 302
    assert Campaign.objects.get(slug="bail-phones").moderation == Campaign.Moderation.PRE


def test_an_organizer_switches_a_campaigns_wall_to_pre_moderation(
    organizer_client: Client, campaign: Campaign
) -> None:
    data = _form(title=campaign.title, goal="20000", moderation="pre")

    response = organizer_client.post(f"/admin/campaigns/campaign/{campaign.pk}/change/", data)

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.moderation == Campaign.Moderation.PRE
