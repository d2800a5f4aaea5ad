"""staff_view: the login redirect, the 403, the two-factor redirect, and the rule it declares."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from callidarity.accounts.decorators import declared_capability, staff_view
from callidarity.accounts.roles import Role

from . import urls as test_urls
from .staff import log_in, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.urls")]

MEMBERS = "/staff-test/members/"
GIFTS = "/staff-test/gifts/"
UNDECLARED = "/staff-test/undeclared/"


def _next(path: str) -> str:
    return quote(path, safe="")


def test_anonymous_is_sent_to_the_admin_login(client: Client) -> None:
    response = client.get(MEMBERS + "?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/staff-test/members/%3Fpage%3D2"


def test_a_logged_in_non_staff_user_is_sent_to_the_login_too(client: Client) -> None:
    user = User.objects.create_user("supporter")
    client.force_login(user)
    assert client.get(MEMBERS)["Location"] == "/admin/login/?next=/staff-test/members/"


def test_staff_without_the_role_get_403_even_when_verified(client: Client) -> None:
    log_in(client, make_staff("tomasa", roles=[Role.TREASURER]), verified=True)
    assert client.get(MEMBERS).status_code == 403
    log_in(client, make_staff("plain"), verified=True)
    assert client.get(GIFTS).status_code == 403


def test_a_password_only_session_is_sent_to_verify(password_only_client: Client) -> None:
    response = password_only_client.get(MEMBERS)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/2fa/verify/?next={_next(MEMBERS)}"
    assert b"people we support" not in response.content


def test_someone_without_an_authenticator_is_sent_to_set_one_up(
    client: Client, newcomer: User
) -> None:
    log_in(client, newcomer)
    assert client.get(MEMBERS)["Location"] == f"/admin/2fa/setup/?next={_next(MEMBERS)}"


def test_a_verified_session_sees_the_page_never_cached(verified_client: Client) -> None:
    response = verified_client.get(MEMBERS)
    assert response.status_code == 200
    assert response.content == b"The people we support"
    assert "no-cache" in response["Cache-Control"]


def test_a_page_that_is_not_sensitive_needs_no_second_factor(client: Client) -> None:
    log_in(client, make_staff("tomasa", roles=[Role.TREASURER]))
    assert client.get(GIFTS).status_code == 200


def test_an_undeclared_page_is_for_verified_organizers(client: Client) -> None:
    organizer = make_staff("olga", roles=[Role.ORGANIZER])
    log_in(client, organizer)
    assert client.get(UNDECLARED)["Location"] == f"/admin/2fa/verify/?next={_next(UNDECLARED)}"
    log_in(client, organizer, verified=True)
    assert client.get(UNDECLARED).status_code == 200
    log_in(client, make_staff("tomasa", roles=[Role.TREASURER]), verified=True)
    assert client.get(UNDECLARED).status_code == 403


def test_a_superuser_is_an_organizer(client: Client) -> None:
    log_in(client, make_staff("root", superuser=True), verified=True)
    assert client.get(MEMBERS).status_code == 200
    assert client.get(UNDECLARED).status_code == 200


def test_the_wrapped_view_carries_its_rule() -> None:
    assert declared_capability(test_urls.members) == (True, "aid.members")
    assert declared_capability(test_urls.undeclared) == (True, None)
    assert declared_capability(lambda request: None) == (False, None)
    assert test_urls.members.__name__ == "members"


def test_the_decorator_keeps_the_views_arguments(rf: RequestFactory) -> None:
    @staff_view("donations")
    def detail(request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponse(str(pk))

    request = rf.get("/")
    request.user = make_staff("tomasa", roles=[Role.TREASURER])
    assert detail(request, pk=7).content == b"7"
