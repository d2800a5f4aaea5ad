"""Every URL of the site is in the access matrix, and the staff pages answer as it says."""

from __future__ import annotations

import pytest
from django.test import Client

from callidarity.accounts.decorators import declared_capability
from callidarity.accounts.roles import Role

from .matrix import MATRIX, PERSONAS, Access, iter_routes, site_routes, staff, walk

# Staff pages that still guard themselves some other way; each should move to staff_view.
# (This set may only shrink: a test fails when a page in it has moved.)
NOT_YET_STAFF_VIEW: dict[str, str] = {}


def test_every_url_outside_the_admin_is_in_the_matrix() -> None:
    missing = sorted({r.key for r in site_routes()} - MATRIX.keys())
    assert missing == []


def test_the_matrix_names_no_url_that_is_gone() -> None:
    # Development-only patterns (media under DEBUG) may be absent from this run's URLconf.
    known = {r.key for r in iter_routes()} | {r"^media/(?P<path>.*)$"}
    assert sorted(MATRIX.keys() - known) == []


def test_every_expectation_covers_every_persona() -> None:
    assert [key for key, expected in MATRIX.items() if set(expected) != set(PERSONAS)] == []


def test_every_staff_page_declares_a_rule() -> None:
    """Pages beside the admin (under /admin/, outside admin.site) must use staff_view."""
    undeclared = sorted(
        r.key
        for r in site_routes()
        if r.route.startswith("admin/") and not declared_capability(r.callback)[0]
    )
    assert undeclared == sorted(NOT_YET_STAFF_VIEW)


def test_staff_pages_are_not_public_in_the_matrix() -> None:
    staff_keys = [r.key for r in site_routes() if r.route.startswith("admin/")]
    # A page missing from the matrix is the first test's failure, not this one's.
    assert [k for k in staff_keys if Access.PUBLIC in MATRIX.get(k, {}).values()] == []


def test_the_staff_builder_spells_out_each_persona() -> None:
    assert staff(Role.CASEWORKER, sensitive=True) == {
        "anonymous": Access.LOGIN,
        "staff": Access.FORBIDDEN,
        "superuser": Access.TWO_FACTOR,
        "superuser+2fa": Access.OK,
        "organizer": Access.TWO_FACTOR,
        "organizer+2fa": Access.OK,
        "caseworker": Access.TWO_FACTOR,
        "caseworker+2fa": Access.OK,
        "treasurer": Access.FORBIDDEN,
        "treasurer+2fa": Access.FORBIDDEN,
        "moderator": Access.FORBIDDEN,
        "moderator+2fa": Access.FORBIDDEN,
    }


@pytest.mark.django_db
def test_the_two_factor_pages_answer_every_persona_as_the_matrix_says(client: Client) -> None:
    assert walk(client, "accounts") == []


@pytest.mark.django_db
def test_the_exports_page_answers_every_persona_as_the_matrix_says(client: Client) -> None:
    assert walk(client, "reports") == []


@pytest.mark.django_db
def test_the_walker_reports_a_url_missing_from_the_matrix(client: Client) -> None:
    partial = {k: v for k, v in MATRIX.items() if k != "accounts:two-factor-verify"}
    assert walk(client, "accounts", matrix=partial) == [
        "accounts:two-factor-verify: not in the matrix"
    ]


@pytest.mark.django_db
def test_the_walker_reports_a_wrong_expectation(client: Client) -> None:
    wrong = {**MATRIX, "accounts:account-detail": staff(Role.CASEWORKER)}
    problems = walk(client, "accounts", matrix=wrong)
    assert "accounts:account-detail as treasurer: expected forbidden, got ok" in problems
    assert "accounts:account-detail as moderator+2fa: expected forbidden, got ok" in problems
    assert len(problems) == 4
