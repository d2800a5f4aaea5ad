"""Petitions: one signature per email, floods held for review, the public pages."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from callidarity.accounts.models import AuditEvent
from callidarity.advocacy import selectors, services
from callidarity.advocacy.exceptions import ActionError
from callidarity.advocacy.models import Action, Follower, Signature
from callidarity.advocacy.services import SignOutcome
from callidarity.advocacy.views import petitions as petition_views
from callidarity.campaigns.models import Campaign
from callidarity.core.encryption import lookup_hash
from callidarity.core.forms import started_stamp
from callidarity.supporters.models import Supporter
from tests.accounts.conftest import moderator  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

URL = "/act/bring-mothers-home/"
SIGNED_URL = "/act/bring-mothers-home/signed/"


def sign(action: Action, email: str, name: str = "Rosa Martínez", **kwargs: object) -> SignOutcome:
    fields: dict[str, object] = {"language": "en", "source": "203.0.113.7", **kwargs}
    return services.sign_petition(action=action, name=name, email=email, **fields).outcome


def form(**overrides: str) -> dict[str, str]:
    return {
        "name": "Rosa Martínez",
        "email": "rosa@example.org",
        "city": "Cicero",
        "comment": "My sister has been inside for 11 years.",
        "website": "",
        "started": started_stamp(),
        **overrides,
    }


# --- the service ---------------------------------------------------------------------------


def test_one_signature_per_email_in_any_case(petition: Action) -> None:
    first = services.sign_petition(
        action=petition,
        name="Ana Ruiz",
        email="Ana@Example.org",
        city="Joliet",
        comment="For my mother.",
        is_public=True,
        language="es",
        source="203.0.113.7",
    )
    again = services.sign_petition(
        action=petition,
        name="Someone Else",
        email="ana@EXAMPLE.ORG",
        city="Chicago",
        comment="Changed my mind about what to say.",
        is_public=False,
        language="en",
        source="198.51.100.2",
    )

    assert first.outcome == SignOutcome.COUNTED
    assert first.is_counted
    assert again.outcome == SignOutcome.ALREADY_SIGNED
    assert not again.is_counted
    assert again.signature.pk == first.signature.pk
    signature = Signature.objects.get()
    assert (signature.name, signature.city, signature.comment, signature.is_public) == (
        "Ana Ruiz",
        "Joliet",
        "For my mother.",
        True,
    )
    assert signature.status == Signature.Status.COUNTED
    assert Supporter.objects.count() == 1
    assert selectors.count_signatures(petition) == 1


def test_the_connection_is_kept_only_as_a_keyed_hash(petition: Action) -> None:
    sign(petition, "rosa@example.org", source="203.0.113.7")
    sign(petition, "lupe@example.org", source="")
    with_source, without = Signature.objects.order_by("pk")
    assert with_source.source_hash == lookup_hash("advocacy.signature.source", "203.0.113.7")
    assert len(with_source.source_hash) == 64
    assert "203.0.113" not in with_source.source_hash
    assert without.source_hash == ""


@pytest.mark.parametrize("status", [Action.Status.CLOSED, Action.Status.DRAFT])
def test_only_a_live_petition_takes_signatures(petition: Action, status: str) -> None:
    Action.objects.filter(pk=petition.pk).update(status=status)
    # The stale object in hand still says live: the service reads the row it locks.
    with pytest.raises(ActionError, match="not taking signatures"):
        sign(petition, "rosa@example.org", follow=True)
    assert Signature.objects.count() == 0
    assert Supporter.objects.count() == 0
    assert Follower.objects.count() == 0


def test_a_call_in_takes_no_signatures(call_in: Action) -> None:
    with pytest.raises(ActionError, match="not a petition"):
        sign(call_in, "rosa@example.org")
    assert Signature.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "email", "message"),
    [("   ", "rosa@example.org", "Enter your name"), ("Rosa", "not-an-email", "valid email")],
)
def test_a_bad_name_or_email_is_refused(
    petition: Action, name: str, email: str, message: str
) -> None:
    with pytest.raises(ActionError, match=message):
        sign(petition, email, name=name)
    assert Signature.objects.count() == 0
    assert Supporter.objects.count() == 0


def test_following_is_recorded_only_when_asked(petition: Action) -> None:
    sign(petition, "rosa@example.org", follow=False)
    assert Follower.objects.count() == 0
    sign(petition, "lupe@example.org", follow=True, language="es")
    follower = Follower.objects.get()
    assert follower.supporter.email == "lupe@example.org"
    assert (follower.language, follower.action_id) == ("es", petition.pk)


def test_a_flood_from_one_connection_is_held_then_reviewed(
    petition: Action,
    settings: object,
    moderator: User,  # noqa: F811
) -> None:
    settings.PETITION_FLOOD_LIMIT = 3  # type: ignore[attr-defined]
    outcomes = [sign(petition, f"p{i}@example.org", name=f"Person {i}") for i in range(5)]
    assert outcomes == ["counted"] * 3 + ["held"] * 2
    # Another connection is not held back by this one.
    assert sign(petition, "else@example.org", source="198.51.100.9") == "counted"
    # A signature already on the petition stays as it was, flood or not.
    assert sign(petition, "P0@example.org") == "already"
    # …and is thanked as a new one from this flooding connection would be: held.
    again = services.sign_petition(
        action=petition, name="X", email="p0@example.org", language="en", source="203.0.113.7"
    )
    assert (again.outcome, again.shown_as) == ("already", "held")
    assert selectors.count_signatures(petition) == 4
    assert selectors.tally(petition).done == 4
    held = list(selectors.list_held_signatures(petition))
    assert [s.name for s in held] == ["Person 3", "Person 4"]

    counted = services.review_signatures(
        action=petition, ids=[held[0].pk], decision="count", by=moderator
    )
    rejected = services.review_signatures(
        action=petition, ids=[held[1].pk], decision="reject", by=moderator
    )

    assert (counted, rejected) == (1, 1)
    assert Signature.objects.get(pk=held[0].pk).status == Signature.Status.COUNTED
    assert Signature.objects.get(pk=held[1].pk).status == Signature.Status.REJECTED
    assert selectors.count_signatures(petition) == 5
    events = AuditEvent.objects.filter(object_type="advocacy.signature").order_by("pk")
    assert [(e.action, e.object_id, e.actor_id) for e in events] == [
        ("advocacy.signature.counted", str(held[0].pk), moderator.pk),
        ("advocacy.signature.rejected", str(held[1].pk), moderator.pk),
    ]
    # Deciding them again changes nothing.
    again = services.review_signatures(
        action=petition, ids=[s.pk for s in held], decision="reject", by=moderator
    )
    assert again == 0
    assert AuditEvent.objects.filter(object_type="advocacy.signature").count() == 2


def test_the_flood_window_and_the_petition_bound_the_count(
    petition: Action, call_in: Action, settings: object
) -> None:
    settings.PETITION_FLOOD_LIMIT = 2  # type: ignore[attr-defined]
    settings.PETITION_FLOOD_WINDOW_SECONDS = 3600  # type: ignore[attr-defined]
    sign(petition, "a@example.org")
    sign(petition, "b@example.org")
    assert sign(petition, "c@example.org") == "held"
    # Two hours later the earlier signatures have left the window.
    Signature.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
    assert sign(petition, "d@example.org") == "counted"
    # Signatures on another petition from the same connection count for that one only.
    other = Action.objects.create(
        slug="other", kind="petition", title="Other", ask="Ask", script="Text", status="live"
    )
    assert sign(other, "a@example.org") == "counted"


def test_a_review_changes_only_this_petitions_held_signatures(
    petition: Action,
    settings: object,
    moderator: User,  # noqa: F811
) -> None:
    settings.PETITION_FLOOD_LIMIT = 1  # type: ignore[attr-defined]
    sign(petition, "a@example.org")
    sign(petition, "b@example.org")
    other = Action.objects.create(
        slug="other", kind="petition", title="Other", ask="Ask", script="Text", status="live"
    )
    sign(other, "c@example.org")
    sign(other, "d@example.org")
    counted = Signature.objects.get(supporter__email="a@example.org")
    held_elsewhere = Signature.objects.get(supporter__email="d@example.org")
    assert held_elsewhere.status == Signature.Status.HELD

    changed = services.review_signatures(
        action=petition, ids=[counted.pk, held_elsewhere.pk], decision="reject", by=moderator
    )

    assert changed == 0
    assert Signature.objects.get(pk=counted.pk).status == Signature.Status.COUNTED
    assert Signature.objects.get(pk=held_elsewhere.pk).status == Signature.Status.HELD


def test_a_review_needs_a_decision(
    petition: Action,
    settings: object,
    moderator: User,  # noqa: F811
) -> None:
    settings.PETITION_FLOOD_LIMIT = 0  # type: ignore[attr-defined]
    sign(petition, "a@example.org")
    held = Signature.objects.get()
    with pytest.raises(ActionError, match="count or to reject"):
        services.review_signatures(action=petition, ids=[held.pk], decision="keep", by=moderator)
    assert Signature.objects.get().status == Signature.Status.HELD
    assert AuditEvent.objects.filter(object_type="advocacy.signature").count() == 0


def test_recent_signers_are_the_counted_who_opted_in_first_name_and_town_only(
    petition: Action, settings: object
) -> None:
    sign(petition, "a@example.org", name="Ana María Ruiz", city="Joliet", is_public=True)
    sign(petition, "b@example.org", name="Private Person", city="Elgin", is_public=False)
    sign(petition, "c@example.org", name="Lupe Soto", city="", is_public=True)
    settings.PETITION_FLOOD_LIMIT = 0  # type: ignore[attr-defined]
    sign(petition, "d@example.org", name="Held Back", city="Peoria", is_public=True)

    recent = selectors.list_recent_signers(petition)

    assert recent == [
        selectors.PublicSigner("Lupe", ""),
        selectors.PublicSigner("Ana", "Joliet"),
    ]
    assert selectors.list_recent_signers(petition, limit=1) == [selectors.PublicSigner("Lupe", "")]


def test_the_delivery_list_is_the_counted_signatures_in_order(
    petition: Action, settings: object
) -> None:
    sign(petition, "a@example.org", name="First Signer")
    sign(petition, "b@example.org", name="Second Signer")
    settings.PETITION_FLOOD_LIMIT = 0  # type: ignore[attr-defined]
    sign(petition, "c@example.org", name="Held Signer")
    names = [s.name for s in selectors.list_petition_signers(petition)]
    assert names == ["First Signer", "Second Signer"]


# --- the pages -----------------------------------------------------------------------------


def test_the_petition_page_shows_the_text_the_counter_and_the_form(
    client: Client, petition: Action
) -> None:
    sign(petition, "a@example.org", name="Ana Ruiz", city="Joliet", is_public=True)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Bring mothers home</h1>" in html
    assert "Ask the Governor to grant clemency to mothers inside." in html
    assert "before the Prisoner Review Board" in html
    assert "Governor J. B. Pritzker" in html
    assert "<strong>survivors</strong>" in html
    assert "<strong>1</strong> signature of 100" in html
    assert 'max="100"' in html
    assert 'aria-labelledby="petition-count"' in html
    for field in ("name", "email", "city", "comment", "is_public", "follow", "website"):
        assert f'name="{field}"' in html
    assert "<strong>Ana</strong>, Joliet" in html
    assert "Ruiz" not in html


def test_the_petition_page_names_its_campaigns(
    client: Client, petition: Action, campaign: Campaign
) -> None:
    campaign.actions.add(petition)
    assert f'href="{campaign.get_absolute_url()}"' in client.get(URL).content.decode()


def test_signing_goes_to_the_thanks_page_and_moves_the_counter(
    client: Client, petition: Action
) -> None:
    response = client.post(URL, form(is_public="on", follow="on"))
    assert response.status_code == 302
    assert response["Location"] == SIGNED_URL
    signature = Signature.objects.get()
    assert (signature.name, signature.city) == ("Rosa Martínez", "Cicero")
    assert signature.is_public
    assert signature.comment == "My sister has been inside for 11 years."
    assert signature.supporter.email == "rosa@example.org"
    assert signature.source_hash == lookup_hash("advocacy.signature.source", "127.0.0.1")
    assert Follower.objects.get().supporter_id == signature.supporter_id

    thanks = client.get(SIGNED_URL)
    assert thanks.status_code == 200
    html = thanks.content.decode()
    assert "Thank you, Rosa." in html
    assert "Your signature is counted." in html
    assert "<strong>1</strong> signature of 100" in html
    assert "http://testserver/act/bring-mothers-home/" in html  # the link to share
    again = client.get(URL).content.decode()
    assert "You signed this petition." in again
    assert "<strong>Rosa</strong>, Cicero" in again


def test_a_second_signature_by_the_same_email_is_recognised_not_counted(
    client: Client, petition: Action
) -> None:
    sign(petition, "rosa@example.org", name="Rosa Martínez", city="Cicero", comment="Secret")
    other_browser = Client()
    response = other_browser.post(
        URL, form(name="Mallory", email="ROSA@example.org", comment="Overwrite", city="Nowhere")
    )
    assert response.status_code == 302
    html = other_browser.get(SIGNED_URL).content.decode()
    # The same thanks as a first signature: a stranger typing someone's address cannot
    # tell whether that person signed.
    fresh = Client()
    fresh.post(URL, form(name="Mallory", email="mallory@example.org"))
    first_time = fresh.get(SIGNED_URL).content.decode()
    assert _thanks(html) == _thanks(first_time) == "Your signature is counted."
    assert "already" not in html
    # Nothing of the earlier signature shows; only what was typed just now.
    assert "Thank you, Mallory." in html
    for earlier in ("Martínez", "Cicero", "Secret"):
        assert earlier not in html
    assert Signature.objects.count() == 2
    assert Signature.objects.get(supporter__email__iexact="rosa@example.org").comment == "Secret"


def test_a_held_signature_is_thanked_without_claiming_it_counted(
    client: Client, petition: Action, settings: object
) -> None:
    settings.PETITION_FLOOD_LIMIT = 1  # type: ignore[attr-defined]
    client.post(URL, form(email="first@example.org"))
    client.post(URL, form(email="second@example.org", is_public="on"))
    html = client.get(SIGNED_URL).content.decode()
    assert "our team checks those signatures before they are counted" in html
    assert "is counted" not in html
    assert "<strong>1</strong> signature of 100" in html
    statuses = Signature.objects.order_by("pk").values_list("status", flat=True)
    assert list(statuses) == ["counted", "held"]
    page = client.get(URL).content.decode()
    assert "We have your signature." in page
    assert page.count("<strong>Rosa</strong>") == 0  # the held one is not among the signers


def test_a_bot_is_answered_as_signed_and_nothing_is_kept(client: Client, petition: Action) -> None:
    response = client.post(URL, form(website="https://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == SIGNED_URL
    assert Signature.objects.count() == 0
    assert Supporter.objects.count() == 0
    # With nothing signed in this session, the thanks page sends her to the petition.
    follow = client.get(SIGNED_URL)
    assert follow.status_code == 302
    assert follow["Location"] == URL + "#sign"


def test_a_form_sent_back_too_fast_is_a_bots(
    client: Client, petition: Action, settings: object
) -> None:
    settings.FORM_MIN_FILL_SECONDS = 5  # type: ignore[attr-defined]
    response = client.post(URL, form())
    assert response.status_code == 302
    assert Signature.objects.count() == 0


def test_a_closed_petition_says_so_with_a_409(client: Client, petition: Action) -> None:
    Action.objects.filter(pk=petition.pk).update(status=Action.Status.CLOSED)
    page = client.get(URL)
    assert page.status_code == 200
    assert "This action has ended. Thank you to everyone who took part." in page.content.decode()
    assert 'name="email"' not in page.content.decode()
    response = client.post(URL, form())
    assert response.status_code == 409
    assert "This action has ended. Thank you for caring." in response.content.decode()
    assert Signature.objects.count() == 0
    assert Supporter.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "hours", "message"),
    [
        ("starts_at", 2, "This action is not open yet."),
        ("ends_at", -2, "This action has ended."),
    ],
)
def test_a_petition_takes_signatures_only_between_its_start_and_end(
    client: Client, petition: Action, field: str, hours: int, message: str
) -> None:
    when = timezone.now() + datetime.timedelta(hours=hours)
    Action.objects.filter(pk=petition.pk).update(**{field: when})
    response = client.post(URL, form())
    assert response.status_code == 409
    assert message in response.content.decode()
    with pytest.raises(ActionError, match="not taking signatures"):
        sign(Action.objects.get(pk=petition.pk), "rosa@example.org")
    assert Signature.objects.count() == 0


def test_a_draft_petition_is_not_found(client: Client, petition: Action) -> None:
    Action.objects.filter(pk=petition.pk).update(status=Action.Status.DRAFT)
    assert client.get(URL).status_code == 404
    assert client.post(URL, form()).status_code == 404
    assert client.get(SIGNED_URL).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "  "}, "Enter your name, as it will appear on the petition."),
        ({"email": ""}, "Enter your email address, so your signature counts once."),
        ({"email": "rosa@"}, "Enter a valid email address, like ana@example.org."),
        ({"comment": "x" * 501}, "Your comment can be at most 500 characters long (it has 501)."),
        ({"name": "x" * 201}, "Ensure this value has at most 200 characters"),
    ],
)
def test_bad_input_is_a_400_with_the_reason(
    client: Client, petition: Action, overrides: dict[str, str], message: str
) -> None:
    response = client.post(URL, form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Signature.objects.count() == 0
    assert Supporter.objects.count() == 0


def test_a_comment_counts_each_line_break_once(client: Client, petition: Action) -> None:
    comment = ("a" * 49 + "\r\n") * 10  # 500 characters once CRLF is one line break
    response = client.post(URL, form(comment=comment))
    assert response.status_code == 302
    assert Signature.objects.get().comment == ("a" * 49 + "\n") * 9 + "a" * 49


def test_too_many_signatures_from_one_connection_are_a_429(
    client: Client, petition: Action, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(petition_views, "SIGNATURES_PER_HOUR", 2)
    for i in range(2):
        assert client.post(URL, form(email=f"p{i}@example.org")).status_code == 302
    response = client.post(URL, form(email="third@example.org"))
    assert response.status_code == 429
    assert "Too many attempts from your connection" in response.content.decode()
    assert Signature.objects.count() == 2


def test_the_thanks_page_of_another_kind_of_action_is_not_found(
    client: Client, call_in: Action
) -> None:
    assert client.get("/act/clemency-call-in/signed/").status_code == 404


def test_the_widget_counts_signatures(client: Client, petition: Action) -> None:
    sign(petition, "a@example.org")
    sign(petition, "b@example.org")
    html = client.get(URL + "embed/").content.decode()
    assert "<strong>2</strong> signatures" in html
    assert "Sign now" in html
    assert "calls made" not in html


def _thanks(html: str) -> str:
    """Return what the thanks page says of her signature."""
    return html.split("</h1>", 1)[1].split("</p>", 1)[0].split(">", 1)[1].strip()
