"""The organizers' action pages: every action with its count, and one action's report."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from callidarity.advocacy import services
from callidarity.advocacy.models import Action, Signature, Target
from callidarity.supporters.services import upsert_supporter
from tests.accounts.conftest import moderator, organizer  # noqa: F401 - fixtures
from tests.accounts.staff import log_in
from tests.advocacy.conftest import call_in, governor  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_the_report_counts_each_office_by_outcome(
    client: Client,
    organizer: User,  # noqa: F811
    call_in: Action,  # noqa: F811
    governor: Target,  # noqa: F811
) -> None:
    senator = call_in.targets.exclude(pk=governor.pk).get()
    for outcome in ("contact", "voicemail", "voicemail", "busy"):
        services.record_call(action=call_in, target=governor, outcome=outcome)
    services.record_call(action=call_in, target=senator, outcome="skip")
    log_in(client, organizer, verified=True)

    listing = client.get("/admin/support/actions/")
    assert listing.status_code == 200
    assert "Call-in day for clemency" in listing.content.decode()
    assert "3 of 100" in listing.content.decode()

    page = client.get(f"/admin/support/actions/{call_in.pk}/")
    assert page.status_code == 200
    report = page.context["report"]
    assert report.tally.done == 3
    assert report.percent == 3
    assert report.outcomes == [
        ("contact", "Talked"), ("voicemail", "Voicemail"), ("busy", "Busy"), ("skip", "Skipped")
    ]  # fmt: skip
    rows = {target.name: (cells, done) for target, cells, done in report.rows}
    assert rows == {"J. B. Pritzker": ([1, 2, 1, 0], 3), "Celina Villanueva": ([0, 0, 0, 1], 0)}
    assert sum(n for _day, n in report.by_day) == 3
    html = page.content.decode()
    assert "Voicemail" in html
    assert "@" not in html.split("<main", 1)[-1].split("</main>", 1)[0]  # no one's email


def test_an_unknown_action_is_not_found(client: Client, organizer: User) -> None:  # noqa: F811
    log_in(client, organizer, verified=True)
    assert client.get("/admin/support/actions/999999/").status_code == 404


def test_moderators_do_not_see_the_reports(
    client: Client,
    moderator: User,  # noqa: F811
    call_in: Action,  # noqa: F811
) -> None:
    log_in(client, moderator, verified=True)
    assert client.get(f"/admin/support/actions/{call_in.pk}/").status_code == 403


def test_moderators_find_the_petitions_with_signatures_to_review(
    client: Client,
    moderator: User,  # noqa: F811
    call_in: Action,  # noqa: F811
) -> None:
    petition = Action.objects.create(
        slug="petition", title="Bring them home", ask="Sign", script="We ask",
        kind=Action.Kind.PETITION, status=Action.Status.LIVE,
    )  # fmt: skip
    Signature.objects.create(
        action=petition, supporter=upsert_supporter(email="a@example.org"), name="A", status="held"
    )
    log_in(client, moderator, verified=True)
    support = client.get("/admin/support/").content.decode()
    assert 'href="/admin/support/actions/"' in support  # in her menu
    page = client.get("/admin/support/actions/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bring them home" in html
    assert "Call-in day for clemency" not in html  # petitions only
    assert f'href="/admin/support/actions/{petition.pk}/signatures/">1 held for review' in html
    assert f'href="/admin/support/actions/{petition.pk}/"' not in html  # no report for her
