"""`callidarity demo`: the demo campaign, its gifts and the organizer login, loaded once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from pytest_django import Settings

from callidarity.advocacy import selectors as advocacy_selectors
from callidarity.advocacy.models import Action, ActionTaken, Outreach
from callidarity.aid import selectors as aid_selectors
from callidarity.aid.models import DisbursementLine, DisbursementRun, Member, SupportRequest
from callidarity.backoffice.demo import DEMO_PASSWORD, DEMO_SLUG, DEMO_USERNAME, GIFTS
from callidarity.campaigns.models import Campaign, WallPost
from callidarity.campaigns.selectors import (
    get_impact_goal,
    get_progress,
    list_published_updates,
    list_wall_posts,
)
from callidarity.donations.models import Donation
from callidarity.events.models import Event
from callidarity.ledger.models import Account, Entry, Transaction
from callidarity.library.models import Resource
from callidarity.supporters.models import Supporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings: Settings) -> None:
    # pytest-django turns DEBUG off; the demo runs only in development.
    settings.DEBUG = True
    # Hashing the organizer's password the production way costs most of a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _counts() -> dict[str, int]:
    models = (
        Campaign,
        Member,
        SupportRequest,
        DisbursementRun,
        DisbursementLine,
        WallPost,
        Donation,
        Supporter,
        Account,
        Transaction,
        Entry,
        get_user_model(),
    )
    return {model.__name__: model.objects.count() for model in models}


def test_demo_loads_the_campaign_gifts_and_organizer(debug: None) -> None:
    out = StringIO()

    call_command("demo", stdout=out)

    campaign = Campaign.objects.get(slug=DEMO_SLUG)
    assert campaign.slug == "callidarity"
    assert campaign.status == Campaign.Status.LIVE
    assert campaign.goal_cents == 2_000_000
    gifts = Donation.objects.filter(fund_account=campaign.fund_account)
    assert gifts.count() == len(GIFTS) == 12
    assert set(gifts.values_list("status", flat=True)) == {Donation.Status.SUCCEEDED}
    assert gifts.filter(provider=Donation.Provider.OFFLINE).count() == 3
    progress = get_progress(campaign)
    assert progress.raised_cents == 642_000  # $6,420 in all
    wall = list(list_wall_posts(campaign))
    assert len(wall) == 8  # six gift messages and two without a gift
    assert sum(post.is_gift for post in wall) == 6
    assert progress.donor_count == 12
    assert [u.number for u in list_published_updates(campaign)] == [2, 1]
    organizer = get_user_model().objects.get(username=DEMO_USERNAME)
    assert organizer.is_superuser
    assert organizer.check_password(DEMO_PASSWORD)
    assert "Created campaign /campaigns/callidarity/" in out.getvalue()
    assert "recovery code" in out.getvalue()


def test_demo_gives_the_support_program_members_a_waiting_list_and_past_runs(
    debug: None,
) -> None:
    call_command("demo", stdout=StringIO())

    campaign = Campaign.objects.get(slug=DEMO_SLUG)
    assert Member.objects.filter(status=Member.Status.ACTIVE).count() == 36
    assert set(Member.objects.values_list("facility__name", flat=True)) == {
        "Logan Correctional Center",
        "Decatur Correctional Center",
        "Cook County Jail",
    }
    waiting = SupportRequest.objects.filter(status__in=["new", "waitlisted"])
    assert sorted(waiting.values_list("status", flat=True)) == ["new"] * 4 + ["waitlisted"] * 2
    runs = DisbursementRun.objects.order_by("period_start")
    assert [r.status for r in runs] == ["closed"] * 4
    assert DisbursementLine.objects.filter(status="failed").count() == 1
    runway = aid_selectors.runway(campaign.fund_account)
    assert runway.members == 36
    assert runway.weeks is not None
    assert runway.weeks > 1
    impact = aid_selectors.impact()
    assert impact.members_supported == 36
    assert impact.deposits_made > 36
    assert impact.fees_saved_cents > 0
    assert impact.average_miles is not None
    goal = get_impact_goal(campaign)
    assert goal is not None
    assert (goal.label, goal.goal_members, goal.covered_members) == (
        "Weekly calls for 40 moms",
        40,
        36,
    )


def test_demo_twice_changes_nothing(debug: None) -> None:
    call_command("demo", stdout=StringIO())
    first = _counts()
    out = StringIO()

    call_command("demo", stdout=out)

    assert _counts() == first
    assert "Already loaded: campaign /campaigns/callidarity/" in out.getvalue()


def test_demo_refuses_with_debug_off(settings: Settings) -> None:
    settings.DEBUG = False
    before = _counts()

    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("demo", stdout=StringIO())

    assert _counts() == before
    assert not Campaign.objects.filter(slug=DEMO_SLUG).exists()


def test_ledger_verifies_after_the_demo(debug: None) -> None:
    call_command("demo", stdout=StringIO())
    out = StringIO()

    call_command("verify_ledger", stdout=out)

    assert out.getvalue().startswith("Ledger OK:")


def test_demo_has_a_live_call_in_to_the_governor_with_calls_made(debug: None) -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    action = Action.objects.get(slug="clemency-call-in")
    assert action.status == Action.Status.LIVE
    assert [t.display_title for t in action.targets.all()] == ["Governor"]
    assert advocacy_selectors.tally(action).done == 6
    assert "/act/clemency-call-in/" in out.getvalue()
    call_command("demo", stdout=StringIO())
    assert ActionTaken.objects.filter(action=action).count() == 8


def test_demo_has_a_letter_and_a_petition_with_actions_taken(debug: None) -> None:
    call_command("demo", stdout=StringIO())
    letter = Action.objects.get(slug="free-calls-letter")
    assert (letter.kind, letter.status) == (Action.Kind.LETTER, Action.Status.LIVE)
    assert "HB 3773" in letter.description
    leaders = list(letter.targets.order_by("name"))
    assert [(t.name, t.chamber) for t in leaders] == [
        ("Chris Welch", "lower"),
        ("Don Harmon", "upper"),
    ]
    # Nobody trying the demo emails a real office.
    assert all(t.email.endswith("@example.org") for t in leaders)
    assert letter.letters.count() == 3
    assert advocacy_selectors.tally(letter).done == 6  # three letters to two offices

    petition = Action.objects.get(slug="bring-mothers-home")
    assert petition.kind == Action.Kind.PETITION
    # Nine signatures, one of them a second one by the same email in capitals.
    assert advocacy_selectors.tally(petition).done == 8
    campaign = Campaign.objects.get(slug=DEMO_SLUG)
    assert set(campaign.actions.values_list("slug", flat=True)) == {
        "clemency-call-in", "bring-mothers-home",
    }  # fmt: skip

    # The signers who chose to be shown also asked to hear of the next action; a draft
    # follow-up waits for them.
    outreach = Outreach.objects.get()
    assert outreach.status == Outreach.Status.DRAFT
    assert advocacy_selectors.count_outreach_recipients(outreach) == 6

    call_command("demo", stdout=StringIO())
    assert advocacy_selectors.tally(petition).done == 8
    assert Action.objects.count() == 3


def test_demo_has_upcoming_events_and_a_stocked_library(debug: None, client: Client) -> None:
    call_command("demo", stdout=StringIO())
    events = client.get("/events/").content.decode()
    for title in ("Call-in day: bring our mothers home", "Court support at a resentencing"):
        assert title in events
    court = Event.objects.get(slug="court-support-daley-center")
    assert court.rsvps.filter(status="going").count() == 3
    assert list(Event.objects.get(slug="call-in-day").actions.values_list("slug", flat=True)) == [
        "clemency-call-in"
    ]
    library = client.get("/library/").content.decode()
    assert "Call script: the Governor" in library
    assert "Guion: la oficina del gobernador" in library
    assert "Visiting guide" not in library  # a draft
    assert Resource.objects.filter(status="published").count() == 4
    assert "Clemency Clinic (demo)" in client.get("/library/partners/").content.decode()
    assert "Statement on free phone calls" in client.get("/press/").content.decode()
    call_command("demo", stdout=StringIO())
    assert Event.objects.count() == 4
