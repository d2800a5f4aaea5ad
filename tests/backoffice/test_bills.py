"""The organizers' "what moved this week": stage changes and new actions of the last seven
days, the hearings coming with their witness-slip counts, and followers per bill."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from callidarity.legislation.models import BillAction, Hearing, Stage, StageChange
from callidarity.legislation.services.slips import record_slip
from tests.accounts.conftest import moderator, organizer, treasurer  # noqa: F401 - fixtures
from tests.accounts.staff import log_in
from tests.legislation.test_follows import make_bill, make_follower

pytestmark = pytest.mark.django_db

URL = "/admin/support/bills/"


def test_the_week_shows_what_moved_what_is_coming_and_who_follows(
    client: Client,
    organizer: User,  # noqa: F811
) -> None:
    today = timezone.localdate()
    now = timezone.now()
    moved = make_bill(last_action_on=today - timedelta(days=2))
    quiet = make_bill(identifier="SB 2129", slug="sb2129", title="An old bill", session="104th")
    BillAction.objects.create(
        bill=moved, order=1, date=today - timedelta(days=30), description="Filed"
    )
    BillAction.objects.create(
        bill=moved, order=2, date=today - timedelta(days=2), description="Do Pass"
    )
    BillAction.objects.create(
        bill=moved, order=3, date=today - timedelta(days=2), description="Third Reading"
    )
    BillAction.objects.create(
        bill=quiet, order=1, date=today - timedelta(days=8), description="Filed"
    )
    StageChange.objects.create(
        bill=moved, from_stage=Stage.COMMITTEE, to_stage=Stage.PASSED_ONE,
        moved_on=today - timedelta(days=2),
    )  # fmt: skip
    old = StageChange.objects.create(
        bill=quiet, from_stage=Stage.FILED, to_stage=Stage.COMMITTEE,
        moved_on=today - timedelta(days=20),
    )  # fmt: skip
    StageChange.objects.filter(pk=old.pk).update(detected_at=now - timedelta(days=20))
    coming = Hearing.objects.create(
        bill=moved, committee="Restorative Justice", chamber="upper",
        starts_at=now + timedelta(days=3), slip_url="https://my.ilga.gov/WitnessSlip/1",
        status=Hearing.Status.PUBLISHED,
    )  # fmt: skip
    Hearing.objects.create(
        bill=moved, committee="Held last month", chamber="lower",
        starts_at=now - timedelta(days=30), slip_url="https://my.ilga.gov/WitnessSlip/2",
        status=Hearing.Status.PUBLISHED,
    )  # fmt: skip
    record_slip(hearing=coming, email="rosa@example.org")
    record_slip(hearing=coming, email="lupe@example.org")
    for address in ("a@example.org", "b@example.org"):
        make_follower(moved, address)
    make_follower(moved, "pending@example.org", confirmed=False)
    make_follower(moved, "gone@example.org", unsubscribed=True)
    make_follower(quiet, "c@example.org")
    log_in(client, organizer, verified=True)

    response = client.get(URL)

    assert response.status_code == 200
    week = response.context["week"]
    assert week.since == today - timedelta(days=6)
    assert [(c.bill.identifier, c.to_stage) for c in week.stage_changes] == [
        ("HB 3773", "passed-one")
    ]
    assert [(b.identifier, b.new_actions) for b in week.moved_bills] == [("HB 3773", 2)]
    assert [(h.committee, h.slip_count) for h in week.hearings] == [("Restorative Justice", 2)]
    assert [(b.identifier, b.follower_count, b.pending_count) for b in week.followed_bills] == [
        ("HB 3773", 2, 1),
        ("SB 2129", 1, 0),
    ]
    html = response.content.decode()
    assert "In committee → <strong>Passed one chamber</strong>" in html
    assert "2 new actions" in html
    assert "2 witness slips" in html
    assert "2 followers" in html
    assert "1 not confirmed yet" in html
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "@" not in main  # counts only, nobody's address


def test_an_empty_week_says_so(client: Client, organizer: User) -> None:  # noqa: F811
    log_in(client, organizer, verified=True)

    html = client.get(URL).content.decode()

    assert "No bill changed stage this week." in html
    assert "No hearings coming." in html


def test_only_organizers_open_it_and_find_it_from_their_pages(
    client: Client,
    organizer: User,  # noqa: F811
    moderator: User,  # noqa: F811
    treasurer: User,  # noqa: F811
) -> None:
    assert client.get(URL)["Location"].startswith("/admin/login/")
    for other in (moderator, treasurer):
        log_in(client, other, verified=True)
        assert client.get(URL).status_code == 403
        assert URL not in client.get("/admin/support/").content.decode()

    log_in(client, organizer, verified=True)
    assert f'href="{URL}"' in client.get("/admin/support/").content.decode()
    assert f'href="{URL}"' in client.get("/admin/").content.decode()


def test_a_stage_change_noticed_this_week_counts_even_if_it_moved_earlier(
    client: Client,
    organizer: User,  # noqa: F811
) -> None:
    bill = make_bill()
    StageChange.objects.create(
        bill=bill, from_stage=Stage.PASSED_BOTH, to_stage=Stage.GOVERNOR,
        moved_on=datetime.date(2020, 1, 1),
    )  # fmt: skip
    log_in(client, organizer, verified=True)

    week = client.get(URL).context["week"]

    assert [c.to_stage for c in week.stage_changes] == ["governor"]
