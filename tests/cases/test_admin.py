"""Cases in the admin: only caseworkers and organizers with a second factor see them,
every look is audited, and every change goes through the services."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from callidarity.accounts.models import AuditEvent
from callidarity.cases import services
from callidarity.cases.models import Case, CasePage, Consent, Hearing, StageChange
from tests.accounts.matrix import ANONYMOUS, NO_ROLE, PERSONAS, Access, outcome, persona_user
from tests.accounts.staff import log_in

from .conftest import CANARY_NAME, CANARY_NOTE
from .formdata import form_data

pytestmark = pytest.mark.django_db

SEES_CASES = {"superuser+2fa", "organizer+2fa", "caseworker+2fa"}
HOLDS_CASES = {"superuser", "organizer", "caseworker"}


def _expected(persona: str) -> Access:
    if persona == ANONYMOUS:
        return Access.LOGIN
    if persona in SEES_CASES:
        return Access.OK
    if persona != NO_ROLE and persona in HOLDS_CASES:
        return Access.TWO_FACTOR
    return Access.FORBIDDEN


@pytest.fixture
def case_page(clemency: Case, carla: User) -> CasePage:
    return services.save_page(
        page=CasePage(case=clemency, slug="bring-ana-home", public_name="Ana"),
        changed=["slug", "public_name"],
        by=carla,
    )


@pytest.fixture
def consent(clemency: Case, carla: User) -> Consent:
    return services.record_consent(
        case=clemency, given_by="person", given_on=datetime.date(2026, 11, 1), method="visit",
        by=carla,
    )  # fmt: skip


def test_case_pages_open_only_to_verified_caseworkers_and_organizers(
    client: Client, clemency: Case, case_page: CasePage, consent: Consent
) -> None:
    urls = [
        "/admin/cases/case/",
        f"/admin/cases/case/{clemency.pk}/change/",
        f"/admin/cases/case/{clemency.pk}/history/",
        "/admin/cases/case/add/",
        "/admin/cases/casepage/",
        f"/admin/cases/casepage/{case_page.pk}/change/",
        "/admin/cases/consent/",
        f"/admin/cases/consent/{consent.pk}/change/",
        f"/admin/cases/casepage/add/?case={clemency.pk}",
        f"/admin/cases/consent/add/?case={clemency.pk}",
    ]
    problems = []
    for persona in PERSONAS:
        client.logout()
        user = persona_user(persona)
        if user is not None:
            log_in(client, user, verified=persona.endswith("+2fa"))
        for url in urls:
            response = client.get(url)
            got, expected = outcome(response), _expected(persona)
            if got != expected:
                problems.append(f"{url} as {persona}: expected {expected}, got {got}")
            body = response.content.decode()
            if expected is not Access.OK and (CANARY_NAME in body or CANARY_NOTE in body):
                problems.append(f"{url} as {persona}: shows the case")
        # The public page of an unpublished case is a 404 for all who may not open cases.
        status = client.get("/bring-home/bring-ana-home/").status_code
        if status != (200 if persona in SEES_CASES else 404):
            problems.append(f"unpublished page as {persona}: {status}")
    assert problems == []


def _caseworker(client: Client) -> User:
    user = persona_user("caseworker+2fa")
    assert user is not None
    log_in(client, user, verified=True)
    return user


def test_each_look_at_a_case_is_audited_by_field_name(client: Client, clemency: Case) -> None:
    Hearing.objects.create(case=clemency, held_on=datetime.date(2027, 3, 18))
    user = _caseworker(client)
    body = client.get(f"/admin/cases/case/{clemency.pk}/change/").content.decode()
    assert CANARY_NAME in body
    assert CANARY_NOTE in body
    assert "2027-01-02" in body  # the filing deadline, computed
    client.get("/admin/cases/case/")
    viewed = AuditEvent.objects.filter(action="cases.case.viewed", object_id=str(clemency.pk))
    assert viewed.count() == 2
    assert all(e.actor == user for e in viewed)
    assert "status_note" in viewed.order_by("pk")[0].fields
    assert AuditEvent.objects.filter(action="cases.hearing.viewed", actor=user).count() == 1
    # Her name comes from her member record: that look is the member's too.
    assert (
        AuditEvent.objects.filter(
            action="aid.member.viewed", object_id=str(clemency.member_id), actor=user
        ).count()
        == 2
    )


def _post(client: Client, url: str, **changes: Any) -> Any:
    data = form_data(client.get(url).content.decode(), form_id=_form_id(url))
    data.update(changes)
    data["_save"] = "Save"
    return client.post(url, data)


def _form_id(url: str) -> str:
    model = url.split("/")[3]
    return f"{model}_form"


def test_a_case_is_opened_in_the_admin_through_the_service(
    client: Client, member: object, carla: User
) -> None:
    user = _caseworker(client)
    response = _post(
        client, "/admin/cases/case/add/", kind="resentencing", person_name="Rosa",
        owner=str(carla.pk), opened_on="2026-11-02",
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert (case.kind, case.stage, case.person_name, case.owner) == (
        "resentencing", "preparing", "Rosa", carla,
    )  # fmt: skip
    assert StageChange.objects.get(case=case).by == user
    assert AuditEvent.objects.filter(action="cases.case.created", actor=user).count() == 1


def test_a_case_moves_and_gets_its_hearing_session_on_its_page(
    client: Client, clemency: Case
) -> None:
    user = _caseworker(client)
    url = f"/admin/cases/case/{clemency.pk}/change/"
    response = _post(
        client, url, move_to="filed", moved_on="2026-11-03",
        **{"hearings-0-kind": "board_session", "hearings-0-held_on": "2027-03-18",
           "hearings-0-place": "Springfield"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    clemency.refresh_from_db()
    assert (clemency.stage, clemency.filed_on) == ("filed", datetime.date(2026, 11, 3))
    hearing = Hearing.objects.get(case=clemency)
    assert hearing.held_on == datetime.date(2027, 3, 18)
    assert AuditEvent.objects.filter(action="cases.hearing.created", actor=user).count() == 1
    assert AuditEvent.objects.filter(action="cases.case.moved", actor=user).count() == 1


def test_a_move_the_road_does_not_allow_is_an_error_on_the_form(
    client: Client, clemency: Case
) -> None:
    _caseworker(client)
    url = f"/admin/cases/case/{clemency.pk}/change/"
    response = _post(client, url, move_to="granted")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    clemency.refresh_from_db()
    assert clemency.stage == "drafting"
    assert StageChange.objects.filter(case=clemency).count() == 1


def test_the_owner_must_be_someone_who_can_open_cases(client: Client, clemency: Case) -> None:
    _caseworker(client)
    treasurer = persona_user("treasurer+2fa")
    assert treasurer is not None
    url = f"/admin/cases/case/{clemency.pk}/change/"
    response = _post(client, url, owner=str(treasurer.pk))
    assert response.status_code == 200
    clemency.refresh_from_db()
    assert clemency.owner is not None
    assert clemency.owner.username == "carla"


def test_a_status_note_too_long_is_refused_on_the_form(client: Client, clemency: Case) -> None:
    _caseworker(client)
    url = f"/admin/cases/case/{clemency.pk}/change/"
    response = _post(client, url, status_note="x" * 281)
    assert response.status_code == 200
    assert "at most 280 characters" in response.content.decode()
    clemency.refresh_from_db()
    assert clemency.status_note == CANARY_NOTE


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def test_publishing_from_the_admin_needs_a_consent(
    client: Client, case_page: CasePage, clemency: Case
) -> None:
    user = _caseworker(client)
    url = f"/admin/cases/casepage/{case_page.pk}/change/"
    response = _post(client, url, published="on")
    assert response.status_code == 200
    assert "consent before publishing" in response.content.decode()
    case_page.refresh_from_db()
    assert not case_page.is_published

    add = _post(
        client, "/admin/cases/consent/add/", case=str(clemency.pk), given_by="family",
        giver_name="her sister", given_on="2026-11-20", method="written",
    )  # fmt: skip
    assert add.status_code == 302, add.content.decode()[:3000]
    consent = Consent.objects.get()
    assert (consent.recorded_by, consent.giver_name, consent.method) == (
        user, "her sister", "written",
    )  # fmt: skip

    data = form_data(client.get(url).content.decode(), "casepage_form")
    data.update(published="on", photo_description="Ana in the visiting room", _save="Save")
    data["photo"] = SimpleUploadedFile("ana.png", _png(), "image/png")  # type: ignore[assignment]
    assert client.post(url, data).status_code == 302
    case_page.refresh_from_db()
    assert case_page.is_published
    assert case_page.photo.name.endswith(".jpg")  # re-encoded
    assert client.get("/bring-home/bring-ana-home/photo/")["Content-Type"] == "image/jpeg"

    withdraw = _post(client, f"/admin/cases/consent/{consent.pk}/change/", withdraw="on")
    assert withdraw.status_code == 302
    case_page.refresh_from_db()
    assert not case_page.is_published
    client.logout()
    assert client.get("/bring-home/bring-ana-home/").status_code == 404
    assert client.get("/bring-home/bring-ana-home/photo/").status_code == 404


def test_an_upload_that_is_not_a_photo_is_refused_on_the_form(
    client: Client, case_page: CasePage
) -> None:
    _caseworker(client)
    url = f"/admin/cases/casepage/{case_page.pk}/change/"
    data = form_data(client.get(url).content.decode(), "casepage_form")
    data.update(photo_description="x", _save="Save")
    data["photo"] = SimpleUploadedFile("ana.png", b"<svg onload=alert(1)>", "image/png")  # type: ignore[assignment]
    response = client.post(url, data)
    assert response.status_code == 200
    case_page.refresh_from_db()
    assert not case_page.photo


def test_nothing_is_deleted_from_the_admin(client: Client, clemency: Case) -> None:
    _caseworker(client)
    assert client.get(f"/admin/cases/case/{clemency.pk}/delete/").status_code == 403
    assert Case.objects.filter(pk=clemency.pk).exists()


def test_a_docketed_petition_shows_its_filing_deadline_as_met(
    client: Client, clemency: Case, carla: User
) -> None:
    Hearing.objects.create(case=clemency, held_on=datetime.date(2027, 3, 18))
    services.move_case(clemency, "filed", by=carla, on=datetime.date(2026, 10, 2))
    services.move_case(clemency, "docketed", by=carla, on=datetime.date(2026, 11, 2))
    _caseworker(client)
    body = client.get(f"/admin/cases/case/{clemency.pk}/change/").content.decode()
    assert "2027-01-02 (met: the petition is docketed)" in body
