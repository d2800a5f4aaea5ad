"""Year-end statements: what they list and add up, the public form, the emailed link."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from callidarity.campaigns.models import Campaign
from callidarity.core.money import Money
from callidarity.donations import receipts, selectors, services, tokens
from callidarity.donations.models import Donation
from callidarity.ledger.models import Account
from callidarity.ledger.services import open_account
from callidarity.notifications.models import Delivery
from tests.pdf import pdf_text
from tests.smtp import SmtpSink

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1  # the year a statement is usually asked for
URL = "/receipts/"
LINK = re.compile(r"http://testserver(/receipts/statement/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    settings.SITE_URL = "http://testserver"
    settings.ORGANIZATION_NAME = "Mothers Inside Out"


@pytest.fixture
def cad_fund(db: None) -> Account:
    return open_account(code="fund:cad", name="Fondo Canadá", kind="fund", currency="CAD")


def card_gift(fund: Account, cents: int, email: str, paid_at: datetime, ref: str) -> Donation:
    donation = services.create_pending_donation(
        fund_account=fund,
        amount=Money(cents, fund.currency),
        email=email,
        provider=Donation.Provider.STRIPE,
        name="Ada Lovelace",
    )
    paid = services.record_payment(
        donation_public_id=str(donation.public_id),
        payment_intent_id=ref,
        amount=donation.amount,
        occurred_at=paid_at,
    )
    assert paid is not None
    return paid


def check_gift(fund: Account, cents: int, email: str, received_on: date) -> Donation:
    return services.record_offline_gift(
        fund_account=fund,
        amount=Money(cents, fund.currency),
        method=Donation.Method.CHECK,
        email=email,
        received_on=received_on,
    )


@pytest.fixture
def gifts(campaign: Campaign, cad_fund: Account) -> dict[str, Donation]:
    """Ada's gifts in YEAR (two in USD, one refunded in part; one in CAD) and others' noise."""
    usd = campaign.fund_account
    made = {
        "card": card_gift(
            usd, 2500, "ada@example.org", datetime(YEAR, 6, 1, 15, tzinfo=UTC), "pi1"
        ),
        "check": check_gift(usd, 4000, "ADA@Example.org", date(YEAR, 12, 30)),
        "cad": card_gift(cad_fund, 5000, "ada@example.org", datetime(YEAR, 3, 1, tzinfo=UTC), "p2"),
        # 03:00 UTC on January 1 is still December 31 in Chicago: it belongs to YEAR.
        "late": card_gift(
            usd, 1000, "ada@example.org", datetime(YEAR + 1, 1, 1, 3, tzinfo=UTC), "p3"
        ),
        # Not in the statement: another year, another donor, unpaid.
        "before": check_gift(usd, 700, "ada@example.org", date(YEAR - 1, 12, 31)),
        "after": card_gift(
            usd, 800, "ada@example.org", datetime(YEAR + 1, 1, 1, 7, tzinfo=UTC), "p4"
        ),
        "other": check_gift(usd, 900, "bob@example.org", date(YEAR, 5, 5)),
    }
    services.create_pending_donation(
        fund_account=usd,
        amount=Money(600, "USD"),
        email="ada@example.org",
        provider=Donation.Provider.STRIPE,
    )
    services.record_refund(
        payment_intent_id="pi1", charge_id="ch1", refunded_total=Money(1000, "USD")
    )
    return made


def test_the_statement_lists_the_year_s_gifts_and_totals_per_currency(
    gifts: dict[str, Donation],
) -> None:
    statement = selectors.get_statement(email="Ada@example.org", year=YEAR)

    assert [g.pk for g in statement.gifts] == [
        gifts[name].pk for name in ("cad", "card", "check", "late")
    ]
    assert [
        (t.currency, t.given_cents, t.refunded_cents, t.net.cents) for t in statement.totals
    ] == [
        ("CAD", 5000, 0, 5000),
        ("USD", 7500, 1000, 6500),
    ]
    assert statement.donor_name == "Ada Lovelace"


def test_the_statement_pdf_shows_every_gift_and_the_totals(gifts: dict[str, Donation]) -> None:
    statement = selectors.get_statement(email="ada@example.org", year=YEAR)

    text = pdf_text(receipts.render_statement_pdf(statement, language="en"))

    assert f"Statement of gifts, {YEAR}" in text
    assert f"January 1 to December 31, {YEAR}" in text
    assert "Ada Lovelace ada@example.org" in text
    for name in ("cad", "card", "check", "late"):
        assert gifts[name].receipt.number in text
    for name in ("before", "after", "other"):
        assert gifts[name].receipt.number not in text
    assert "$25.00 $10.00 $15.00" in text  # the refunded gift: amount, refund, net
    assert "Total (USD) $75.00 $10.00 $65.00" in text
    assert "Total (CAD) $50.00 $0.00 $50.00" in text
    assert "4 gifts." in text


def test_the_statement_pdf_in_spanish(gifts: dict[str, Donation]) -> None:
    statement = selectors.get_statement(email="ada@example.org", year=YEAR)

    text = pdf_text(receipts.render_statement_pdf(statement, language="es"))

    assert f"Constancia de donaciones, {YEAR}" in text
    assert f"Del 1 de enero al 31 de diciembre de {YEAR}" in text
    assert "Total (USD) $75.00 $10.00 $65.00" in text
    assert "4 donaciones." in text


def test_the_form_offers_recent_years(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 200
    years = re.findall(rb'<option value="(\d{4})"', response.content)
    this_year = timezone.localdate().year
    assert [int(y) for y in years] == [this_year, this_year - 1, this_year - 2, this_year - 3]
    assert f'<option value="{YEAR}" selected>'.encode() in response.content
    assert b'name="website"' in response.content  # the spam guard's honeypot


def ask(client: Client, email: str, year: object = YEAR, **extra: str) -> object:
    return client.post(URL, {"email": email, "year": str(year), "website": "", **extra})


def test_asking_emails_a_link_to_the_pdf(
    client: Client,
    gifts: dict[str, Donation],
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "Ada@Example.org")

    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"] == "/receipts/sent/"  # type: ignore[index]
    [message] = smtp.to("ada@example.org")
    assert message["Subject"] == f"Your {YEAR} giving statement from Mothers Inside Out"
    text = message.get_content()
    assert "The link works for 30 days." in text
    match = LINK.search(text)
    assert match is not None

    pdf = client.get(match.group(1))

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'inline; filename="statement-{YEAR}.pdf"'
    assert "Total (USD) $75.00 $10.00 $65.00" in pdf_text(pdf.content)
    sent_page = client.get("/receipts/sent/")
    assert b"If we have gifts from this address" in sent_page.content


def test_an_address_without_gifts_gets_the_same_answer_and_no_email(
    client: Client,
    gifts: dict[str, Donation],
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        gave = ask(client, "ada@example.org")
        stranger = ask(client, "nobody@example.org")
        no_gift_that_year = ask(client, "bob@example.org", YEAR - 1)

    for response in (stranger, no_gift_that_year):
        assert response.status_code == gave.status_code  # type: ignore[attr-defined]
        assert response["Location"] == gave["Location"]  # type: ignore[index]
        assert response.content == gave.content  # type: ignore[attr-defined]
    assert smtp.to("nobody@example.org") == []
    assert smtp.to("bob@example.org") == []
    assert (
        not Delivery.objects.exclude(email="ada@example.org")
        .filter(key__startswith="statement:")
        .exists()
    )


def test_a_spanish_request_gets_a_spanish_email_and_pdf(
    client: Client,
    gifts: dict[str, Donation],
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            URL,
            {"email": "ada@example.org", "year": str(YEAR)},
            headers={"Accept-Language": "es"},
        )

    [message] = smtp.to("ada@example.org")
    assert message["Subject"] == f"Tu constancia de donaciones de {YEAR} de Mothers Inside Out"
    match = LINK.search(message.get_content())
    assert match is not None
    text = pdf_text(client.get(match.group(1)).content)
    assert f"Constancia de donaciones, {YEAR}" in text


def test_at_most_one_statement_email_a_day_per_address_and_year(
    client: Client,
    gifts: dict[str, Donation],
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "ada@example.org")
        ask(client, "ada@example.org")

    assert len(smtp.to("ada@example.org")) == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-address", "year": str(YEAR)}, "email", "Enter a valid email address"),
        ({"email": "", "year": str(YEAR)}, "email", "Enter the email address you gave with."),
        ({"email": "ada@example.org", "year": "1999"}, "year", "Choose one of the years"),
        ({"email": "ada@example.org", "year": "soon"}, "year", "Choose one of the years"),
        ({"email": "ada@example.org", "year": ""}, "year", "Choose a year."),
    ],
)
def test_bad_input_is_a_400_that_says_what_to_fix(
    client: Client,
    smtp: SmtpSink,
    data: dict[str, str],
    field: str,
    message: str,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(URL, data)

    assert response.status_code == 400
    assert f'id="id_{field}_error"'.encode() in response.content
    assert message.encode() in response.content
    assert callbacks == []
    assert smtp.received == []


def test_a_bot_is_answered_as_if_it_succeeded_and_nothing_is_sent(
    client: Client,
    gifts: dict[str, Donation],
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = ask(client, "ada@example.org", website="http://spam.example")

    assert response.status_code == 302  # type: ignore[attr-defined]
    assert callbacks == []
    assert smtp.received == []


def test_too_many_requests_from_one_connection_are_refused(
    client: Client, settings: Settings
) -> None:
    settings.RATELIMIT_PER_HOUR = 2
    for _n in range(2):
        assert ask(client, "ada@example.org").status_code == 302  # type: ignore[attr-defined]

    response = ask(client, "ada@example.org")

    assert response.status_code == 429  # type: ignore[attr-defined]
    assert b"Too many attempts" in response.content  # type: ignore[attr-defined]


def test_an_expired_link_says_so_and_offers_a_new_one(
    client: Client, gifts: dict[str, Donation], monkeypatch: pytest.MonkeyPatch
) -> None:
    token = tokens.statement_token(email="ada@example.org", year=YEAR, language="en")
    monkeypatch.setattr(tokens, "STATEMENT_LINK_MAX_AGE", -1)

    response = client.get(f"/receipts/statement/{token}/")

    assert response.status_code == 400
    assert b"This link has expired" in response.content
    assert b'href="/receipts/"' in response.content


@pytest.mark.parametrize("token", ["garbage", "WyJhIiwyMDI1LCJlbiJd:1vAbCd:forgedforgedforged"])
def test_a_forged_statement_link_is_a_friendly_400(client: Client, token: str) -> None:
    response = client.get(f"/receipts/statement/{token}/")

    assert response.status_code == 400
    assert b"This link does not work" in response.content


def test_a_receipt_token_does_not_open_a_statement(client: Client, pending: Donation) -> None:
    response = client.get(f"/receipts/statement/{tokens.receipt_token(pending.public_id)}/")

    assert response.status_code == 400
