"""Organizers add resources, partners and press items in the admin; bad files are refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from callidarity.library.models import Resource

from .conftest import pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer_client(client: Client) -> Client:
    User.objects.create_superuser("org", "org@example.org", "a-long-test-password")
    client.login(username="org", password="a-long-test-password")
    return client


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Writing to the parole board",
        "slug": "parole-letter",
        "status": "published",
        "kind": "sample-letter",
        "language": "en",
        "summary": "",
        "body": "Dear members of the board,",
        "reviewed_on": "2025-04-01",
    }
    data.update(overrides)
    return data


def test_an_organizer_adds_a_resource_with_a_pdf(organizer_client: Client) -> None:
    response = organizer_client.post("/admin/library/resource/add/", _form(file=pdf_file()))
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.file.name.startswith("library/guide")
    assert organizer_client.get("/library/parole-letter/file/").status_code == 200


def test_the_admin_refuses_a_disguised_file(organizer_client: Client) -> None:
    fake = SimpleUploadedFile("letter.pdf", b"<html><script>alert(1)</script>")
    response = organizer_client.post("/admin/library/resource/add/", _form(file=fake))
    assert response.status_code == 200
    assert "are not a PDF, as its name says" in response.content.decode()
    assert Resource.objects.count() == 0


@pytest.mark.parametrize(
    "path", ["/admin/library/partner/add/", "/admin/library/pressitem/", "/admin/library/tag/"]
)
def test_the_other_admin_pages_open(organizer_client: Client, path: str) -> None:
    assert organizer_client.get(path).status_code == 200
