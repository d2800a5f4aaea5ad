"""The moderators' petition pages: held signatures to count or reject, the delivery PDF."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from callidarity.accounts.models import AuditEvent
from callidarity.advocacy import services
from callidarity.advocacy.models import Action, Signature
from tests.accounts.conftest import moderator, organizer  # noqa: F401 - fixtures
from tests.accounts.matrix import MATRIX, walk
from tests.accounts.staff import log_in, make_staff
from tests.advocacy.conftest import call_in, governor, petition  # noqa: F401 - fixtures
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def sign(action: Action, email: str, name: str, **kwargs: object) -> None:
    fields: dict[str, object] = {"language": "en", "source": "203.0.113.7", **kwargs}
    services.sign_petition(action=action, name=name, email=email, **fields)


@pytest.fixture
def flooded(petition: Action, settings: object) -> Action:  # noqa: F811
    """The petition with two counted signatures and three held from one connection."""
    settings.PETITION_FLOOD_LIMIT = 2  # type: ignore[attr-defined]
    sign(petition, "ana@example.org", "Ana Ruiz", city="Joliet", comment="For my mother.")
    sign(petition, "lupe@example.org", "Lupe Soto")
    for i in range(3):
        sign(petition, f"held{i}@example.org", f"Held Person{i}", city="Peoria")
    return petition


@pytest.fixture
def mod(client: Client, moderator: User) -> Client:  # noqa: F811
    log_in(client, moderator, verified=True)
    return client


def _url(action: Action) -> str:
    return f"/admin/support/actions/{action.pk}/signatures/"


def test_the_petition_pages_answer_every_persona_as_the_matrix_says(
    client: Client,
    petition: Action,  # noqa: F811
) -> None:
    mine = ("backoffice:action-signatures", "backoffice:petition-pdf")
    kwargs = {key: {"action_id": petition.pk} for key in mine}
    problems = walk(client, "backoffice", kwargs=kwargs, matrix={k: MATRIX[k] for k in mine})
    assert [p for p in problems if not p.endswith("not in the matrix")] == []


def test_a_moderator_sees_the_held_signatures_without_emails(mod: Client, flooded: Action) -> None:
    response = mod.get(_url(flooded))
    assert response.status_code == 200
    html = response.content.decode()
    for i in range(3):
        assert f"Held Person{i}" in html
    assert "Ana Ruiz" not in html  # counted, not waiting for review
    assert "@example.org" not in html
    assert [s.name for s in response.context["held"]] == [f"Held Person{i}" for i in range(3)]
    assert (response.context["count"], response.context["held_count"]) == (2, 3)


def test_a_moderator_counts_and_rejects_the_ticked_signatures(
    mod: Client,
    flooded: Action,
    moderator: User,  # noqa: F811
) -> None:
    held = list(Signature.objects.filter(status="held").order_by("pk"))

    counted = mod.post(_url(flooded), {"ids": [held[0].pk, held[1].pk], "decision": "count"})
    assert counted.status_code == 302
    assert counted["Location"] == _url(flooded)
    assert "2 signatures counted." in mod.get(_url(flooded)).content.decode()
    rejected = mod.post(_url(flooded), {"ids": [held[2].pk], "decision": "reject"})
    assert rejected.status_code == 302

    statuses = dict(Signature.objects.values_list("name", "status"))
    assert statuses == {
        "Ana Ruiz": "counted",
        "Lupe Soto": "counted",
        "Held Person0": "counted",
        "Held Person1": "counted",
        "Held Person2": "rejected",
    }
    events = AuditEvent.objects.filter(object_type="advocacy.signature", actor=moderator)
    assert sorted(events.values_list("action", flat=True)) == [
        "advocacy.signature.counted",
        "advocacy.signature.counted",
        "advocacy.signature.rejected",
    ]
    page = mod.get(_url(flooded)).content.decode()
    assert "No signatures wait for review." in page


def test_all_listed_applies_to_the_signatures_shown_not_later_ones(
    mod: Client, flooded: Action
) -> None:
    shown = list(Signature.objects.filter(status="held").values_list("pk", flat=True))
    sign(flooded, "late@example.org", "Late Arrival")  # held after the page was shown
    response = mod.post(_url(flooded), {"shown": shown, "all": "1", "decision": "count"})
    assert response.status_code == 302
    assert Signature.objects.filter(status="counted").count() == 5
    assert Signature.objects.get(name="Late Arrival").status == "held"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "count"}, "Tick the signatures to count or reject."),
        ({"ids": ["abc"], "decision": "count"}, "Tick the signatures again."),
        ({"ids": ["-1"], "decision": "count"}, "Tick the signatures again."),
        ({"ids": ["1" * 30], "decision": "count"}, "Tick the signatures again."),
        ({"ids": ["HELD"], "decision": "keep"}, "Choose to count or to reject the signatures."),
    ],
)
def test_a_malformed_review_is_a_400_and_changes_nothing(
    mod: Client, flooded: Action, data: dict[str, object], message: str
) -> None:
    held = Signature.objects.filter(status="held").first()
    assert held is not None
    if data.get("ids") == ["HELD"]:
        data = {**data, "ids": [held.pk]}
    response = mod.post(_url(flooded), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Signature.objects.filter(status="held").count() == 3
    assert AuditEvent.objects.filter(object_type="advocacy.signature").count() == 0


def test_only_petitions_have_these_pages(
    mod: Client,
    call_in: Action,  # noqa: F811
) -> None:
    assert mod.get(f"/admin/support/actions/{call_in.pk}/signatures/").status_code == 404
    assert mod.get(f"/admin/support/actions/{call_in.pk}/petition.pdf").status_code == 404
    assert mod.get("/admin/support/actions/999999/signatures/").status_code == 404


def test_the_delivery_pdf_lists_the_counted_signers(mod: Client, flooded: Action) -> None:
    response = mod.get(f"/admin/support/actions/{flooded.pk}/petition.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="petition-bring-mothers-home.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Governor J. B. Pritzker" in text
    assert "Bring mothers home" in text
    assert "before the Prisoner Review Board" in text
    assert "2 people signed this petition." in text
    for shown in ("Ana Ruiz", "Joliet", "For my mother.", "Lupe Soto"):
        assert shown in text
    assert "Held Person" not in text
    assert "@example.org" not in text


def test_staff_without_a_role_may_not_download_it(client: Client, flooded: Action) -> None:
    log_in(client, make_staff("mod-es", roles=[]), verified=True)
    # A staff member with no role may not download it.
    assert client.get(f"/admin/support/actions/{flooded.pk}/petition.pdf").status_code == 403
