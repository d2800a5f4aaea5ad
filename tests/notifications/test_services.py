"""Sending one message to many, each once: queue, claim, send over real SMTP, record."""

from __future__ import annotations

import socket

import pytest
from django.core.mail import EmailMessage
from pytest_django import Settings

from callidarity.notifications import services
from callidarity.notifications.models import Delivery
from callidarity.notifications.selectors import delivery_counts, list_failures
from tests.smtp import SmtpSink

pytestmark = pytest.mark.django_db

KEY = "test:1"


def _compose(delivery: Delivery) -> EmailMessage:
    return EmailMessage("Hello", f"Hi {delivery.email}", to=[delivery.email])


def test_queueing_twice_adds_only_new_addresses() -> None:
    assert (
        services.queue_deliveries(key=KEY, recipients=[("a@x.org", "en"), ("B@x.org", "es")]) == 2
    )
    assert (
        services.queue_deliveries(key=KEY, recipients=[("b@x.org", "es"), ("c@x.org", "en")]) == 1
    )

    assert sorted(Delivery.objects.values_list("email", "language")) == [
        ("a@x.org", "en"),
        ("b@x.org", "es"),
        ("c@x.org", "en"),
    ]


def test_a_claimed_delivery_is_never_claimed_again() -> None:
    services.queue_deliveries(key=KEY, recipients=[(f"p{i}@x.org", "en") for i in range(5)])

    first = services.claim_batch(key=KEY, size=3)
    second = services.claim_batch(key=KEY, size=3)
    third = services.claim_batch(key=KEY, size=3)

    assert [len(first), len(second), third] == [3, 2, []]
    assert {d.pk for d in first}.isdisjoint({d.pk for d in second})
    assert delivery_counts(key=KEY)["sending"] == 5


def test_a_refused_address_is_recorded_and_the_batch_goes_on(smtp: SmtpSink) -> None:
    services.queue_deliveries(
        key=KEY, recipients=[("ana@x.org", "en"), ("bounce@x.org", "en"), ("eva@x.org", "en")]
    )

    result = services.send_batch(services.claim_batch(key=KEY, size=10), _compose)

    assert result == services.BatchResult(sent=2, failed=1)
    assert sorted(r.recipients[0] for r in smtp.received) == ["ana@x.org", "eva@x.org"]
    failure = list_failures(key=KEY).get()
    assert failure.email == "bounce@x.org"
    assert "550" in failure.error
    assert delivery_counts(key=KEY) == {
        "pending": 0,
        "sending": 0,
        "sent": 2,
        "failed": 1,
        "skipped": 0,
    }


def test_an_unreachable_server_fails_the_batch_without_raising(settings: Settings) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    services.queue_deliveries(key=KEY, recipients=[("ana@x.org", "en"), ("eva@x.org", "en")])

    result = services.send_batch(services.claim_batch(key=KEY, size=10), _compose)

    assert result == services.BatchResult(sent=0, failed=2)
    assert all("ConnectionRefusedError" in d.error for d in Delivery.objects.all())


def test_retrying_puts_only_failures_back_in_the_queue(smtp: SmtpSink) -> None:
    services.queue_deliveries(key=KEY, recipients=[("ana@x.org", "en"), ("bounce@x.org", "en")])
    services.send_batch(services.claim_batch(key=KEY, size=10), _compose)

    assert services.retry_failed(key=KEY) == 1

    retried = services.claim_batch(key=KEY, size=10)
    assert [d.email for d in retried] == ["bounce@x.org"]
    assert retried[0].error == ""
