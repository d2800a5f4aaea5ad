"""Receipts: issued once per succeeded gift, emailed at most once, rendered as PDFs."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from callidarity.campaigns.models import Campaign
from callidarity.core.money import Money
from callidarity.donations import receipts, selectors, services, tokens
from callidarity.donations.models import Donation, Receipt
from callidarity.notifications.models import Delivery
from tests import fakestripe
from tests.fakestripe import FakeStripe
from tests.pdf import pdf_text
from tests.smtp import SmtpSink

from .conftest import Deliver

pytestmark = pytest.mark.django_db

PI = "pi_test_receipt"
NUMBER = re.compile(r"^\d{4}-\d{6}$")
LINK = re.compile(r"http://testserver(/receipts/gift/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _site_url(settings: Settings) -> None:
    settings.SITE_URL = "http://testserver"
    settings.ORGANIZATION_NAME = "Mothers Inside Out"


def offline(campaign: Campaign, cents: int = 4000, **kwargs: object) -> Donation:
    return services.record_offline_gift(
        fund_account=campaign.fund_account,
        amount=Money(cents, "USD"),
        method=Donation.Method.CHECK,
        email=str(kwargs.pop("email", "grandma@example.org")),
        name="Grandma Ruth",
        received_on=date(2026, 3, 14),
        reference="1234",
        **kwargs,  # type: ignore[arg-type]
    )


def body(message: object) -> str:
    text = message.get_content()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text


def test_a_checkout_paid_by_many_deliveries_gets_one_receipt_and_one_email(
    deliver: Deliver,
    pending: Donation,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    event = fakestripe.checkout_completed(
        pending.checkout_session_id or "cs", str(pending.public_id), PI, 2500
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(event).status_code == 200
        assert deliver(event).status_code == 200  # the same event again
        # Another event describing the same payment.
        again = fakestripe.checkout_completed(
            pending.checkout_session_id or "cs", str(pending.public_id), PI, 2500
        )
        assert deliver(again).status_code == 200

    receipt = Receipt.objects.get()
    assert receipt.donation_id == pending.pk
    assert NUMBER.match(receipt.number)
    assert receipt.number == f"{receipt.year}-{receipt.pk:06d}"
    messages = smtp.to("ada@example.org")
    assert len(messages) == 1
    assert messages[0]["Subject"] == f"Your receipt {receipt.number} from Mothers Inside Out"
    text = body(messages[0])
    assert "Thank you for your gift to Phone funds for moms inside." in text
    assert "Amount: $25.00" in text
    assert f"Receipt number: {receipt.number}" in text
    assert "Paid by: Card" in text
    assert "Gifts to Mothers Inside Out may not be tax-deductible." in text
    assert LINK.search(text)
    assert list(Delivery.objects.values_list("key", "email", "status")) == [
        (f"receipt:{pending.pk}", "ada@example.org", Delivery.Status.SENT)
    ]


def test_the_fast_and_the_locked_payment_paths_both_issue_the_receipt(
    campaign: Campaign, fake_stripe: FakeStripe
) -> None:
    fast, _url = services.start_donation(
        fund_account=campaign.fund_account,
        amount=Money(2500, "USD"),
        email="fast@example.org",
        success_url="http://testserver/",
        cancel_url="http://testserver/",
        campaign_title=campaign.title,
    )
    # An amount other than the pending one takes `_record_payment_locked`.
    locked, _url = services.start_donation(
        fund_account=campaign.fund_account,
        amount=Money(2500, "USD"),
        email="locked@example.org",
        success_url="http://testserver/",
        cancel_url="http://testserver/",
        campaign_title=campaign.title,
    )
    services.record_payment(
        donation_public_id=str(fast.public_id), payment_intent_id="pi_fast", amount=fast.amount
    )
    services.record_payment(
        donation_public_id=str(locked.public_id),
        payment_intent_id="pi_locked",
        amount=Money(3000, "USD"),
    )
    # Paid again: nothing new.
    services.record_payment(
        donation_public_id=str(locked.public_id),
        payment_intent_id="pi_locked",
        amount=Money(3000, "USD"),
    )

    assert sorted(Receipt.objects.values_list("donation_id", flat=True)) == sorted(
        [fast.pk, locked.pk]
    )


def test_the_webhook_path_adds_one_insert_and_no_email_work(
    pending: Donation, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks() as later,
    ):
        services.record_payment(
            donation_public_id=str(pending.public_id), payment_intent_id=PI, amount=pending.amount
        )

    receipt_sql = [q["sql"] for q in queries.captured_queries if "donations_receipt" in q["sql"]]
    assert len(receipt_sql) == 1
    assert receipt_sql[0].startswith("INSERT INTO donations_receipt")
    assert not any("notifications_delivery" in q["sql"] for q in queries.captured_queries)
    assert [c.func.__self__.name for c in later] == ["send_receipt_task"]  # type: ignore[attr-defined]


def test_a_pending_or_failed_gift_has_no_receipt(pending: Donation) -> None:
    assert not Receipt.objects.exists()


def test_an_offline_gift_is_receipted_in_the_language_chosen(
    campaign: Campaign,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        donation = offline(campaign, language="es")

    receipt = donation.receipt
    [message] = smtp.to("grandma@example.org")
    assert message["Subject"] == f"Tu recibo {receipt.number} de Mothers Inside Out"
    text = body(message)
    assert "Gracias por tu donación a Phone funds for moms inside." in text
    assert "Forma de pago: Cheque" in text
    assert "Cantidad: $40.00" in text
    assert "Fecha de la donación: 14 de marzo de 2026" in text


def test_a_sandbox_checkout_is_receipted(campaign: Campaign, settings: Settings) -> None:
    settings.PAYMENTS_SANDBOX = True
    donation, _url = services.start_donation(
        fund_account=campaign.fund_account,
        amount=Money(1500, "USD"),
        email="sand@example.org",
        success_url="http://testserver/",
        cancel_url="http://testserver/",
        campaign_title=campaign.title,
    )
    services.complete_sandbox_checkout(donation)

    assert Receipt.objects.filter(donation=donation).count() == 1


def test_the_donation_remembers_the_page_language(
    campaign: Campaign, fake_stripe: FakeStripe
) -> None:
    with translation.override("es"):
        spanish, _url = services.start_donation(
            fund_account=campaign.fund_account,
            amount=Money(2500, "USD"),
            email="rosa@example.org",
            success_url="http://testserver/",
            cancel_url="http://testserver/",
            campaign_title=campaign.title,
        )
    with translation.override("fr"):  # a language the site does not speak
        other, _url = services.start_donation(
            fund_account=campaign.fund_account,
            amount=Money(2500, "USD"),
            email="marie@example.org",
            success_url="http://testserver/",
            cancel_url="http://testserver/",
            campaign_title=campaign.title,
        )

    assert (spanish.language, other.language) == ("es", "en")


def test_receipt_numbers_never_repeat(campaign: Campaign) -> None:
    numbers = [offline(campaign, 100 + n).receipt.number for n in range(5)]

    assert len(set(numbers)) == 5
    assert all(NUMBER.match(n) for n in numbers)


def test_gift_succeeded_twice_issues_one_receipt(campaign: Campaign) -> None:
    donation = offline(campaign)
    first = donation.receipt.number

    services.gift_succeeded(donation)

    assert list(Receipt.objects.all()) == [donation.receipt]
    assert Receipt.objects.get().number == first


def test_the_receipt_is_emailed_at_most_once(campaign: Campaign, smtp: SmtpSink) -> None:
    donation = offline(campaign)  # no on-commit here: nothing is sent yet

    assert services.send_receipt(donation_id=donation.pk) is True
    assert services.send_receipt(donation_id=donation.pk) is False
    assert len(smtp.to("grandma@example.org")) == 1
    assert services.send_receipt(donation_id=donation.pk + 1000) is False


def test_a_failed_send_is_recorded_and_not_repeated(campaign: Campaign, smtp: SmtpSink) -> None:
    donation = offline(campaign, email="bounce@example.org")

    assert services.send_receipt(donation_id=donation.pk) is False
    assert services.send_receipt(donation_id=donation.pk) is False
    assert Delivery.objects.get().status == Delivery.Status.FAILED


def test_the_receipt_pdf_shows_the_gift(campaign: Campaign, settings: Settings) -> None:
    settings.ORGANIZATION_TAX_STATUS = (
        "a fiscally sponsored project of Friends of Justice, a 501(c)(3) nonprofit, EIN 12-3456789"
    )
    settings.ORGANIZATION_ADDRESS = "PO Box 1234, Chicago, IL 60690"
    receipt = offline(campaign, 4250).receipt

    text = pdf_text(receipts.render_receipt_pdf(receipt))

    assert "Gift receipt" in text
    assert f"Receipt number {receipt.number}" in text
    assert "Mothers Inside Out" in text
    assert "PO Box 1234, Chicago, IL 60690" in text
    assert "Grandma Ruth grandma@example.org" in text
    assert "Date of gift March 14, 2026" in text
    assert "Campaign Phone funds for moms inside" in text
    assert "Amount $42.50" in text
    assert "EIN 12-3456789" in text
    assert "may not be tax-deductible" not in text
    assert "Refund" not in text


def test_a_refunded_gift_s_pdf_shows_the_refund_and_the_net(
    pending: Donation, fake_stripe: FakeStripe
) -> None:
    services.record_payment(
        donation_public_id=str(pending.public_id), payment_intent_id=PI, amount=pending.amount
    )
    services.record_refund(
        payment_intent_id=PI, charge_id="ch_receipt", refunded_total=Money(1000, "USD")
    )
    receipt = selectors.get_receipt(donation_id=pending.pk)
    assert receipt is not None

    text = pdf_text(receipts.render_receipt_pdf(receipt))

    assert "Amount $25.00" in text
    assert "Refund $10.00" in text
    assert "Net gift $15.00" in text
    assert "Gifts to Mothers Inside Out may not be tax-deductible." in text


def test_a_spanish_donor_gets_a_spanish_pdf(campaign: Campaign) -> None:
    receipt = offline(campaign, language="es").receipt

    text = pdf_text(receipts.render_receipt_pdf(receipt))

    assert "Recibo de donación" in text
    assert f"Número de recibo {receipt.number}" in text
    assert "14 de marzo de 2026" in text
    assert "Cantidad $40.00" in text


def test_the_signed_link_downloads_the_pdf(client: Client, campaign: Campaign) -> None:
    receipt = offline(campaign).receipt
    token = tokens.receipt_token(receipt.donation.public_id)

    response = client.get(f"/receipts/gift/{token}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="receipt-{receipt.number}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert "Amount $40.00" in pdf_text(response.content)


@pytest.mark.parametrize(
    "token",
    ["nonsense", "a" * 300, "WyJ4Il0:1vAbCd:forged-signature-0123456789abcdefghijklmn"],
)
def test_a_forged_receipt_link_gets_a_friendly_400(client: Client, token: str) -> None:
    response = client.get(f"/receipts/gift/{token}/")

    assert response.status_code == 400
    assert b"This link does not work" in response.content


def test_a_genuine_link_to_no_receipt_is_a_friendly_404(client: Client, pending: Donation) -> None:
    token = tokens.receipt_token(pending.public_id)  # pending: no receipt

    response = client.get(f"/receipts/gift/{token}/")

    assert response.status_code == 404
    assert b"This link does not work" in response.content


def test_pdf_downloads_are_rate_limited(
    client: Client, campaign: Campaign, settings: Settings
) -> None:
    settings.RATELIMIT_PER_HOUR = 1
    token = tokens.receipt_token(offline(campaign).receipt.donation.public_id)

    assert client.get(f"/receipts/gift/{token}/").status_code == 200
    response = client.get(f"/receipts/gift/{token}/")

    assert response.status_code == 429
    assert b"Too many attempts" in response.content
