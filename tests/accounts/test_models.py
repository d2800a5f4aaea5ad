"""The audit log is append-only: the model, its queryset and the database refuse changes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction
from django.db.models.deletion import ProtectedError

from callidarity.accounts.exceptions import AuditLogIsAppendOnly
from callidarity.accounts.models import AuditEvent
from callidarity.accounts.services import record_audit_event

from .staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def event() -> AuditEvent:
    olga = make_staff("olga", two_factor=False)
    return record_audit_event(actor=olga, action="accounts.user.viewed", obj=olga, fields=["email"])


def _unchanged(event: AuditEvent) -> None:
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.fields) == ("accounts.user.viewed", ["email"])


def test_saving_a_stored_event_again_is_refused(event: AuditEvent) -> None:
    event.action = "accounts.user.forgotten"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    _unchanged(event)


def test_deleting_an_event_is_refused(event: AuditEvent) -> None:
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    _unchanged(event)


def test_the_queryset_refuses_update_and_delete(event: AuditEvent) -> None:
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(fields=[])
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    _unchanged(event)


def test_the_database_refuses_a_raw_update(event: AuditEvent) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE accounts_auditevent SET action = %s WHERE id = %s",
            ["accounts.user.forgotten", event.pk],
        )
    _unchanged(event)


@pytest.mark.postgres
def test_postgresql_also_refuses_a_raw_delete(event: AuditEvent) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [event.pk])
    _unchanged(event)


def test_staff_with_a_trail_are_deactivated_not_deleted(event: AuditEvent) -> None:
    with pytest.raises(ProtectedError):
        User.objects.filter(pk=event.actor_id).delete()
    _unchanged(event)


def test_str_names_the_action_and_record(event: AuditEvent) -> None:
    assert str(event) == f"accounts.user.viewed auth.user#{event.object_id}"
