"""The admin's offline gift form."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from callidarity.accounts.roles import Role
from callidarity.accounts.services import grant_role
from callidarity.campaigns.models import Campaign
from callidarity.core.money import Money
from callidarity.donations.models import Donation, RecurringDonation
from callidarity.donations.services import complete_sandbox_monthly_checkout, start_monthly_donation
from callidarity.ledger.checks import find_violations
from callidarity.ledger.models import Transaction
from callidarity.supporters.models import Supporter
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

URL = "/admin/donations/donation/record-offline/"


def form(campaign: Campaign, **overrides: str) -> dict[str, Any]:
    return {
        "fund_account": str(campaign.fund_account.pk),
        "amount": "40",
        "method": "check",
        "email": "grandma@example.org",
        "name": "Grandma",
        "received_on": "2026-11-01",
        "reference": "1234",
        **overrides,
    }


def test_form_renders(admin_client: Client, campaign: Campaign) -> None:
    response = admin_client.get(URL)

    assert response.status_code == 200
    assert b'name="amount"' in response.content
    assert (
        "Record an offline gift" in admin_client.get("/admin/donations/donation/").content.decode()
    )


@pytest.mark.parametrize(("method", "asset"), [("check", "assets:bank"), ("cash", "assets:cash")])
def test_records_an_offline_gift(
    admin_client: Client, admin_user: User, campaign: Campaign, method: str, asset: str
) -> None:
    response = admin_client.post(URL, form(campaign, method=method))

    assert response.status_code == 302
    assert response["Location"] == "/admin/donations/donation/"
    donation = Donation.objects.get()
    assert donation.status == Donation.Status.SUCCEEDED
    assert (donation.provider, donation.method) == (Donation.Provider.OFFLINE, method)
    assert (donation.amount_cents, donation.currency) == (4000, "USD")
    assert donation.received_on == date(2026, 11, 1)
    assert donation.reference == "1234"
    assert donation.recorded_by == admin_user
    assert donation.donor.email == "grandma@example.org"
    txn = Transaction.objects.get()
    assert txn.kind == Transaction.Kind.OFFLINE_GIFT
    assert sorted(txn.entries.values_list("account__code", "amount_cents")) == [
        (asset, 4000),
        (campaign.fund_account.code, -4000),
    ]
    api = admin_client.get(f"/api/campaigns/{campaign.slug}/").json()
    assert (api["raised_cents"], api["donor_count"]) == (4000, 1)
    assert find_violations() == []


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("forty", "Enter an amount such as 25 or 25.00."),
        ("-5", "The amount cannot be negative."),
        ("1.234", "Use at most two digits after the decimal point."),
        ("0", "The amount must be more than zero."),
    ],
)
def test_bad_amount_shows_an_error_and_writes_nothing(
    admin_client: Client, campaign: Campaign, amount: str, error: str
) -> None:
    response = admin_client.post(URL, form(campaign, amount=amount))

    assert response.status_code == 200
    assert error in response.content.decode()
    assert Donation.objects.count() == 0
    assert Transaction.objects.count() == 0
    assert Supporter.objects.count() == 0


@pytest.mark.parametrize("roles", [(), (Role.MODERATOR,), (Role.CASEWORKER,)])
def test_staff_without_the_treasurers_role_are_refused(
    client: Client, campaign: Campaign, roles: tuple[Role, ...]
) -> None:
    staff = User.objects.create_user("volunteer", password="x", is_staff=True)
    for role in roles:
        grant_role(user=staff, role=role)
    client.force_login(staff)

    response = client.post(URL, form(campaign))

    assert response.status_code == 403
    assert Donation.objects.count() == 0


def test_a_treasurer_may_record(client: Client, campaign: Campaign) -> None:
    staff = User.objects.create_user("treasurer", password="x", is_staff=True)
    grant_role(user=staff, role=Role.TREASURER)
    client.force_login(staff)

    response = client.post(URL, form(campaign))

    assert response.status_code == 302
    assert Donation.objects.get().recorded_by == staff


def test_anonymous_visitor_is_sent_to_login(client: Client, campaign: Campaign) -> None:
    response = client.post(URL, form(campaign))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert Donation.objects.count() == 0


def test_organizers_can_pay_a_sandbox_month_and_stop_a_monthly_gift(
    admin_client: Client, campaign: Campaign, settings: Any
) -> None:
    settings.PAYMENTS_SANDBOX = True
    plan, _url = start_monthly_donation(
        fund_account=campaign.fund_account,
        amount=Money(1000, "USD"),
        email="rosa@example.org",
        success_url="/",
        cancel_url="/",
        campaign_title=campaign.title,
    )
    complete_sandbox_monthly_checkout(plan)
    changelist = "/admin/donations/recurringdonation/"

    admin_client.post(changelist, {"action": "pay_next_month", "_selected_action": [plan.pk]})
    admin_client.post(changelist, {"action": "stop", "_selected_action": [plan.pk]})
    admin_client.post(changelist, {"action": "pay_next_month", "_selected_action": [plan.pk]})

    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.ENDED
    assert plan.payments.count() == 2
    assert admin_client.get(changelist).status_code == 200


# --- receipts ------------------------------------------------------------------------------


def test_the_receipt_language_is_kept_for_an_offline_gift(
    admin_client: Client, campaign: Campaign
) -> None:
    admin_client.post(URL, form(campaign, language="es"))
    admin_client.post(URL, form(campaign, email="abuela@example.org"))  # not chosen: English

    assert sorted(Donation.objects.values_list("donor__email", "language")) == [
        ("abuela@example.org", "en"),
        ("grandma@example.org", "es"),
    ]


def test_the_donation_page_shows_the_receipt_number_and_its_pdf(
    admin_client: Client, campaign: Campaign
) -> None:
    admin_client.post(URL, form(campaign))
    donation = Donation.objects.get()
    number = donation.receipt.number
    admin_client.post(URL, form(campaign, email="other@example.org"))

    listing = admin_client.get("/admin/donations/donation/").content.decode()
    page = admin_client.get(f"/admin/donations/donation/{donation.pk}/change/").content.decode()
    found = admin_client.get("/admin/donations/donation/", {"q": number}).content.decode()
    pdf = admin_client.get(f"/admin/donations/donation/{donation.pk}/receipt.pdf")

    assert number in listing
    assert number in page
    assert f'href="/admin/donations/donation/{donation.pk}/receipt.pdf"' in page
    assert "1 result (" in found
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="receipt-{number}.pdf"'
    text = pdf_text(pdf.content)
    assert f"Receipt number {number}" in text
    assert "Amount $40.00" in text


def test_staff_who_may_not_see_donations_cannot_download_a_receipt(
    client: Client, admin_client: Client, campaign: Campaign
) -> None:
    admin_client.post(URL, form(campaign))
    donation = Donation.objects.get()
    staff = User.objects.create_user("volunteer", password="x", is_staff=True)
    client.force_login(staff)

    assert client.get(f"/admin/donations/donation/{donation.pk}/receipt.pdf").status_code == 403
    client.logout()
    response = client.get(f"/admin/donations/donation/{donation.pk}/receipt.pdf")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_donation_without_a_receipt_has_no_pdf(admin_client: Client, pending: Donation) -> None:
    page = admin_client.get(f"/admin/donations/donation/{pending.pk}/change/")

    assert page.status_code == 200
    assert (
        admin_client.get(f"/admin/donations/donation/{pending.pk}/receipt.pdf").status_code == 404
    )
