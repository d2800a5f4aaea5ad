"""Requests for support become members and plans, each step audited and told by email."""

from __future__ import annotations

import dataclasses
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture
from pytest_django import Settings

from callidarity.accounts.models import AuditEvent
from callidarity.aid import services
from callidarity.aid.exceptions import AlreadyDecided, FacilityNeeded, SupportError
from callidarity.aid.models import Facility, Member, SupportPlan, SupportRequest, id_number_hash
from callidarity.aid.services import RequestDetails
from callidarity.core.keys import new_encryption_key
from callidarity.core.money import Money
from callidarity.ledger.models import Account
from tests.smtp import SmtpSink

from .conftest import CANARIES


@pytest.fixture
def organizer(db: None) -> User:
    return User.objects.create_user("olga", "olga@example.org", "pw", is_staff=True)


def _raw_row(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        return " ".join(str(value) for value in cursor.fetchone())


def test_a_request_is_stored_encrypted_and_audited_by_field_name(
    details: RequestDetails,
) -> None:
    request = services.submit_support_request(details=details, source="web")
    stored = SupportRequest.objects.get(pk=request.pk)
    assert stored.person_name == CANARIES["person_name"]
    assert stored.requester_email == CANARIES["requester_email"]
    raw = _raw_row("aid_supportrequest", request.pk)
    for value in CANARIES.values():
        assert value not in raw
    event = AuditEvent.objects.get(action="aid.request.created")
    assert event.actor is None
    assert (event.object_type, event.object_id) == ("aid.supportrequest", str(request.pk))
    assert "id_number" in event.fields
    assert "message" in event.fields
    assert "facility_other" not in event.fields  # left empty
    assert not any(value in str(event.fields) for value in CANARIES.values())


def test_the_requester_hears_it_arrived_once_in_their_language(
    details: RequestDetails, smtp: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = services.submit_support_request(details=details, source="web")
    assert services.send_request_email(request_id=request.pk, kind="received") is False
    [message] = smtp.to(CANARIES["requester_email"])
    assert "Recibimos tu solicitud" in message["Subject"]
    body = message.get_content()
    # The email names no one inside and repeats nothing typed about her.
    for key in ("person_name", "id_number", "message", "children_zip"):
        assert CANARIES[key] not in body


def test_approval_creates_the_member_and_her_plan(
    details: RequestDetails,
    organizer: User,
    fund: Account,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    request = services.submit_support_request(details=details, source="web")
    with django_capture_on_commit_callbacks(execute=True):
        member = services.approve_request(
            request=request,
            by=organizer,
            plans=[(SupportPlan.Kind.PHONE, Money(1500, "USD"))],
            fund_account=fund,
        )
    member = Member.objects.get(pk=member.pk)
    assert member.name == CANARIES["person_name"]
    assert member.status == Member.Status.ACTIVE
    assert member.has_visits is False
    assert member.miles_from_children == 153  # Chicago 60625 to Lincoln, IL
    assert member.id_hash == id_number_hash("idoc", "y-98765q")
    [plan] = member.plans.all()
    assert (plan.kind, plan.weekly_cents, plan.fund_account) == ("phone", 1500, fund)
    request.refresh_from_db()
    assert (request.status, request.member, request.decided_by) == ("approved", member, organizer)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"aid.member.created", "aid.plan.created", "aid.request.approved"} <= actions
    subjects = [m["Subject"] for m in smtp.to(CANARIES["requester_email"])]
    assert any("aprobada" in s for s in subjects)


def test_a_second_request_for_the_same_person_is_linked_not_duplicated(
    details: RequestDetails, organizer: User, fund: Account
) -> None:
    first = services.submit_support_request(details=details, source="web")
    member = services.approve_request(
        request=first, by=organizer, plans=[("phone", Money(1500, "USD"))], fund_account=fund
    )
    again = RequestDetails(
        person_name="Another spelling",
        facility=details.facility,
        id_number="y 98765-q",
        wants_commissary=True,
        requester_email="sister@example.org",
    )
    second = services.submit_support_request(details=again, source="letter", entered_by=organizer)
    assert second.member == member
    services.approve_request(
        request=second,
        by=organizer,
        plans=[("phone", Money(1500, "USD")), ("commissary", Money(1000, "USD"))],
        fund_account=fund,
    )
    assert Member.objects.count() == 1
    assert sorted(member.plans.values_list("kind", "weekly_cents")) == [
        ("commissary", 1000),
        ("phone", 1500),
    ]


def test_the_same_number_at_another_agency_is_another_person(
    details: RequestDetails,
) -> None:
    cook = Facility.objects.get(name="Cook County Jail")
    first = services.submit_support_request(details=details, source="web")
    assert id_number_hash("idoc", CANARIES["id_number"]) == first.id_hash
    other = RequestDetails(person_name="X", facility=cook, id_number=CANARIES["id_number"])
    assert services.submit_support_request(details=other, source="web").id_hash != first.id_hash


def test_decisions_are_final_and_a_decline_needs_a_reason(
    details: RequestDetails,
    organizer: User,
    fund: Account,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = services.submit_support_request(details=details, source="web")
    with pytest.raises(SupportError, match="Say why"):
        services.decline_request(request=request, by=organizer, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.waitlist_request(request=request, by=organizer, reason="Our fund is full.")
    assert request.status == SupportRequest.Status.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_request(request=request, by=organizer, reason="We only serve Illinois.")
    assert request.status == SupportRequest.Status.DECLINED
    with pytest.raises(AlreadyDecided):
        services.approve_request(
            request=request, by=organizer, plans=[("phone", Money(1, "USD"))], fund_account=fund
        )
    subjects = [m["Subject"] for m in smtp.to(CANARIES["requester_email"])]
    assert len(subjects) == 3  # received, waiting list, declined
    [declined] = [
        m for m in smtp.to(CANARIES["requester_email"]) if "Sobre tu solicitud" in m["Subject"]
    ]
    assert "We only serve Illinois." in declined.get_content()


def test_a_request_for_an_unlisted_facility_cannot_be_approved_as_is(
    organizer: User, fund: Account
) -> None:
    details = RequestDetails(person_name="Ana", facility=None, facility_other="Dwight")
    request = services.submit_support_request(details=details, source="letter")
    with pytest.raises(FacilityNeeded):
        services.approve_request(
            request=request, by=organizer, plans=[("phone", Money(1500, "USD"))], fund_account=fund
        )
    assert Member.objects.count() == 0
    assert SupportRequest.objects.get(pk=request.pk).status == SupportRequest.Status.NEW


def test_rotating_keys_leaves_every_row_readable_with_the_new_key_alone(
    details: RequestDetails, organizer: User, fund: Account, settings: Settings
) -> None:
    request = services.submit_support_request(details=details, source="web")
    services.approve_request(
        request=request, by=organizer, plans=[("phone", Money(1500, "USD"))], fund_account=fund
    )
    old = settings.FIELD_KEYS
    new_key = new_encryption_key()
    settings.FIELD_KEYS = dataclasses.replace(old, encryption=(new_key, *old.encryption))
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "aid.Member: 1 rows re-encrypted" in out.getvalue()
    settings.FIELD_KEYS = dataclasses.replace(old, encryption=(new_key,))
    member = Member.objects.get()
    assert member.name == CANARIES["person_name"]
    assert member.id_number == CANARIES["id_number"]
    stored = SupportRequest.objects.get(pk=request.pk)
    assert stored.requester_phone == CANARIES["requester_phone"]
    assert stored.message == CANARIES["message"]


def test_approving_from_the_waiting_list_sends_good_news_without_the_old_reason(
    details: RequestDetails,
    organizer: User,
    fund: Account,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    request = services.submit_support_request(details=details, source="web")
    services.waitlist_request(request=request, by=organizer, reason="Our fund is full.")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_request(
            request=request, by=organizer, plans=[("phone", Money(1500, "USD"))], fund_account=fund
        )
    assert SupportRequest.objects.get(pk=request.pk).reason == ""
    [approved] = [m for m in smtp.to(CANARIES["requester_email"]) if "aprobada" in m["Subject"]]
    assert "Our fund is full." not in approved.get_content()


def test_a_request_for_someone_released_brings_her_back_at_her_new_facility(
    details: RequestDetails, organizer: User, fund: Account
) -> None:
    first = services.submit_support_request(details=details, source="web")
    member = services.approve_request(
        request=first, by=organizer, plans=[("phone", Money(1500, "USD"))], fund_account=fund
    )
    Member.objects.filter(pk=member.pk).update(status=Member.Status.RELEASED)
    decatur = Facility.objects.get(name="Decatur Correctional Center")
    again = RequestDetails(person_name="Quetzal", facility=decatur, id_number=CANARIES["id_number"])
    second = services.submit_support_request(details=again, source="letter")
    assert second.member_id == member.pk  # same ID number at the same agency (IDOC)
    services.approve_request(
        request=second, by=organizer, plans=[("phone", Money(1500, "USD"))], fund_account=fund
    )
    member.refresh_from_db()
    assert (member.status, member.facility) == (Member.Status.ACTIVE, decatur)
    assert member.plans.filter(status="active").count() == 1


def test_a_weekly_amount_has_a_ceiling(
    details: RequestDetails, organizer: User, fund: Account
) -> None:
    request = services.submit_support_request(details=details, source="web")
    with pytest.raises(SupportError, match=r"at most \$1,000\.00"):
        services.approve_request(
            request=request,
            by=organizer,
            plans=[("phone", Money(100_001, "USD"))],
            fund_account=fund,
        )
    assert not Member.objects.exists()


def test_plans_stay_within_what_her_facility_lets_her_spend(organizer: User, fund: Account) -> None:
    cook = Facility.objects.get(name="Cook County Jail")  # $200 a week
    details = RequestDetails(person_name="Dora", facility=cook, wants_commissary=True)
    request = services.submit_support_request(details=details, source="letter")
    with pytest.raises(SupportError, match=r"Cook County Jail lets a person spend at most \$200"):
        services.approve_request(
            request=request,
            by=organizer,
            plans=[("phone", Money(5_000, "USD")), ("commissary", Money(15_001, "USD"))],
            fund_account=fund,
        )
    assert not SupportPlan.objects.exists()
    services.approve_request(
        request=request,
        by=organizer,
        plans=[("phone", Money(5_000, "USD")), ("commissary", Money(15_000, "USD"))],
        fund_account=fund,
    )
    assert SupportPlan.objects.count() == 2
