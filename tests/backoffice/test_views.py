"""The organizers' own pages: who may open them, the intake queue and the weekly run."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from callidarity.accounts.models import AuditEvent
from callidarity.accounts.roles import Role
from callidarity.advocacy.models import Action
from callidarity.aid import services
from callidarity.aid.models import (
    DisbursementLine,
    DisbursementRun,
    Facility,
    Member,
    SupportRequest,
)
from callidarity.ledger.models import Account, Transaction
from tests.accounts.matrix import walk
from tests.accounts.staff import log_in, make_staff
from tests.aid.conftest import CANARIES, WEEK, give, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(client: Client) -> Client:
    log_in(client, make_staff("carmen", roles=[Role.CASEWORKER]), verified=True)
    return client


@pytest.fixture
def treasurer(client: Client) -> Client:
    log_in(client, make_staff("tess", roles=[Role.TREASURER]), verified=True)
    return client


@pytest.fixture
def open_request(details: services.RequestDetails) -> SupportRequest:
    return services.submit_support_request(details=details, source="web")


def test_every_page_answers_every_persona_as_the_matrix_says(
    client: Client, open_request: SupportRequest, fund: Account
) -> None:
    run = DisbursementRun.objects.create(
        fund_account=fund, period_start=WEEK, available_cents=0, status="exported"
    )
    petition = Action.objects.create(
        slug="petition", title="Petition", ask="Sign", script="We ask", kind="petition"
    )
    by_request = {"public_id": open_request.public_id}
    by_run = {"run_id": run.pk}
    by_action = {"action_id": petition.pk}
    kwargs = {
        "backoffice:request-detail": by_request,
        "backoffice:request-decide": by_request,
        **{
            f"backoffice:{name}": by_run
            for name in ("run-detail", "run-act", "run-sheet-csv", "run-sheet-pdf")
        },
        **{
            f"backoffice:{name}": by_action
            for name in ("action-report", "action-signatures", "petition-pdf")
        },
    }
    assert walk(client, "backoffice", kwargs=kwargs) == []


def test_the_queue_shows_names_and_logs_who_saw_them(
    caseworker: Client, open_request: SupportRequest
) -> None:
    page = caseworker.get("/admin/support/requests/").content.decode()
    assert CANARIES["person_name"] in page
    assert "Logan Correctional Center" in page
    event = AuditEvent.objects.get(action="aid.supportrequest.viewed")
    assert event.actor is not None
    assert event.actor.username == "carmen"
    assert "person_name" in event.fields


def test_a_caseworker_approves_a_request_from_a_phone(
    caseworker: Client, open_request: SupportRequest, fund: Account
) -> None:
    url = f"/admin/support/requests/{open_request.public_id}/"
    assert CANARIES["message"] in caseworker.get(url).content.decode()
    response = caseworker.post(
        url + "decide/",
        {"decision": "approve", "calls": "15", "commissary": "10.50", "fund": fund.pk},
    )
    assert response.status_code == 302
    member = Member.objects.get()
    assert sorted(member.plans.values_list("kind", "weekly_cents")) == [
        ("commissary", 1050),
        ("phone", 1500),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "approve", "calls": "", "commissary": ""}, "at least one weekly amount"),
        ({"decision": "approve", "calls": "fifteen"}, "Enter an amount"),
        ({"decision": "maybe"}, ""),
    ],
)
def test_a_bad_decision_is_a_400_and_changes_nothing(
    caseworker: Client,
    open_request: SupportRequest,
    fund: Account,
    data: dict[str, str],
    message: str,
) -> None:
    response = caseworker.post(
        f"/admin/support/requests/{open_request.public_id}/decide/", {**data, "fund": fund.pk}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SupportRequest.objects.get().status == SupportRequest.Status.NEW
    assert not Member.objects.exists()


def test_declining_needs_a_reason_and_a_decided_request_stays_decided(
    caseworker: Client, open_request: SupportRequest, fund: Account
) -> None:
    url = f"/admin/support/requests/{open_request.public_id}/decide/"
    response = caseworker.post(url, {"decision": "decline", "reason": ""})
    assert response.status_code == 409
    assert "Say why" in response.content.decode()
    assert (
        caseworker.post(url, {"decision": "decline", "reason": "Out of state"}).status_code == 302
    )
    response = caseworker.post(url, {"decision": "approve", "calls": "15", "fund": fund.pk})
    assert response.status_code == 409
    assert SupportRequest.objects.get().status == SupportRequest.Status.DECLINED


def test_a_letter_is_typed_in_without_an_email(caseworker: Client, logan: Facility) -> None:
    response = caseworker.post(
        "/admin/support/requests/new/",
        {
            "source": "letter",
            "person_name": "Rosa",
            "facility": logan.pk,
            "wants_commissary": "on",
            "visits": "unknown",
            "language": "es",
        },
    )
    assert response.status_code == 302
    request = SupportRequest.objects.get()
    assert (request.source, request.person_name, request.entered_by.username) == (
        "letter",
        "Rosa",
        "carmen",
    )


def test_a_week_from_proposal_to_confirmation(
    treasurer: Client, logan: Facility, fund: Account, processor: Account, bank: Account
) -> None:
    give(processor, fund, 50_000)
    for n in range(3):
        make_member(logan, fund, name=f"Mom {n}", weekly=2000)
    response = treasurer.post("/admin/support/runs/", {"fund": fund.pk, "week": "2026-12-02"})
    assert response.status_code == 302
    run = DisbursementRun.objects.get()
    assert run.period_start.isoformat() == "2026-11-30"
    page = treasurer.get(response["Location"]).content.decode()
    assert "Mom 0" in page
    assert "Saved by planning" in page
    assert "$24.75" in page  # 3 x ($14.00 weekly fees - $5.75)
    # No sheet from a draft: it would send money the run may still change.
    assert treasurer.get(f"/admin/support/runs/{run.pk}/deposits.csv").status_code == 409

    act = f"/admin/support/runs/{run.pk}/act/"
    assert treasurer.post(act, {"action": "export"}).status_code == 302
    sheet = treasurer.get(f"/admin/support/runs/{run.pk}/deposits.csv")
    rows = list(csv.reader(io.StringIO(b"".join(sheet.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["facility", "vendor", "name", "ID number"]
    assert [r[4] for r in rows[1:]] == ["80.00"] * 3
    pdf = treasurer.get(f"/admin/support/runs/{run.pk}/deposits.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")

    lines = list(run.lines.order_by("pk"))
    treasurer.post(act, {"action": "confirm", "line": lines[0].pk, "confirmation_number": "G-1"})
    treasurer.post(act, {"action": "confirm", "line": lines[0].pk, "confirmation_number": "G-1"})
    treasurer.post(act, {"action": "fail", "line": lines[1].pk, "failure": "released"})
    blank = {"action": "confirm", "line": lines[2].pk, "confirmation_number": ""}
    assert treasurer.post(act, blank).status_code == 400
    again = treasurer.post(act, {"action": "fail", "line": lines[1].pk, "failure": "released"})
    assert again.status_code == 409
    statuses = dict(DisbursementLine.objects.values_list("pk", "status"))
    assert statuses == {lines[0].pk: "confirmed", lines[1].pk: "failed", lines[2].pk: "exported"}
    kinds = sorted(Transaction.objects.values_list("kind", flat=True))
    assert kinds == ["disbursement", "gift", "vendor_fee"]


def test_a_bad_week_or_a_second_run_is_explained(
    treasurer: Client, fund: Account, processor: Account
) -> None:
    assert (
        treasurer.post("/admin/support/runs/", {"fund": fund.pk, "week": "soon"}).status_code == 400
    )
    assert (
        treasurer.post("/admin/support/runs/", {"fund": fund.pk, "week": "2026-11-30"}).status_code
        == 302
    )
    response = treasurer.post("/admin/support/runs/", {"fund": fund.pk, "week": "2026-12-01"})
    assert response.status_code == 409
    assert "already a run for the week of 2026-11-30" in response.content.decode()


def test_the_runway_and_what_if(
    treasurer: Client, logan: Facility, fund: Account, processor: Account
) -> None:
    give(processor, fund, 100_000)
    for _ in range(4):
        make_member(logan, fund, weekly=2000)
    page = treasurer.get("/admin/support/runway/", {"fund": fund.pk}).content.decode()
    # 4 x ($20 + $5.75 / 4 weeks) = $85.75 a week: 1,000 / 85.75 = 11.7 weeks.
    assert "$85.75" in page
    assert "11.7 weeks" in page
    page = treasurer.get(
        "/admin/support/runway/",
        {"fund": fund.pk, "members": "10", "weekly": "15", "facility": logan.pk, "weeks": "12"},
    ).content.decode()
    # 10 more at $15 (+ $5.75 per 4 weeks, rounded up to $1.44 a week) = $164.40 more a week.
    assert "$250.15" in page
    assert "4.0 weeks" in page
    assert "$2,001.80" in page  # 12 x $250.15 - $1,000
    bad = treasurer.get(
        "/admin/support/runway/", {"fund": fund.pk, "members": "-1", "weekly": "x", "weeks": "0"}
    )
    assert bad.status_code == 400


def test_an_amount_above_the_weekly_ceiling_is_explained(
    caseworker: Client, open_request: SupportRequest, fund: Account
) -> None:
    response = caseworker.post(
        f"/admin/support/requests/{open_request.public_id}/decide/",
        {"decision": "approve", "calls": "30000000", "fund": fund.pk},
    )
    assert response.status_code == 400
    assert "at most $1,000.00" in response.content.decode()
    assert not Member.objects.exists()


def test_a_week_far_away_is_explained(treasurer: Client, fund: Account) -> None:
    response = treasurer.post("/admin/support/runs/", {"fund": fund.pk, "week": "9999-12-31"})
    assert response.status_code == 400
    assert "within a year before" in response.content.decode()
