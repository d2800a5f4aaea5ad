"""A raw dump of the database holds none of what was typed into the request form."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from callidarity.aid import services
from callidarity.aid.models import SupportPlan, SupportRequest
from callidarity.core.money import Money
from callidarity.ledger.models import Account

from .conftest import CANARIES, form_data


def _request_and_approve(fund: Account) -> None:
    assert Client().post("/support/request/", form_data()).status_code == 302
    organizer = User.objects.create_user("olga", "olga@example.org", "pw", is_staff=True)
    services.approve_request(
        request=SupportRequest.objects.get(),
        by=organizer,
        plans=[(SupportPlan.Kind.PHONE, Money(1500, "USD"))],
        fund_account=fund,
    )


def _leaks(dump: str) -> list[str]:
    # The ZIP code alone is a common number; look for it only where it would be a value.
    values = [v for k, v in CANARIES.items() if k != "children_zip"]
    return [value for value in values if value in dump]


def test_an_sqlite_dump_holds_no_typed_values(db: None, fund: Account) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite dump; PostgreSQL has its own test below")
    _request_and_approve(fund)
    dump = "\n".join(connection.connection.iterdump())
    assert "aid_supportrequest" in dump
    assert "aid_member" in dump
    assert _leaks(dump) == []
    assert f"'{CANARIES['children_zip']}'" not in dump


def _pg_dump() -> str:
    found = shutil.which("pg_dump") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))), None
    )
    if found is None:
        pytest.fail("pg_dump is not installed")
    return found


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_holds_no_typed_values(illinois: None, fund: Account) -> None:
    _request_and_approve(fund)
    params = connection.get_connection_params()
    env = {**os.environ, "PGPASSWORD": str(params.get("password") or "")}
    result = subprocess.run(
        [
            _pg_dump(),
            "--data-only",
            "-h",
            str(params.get("host") or "127.0.0.1"),
            "-p",
            str(params.get("port") or 5432),
            "-U",
            str(params.get("user") or "postgres"),
            str(params["dbname"]),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    dump = result.stdout
    assert "aid_supportrequest" in dump
    assert "aid_member" in dump
    assert _leaks(dump) == []
    assert f"\t{CANARIES['children_zip']}\t" not in dump
