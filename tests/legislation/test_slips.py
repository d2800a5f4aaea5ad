"""Witness slips: a hearing's page in Chicago time with its guide and count, "I filed my
slip" counted once per supporter (even from threads at once, on PostgreSQL), and closed
once the hearing starts."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from callidarity.core.forms import started_stamp
from callidarity.legislation.exceptions import SlipError, SlipsClosed
from callidarity.legislation.models import Bill, Hearing, WitnessSlip
from callidarity.legislation.services.slips import SlipOutcome, record_slip
from callidarity.legislation.views import follows as follow_views
from callidarity.legislation.views import slips as views
from callidarity.supporters.models import Supporter
from tests.concurrency import run_in_threads

from .test_follows import bill, make_bill  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

# Tuesday 17 March 2099, 2 p.m. in Springfield (CDT, UTC-5).
STARTS = datetime.datetime(2099, 3, 17, 19, 0, tzinfo=datetime.UTC)


def make_hearing(of: Bill, **fields: Any) -> Hearing:
    values: dict[str, Any] = {
        "committee": "Restorative Justice",
        "chamber": "lower",
        "starts_at": STARTS,
        "position": Hearing.Position.PROPONENT,
        "slip_url": "https://my.ilga.gov/WitnessSlip/Create/12345",
        "status": Hearing.Status.PUBLISHED,
    }
    values.update(fields)
    return Hearing.objects.create(bill=of, **values)


@pytest.fixture
def hearing(bill: Bill) -> Hearing:  # noqa: F811
    return make_hearing(bill)


def url(hearing: Hearing) -> str:
    return f"/bills/{hearing.bill.slug}/hearings/{hearing.pk}/"


def form(**overrides: str) -> dict[str, str]:
    data = {"email": "rosa@example.org", "name": "", "website": "", "started": started_stamp()}
    data.update(overrides)
    return data


# The service -----------------------------------------------------------------------------


def test_a_slip_counts_once_per_supporter_in_any_case(hearing: Hearing) -> None:
    first = record_slip(hearing=hearing, email="rosa@example.org", name="Rosa Martínez")
    again = record_slip(hearing=hearing, email="ROSA@Example.org")

    assert (first.outcome, again.outcome) == (SlipOutcome.RECORDED, SlipOutcome.ALREADY)
    assert first.slip.pk == again.slip.pk
    assert WitnessSlip.objects.count() == 1
    assert Supporter.objects.get().name == "Rosa Martínez"


def test_a_public_form_renames_no_one(hearing: Hearing) -> None:
    Supporter.objects.create(email="rosa@example.org", name="Rosa Martínez")

    record_slip(hearing=hearing, email="rosa@example.org", name="Someone Else")

    assert Supporter.objects.get().name == "Rosa Martínez"


def test_slips_close_when_the_hearing_starts(hearing: Hearing) -> None:
    with pytest.raises(SlipsClosed):
        record_slip(hearing=hearing, email="rosa@example.org", now=STARTS)
    record_slip(hearing=hearing, email="rosa@example.org", now=STARTS - timedelta(seconds=1))

    assert WitnessSlip.objects.count() == 1


def test_a_draft_hearing_or_a_bad_address_records_nothing(bill: Bill) -> None:  # noqa: F811
    draft = make_hearing(bill, status=Hearing.Status.DRAFT)
    with pytest.raises(SlipsClosed):
        record_slip(hearing=draft, email="rosa@example.org")
    with pytest.raises(SlipError):
        record_slip(hearing=make_hearing(bill), email="rosa@")

    assert not WitnessSlip.objects.exists()
    assert not Supporter.objects.exists()


# The pages -------------------------------------------------------------------------------


def test_the_hearing_page_shows_chicago_time_the_side_the_guide_and_the_count(
    client: Client, hearing: Hearing
) -> None:
    record_slip(hearing=hearing, email="lupe@example.org")

    page = client.get(url(hearing)).content.decode()

    assert "Restorative Justice · House" in page
    assert "Tuesday, March 17, 2099, 2 p.m." in page
    assert ">CDT</abbr>" in page
    assert "Proponent (for the bill)" in page
    assert "How to file" in page
    assert "Record of Appearance Only" in page
    assert 'href="https://my.ilga.gov/WitnessSlip/Create/12345"' in page
    assert 'id="slip-count">1 supporter filed<' in page
    assert 'name="website"' in page


def test_the_bill_page_lists_upcoming_published_hearings_with_their_counts(
    client: Client,
    hearing: Hearing,
    bill: Bill,  # noqa: F811
) -> None:
    make_hearing(bill, committee="Secret draft", status=Hearing.Status.DRAFT)
    make_hearing(bill, committee="Already held", starts_at=timezone.now() - timedelta(hours=1))
    record_slip(hearing=hearing, email="lupe@example.org")

    context = follow_views.follow_context(None, bill)  # type: ignore[arg-type]
    [shown] = context["hearings"]
    assert (shown.pk, shown.slip_count) == (hearing.pk, 1)

    from django.template.loader import render_to_string

    html = render_to_string("legislation/_hearings.html", {"bill": bill, **context})
    assert "Restorative Justice · House" in html
    assert "Tuesday, March 17, 2099, 2 p.m." in html
    assert "1 supporter filed" in html
    assert f'href="/bills/hb3773-104th/hearings/{hearing.pk}/"' in html
    assert "Secret draft" not in html
    assert "Already held" not in html


def test_i_filed_my_slip_is_thanked_and_counted_once(client: Client, hearing: Hearing) -> None:
    first = client.post(url(hearing), form(name="Rosa Martínez"))
    again = client.post(url(hearing), form(email="Rosa@example.org"))

    assert (first.status_code, first["Location"]) == (302, url(hearing) + "#slip")
    assert (again.status_code, again["Location"]) == (302, url(hearing) + "#slip")
    page = client.get(url(hearing)).content.decode()
    assert "Thank you. Your witness slip is counted." in page
    assert 'id="slip-count">1 supporter filed<' in page
    assert WitnessSlip.objects.count() == 1


def test_after_the_hearing_starts_recording_is_closed_with_a_409(
    client: Client,
    bill: Bill,  # noqa: F811
) -> None:
    started = make_hearing(bill, starts_at=timezone.now() - timedelta(minutes=1))

    page = client.get(url(started)).content.decode()
    assert "witness slips are closed" in page
    assert "I filed my slip</button>" not in page

    response = client.post(url(started), form())
    assert response.status_code == 409
    assert "The hearing has started: witness slips are closed." in response.content.decode()
    assert not WitnessSlip.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": ""}, "Enter your email, like ana@example.org."),
        ({"email": "rosa@"}, "Enter a valid email address"),
        ({"name": "x" * 201}, "Your name can be at most 200 characters."),
    ],
)
def test_bad_input_is_a_400_with_the_reason(
    client: Client, hearing: Hearing, data: dict[str, str], message: str
) -> None:
    response = client.post(url(hearing), form(**data))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WitnessSlip.objects.exists()


def test_a_bot_is_thanked_and_nothing_is_kept(client: Client, hearing: Hearing) -> None:
    response = client.post(url(hearing), form(website="http://spam.example"))

    assert response.status_code == 302
    assert not WitnessSlip.objects.exists()
    assert not Supporter.objects.exists()


def test_too_many_slips_from_one_connection_are_a_429(
    client: Client, hearing: Hearing, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "SLIPS_PER_HOUR", 1)
    assert client.post(url(hearing), form()).status_code == 302

    response = client.post(url(hearing), form(email="lupe@example.org"))

    assert response.status_code == 429
    assert WitnessSlip.objects.count() == 1


def test_a_draft_hearing_or_another_bills_is_not_found(
    client: Client,
    bill: Bill,  # noqa: F811
) -> None:
    draft = make_hearing(bill, status=Hearing.Status.DRAFT)
    other = make_hearing(make_bill(identifier="SB 9", slug="sb9"))

    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft), form()).status_code == 404
    assert client.get(f"/bills/hb3773-104th/hearings/{other.pk}/").status_code == 404
    assert not WitnessSlip.objects.exists()


# Concurrency (PostgreSQL) ----------------------------------------------------------------


@pytest.fixture
def open_hearing(transactional_db: None) -> Iterator[Hearing]:
    yield make_hearing(make_bill())
    connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_supporter_from_several_threads_is_counted_once(open_hearing: Hearing) -> None:
    def record(email: str) -> str:
        return str(record_slip(hearing=open_hearing, email=email).outcome)

    outcomes = run_in_threads(
        [lambda: record("rosa@example.org")] * 6 + [lambda: record("Rosa@Example.org")] * 2
    )

    assert sorted(outcomes) == ["already"] * 7 + ["recorded"]
    assert WitnessSlip.objects.count() == Supporter.objects.count() == 1
