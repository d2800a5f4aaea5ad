"""The ledger admin lets staff read every row and change none."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from callidarity.ledger.models import Account, Entry, Transaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(django_user_model: type[AbstractBaseUser]) -> Client:
    # No password: hashing one costs a third of a second and force_login needs none.
    user = django_user_model.objects.create_superuser(  # type: ignore[attr-defined]
        username="root", email="root@example.org", password=None
    )
    client = Client()
    client.force_login(user)
    return client


def state() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]:
    return (
        list(Account.objects.order_by("pk").values_list("pk", "code", "name", "balance_cents")),
        list(Transaction.objects.order_by("pk").values_list("pk", "kind", "memo")),
        list(Entry.objects.order_by("pk").values_list("pk", "amount_cents")),
    )


def test_lists_and_detail_pages_are_readable(
    superuser_client: Client, gift: Transaction, fund: Account
) -> None:
    response = superuser_client.get("/admin/ledger/account/")
    assert response.status_code == 200
    assert "fund:test" in response.content.decode()
    assert "$25.00" in response.content.decode()

    response = superuser_client.get(f"/admin/ledger/transaction/{gift.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "fund:test" in body
    assert "-$25.00" in body
    assert 'name="_save"' not in body
    assert "/delete/" not in body


@pytest.mark.parametrize(
    ("model", "status"), [("account", 403), ("transaction", 403), ("entry", 404)]
)
def test_adding_is_refused(
    superuser_client: Client, gift: Transaction, model: str, status: int
) -> None:
    before = state()
    assert superuser_client.get(f"/admin/ledger/{model}/add/").status_code == status
    response = superuser_client.post(
        f"/admin/ledger/{model}/add/", {"code": "fund:x", "name": "X", "kind": "fund"}
    )
    assert response.status_code == status
    assert state() == before


def test_changing_is_refused(superuser_client: Client, gift: Transaction, fund: Account) -> None:
    before = state()
    response = superuser_client.post(
        f"/admin/ledger/account/{fund.pk}/change/",
        {"code": "fund:renamed", "name": "Renamed", "kind": "asset", "currency": "USD"},
    )
    assert response.status_code == 403
    response = superuser_client.post(
        f"/admin/ledger/transaction/{gift.pk}/change/",
        {"kind": "refund", "memo": "edited", "idempotency_key": "gift"},
    )
    assert response.status_code == 403
    assert state() == before


def test_deleting_is_refused(superuser_client: Client, gift: Transaction, fund: Account) -> None:
    before = state()
    assert superuser_client.get(f"/admin/ledger/account/{fund.pk}/delete/").status_code == 403
    response = superuser_client.post(
        f"/admin/ledger/transaction/{gift.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    response = superuser_client.post(
        "/admin/ledger/transaction/",
        {"action": "delete_selected", "_selected_action": [gift.pk], "post": "yes"},
    )
    assert Transaction.objects.filter(pk=gift.pk).exists()
    assert state() == before


def test_entries_have_no_admin_page_of_their_own(superuser_client: Client) -> None:
    assert superuser_client.get("/admin/ledger/entry/").status_code == 404
