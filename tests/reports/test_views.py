"""The treasurer's exports page and its CSV downloads, through Django's test client."""

from __future__ import annotations

import codecs
import csv
import io
import logging
from collections.abc import Iterable, Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.http import StreamingHttpResponse
from django.test import Client
from django.utils import timezone

from callidarity.accounts.roles import Role
from callidarity.accounts.services import grant_role
from callidarity.advocacy.models import Action, Signature, Target
from callidarity.advocacy.services import record_call
from callidarity.campaigns.models import Campaign
from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.donations.services import (
    complete_sandbox_checkout,
    create_pending_donation,
    record_offline_gift,
    record_refund,
)
from callidarity.ledger.models import Entry
from callidarity.supporters.services import upsert_supporter

pytestmark = pytest.mark.django_db

URL = "/admin/reports/exports/"


def _range() -> dict[str, str]:
    # Yesterday to tomorrow, so a test run near midnight still covers "now".
    today = timezone.localdate()
    return {
        "start": (today - timedelta(days=1)).isoformat(),
        "end": (today + timedelta(days=1)).isoformat(),
    }


def lines(chunks: Iterable[bytes]) -> Iterator[str]:
    """Yield the CSV's lines as they stream in, decoding UTF-8 and dropping the BOM."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending = ""
    for chunk in chunks:
        pending += decoder.decode(chunk)
        *complete, pending = pending.split("\r\n")
        yield from complete
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def _csv(client: Client, report: str, **dates: str) -> list[list[str]]:
    response = client.get(URL, {"report": report, **(dates or _range())})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content)  # type: ignore[arg-type]
    assert body.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _paid(campaign: Campaign, cents: int, email: str, name: str = "") -> Donation:
    donation = create_pending_donation(
        fund_account=campaign.fund_account,
        amount=Money(cents, "USD"),
        email=email,
        name=name,
        provider=Donation.Provider.SANDBOX,
    )
    paid = complete_sandbox_checkout(donation)
    assert paid is not None
    return paid


@pytest.fixture
def books(campaign: Campaign) -> dict[str, Donation]:
    """A $25 card gift (85¢ fee) refunded $10, and a $40 check from a name like a formula."""
    card = _paid(campaign, 2500, "rosa@example.org", "Rosa Díaz")
    record_refund(
        payment_intent_id=f"sandbox_pi_{card.public_id.hex}",
        charge_id=f"sandbox_ch_{card.public_id.hex}",
        refunded_total=Money(1000, "USD"),
    )
    check = record_offline_gift(
        fund_account=campaign.fund_account,
        amount=Money(4000, "USD"),
        method=Donation.Method.CHECK,
        email="eve@example.org",
        name="=HYPERLINK(1)",
        reference="@1234",
    )
    return {"card": card, "check": check}


def _staff(django_user_model: type[User], *roles: Role) -> Client:
    user = django_user_model.objects.create_user("treasurer", password="x", is_staff=True)
    for role in roles:
        grant_role(user=user, role=role)
    client = Client()
    client.force_login(user)
    return client


# The page


def test_the_page_offers_a_date_range_form(admin_client: Client) -> None:
    response = admin_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="get" action="/admin/reports/exports/"' in html
    assert 'type="date" name="start"' in html
    assert 'type="date" name="end"' in html
    for report in ("gifts", "refunds", "entries"):
        assert f'<option value="{report}"' in html


def test_the_page_speaks_spanish(admin_client: Client) -> None:
    html = admin_client.get(URL, headers={"Accept-Language": "es"}).content.decode()

    assert "Exportar para tesorería" in html
    assert "Asientos del libro contable" in html


def test_the_admin_index_links_to_the_exports(admin_client: Client) -> None:
    html = admin_client.get("/admin/").content.decode()

    assert f'<a href="{URL}">Export gifts, refunds and ledger entries (CSV)</a>' in html


def test_anonymous_visitors_are_sent_to_the_login(client: Client, db: None) -> None:
    response = client.get(URL, {"report": "entries", **_range()})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("roles", [(), (Role.MODERATOR,), (Role.CASEWORKER,)])
def test_staff_without_the_treasurers_role_are_refused(
    django_user_model: type[User], roles: tuple[Role, ...]
) -> None:
    client = _staff(django_user_model, *roles)

    assert client.get(URL).status_code == 403
    assert client.get(URL, {"report": "gifts", **_range()}).status_code == 403
    assert "/admin/reports/" not in client.get("/admin/").content.decode()


def test_a_treasurer_takes_every_report(
    django_user_model: type[User], books: dict[str, Donation]
) -> None:
    client = _staff(django_user_model, Role.TREASURER)

    html = client.get(URL).content.decode()
    for report in ("gifts", "refunds", "entries"):
        assert f'<option value="{report}"' in html
    assert len(_csv(client, "gifts")) == 3
    assert client.get(URL, {"report": "entries", **_range()}).status_code == 200
    assert f'<a href="{URL}">' in client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-02-30", "end": "2026-03-01"}, "Enter the date as YYYY-MM-DD"),
        ({"start": "yesterday", "end": "2026-03-01"}, "Enter the date as YYYY-MM-DD"),
        ({"start": "2026-03-02", "end": "2026-03-01"}, "The last day cannot be before the first"),
        ({"end": "2026-03-01"}, "This field is required."),
    ],
)
def test_bad_dates_are_a_400_with_a_clear_message(
    admin_client: Client, params: dict[str, str], message: str
) -> None:
    response = admin_client.get(URL, {"report": "entries", **params})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_an_unknown_report_is_a_400(admin_client: Client) -> None:
    response = admin_client.get(URL, {"report": "salaries", **_range()})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


# The files


def test_csv_is_an_attachment_named_for_its_range(admin_client: Client, db: None) -> None:
    response = admin_client.get(
        URL, {"report": "gifts", "start": "2026-01-01", "end": "2026-01-31"}
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="gifts_2026-01-01_2026-01-31.csv"'
    )


def test_gifts_export(admin_client: Client, books: dict[str, Donation]) -> None:
    rows = _csv(admin_client, "gifts")

    header, card, check = rows
    assert header[:8] == [
        "date",
        "time_utc",
        "donation_id",
        "fund",
        "amount",
        "amount_cents",
        "refunded",
        "refunded_cents",
    ]
    gift = dict(zip(header, card, strict=True))
    assert gift["donation_id"] == str(books["card"].public_id)
    assert (gift["amount"], gift["amount_cents"], gift["refunded"]) == ("25.00", "2500", "10.00")
    assert (gift["status"], gift["donor_name"], gift["anonymous"]) == (
        "partially_refunded",
        "Rosa Díaz",
        "no",
    )
    assert gift["date"] == timezone.localdate(books["card"].succeeded_at).isoformat()
    assert gift["time_utc"].endswith("Z")
    offline = dict(zip(header, check, strict=True))
    # Text that a spreadsheet would run as a formula is neutralized; amounts stay numbers.
    assert (offline["donor_name"], offline["reference"]) == ("'=HYPERLINK(1)", "'@1234")
    assert (offline["method"], offline["amount"]) == ("check", "40.00")
    assert sum(Decimal(row[4]) for row in rows[1:]) == Decimal("65.00")


def test_refunds_export(admin_client: Client, books: dict[str, Donation]) -> None:
    header, refund = _csv(admin_client, "refunds")

    row = dict(zip(header, refund, strict=True))
    assert (row["fund"], row["amount"], row["amount_cents"]) == ("fund:phones", "10.00", "1000")
    assert str(books["card"].public_id) in row["memo"]
    assert row["reverses_transaction_id"]


def test_entries_export_parses_back_with_the_ledgers_totals(
    admin_client: Client, books: dict[str, Donation]
) -> None:
    header, *rows = _csv(admin_client, "entries")
    entries = [dict(zip(header, row, strict=True)) for row in rows]

    assert len(entries) == Entry.objects.count() == 8  # gift, fee, refund, check: 2 lines each
    assert sum(int(e["amount_cents"]) for e in entries) == 0
    assert sum(Decimal(e["debit"] or "0") for e in entries) == Decimal("75.85")
    assert sum(Decimal(e["credit"] or "0") for e in entries) == Decimal("75.85")
    fund = [e for e in entries if e["account"] == "fund:phones"]
    # What the fund holds: 25 + 40 gifts, less the 0.85 fee and the 10 refund.
    assert -sum(Decimal(e["amount"]) for e in fund) == Decimal("54.15")
    assert {e["kind"] for e in entries} == {"gift", "processor_fee", "refund", "offline_gift"}


def test_a_range_without_activity_is_just_the_header(
    admin_client: Client, books: dict[str, Donation]
) -> None:
    assert len(_csv(admin_client, "entries", start="2001-01-01", end="2001-12-31")) == 1


def test_each_export_is_logged_without_its_data(
    admin_client: Client,
    admin_user: User,
    books: dict[str, Donation],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="callidarity.reports"):
        _csv(admin_client, "gifts", start="2026-01-01", end="2026-12-31")

    [record] = [r for r in caplog.records if r.getMessage() == "reports.export"]
    assert (record.report, record.user_id, record.start, record.end) == (  # type: ignore[attr-defined]
        "gifts",
        admin_user.pk,
        "2026-01-01",
        "2026-12-31",
    )
    assert "rosa@example.org" not in caplog.text


def test_organizers_export_the_calls_made_in_actions(
    admin_client: Client, django_user_model: type[User]
) -> None:
    action = Action.objects.create(
        slug="call-in", title="Call-in", ask="Call", script="Hi", status=Action.Status.LIVE
    )
    governor = Target.objects.create(name="J. B. Pritzker", role="governor", chamber="executive")
    action.targets.set([governor])
    record_call(action=action, target=governor, outcome="voicemail", email="ana@example.org")
    record_call(action=action, target=governor, outcome="busy")

    rows = _csv(admin_client, "actions")

    assert rows[0] == [
        "date", "time_utc", "action", "target", "chamber", "district", "outcome",
        "counts_as_done", "email",
    ]  # fmt: skip
    assert [r[2:] for r in rows[1:]] == [
        ["call-in", "J. B. Pritzker", "executive", "", "voicemail", "yes", "ana@example.org"],
        ["call-in", "J. B. Pritzker", "executive", "", "busy", "no", ""],
    ]
    # The treasurer's exports do not include who called (supporters' emails).
    treasurer = _staff(django_user_model, Role.TREASURER)
    assert '<option value="actions"' not in treasurer.get(URL).content.decode()
    assert treasurer.get(URL, {"report": "actions", **_range()}).status_code == 403


def test_organizers_export_petition_signatures_held_ones_marked_not_counted(
    admin_client: Client, django_user_model: type[User]
) -> None:
    action = Action.objects.create(
        slug="petition", title="Petition", ask="Sign", script="We ask", kind="petition",
        status=Action.Status.LIVE,
    )  # fmt: skip
    rosa = upsert_supporter(email="rosa@example.org")
    ana = upsert_supporter(email="ana@example.org")
    Signature.objects.create(action=action, supporter=rosa, name="Rosa Díaz", city="Cicero",
                             comment="=HYPERLINK(1)", is_public=True)  # fmt: skip
    Signature.objects.create(action=action, supporter=ana, name="Ana", status="held")

    rows = _csv(admin_client, "signatures")

    assert rows[0] == [
        "date", "time_utc", "petition", "name", "town", "status", "counted", "shown_publicly",
        "comment", "email",
    ]  # fmt: skip
    assert rows[1][2:9] == ["petition", "Rosa Díaz", "Cicero", "counted", "yes", "yes",
                            "'=HYPERLINK(1)"]  # fmt: skip
    assert rows[1][9] == "rosa@example.org"
    assert rows[2][2:] == ["petition", "Ana", "", "held", "no", "no", "", "ana@example.org"]
    treasurer = _staff(django_user_model, Role.TREASURER)
    assert treasurer.get(URL, {"report": "signatures", **_range()}).status_code == 403
