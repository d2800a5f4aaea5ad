from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client: Client) -> None:
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_pages_carry_a_content_security_policy_and_refuse_framing(client: Client, db: None) -> None:
    response = client.get("/healthz")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_every_page_links_each_public_section_from_its_footer(client: Client) -> None:
    footer = client.get("/library/").content.decode().split('<footer class="site-footer">')[1]
    for path in ("/events/", "/bills/", "/library/", "/press/", "/bring-home/", "/volunteer/",
                 "/drives/", "/receipts/"):  # fmt: skip
        assert f'href="{path}"' in footer, path
