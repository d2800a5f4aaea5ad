"""The public "Bring her home" pages show what the family chose and nothing from the case's
restricted record; an unpublished page is a 404 (but a preview for staff who may see it)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from callidarity.accounts.models import AuditEvent
from callidarity.advocacy.models import Action
from callidarity.cases import services
from callidarity.cases.models import Case, CasePage, Consent, Hearing
from tests.accounts.staff import log_in
from tests.advocacy.conftest import call_in, governor  # noqa: F401 - fixtures

from .conftest import CANARY_NAME, CANARY_NOTE

pytestmark = pytest.mark.django_db

URL = "/bring-home/bring-ana-home/"


@pytest.fixture
def case_page(clemency: Case, carla: User, call_in: Action) -> CasePage:  # noqa: F811
    Hearing.objects.create(case=clemency, held_on=datetime.date(2027, 3, 18), place="Room 7")
    draft = Action.objects.create(slug="draft-ask", title="A draft ask", ask="Not yet", script="x")
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 90, 160)).save(out, format="PNG")
    case_page = CasePage(
        case=clemency, slug="bring-ana-home", public_name="Ana", headline="A mother of three.",
        story="Ana <script>alert(1)</script> loves **gardening**.",
        photo=SimpleUploadedFile("ana.png", out.getvalue(), "image/png"),
        photo_description="Ana smiling in the visiting room",
    )  # fmt: skip
    services.save_page(page=case_page, changed=["photo"], by=carla)
    case_page.actions.set([call_in, draft])
    services.record_consent(
        case=clemency, given_by=Consent.Giver.PERSON, given_on=datetime.date(2026, 11, 1),
        method=Consent.Method.VISIT, by=carla,
    )  # fmt: skip
    services.publish_page(page=case_page, by=carla)
    return case_page


def test_the_page_shows_the_story_and_the_open_actions_and_nothing_restricted(
    client: Client, case_page: CasePage
) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Bring Ana home</h1>" in body
    assert "<strong>gardening</strong>" in body
    assert "<script>" not in body
    assert 'alt="Ana smiling in the visiting room"' in body
    assert f'src="{URL}photo/"' in body
    assert "Call-in day for clemency" in body
    assert "A draft ask" not in body
    for restricted in (CANARY_NAME, CANARY_NOTE, "Y55501Q", "Logan", "Room 7", "Collect letters"):
        assert restricted not in body
    assert AuditEvent.objects.filter(action="cases.casepage.viewed").count() == 0


def test_the_facility_shows_only_when_the_organizer_chose_it(
    client: Client, case_page: CasePage, carla: User
) -> None:
    case_page.show_facility = True
    services.save_page(page=case_page, changed=["show_facility"], by=carla)
    assert "Held at Logan Correctional Center" in client.get(URL).content.decode()


def test_the_list_shows_published_pages_only(
    client: Client, case_page: CasePage, carla: User
) -> None:
    other = services.create_case(kind=Case.Kind.RESENTENCING, person_name="Rosa", by=carla)
    services.save_page(
        page=CasePage(case=other, slug="rosa", public_name="Rosa"), changed=[], by=carla
    )
    body = client.get("/bring-home/").content.decode()
    assert "Bring Ana home" in body
    assert "A mother of three." in body
    assert "Rosa" not in body
    assert client.get("/bring-home/rosa/").status_code == 404
    assert client.get("/bring-home/rosa/photo/").status_code == 404


def test_the_photo_is_served_as_an_image_that_cannot_run_anything(
    client: Client, case_page: CasePage
) -> None:
    response = client.get(f"{URL}photo/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "sandbox" in response["Content-Security-Policy"]
    # Kept by no shared cache, so a withdrawn consent takes the photo down everywhere.
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:  # type: ignore[attr-defined]
        assert image.size == (60, 40)


def test_an_unpublished_page_is_a_preview_for_verified_caseworkers_only(
    client: Client, case_page: CasePage, carla: User
) -> None:
    services.unpublish_page(page=case_page, by=carla)
    assert client.get(URL).status_code == 404
    log_in(client, carla)  # password only
    assert client.get(URL).status_code == 404
    log_in(client, carla, verified=True)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Preview: this page is not published." in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="cases.casepage.viewed", actor=carla).count() == 1


def test_the_pages_answer_head_and_refuse_post(client: Client, case_page: CasePage) -> None:
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405
    assert client.get("/bring-home/no-such-page/").status_code == 404
