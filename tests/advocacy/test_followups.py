"""Follow-ups: supporters who asked to hear of the next action, and the organizers' emails
to them — each once, only to those who asked, stopped at once by the one-click link."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture
from pytest_django import Settings

from callidarity.advocacy import selectors, services, tokens
from callidarity.advocacy.emails import unsubscribe_url
from callidarity.advocacy.models import Action, ActionTaken, Follower, Outreach, Target
from callidarity.notifications.models import Delivery
from callidarity.supporters.models import Supporter
from callidarity.supporters.services import upsert_supporter
from tests.smtp import SmtpSink

pytestmark = pytest.mark.django_db


def _took(action: Action, target: Target, email: str, *, follow: bool) -> Supporter:
    services.record_call(action=action, target=target, outcome="voicemail", email=email)
    supporter = upsert_supporter(email=email)
    if follow:
        services.follow_actions(supporter=supporter, action=action, language="es")
    return supporter


def test_following_twice_keeps_one_follower_and_asking_again_undoes_leaving(
    call_in: Action,
) -> None:
    supporter = upsert_supporter(email="rosa@example.org")
    first = services.follow_actions(supporter=supporter, action=call_in, language="en")
    assert services.unfollow_actions(email="ROSA@example.org")
    again = services.follow_actions(supporter=supporter, action=None, language="es")
    assert first.pk == again.pk
    assert (again.unsubscribed_at, again.language, again.action_id) == (None, "es", call_in.pk)
    assert Follower.objects.count() == 1


def test_a_follow_up_reaches_those_who_took_the_action_and_asked_once(
    call_in: Action,
    governor: Target,
    smtp: SmtpSink,
    settings: Settings,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    settings.EMAIL_BATCH_SIZE = 2
    for n in range(3):
        _took(call_in, governor, f"caller{n}@example.org", follow=True)
    _took(call_in, governor, "quiet@example.org", follow=False)  # took it, did not ask
    outsider = upsert_supporter(email="other@example.org")  # asked, did not take it
    services.follow_actions(supporter=outsider, action=None, language="en")
    outreach = Outreach.objects.create(
        action=call_in, subject="We reached the Governor 300 times", body="**Thank you.**"
    )
    assert selectors.count_outreach_recipients(outreach) == 3

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_outreach(outreach=outreach) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_outreach(outreach=outreach) == 0  # sending again adds nobody

    assert smtp.count == 3
    assert smtp.to("quiet@example.org") == smtp.to("other@example.org") == []
    [message] = smtp.to("caller1@example.org")
    assert message["Subject"] == "We reached the Governor 300 times"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The link is signed with the time it was made: read it back, never compare it with one
    # signed now (a second later, it differs).
    header = message["List-Unsubscribe"]
    assert header[0] + header[-1] == "<>"
    link = header[1:-1]
    assert link.startswith(unsubscribe_url("caller1@example.org").rsplit("/", 2)[0] + "/")
    assert (
        tokens.read_unsubscribe_token(link.rstrip("/").rsplit("/", 1)[1]) == "caller1@example.org"
    )
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert link in text
    # In Spanish: they opted in on a Spanish page.
    assert "Dejar de recibir estos correos:" in text
    outreach.refresh_from_db()
    assert outreach.status == Outreach.Status.SENT


def test_an_outreach_without_an_action_goes_to_every_follower(
    call_in: Action, governor: Target
) -> None:
    _took(call_in, governor, "caller@example.org", follow=True)
    services.follow_actions(
        supporter=upsert_supporter(email="new@example.org"), action=None, language="en"
    )
    outreach = Outreach.objects.create(subject="Next: letters for free calls", body="…")
    emails = sorted(e for e, _lang in selectors.list_outreach_recipients(outreach))
    assert emails == ["caller@example.org", "new@example.org"]


def test_unsubscribing_stops_a_follow_up_already_on_its_way(
    call_in: Action, governor: Target, smtp: SmtpSink, settings: Settings
) -> None:
    settings.EMAIL_BATCH_SIZE = 10
    for email in ("stays@example.org", "leaves@example.org"):
        _took(call_in, governor, email, follow=True)
    outreach = Outreach.objects.create(action=call_in, subject="News", body="…")
    services.send_outreach(outreach=outreach)  # on_commit does not run: queued, not sent
    assert services.unfollow_actions(email="leaves@example.org")

    result = services.send_outreach_batch(outreach=outreach)

    assert (result.sent, smtp.count) == (1, 1)
    assert Delivery.objects.get(email="leaves@example.org").status == Delivery.Status.SKIPPED


def test_the_unsubscribe_link_asks_then_stops_with_one_post(
    client: Client, call_in: Action, governor: Target
) -> None:
    _took(call_in, governor, "rosa@example.org", follow=True)
    path = reverse("advocacy:unsubscribe", args=[tokens.unsubscribe_token("rosa@example.org")])
    page = client.get(path)
    assert page.status_code == 200
    assert Follower.objects.get().unsubscribed_at is None  # a link preview changes nothing

    done = client.post(path)  # as a mail app's one-click button: no CSRF token, no login
    assert done.status_code == 200
    assert b"no more of these emails" in done.content
    assert Follower.objects.get().unsubscribed_at is not None


def test_a_forged_unsubscribe_link_is_refused(client: Client) -> None:
    token = tokens.unsubscribe_token("rosa@example.org")
    assert client.get(f"/act/unsubscribe/{token}x/").status_code == 400
    assert client.post("/act/unsubscribe/not-a-token/").status_code == 400


def test_a_caller_who_ticks_the_box_follows_and_one_who_does_not_does_not(
    client: Client, call_in: Action
) -> None:
    url = call_in.get_absolute_url()
    client.post(url, {"name": "Rosa", "email": "rosa@example.org", "follow": "on"})
    client.post(url, {"name": "Ana", "email": "ana@example.org"})
    assert [f.supporter.email for f in Follower.objects.all()] == ["rosa@example.org"]


def test_ticking_the_box_without_an_email_asks_for_one(client: Client, call_in: Action) -> None:
    response = client.post(call_in.get_absolute_url(), {"name": "Rosa", "follow": "on"})
    assert response.status_code == 400
    assert b"Give your email" in response.content
    assert not Follower.objects.exists()
    assert not ActionTaken.objects.exists()


def test_a_follow_up_skips_callers_whose_calls_reached_no_one(
    call_in: Action, governor: Target
) -> None:
    for email, outcome in (("reached@example.org", "contact"), ("busy@example.org", "busy")):
        services.record_call(action=call_in, target=governor, outcome=outcome, email=email)
        services.follow_actions(supporter=upsert_supporter(email=email), action=None, language="en")
    outreach = Outreach.objects.create(action=call_in, subject="Thanks", body="…")
    assert [e for e, _lang in selectors.list_outreach_recipients(outreach)] == [
        "reached@example.org"
    ]
