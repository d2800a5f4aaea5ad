"""The cases demo: an invented clemency petition docketed for next quarter's session, with
its consent and published page linked to the call-in, and an unpublished motion; once."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from callidarity.backoffice.demo import ensure_organizer
from callidarity.backoffice.demo_advocacy import CALL_IN_SLUG, load_advocacy_demo
from callidarity.backoffice.demo_cases import PAGE_SLUG, load_cases_demo, next_quarter_session
from callidarity.cases import selectors
from callidarity.cases.models import Case, CasePage, Consent, StageChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    load_advocacy_demo()
    assert load_cases_demo(organizer=ensure_organizer()) is True


def test_the_next_quarter_session_is_in_the_following_quarter() -> None:
    assert next_quarter_session(datetime.date(2026, 12, 1)) == datetime.date(2027, 1, 14)
    assert next_quarter_session(datetime.date(2027, 2, 20)) == datetime.date(2027, 4, 8)
    assert next_quarter_session(datetime.date(2027, 9, 30)) == datetime.date(2027, 10, 14)


def test_the_demo_has_a_docketed_petition_with_a_published_page(
    loaded: None, client: Client
) -> None:
    clemency = Case.objects.get(kind=Case.Kind.CLEMENCY)
    assert clemency.stage == Case.Stage.DOCKETED
    assert "invented" in clemency.person_name
    assert clemency.owner is not None
    assert clemency.owner.username == "organizer"
    assert [c.to_stage for c in StageChange.objects.filter(case=clemency)] == [
        "drafting", "filed", "docketed",
    ]  # fmt: skip
    session = selectors.hearing_session(clemency)
    assert session is not None
    assert selectors.filing_deadline(clemency) == session.held_on - datetime.timedelta(75)
    assert Consent.objects.get(case=clemency).withdrawn_on is None
    page = CasePage.objects.get(slug=PAGE_SLUG)
    assert page.is_published
    assert list(page.actions.values_list("slug", flat=True)) == [CALL_IN_SLUG]
    body = client.get(f"/bring-home/{PAGE_SLUG}/").content.decode()
    assert "Bring Marisol home" in body
    assert "invented for this demo" in body
    assert f"/act/{CALL_IN_SLUG}/" in body
    assert client.get(f"/bring-home/{PAGE_SLUG}/photo/").status_code == 200


def test_the_demo_motion_to_vacate_has_no_public_page(loaded: None) -> None:
    motion = Case.objects.get(kind=Case.Kind.RESENTENCING)
    assert motion.stage == Case.Stage.PREPARING
    assert "invented" in motion.person_name
    assert not CasePage.objects.filter(case=motion).exists()


def test_loading_again_changes_nothing(loaded: None) -> None:
    counts = (Case.objects.count(), CasePage.objects.count(), Consent.objects.count())
    assert load_cases_demo() is False
    assert (Case.objects.count(), CasePage.objects.count(), Consent.objects.count()) == counts
    assert counts == (2, 1, 1)
