"""Volunteer sign-ups (double opt-in, stopped from a link) and pledges (within what is
needed, once per form, delivered by organizers, never in the ledger)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from callidarity.accounts.models import AuditEvent
from callidarity.ledger.models import Entry, Transaction
from callidarity.notifications.models import Delivery
from callidarity.supporters.models import Supporter
from callidarity.volunteers import selectors, services, tokens
from callidarity.volunteers.exceptions import (
    DriveClosed,
    DriveError,
    PledgeNotOpen,
    TooMany,
    VolunteerError,
)
from callidarity.volunteers.models import Drive, Pledge, Volunteer, VolunteerSignup
from tests.accounts.staff import make_staff

from .conftest import items, make_drive

pytestmark = pytest.mark.django_db
# `\d` takes these digits too: the ZIP code library panicked on them (a 500).
FULL_WIDTH_ZIP = "\uff16\uff12\uff16\uff15\uff16"


def details(**overrides: object) -> services.SignupDetails:
    values: dict[str, object] = {
        "name": "Rosa Martínez",
        "email": "rosa@example.org",
        "zip_code": "62656",
        "skills": ["rides", "translation"],
        "phone": "217-555-0142",
        "languages": "English, Spanish",
        "availability": "Weekends",
        "language": "es",
    }
    values.update(overrides)
    return services.SignupDetails(**values)  # type: ignore[arg-type]


def _signup(**overrides: object) -> VolunteerSignup | None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.request_signup(details(**overrides))


def _confirm_links(body: str) -> list[int | None]:
    """Return the sign-up each confirmation link names (read back: tokens carry a time)."""
    return [
        tokens.read_confirm_token(t) for t in re.findall(r"/volunteer/confirm/([^/\s]+)/", body)
    ]


def _stop_links(body: str) -> list[int | None]:
    return [tokens.read_stop_token(t) for t in re.findall(r"/volunteer/stop/([^/\s]+)/", body)]


def _confirm(signup: VolunteerSignup) -> Volunteer:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.confirm_signup(signup=signup)


# --- sign-up -------------------------------------------------------------------------------


def test_a_signup_saves_no_volunteer_and_emails_a_link_to_confirm() -> None:
    signup = _signup()

    assert signup is not None
    assert Volunteer.objects.count() == 0
    [message] = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert _confirm_links(message.body) == [signup.pk]
    assert "62656" in message.body
    assert Delivery.objects.get().key == f"volunteer-signup:{signup.pk}"
    # The supporter exists (for the email), with no name from the public form.
    assert Supporter.objects.get().name == ""


def test_confirming_makes_her_a_volunteer_with_her_skills_and_emails_a_stop_link() -> None:
    signup = _signup()
    assert signup is not None
    mail.outbox.clear()

    volunteer = _confirm(signup)

    volunteer = Volunteer.objects.get(pk=volunteer.pk)
    assert (volunteer.name, volunteer.zip_code, volunteer.phone, volunteer.status) == (
        "Rosa Martínez", "62656", "217-555-0142", "active",
    )  # fmt: skip
    assert (volunteer.languages, volunteer.availability, volunteer.language) == (
        "English, Spanish", "Weekends", "es",
    )  # fmt: skip
    assert volunteer.skill_list == ["rides", "translation"]
    [welcome] = mail.outbox
    assert _stop_links(welcome.body) == [volunteer.pk]
    # Confirming the same link again changes nothing and sends nothing.
    again = _confirm(signup)
    assert again.pk == volunteer.pk
    assert len(mail.outbox) == 1


def test_a_stranger_cannot_change_a_volunteer_without_her_inbox() -> None:
    signup = _signup()
    assert signup is not None
    _confirm(signup)
    mail.outbox.clear()

    stranger = _signup(name="Someone Else", zip_code="60625", phone="", skills=["other"],
                       other_skill="Anything")  # fmt: skip

    assert stranger is not None
    volunteer = Volunteer.objects.get()
    assert (volunteer.name, volunteer.zip_code, volunteer.skill_list) == (
        "Rosa Martínez", "62656", ["rides", "translation"],
    )  # fmt: skip
    # The email goes to her, not to whoever typed her address, and it says what would change.
    [message] = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert "60625" in message.body


def test_a_confirmed_change_replaces_her_details_and_overtakes_older_links() -> None:
    first = _signup()
    older = _signup(zip_code="62526")
    newer = _signup(zip_code="62701", skills=["phone-banking"])
    assert first is not None
    assert older is not None
    assert newer is not None
    _confirm(first)

    volunteer = _confirm(newer)

    volunteer.refresh_from_db()
    assert (volunteer.zip_code, volunteer.skill_list) == ("62701", ["phone-banking"])
    assert not VolunteerSignup.objects.filter(pk=older.pk).exists()
    assert Volunteer.objects.count() == 1


def test_a_public_signup_never_renames_a_supporter() -> None:
    Supporter.objects.create(email="rosa@example.org", name="Rosa M. Martínez")
    signup = _signup(name="Not Rosa")
    assert signup is not None

    _confirm(signup)

    assert Supporter.objects.get().name == "Rosa M. Martínez"
    assert Volunteer.objects.get().name == "Not Rosa"


def test_an_address_gets_at_most_three_confirmations_a_day() -> None:
    for _ in range(3):
        assert _signup() is not None

    assert _signup() is None

    assert VolunteerSignup.objects.count() == 3
    assert len(mail.outbox) == 3


def test_unconfirmed_signups_are_deleted_after_a_week() -> None:
    old = _signup()
    assert old is not None
    VolunteerSignup.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))

    _signup(email="keisha@example.org")

    assert list(VolunteerSignup.objects.values_list("supporter__email", flat=True)) == [
        "keisha@example.org"
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "   "}, "Enter your name."),
        ({"zip_code": "6265"}, "Enter your 5-digit ZIP code, like 62656."),
        ({"zip_code": "00000"}, "Enter your 5-digit ZIP code, like 62656."),
        ({"zip_code": FULL_WIDTH_ZIP}, "Enter your 5-digit ZIP code, like 62656."),
        ({"skills": []}, "Choose at least one thing you can do."),
        ({"skills": ["rides", "juggling"]}, "Choose at least one thing you can do."),
        ({"email": "not-an-email"}, "Enter a valid email address, like ana@example.org."),
    ],
)
def test_a_bad_signup_is_refused_and_nothing_is_kept(
    overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(VolunteerError, match=re.escape(message)):
        services.request_signup(details(**overrides))
    assert VolunteerSignup.objects.count() == 0
    assert mail.outbox == []


def test_stopping_takes_her_off_and_signing_up_again_brings_her_back() -> None:
    signup = _signup()
    assert signup is not None
    volunteer = _confirm(signup)

    stopped = services.stop_volunteering(volunteer=volunteer)
    assert stopped.status == Volunteer.Status.STOPPED
    assert stopped.stopped_at is not None
    assert services.stop_volunteering(volunteer=volunteer).stopped_at == stopped.stopped_at

    back = _signup(skills=["court-support"])
    assert back is not None
    again = _confirm(back)
    again.refresh_from_db()
    assert (again.pk, again.status, again.stopped_at) == (volunteer.pk, "active", None)
    assert again.skill_list == ["court-support"]


def test_other_skill_is_kept_only_when_other_is_ticked() -> None:
    plain = _signup(other_skill="Sewing")
    assert plain is not None
    assert plain.other_skill == ""
    other = _signup(email="lupe@example.org", skills=["other"], other_skill="  Sewing  masks ")
    assert other is not None
    assert other.other_skill == "Sewing masks"
    assert other.skill_labels == ["Sewing masks"]


# --- pledges -------------------------------------------------------------------------------


def _pledge(drive: Drive, quantities: dict[int, int], **kwargs: object) -> services.PledgeResult:
    values: dict[str, object] = {"name": "Ana Torres", "email": "ana@example.org",
                                 "submission": uuid.uuid4(), "language": "en"}  # fmt: skip
    values.update(kwargs)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.pledge(drive=drive, quantities=quantities, **values)  # type: ignore[arg-type]


def _counts(drive: Drive) -> list[tuple[str, int, int, int, int]]:
    return [
        (row.item.name, row.needed, row.pledged, row.delivered, row.still_needed)
        for row in selectors.list_item_progress(drive)
    ]


def test_a_pledge_counts_and_emails_where_to_drop_off(drive: Drive) -> None:
    soap, socks = items(drive)

    result = _pledge(drive, {soap.pk: 4, socks.pk: 2})

    assert result.outcome == services.PledgeOutcome.PLEDGED
    assert [(p.item.name, p.quantity, p.status) for p in result.pledges] == [
        ("Bars of soap", 4, "pledged"), ("Socks", 2, "pledged"),
    ]  # fmt: skip
    assert _counts(drive) == [("Bars of soap", 10, 4, 0, 6), ("Socks", 5, 2, 0, 3)]
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "- 4 bar · Bars of soap" in message.body
    assert "1234 W Cermak Rd" in message.body
    assert "Logan Correctional Center" in message.body
    links = re.findall(r"/drives/cancel/([^/\s]+)/", message.body)
    assert [tokens.read_cancel_token(t) for t in links] == [result.pledges[0].submission]
    assert Delivery.objects.get().key == f"drive-pledge:{result.pledges[0].submission}"


def test_a_pledge_over_what_is_left_is_refused_whole(drive: Drive) -> None:
    soap, socks = items(drive)
    _pledge(drive, {socks.pk: 4})

    with pytest.raises(TooMany, match=re.escape("Only 1 more of “Socks” is needed.")):
        _pledge(drive, {soap.pk: 2, socks.pk: 2}, email="keisha@example.org")

    assert Pledge.objects.count() == 1
    assert _counts(drive)[0] == ("Bars of soap", 10, 0, 0, 10)


def test_the_same_form_sent_twice_pledges_once(drive: Drive) -> None:
    soap, _socks = items(drive)
    submission = uuid.uuid4()
    _pledge(drive, {soap.pk: 3}, submission=submission)

    again = _pledge(drive, {soap.pk: 3}, submission=submission)

    assert again.outcome == services.PledgeOutcome.ALREADY
    assert Pledge.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("status", [Drive.Status.DRAFT, Drive.Status.CLOSED])
def test_a_draft_or_closed_drive_takes_no_pledges(status: str) -> None:
    drive = make_drive(status=status)
    soap, _socks = items(drive)

    with pytest.raises(DriveClosed):
        _pledge(drive, {soap.pk: 1})
    assert Pledge.objects.count() == 0


def test_a_drive_past_its_last_day_takes_no_pledges() -> None:
    today = timezone.localdate()
    drive = make_drive(starts_on=today - timedelta(days=9), ends_on=today - timedelta(days=1))
    soap, _socks = items(drive)

    with pytest.raises(DriveClosed):
        _pledge(drive, {soap.pk: 1})


def test_a_pledge_needs_an_item_of_this_drive(drive: Drive) -> None:
    other = make_drive(slug="books", title="Books")
    other_soap, _ = items(other)

    with pytest.raises(DriveError, match="Choose items from this drive"):
        _pledge(drive, {other_soap.pk: 1})
    with pytest.raises(DriveError, match=re.escape("Pledge at least one item.")):
        _pledge(drive, {other_soap.pk: 0})
    assert Pledge.objects.count() == 0


def test_delivered_counts_what_was_brought_and_frees_the_rest(drive: Drive) -> None:
    organizer = make_staff("org")
    soap, _socks = items(drive)
    [pledge] = _pledge(drive, {soap.pk: 6}).pledges

    delivered = services.mark_delivered(pledge=pledge, by=organizer, quantity=4)

    assert (delivered.status, delivered.delivered_quantity) == ("delivered", 4)
    assert delivered.delivered_at is not None
    assert _counts(drive)[0] == ("Bars of soap", 10, 4, 4, 6)
    assert AuditEvent.objects.filter(action="volunteers.pledge.delivered").count() == 1
    with pytest.raises(PledgeNotOpen):
        services.mark_delivered(pledge=pledge, by=organizer)
    with pytest.raises(PledgeNotOpen):
        services.cancel_pledge(pledge=pledge, by=organizer)


def test_a_delivery_needs_at_least_one(drive: Drive) -> None:
    soap, _socks = items(drive)
    [pledge] = _pledge(drive, {soap.pk: 2}).pledges

    with pytest.raises(DriveError):
        services.mark_delivered(pledge=pledge, by=None, quantity=0)
    assert Pledge.objects.get().status == Pledge.Status.PLEDGED


def test_a_delivery_past_the_column_range_is_refused_and_nothing_changes(drive: Drive) -> None:
    soap, _socks = items(drive)
    [pledge] = _pledge(drive, {soap.pk: 2}).pledges

    # It reached the database before: an OverflowError (SQLite) or DataError (PostgreSQL).
    with pytest.raises(DriveError, match="at most 1000"):
        services.mark_delivered(pledge=pledge, by=None, quantity=2**31)
    assert Pledge.objects.get().status == Pledge.Status.PLEDGED
    assert AuditEvent.objects.filter(action="volunteers.pledge.delivered").count() == 0


def test_bringing_more_than_pledged_counts_what_came_and_never_a_negative_need(
    drive: Drive,
) -> None:
    soap, _socks = items(drive)
    [mine] = _pledge(drive, {soap.pk: 3}).pledges
    _pledge(drive, {soap.pk: 6})

    services.mark_delivered(pledge=mine, by=None, quantity=7)

    # 7 brought + 6 still promised: more than the 10 needed, none left, bars full.
    assert _counts(drive)[0] == ("Bars of soap", 10, 13, 7, 0)
    row = selectors.list_item_progress(drive)[0]
    assert (row.pledged_percent, row.delivered_percent) == (100, 70)


def test_cancelling_from_her_link_frees_her_open_pledges_only(drive: Drive) -> None:
    soap, socks = items(drive)
    pledges = _pledge(drive, {soap.pk: 5, socks.pk: 5}).pledges
    services.mark_delivered(pledge=pledges[0], by=None)

    after = services.cancel_submission(submission=pledges[0].submission)

    assert [p.status for p in after] == ["delivered", "cancelled"]
    assert _counts(drive) == [("Bars of soap", 10, 5, 5, 5), ("Socks", 5, 0, 0, 5)]


def test_a_drive_from_start_to_close_writes_nothing_to_the_ledger(drive: Drive) -> None:
    soap, socks = items(drive)
    first = _pledge(drive, {soap.pk: 10, socks.pk: 3}).pledges
    second = _pledge(drive, {socks.pk: 2}, email="keisha@example.org").pledges
    services.mark_delivered(pledge=first[0], by=None)
    services.mark_delivered(pledge=first[1], by=None, quantity=1)
    services.cancel_pledge(pledge=second[0], by=None)
    Drive.objects.filter(pk=drive.pk).update(status=Drive.Status.CLOSED)

    assert _counts(drive) == [("Bars of soap", 10, 10, 10, 0), ("Socks", 5, 1, 1, 4)]
    assert (Transaction.objects.count(), Entry.objects.count()) == (0, 0)
