"""A call-in: the caller says who she is (or not), calls each office with its script,
records what happened; counts show calls that reached an office."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from callidarity.advocacy import selectors, services
from callidarity.advocacy.exceptions import ActionError
from callidarity.advocacy.models import Action, ActionTaken, Target
from callidarity.campaigns.models import Campaign
from callidarity.supporters.models import Supporter

pytestmark = pytest.mark.django_db

URL = "/act/clemency-call-in/"
CALL = URL + "call/"


def test_the_script_is_filled_for_each_office(call_in: Action, governor: Target) -> None:
    text = selectors.fill_script(call_in.script, target=governor, name="Rosa", city="Cicero")
    assert text.startswith("Hello, my name is Rosa and I live in Cicero. ")
    assert "I am calling Governor J. B. Pritzker to ask" in text
    blank = selectors.fill_script(
        "Hi {target_name}, {unknown} {", target=governor, name="", city=""
    )
    assert blank == "Hi J. B. Pritzker, {unknown} {"  # the rest shown as written
    assert "a constituent" in selectors.fill_script(
        "{supporter_name}", target=governor, name="", city=""
    )


@pytest.mark.parametrize(
    "text", ["{target_name.x}", "{supporter_name[a]}", "{target_name:>3000000}", "{0}", "}{"]
)
def test_a_supporters_own_braces_are_left_as_written(governor: Target, text: str) -> None:
    # A letter is the supporter's own text: no format spec, attribute or index is obeyed.
    assert selectors.fill_script(text, target=governor, name="Rosa", city="") == text


def test_a_call_is_kept_against_the_supporter(call_in: Action, governor: Target) -> None:
    services.record_call(
        action=call_in, target=governor, outcome="contact", email="Rosa@Example.org", name="Rosa"
    )
    services.record_call(action=call_in, target=governor, outcome="busy")
    supporter = Supporter.objects.get()
    assert supporter.email == "Rosa@example.org"
    assert [t.outcome for t in supporter.actions_taken.all()] == ["contact"]
    tally = selectors.tally(call_in)
    assert tally.done == 1
    [row] = tally.by_target
    assert row.counts == {"contact": 1, "busy": 1}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"outcome": "yelled"}, "Choose what happened"),
        ({"status": Action.Status.CLOSED}, "not taking calls"),
        ({"other_target": True}, "not one this action calls"),
    ],
)
def test_a_call_that_cannot_be_recorded_is_refused(
    call_in: Action, governor: Target, change: dict[str, object], message: str
) -> None:
    target = governor
    if "status" in change:
        Action.objects.filter(pk=call_in.pk).update(status=change["status"])
        call_in.refresh_from_db()
    if "other_target" in change:
        target = Target.objects.create(name="Someone else", role="lower", chamber="lower")
    with pytest.raises(ActionError, match=message):
        services.record_call(
            action=call_in, target=target, outcome=str(change.get("outcome", "contact"))
        )
    assert not ActionTaken.objects.exists()


def test_a_caller_walks_the_offices_and_a_busy_line_comes_back(
    client: Client, call_in: Action
) -> None:
    page = client.get(URL).content.decode()
    assert "Call-in day for clemency" in page
    assert "calls made of 100" in page
    response = client.post(URL, {"name": "Rosa", "city": "Cicero", "email": "rosa@example.org"})
    assert response.status_code == 302
    assert response["Location"] == CALL

    first = client.get(CALL).content.decode()
    assert "Call 1 of 2" in first
    assert 'href="tel:217-782-6830"' in first or 'href="tel:217-782-5652"' in first
    targets = selectors.list_action_targets(call_in)
    busy = client.post(CALL, {"target": targets[0].pk, "outcome": "busy"}, follow=True)
    page = busy.content.decode()
    assert "at the end of your list" in page
    assert "Call 1 of 2" in page  # nothing done yet; the other office now first
    assert targets[1].name in page
    client.post(CALL, {"target": targets[1].pk, "outcome": "voicemail"})
    again = client.get(CALL).content.decode()
    assert "Call 2 of 2" in again
    assert targets[0].name in again
    done = client.post(CALL, {"target": targets[0].pk, "outcome": "contact"}, follow=True)
    assert "Thank you for calling." in done.content.decode()
    assert "You made 2 calls." in done.content.decode()
    outcomes = list(ActionTaken.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == ["busy", "voicemail", "contact"]
    assert Supporter.objects.get().actions_taken.count() == 3


def test_calling_without_giving_anything_counts_all_the_same(
    client: Client, call_in: Action
) -> None:
    assert client.post(URL, {}).status_code == 302
    target = selectors.list_action_targets(call_in)[0]
    assert client.post(CALL, {"target": target.pk, "outcome": "contact"}).status_code == 302
    taken = ActionTaken.objects.get()
    assert taken.supporter is None
    assert "a constituent" in client.get(CALL).content.decode()


def test_bad_posts_are_explained_and_change_nothing(client: Client, call_in: Action) -> None:
    client.post(URL, {})
    target = selectors.list_action_targets(call_in)[0]
    assert client.post(CALL, {"target": "x", "outcome": "contact"}).status_code == 400
    huge = {"target": "9" * 30, "outcome": "contact"}
    assert client.post(CALL, huge).status_code == 400
    assert client.post(CALL, {"target": target.pk, "outcome": "shouted"}).status_code == 400
    assert client.post(CALL, {"target": 999999, "outcome": "contact"}).status_code == 409
    client.post(CALL, {"target": target.pk, "outcome": "contact"})
    twice = client.post(CALL, {"target": target.pk, "outcome": "contact"})
    assert twice.status_code == 409
    assert "already recorded" in twice.content.decode()
    assert ActionTaken.objects.count() == 1
    bad_email = client.post(URL, {"email": "not-an-email"})
    assert bad_email.status_code == 400


def test_the_call_page_needs_a_start(client: Client, call_in: Action) -> None:
    response = client.get(CALL)
    assert response.status_code == 302
    assert response["Location"] == URL + "#start"


def test_a_draft_is_not_public_and_a_closed_one_takes_no_calls(
    client: Client, call_in: Action
) -> None:
    Action.objects.filter(pk=call_in.pk).update(status=Action.Status.DRAFT)
    assert client.get(URL).status_code == 404
    Action.objects.filter(pk=call_in.pk).update(status=Action.Status.CLOSED)
    page = client.get(URL)
    assert page.status_code == 200
    assert "This action has ended" in page.content.decode()
    assert client.post(URL, {"name": "Rosa"}).status_code == 409


def test_a_bot_is_sent_on_and_nothing_is_kept(
    client: Client, call_in: Action, settings: Settings
) -> None:
    settings.FORM_MIN_FILL_SECONDS = 2
    response = client.post(URL, {"name": "Bot", "website": "http://spam.example"})
    assert response.status_code == 302
    assert client.get(CALL).status_code == 302  # no session was started


def test_the_action_speaks_spanish(client: Client, call_in: Action) -> None:
    page = client.get(URL, headers={"accept-language": "es"}).content.decode()
    assert 'lang="es"' in page
    assert "Empieza a llamar" in page


def test_partner_sites_may_frame_the_widget_but_not_the_action(
    client: Client, call_in: Action
) -> None:
    services.record_call(
        action=call_in, target=selectors.list_action_targets(call_in)[0], outcome="contact"
    )
    widget = client.get(URL + "embed/")
    assert widget.status_code == 200
    assert "X-Frame-Options" not in widget
    assert "<strong>1</strong> call made so far" in widget.content.decode()
    assert 'target="_blank"' in widget.content.decode()
    assert client.get(URL)["X-Frame-Options"] == "DENY"


def test_a_campaign_and_its_actions_link_to_each_other(
    client: Client, call_in: Action, campaign: Campaign
) -> None:
    campaign.actions.add(call_in)
    draft = Action.objects.create(slug="draft", title="Not yet", ask="…", script="…")
    campaign.actions.add(draft)

    campaign_page = client.get(campaign.get_absolute_url()).content.decode()
    assert f'href="{call_in.get_absolute_url()}"' in campaign_page
    assert "Not yet" not in campaign_page  # a draft action is not shown
    action_page = client.get(call_in.get_absolute_url()).content.decode()
    assert f'href="{campaign.get_absolute_url()}"' in action_page

    campaign.status = Campaign.Status.DRAFT
    campaign.save()
    assert (
        campaign.get_absolute_url() not in client.get(call_in.get_absolute_url()).content.decode()
    )


def test_an_action_takes_part_only_between_its_start_and_end(
    client: Client, call_in: Action, governor: Target
) -> None:
    now = timezone.now()
    call_in.starts_at = now + datetime.timedelta(days=1)
    call_in.save()
    assert not call_in.is_open
    assert call_in.not_yet_open
    assert call_in not in selectors.list_live_actions()
    page = client.get(call_in.get_absolute_url())
    assert b"This action opens on" in page.content
    response = client.post(call_in.get_absolute_url(), {"name": "Rosa"})
    assert response.status_code == 409
    assert b"This action opens on" in response.content
    with pytest.raises(ActionError):
        services.record_call(action=call_in, target=governor, outcome="contact")

    call_in.starts_at, call_in.ends_at = now - datetime.timedelta(days=2), now
    call_in.save()
    assert not call_in.is_open
    assert not call_in.not_yet_open
    assert b"This action has ended" in client.get(call_in.get_absolute_url()).content
    assert client.post(call_in.get_absolute_url(), {"name": "Rosa"}).status_code == 409

    call_in.ends_at = now + datetime.timedelta(hours=1)
    call_in.save()
    assert call_in.is_open
    assert list(selectors.list_live_actions()) == [call_in]


def test_each_kind_of_action_is_offered_with_its_own_button(
    client: Client, call_in: Action
) -> None:
    for kind in ("letter", "petition"):
        Action.objects.create(
            slug=f"a-{kind}", title=f"A {kind}", ask="…", script="…", kind=kind,
            status=Action.Status.LIVE,
        )  # fmt: skip
    home = client.get("/").content.decode()
    assert 'href="/act/clemency-call-in/#start">Call now' in home
    assert 'href="/act/a-letter/#start">Write now' in home
    assert 'href="/act/a-petition/#sign">Sign now' in home
    embed = client.get("/act/a-letter/embed/").content.decode()
    assert "letters sent so far" in embed
    assert "Write now" in embed
    assert 'target="_blank"' in embed


def test_a_campaign_lists_only_its_actions_open_now(
    client: Client, call_in: Action, campaign: Campaign
) -> None:
    campaign.actions.add(call_in)
    call_in.ends_at = timezone.now() - datetime.timedelta(minutes=1)
    call_in.save()
    assert (
        call_in.get_absolute_url() not in client.get(campaign.get_absolute_url()).content.decode()
    )
