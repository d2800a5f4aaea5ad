"""Review findings: a clemency petition's whole road with its deadlines and reminders, a
stale form that must not undo a move or republish a page, the next step encrypted at rest,
the admin's "view on site" shortcut, and a move dated before the last one on the form."""

from __future__ import annotations

import datetime
import importlib
import types

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client

from callidarity.cases import selectors, services
from callidarity.cases.exceptions import MoveNotAllowed
from callidarity.cases.models import Case, CasePage, Consent, Hearing, StageChange
from callidarity.notifications.models import Delivery
from tests.accounts.matrix import persona_user
from tests.accounts.staff import log_in
from tests.smtp import SmtpSink

from .formdata import form_data

pytestmark = pytest.mark.django_db

S = Case.Stage
D = datetime.date
SESSION = D(2026, 3, 19)  # the Board's hearing session the petition is aimed at


OPENED = D(2025, 9, 1)


def _open_clemency(owner: User) -> Case:
    return services.create_case(
        kind=Case.Kind.CLEMENCY, person_name="Ana", owner=owner, opened_on=OPENED, by=owner
    )


def test_a_clemency_petition_walks_every_stage_with_its_deadlines_and_each_reminder_once(
    smtp: SmtpSink, carla: User
) -> None:
    case = _open_clemency(carla)
    services.save_hearing(
        hearing=Hearing(case=case, kind=Hearing.Kind.BOARD_SESSION, held_on=SESSION),
        changed=["held_on"], by=carla,
    )  # fmt: skip
    # 75 days before the session, across the year's end.
    assert selectors.filing_deadline(case, today=D(2025, 9, 1)) == D(2026, 1, 3)
    moves = {
        D(2025, 9, 10): S.FILED,
        D(2025, 9, 20): S.INCOMPLETE,  # complete by 2025-12-19 (90 days, three month ends)
        D(2025, 12, 17): S.FILED,
        D(2025, 12, 22): S.INCOMPLETE,  # a second time: complete by 2026-03-22
        D(2025, 12, 30): S.FILED,
        D(2026, 1, 20): S.DOCKETED,
        SESSION: S.HEARING_HELD,
        D(2026, 4, 1): S.RECOMMENDATION_SENT,
        D(2026, 6, 1): S.GRANTED,
    }
    day, reruns = D(2025, 9, 1), 0
    while day <= D(2026, 6, 30):
        if day in moves:
            services.move_case(case, moves[day], by=carla, on=day)
        if day == D(2025, 12, 5):
            kinds = [(d.kind, d.due_on) for d in selectors.list_deadlines(case, today=day)]
            assert kinds == [
                ("complete_by", D(2025, 12, 19)),
                ("filing", D(2026, 1, 3)),
                ("hearing", SESSION),
            ]
        services.send_case_reminders(day)
        reruns += services.send_case_reminders(day)  # a second cron run the same day
        day += datetime.timedelta(days=1)
    assert reruns == 0
    keys = list(Delivery.objects.order_by("id").values_list("key", "status"))
    prefix = f"case-reminder:{case.pk}:"
    assert keys == [
        (prefix + "complete_by:2025-12-19:14", "sent"),
        (prefix + "complete_by:2025-12-19:3", "sent"),
        (prefix + "filing:2026-01-03:14", "sent"),
        (prefix + "filing:2026-01-03:3", "sent"),
        (prefix + "hearing:2026-03-19:14", "sent"),
        (prefix + "hearing:2026-03-19:3", "sent"),
    ]
    assert smtp.count == 6
    assert [m["Subject"] for m in smtp.to(carla.email)][:2] == [
        f"Case #{case.pk} (Clemency petition): deadline to complete the petition in 14 days",
        f"Case #{case.pk} (Clemency petition): deadline to complete the petition in 3 days",
    ]
    case.refresh_from_db()
    assert (case.stage, case.filed_on, case.decided_on) == (
        S.GRANTED,
        D(2025, 9, 10),
        D(2026, 6, 1),
    )
    history = list(case.stage_changes.values_list("to_stage", flat=True))
    assert history == [S.DRAFTING, *moves.values()]
    assert selectors.list_deadlines(case, today=D(2026, 6, 2)) == []
    with pytest.raises(MoveNotAllowed, match="is final"):
        services.move_case(case, S.WITHDRAWN, by=carla, on=D(2026, 6, 2))


ROAD_TO = {
    S.DRAFTING: [],
    S.FILED: [S.FILED],
    S.INCOMPLETE: [S.FILED, S.INCOMPLETE],
    S.DOCKETED: [S.FILED, S.DOCKETED],
    S.HEARING_HELD: [S.FILED, S.DOCKETED, S.HEARING_HELD],
    S.RECOMMENDATION_SENT: [S.FILED, S.DOCKETED, S.HEARING_HELD, S.RECOMMENDATION_SENT],
}


@pytest.mark.parametrize("stage", list(ROAD_TO))
def test_a_petition_is_withdrawn_from_each_open_stage_and_then_gets_no_reminder(
    smtp: SmtpSink, carla: User, stage: str
) -> None:
    case = _open_clemency(carla)
    Hearing.objects.create(case=case, held_on=SESSION)
    for n, to_stage in enumerate(ROAD_TO[stage]):
        services.move_case(case, to_stage, by=carla, on=D(2025, 9, 2 + n))
    assert case.stage == stage
    services.move_case(case, S.WITHDRAWN, by=carla, on=D(2025, 10, 1))
    case.refresh_from_db()
    assert case.stage == S.WITHDRAWN
    assert StageChange.objects.filter(case=case).last().from_stage == stage  # type: ignore[union-attr]
    assert services.allowed_moves(case) == []
    for to_stage in S.values:
        with pytest.raises(MoveNotAllowed):
            services.move_case(case, to_stage, by=carla, on=D(2025, 10, 2))
    assert services.send_case_reminders(D(2025, 12, 31)) == 0  # 3 days before filing
    assert smtp.count == 0


def test_an_incomplete_petition_that_is_not_completed_is_discarded_for_good(carla: User) -> None:
    case = _open_clemency(carla)
    services.move_case(case, S.FILED, by=carla, on=D(2025, 9, 2))
    services.move_case(case, S.INCOMPLETE, by=carla, on=D(2025, 9, 3))
    assert selectors.complete_by(case) == D(2025, 12, 2)
    services.move_case(case, S.DISCARDED, by=carla, on=D(2025, 12, 3))
    case.refresh_from_db()
    assert case.stage == S.DISCARDED
    assert not case.is_open
    assert selectors.list_deadlines(case, today=D(2025, 11, 30)) == []
    with pytest.raises(MoveNotAllowed, match="is final"):
        services.move_case(case, S.FILED, by=carla, on=D(2025, 12, 4))


def test_an_edit_from_a_form_read_before_a_move_does_not_undo_the_move(
    clemency: Case, carla: User
) -> None:
    # Two caseworkers have the case open; one records the filing, the other then saves
    # the next step from the page she loaded before it.
    stale = Case.objects.get(pk=clemency.pk)
    services.move_case(clemency, S.FILED, by=carla, on=D(2026, 10, 5))
    stale.next_step = "Ask the clinic for the file"
    services.save_case(case=stale, changed=["next_step"], by=carla)
    case = Case.objects.get(pk=clemency.pk)
    assert (case.stage, case.filed_on) == (S.FILED, D(2026, 10, 5))
    assert case.next_step == "Ask the clinic for the file"


def test_a_page_saved_from_a_form_read_before_the_consent_was_withdrawn_stays_unpublished(
    clemency: Case, carla: User
) -> None:
    page = services.save_page(
        page=CasePage(case=clemency, slug="bring-ana-home", public_name="Ana"),
        changed=["slug", "public_name"], by=carla,
    )  # fmt: skip
    consent = services.record_consent(
        case=clemency, given_by=Consent.Giver.PERSON, given_on=D(2026, 11, 1),
        method=Consent.Method.VISIT, by=carla,
    )  # fmt: skip
    services.publish_page(page=page, by=carla)
    stale = CasePage.objects.get(pk=page.pk)
    services.withdraw_consent(consent=consent, by=carla)
    stale.headline = "A mother of three."
    services.save_page(page=stale, changed=["headline"], by=carla)
    fresh = CasePage.objects.get(pk=page.pk)
    assert fresh.headline == "A mother of three."
    assert fresh.is_published is False
    assert Client().get("/bring-home/bring-ana-home/").status_code == 404


def test_the_next_step_is_encrypted_at_rest_like_the_status_note(
    clemency: Case, carla: User
) -> None:
    Hearing.objects.create(case=clemency, held_on=SESSION, notes="Canaryhearing bring ID")
    services.record_consent(
        case=clemency, given_by=Consent.Giver.FAMILY, giver_name="Canarygiver her sister",
        given_on=D(2026, 11, 1), method=Consent.Method.CALL, by=carla,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT next_step FROM cases_case")
        stored = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT notes FROM cases_hearing")
        stored += [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT giver_name FROM cases_consent")
        stored += [row[0] for row in cursor.fetchall()]
    assert len(stored) == 3
    for value in stored:
        assert "Collect letters" not in value
        assert "Canary" not in value
    assert Case.objects.get(pk=clemency.pk).next_step == "Collect letters of support"


def test_the_migration_seals_the_next_steps_already_stored(clemency: Case) -> None:
    migration = importlib.import_module("callidarity.cases.migrations.0002_next_step_encrypted")
    editor = types.SimpleNamespace(connection=connection)
    migration.unseal(None, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT next_step FROM cases_case")
        assert cursor.fetchone()[0] == "Collect letters of support"
    migration.seal(None, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT next_step FROM cases_case")
        assert "Collect" not in cursor.fetchone()[0]
    assert Case.objects.get(pk=clemency.pk).next_step == "Collect letters of support"


@pytest.mark.parametrize("persona", ["staff", "moderator+2fa", "treasurer+2fa", "caseworker"])
def test_the_view_on_site_shortcut_tells_no_one_an_unpublished_pages_address(
    client: Client, clemency: Case, carla: User, persona: str
) -> None:
    page = services.save_page(
        page=CasePage(case=clemency, slug="bring-ana-home", public_name="Ana"),
        changed=["slug", "public_name"], by=carla,
    )  # fmt: skip
    user = persona_user(persona)
    assert user is not None
    log_in(client, user, verified=persona.endswith("+2fa"))
    content_type = ContentType.objects.get_for_model(CasePage)
    response = client.get(f"/admin/r/{content_type.pk}/{page.pk}/")
    assert response.status_code == 404
    assert "bring-ana-home" not in response.get("Location", "")


def test_the_page_admin_links_to_the_page_itself(
    client: Client, clemency: Case, carla: User
) -> None:
    page = services.save_page(
        page=CasePage(case=clemency, slug="bring-ana-home", public_name="Ana"),
        changed=["slug", "public_name"], by=carla,
    )  # fmt: skip
    log_in(client, carla, verified=True)
    body = client.get(f"/admin/cases/casepage/{page.pk}/change/").content.decode()
    assert 'href="/bring-home/bring-ana-home/"' in body


def test_a_move_dated_before_the_last_one_is_an_error_on_the_form(
    client: Client, clemency: Case, carla: User
) -> None:
    services.move_case(clemency, S.FILED, by=carla, on=D(2026, 10, 20))
    log_in(client, carla, verified=True)
    url = f"/admin/cases/case/{clemency.pk}/change/"
    data = form_data(client.get(url).content.decode(), "case_form")
    data.update(move_to="docketed", moved_on="2026-10-10", next_step="Call the Board")
    data["_save"] = "Save"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "this move cannot be earlier" in response.content.decode()
    case = Case.objects.get(pk=clemency.pk)
    assert case.stage == S.FILED
    assert case.next_step == "Collect letters of support"  # nothing saved


def test_an_owner_who_no_longer_does_casework_gets_no_reminder(smtp: SmtpSink, carla: User) -> None:
    case = _open_clemency(carla)
    Hearing.objects.create(case=case, held_on=SESSION)
    carla.groups.clear()  # moved to another desk (or left); the case still names her
    assert services.send_case_reminders(D(2025, 12, 20)) == 0  # 14 days before filing
    assert smtp.count == 0
    assert not Delivery.objects.exists()
