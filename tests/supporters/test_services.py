"""upsert_supporter(): one Supporter per email, whatever its case."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections
from django.db import transaction as db_transaction

from callidarity.supporters.models import Supporter
from callidarity.supporters.services import normalize_email, upsert_supporter


@pytest.mark.django_db
def test_creates_a_supporter_with_the_trimmed_email_and_name() -> None:
    supporter = upsert_supporter(email="  ana@example.org ", name="  Ana  ")
    assert Supporter.objects.count() == 1
    row = Supporter.objects.get()
    assert row.pk == supporter.pk
    assert (row.email, row.name) == ("ana@example.org", "Ana")


@pytest.mark.django_db
def test_the_same_email_in_another_case_is_the_same_supporter() -> None:
    first = upsert_supporter(email="Ana@Example.org")
    second = upsert_supporter(email="ana@example.org ")
    third = upsert_supporter(email="ANA@EXAMPLE.ORG")
    assert first.pk == second.pk == third.pk
    assert Supporter.objects.count() == 1
    # The address is kept as first given, with only its domain lower-cased.
    assert Supporter.objects.get().email == "Ana@example.org"


@pytest.mark.django_db
def test_a_name_typed_later_never_renames_the_supporter() -> None:
    first = upsert_supporter(email="ana@example.org", name="Ana")
    again = upsert_supporter(email="ANA@example.org", name="Someone Else")
    assert again.pk == first.pk
    assert Supporter.objects.get().name == "Ana"


@pytest.mark.django_db
def test_a_supporter_without_a_name_gets_the_first_one_typed() -> None:
    upsert_supporter(email="ana@example.org")
    updated_at = Supporter.objects.get().updated_at
    upsert_supporter(email="ana@example.org", name="Ana María")
    row = Supporter.objects.get()
    assert row.name == "Ana María"
    assert row.updated_at >= updated_at


@pytest.mark.django_db
@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_name_does_not_erase_the_known_one(blank: str) -> None:
    upsert_supporter(email="ana@example.org", name="Ana")
    supporter = upsert_supporter(email="ana@example.org", name=blank)
    assert supporter.name == "Ana"
    assert Supporter.objects.get().name == "Ana"


@pytest.mark.django_db
def test_a_long_name_is_cut_to_the_column() -> None:
    upsert_supporter(email="ana@example.org", name="A" * 250)
    assert Supporter.objects.get().name == "A" * 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email", ["", "   ", "not-an-email", "ana@", "@example.org", "ana@@example.org", "a b@x.org"]
)
def test_an_invalid_email_is_refused_with_nothing_written(email: str) -> None:
    upsert_supporter(email="ana@example.org", name="Ana")
    with pytest.raises(ValidationError):
        upsert_supporter(email=email, name="Someone")
    assert list(Supporter.objects.values_list("email", "name")) == [("ana@example.org", "Ana")]


@pytest.mark.parametrize(
    ("email", "normal"),
    [
        ("Ana@Example.ORG", "Ana@example.org"),
        ("  ana@example.org\n", "ana@example.org"),
        ("ANA@EXAMPLE.ORG", "ANA@example.org"),
    ],
)
def test_normalize_email_trims_and_lowercases_the_domain(email: str, normal: str) -> None:
    assert normalize_email(email) == normal


@pytest.mark.django_db
def test_the_database_refuses_a_second_row_for_the_same_email_in_another_case() -> None:
    Supporter.objects.create(email="ana@example.org")
    with pytest.raises(IntegrityError), db_transaction.atomic():
        Supporter.objects.create(email="ANA@example.org")
    assert Supporter.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_upserts_in_different_cases_make_one_row() -> None:
    emails = [
        "Ana@Example.org",
        "ana@example.org",
        "ANA@EXAMPLE.ORG",
        "aNa@example.org",
        "ana@EXAMPLE.org",
    ] * 2
    start = threading.Barrier(len(emails))
    pks: list[int] = []
    errors: list[Exception] = []

    def upsert(email: str) -> None:
        try:
            start.wait(timeout=10)
            pks.append(upsert_supporter(email=email, name="Ana").pk)
        except Exception as exc:  # reported by the main thread, which asserts
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upsert, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(pks) == len(emails)
    assert Supporter.objects.count() == 1
    assert set(pks) == {Supporter.objects.get().pk}
