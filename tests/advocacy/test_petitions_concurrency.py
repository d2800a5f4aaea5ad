"""Petitions under concurrent signing, on PostgreSQL: one signature per email, an exact
flood count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from django.test import Client

from callidarity.advocacy import selectors, services
from callidarity.advocacy.models import Action, Signature
from callidarity.core.forms import started_stamp
from callidarity.supporters.models import Supporter
from tests.concurrency import run_in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CASES = [
    "rosa@example.org",
    "Rosa@Example.org",
    "ROSA@EXAMPLE.ORG",
    "rosa@EXAMPLE.org",
    "rOsA@example.ORG",
]


def _signer(action: Action, email: str, source: str = "203.0.113.7") -> Callable[[], str]:
    def sign() -> str:
        result = services.sign_petition(
            action=action, name="Rosa Martínez", email=email, language="en", source=source
        )
        return str(result.outcome)

    return sign


def test_fifty_concurrent_signatures_by_one_email_count_once(petition: Action) -> None:
    emails = [CASES[i % len(CASES)] for i in range(50)]

    outcomes = run_in_threads([_signer(petition, email) for email in emails])

    assert Counter(outcomes) == {"counted": 1, "already": 49}
    assert Signature.objects.count() == 1
    assert Supporter.objects.count() == 1
    assert selectors.count_signatures(petition) == 1


def test_fifty_concurrent_form_posts_by_one_email_count_once(petition: Action) -> None:
    def post(email: str) -> Callable[[], str]:
        def send() -> str:
            data = {"name": "Rosa", "email": email, "started": started_stamp(), "website": ""}
            response = Client().post("/act/bring-mothers-home/", data)
            return f"{response.status_code} {response.get('Location', '')}"

        return send

    outcomes = run_in_threads([post(CASES[i % len(CASES)]) for i in range(50)])

    assert Counter(outcomes) == {"302 /act/bring-mothers-home/signed/": 50}
    assert Signature.objects.count() == 1
    assert Supporter.objects.count() == 1


def test_a_concurrent_flood_counts_exactly_up_to_the_limit(
    petition: Action, settings: object
) -> None:
    settings.PETITION_FLOOD_LIMIT = 10  # type: ignore[attr-defined]
    signers = [_signer(petition, f"p{i}@example.org") for i in range(30)]

    outcomes = run_in_threads(signers)

    assert Counter(outcomes) == {"counted": 10, "held": 20}
    assert selectors.count_signatures(petition) == 10
    assert Signature.objects.filter(status=Signature.Status.HELD).count() == 20
