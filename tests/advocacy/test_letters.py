"""Letters: each office gets its own copy by email once (never again on a second task run, a
retry or the form sent again), from the app with her name shown and her as Reply-To; offices
without an email are printed instead; and the pages from the sample letter to the thanks."""

from __future__ import annotations

import datetime
import io
import re
import socket
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture
from pytest_django import Settings

from callidarity.accounts.roles import Role
from callidarity.advocacy import selectors, services
from callidarity.advocacy.exceptions import ActionError
from callidarity.advocacy.models import (
    Action,
    ActionTaken,
    Follower,
    Letter,
    Target,
    TargetOffice,
)
from callidarity.advocacy.services import import_districts
from callidarity.advocacy.tasks import send_letter_task
from callidarity.advocacy.views.common import session_key
from callidarity.notifications.models import Delivery
from callidarity.supporters.models import Supporter
from tests.accounts.staff import log_in, make_staff
from tests.concurrency import run_in_threads
from tests.smtp import SmtpSink

pytestmark = pytest.mark.django_db

SAMPLE = (
    "I live in {supporter_city} and I ask {target_title} {target_name} to grant clemency "
    "to the mothers whose petitions are before the Prisoner Review Board."
)
SENATOR = "villanueva@senate.example.gov"
REP = "guzzardi@house.example.gov"


def _target(name: str, role: str, email: str = "", district: str = "", address: str = "") -> Target:
    chamber = {"governor": "executive", "upper": "upper", "lower": "lower"}[role]
    target = Target.objects.create(
        name=name, role=role, chamber=chamber, district=district, email=email, source="manual"
    )
    TargetOffice.objects.create(
        target=target, kind="district", address="5533 N Broadway;Chicago, IL 60640", position=0
    )
    TargetOffice.objects.create(target=target, kind="capitol", address=address, position=1)
    return target


@pytest.fixture
def senator(db: None) -> Target:
    return _target(
        "Celina Villanueva", "upper", SENATOR, "11", "Room 105D Capitol;Springfield, IL 62706"
    )


@pytest.fixture
def representative(db: None) -> Target:
    return _target("Will Guzzardi", "lower", REP, "39", "Room 200-3N Stratton;Springfield, IL")


@pytest.fixture
def governor_by_mail(db: None) -> Target:
    """A target who lists no email: letters to it are printed and mailed."""
    return _target(
        "J. B. Pritzker", "governor", address="Office of the Governor;207 State House;Springfield"
    )


@pytest.fixture
def letter_action(senator: Target, representative: Target, governor_by_mail: Target) -> Action:
    action = Action.objects.create(
        slug="clemency-letters",
        kind=Action.Kind.LETTER,
        title="Write for clemency",
        ask="Ask for clemency for mothers inside.",
        script=SAMPLE,
        subject="Clemency for mothers, from {supporter_city}",
        status=Action.Status.LIVE,
    )
    action.targets.set([senator, representative, governor_by_mail])
    return action


def _submit(action: Action, **overrides: Any) -> services.SubmittedLetter:
    values: dict[str, Any] = {
        "action": action,
        "name": "Ana Pérez",
        "email": "Ana@Example.org",
        "city": "Cicero",
        "subject": action.subject,
        "body": action.script,
        "targets": selectors.list_action_targets(action),
        "language": "en",
    }
    return services.submit_letter(**{**values, **overrides})


# --- sending -------------------------------------------------------------------------------


def test_each_office_gets_its_own_copy_once_from_the_app_with_her_as_reply_to(
    letter_action: Action, smtp: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        result = _submit(letter_action)

    assert result.is_new
    assert sorted(t.email for t in result.emailed) == [REP, SENATOR]
    assert smtp.count == 2
    [to_senator] = smtp.to(SENATOR)
    [to_rep] = smtp.to(REP)
    assert to_senator["To"] == SENATOR
    assert to_senator["Reply-To"].addresses[0].addr_spec == "Ana@example.org"
    sender = to_senator["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == (
        "Ana Pérez via Callidarity",
        "noreply@localhost",
    )
    assert "ana@example.org" not in str(to_senator["From"]).lower()
    assert to_senator["Subject"] == "Clemency for mothers, from Cicero"
    senator_text = to_senator.get_content().replace("\r\n", "\n")
    assert senator_text.startswith("Dear State Senator Celina Villanueva,\n\nI live in Cicero")
    assert "I ask State Senator Celina Villanueva to grant clemency" in senator_text
    assert "Sincerely,\nAna Pérez\nCicero" in senator_text
    rep_text = to_rep.get_content().replace("\r\n", "\n")
    assert rep_text.startswith("Dear State Representative Will Guzzardi,")
    assert "Celina Villanueva" not in rep_text
    letter = result.letter
    assert (letter.name, letter.city, letter.language) == ("Ana Pérez", "Cicero", "en")
    assert letter.supporter.email == "Ana@example.org"
    assert set(
        Delivery.objects.filter(key=letter.delivery_key).values_list("status", flat=True)
    ) == {"sent"}


def test_a_second_task_run_or_a_resent_form_sends_nothing_more(
    letter_action: Action, smtp: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = _submit(letter_action)
    send_letter_task.enqueue(first.letter.pk)  # the task again, as a retry would run it
    assert services.send_letter(first.letter).sent == 0
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = _submit(
            letter_action, body="Different words, {target_name}.", email="ana@example.org"
        )

    assert callbacks == []
    assert not again.is_new
    assert again.emailed == []
    assert again.letter.pk == first.letter.pk
    assert (len(smtp.to(SENATOR)), len(smtp.to(REP)), smtp.count) == (1, 1, 2)
    assert Letter.objects.count() == 1
    assert ActionTaken.objects.filter(outcome="emailed").count() == 2


def test_offices_without_email_are_not_emailed(
    letter_action: Action,
    governor_by_mail: Target,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        letter = _submit(letter_action).letter

    assert sorted(
        Delivery.objects.filter(key=letter.delivery_key).values_list("email", flat=True)
    ) == [
        REP,
        SENATOR,
    ]
    taken = ActionTaken.objects.filter(action=letter_action)
    assert sorted(taken.values_list("target__name", "outcome")) == [
        ("Celina Villanueva", "emailed"),
        ("Will Guzzardi", "emailed"),
    ]
    assert set(letter.targets.all()) == set(selectors.list_action_targets(letter_action))
    assert governor_by_mail in letter.targets.all()


def test_a_letter_only_to_offices_without_email_queues_no_task(
    letter_action: Action,
    governor_by_mail: Target,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = _submit(letter_action, targets=[governor_by_mail])
    assert result.is_new
    assert result.emailed == []
    assert callbacks == []
    assert Delivery.objects.count() == 0
    assert smtp.count == 0


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_failed_copies_go_again_once_when_retried(
    letter_action: Action,
    smtp: SmtpSink,
    settings: Settings,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = _closed_port()  # the mail server is down
    with django_capture_on_commit_callbacks(execute=True):
        letter = _submit(letter_action).letter
    assert smtp.count == 0
    assert Delivery.objects.filter(key=letter.delivery_key, status="failed").count() == 2

    settings.EMAIL_PORT = port
    with django_capture_on_commit_callbacks(execute=True):
        assert services.retry_failed_letter(letter) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.retry_failed_letter(letter) == 0  # nothing failed any more
    send_letter_task.enqueue(letter.pk)

    assert (len(smtp.to(SENATOR)), len(smtp.to(REP)), smtp.count) == (1, 1, 2)


def test_a_bounced_office_is_recorded_and_the_others_still_get_theirs(
    letter_action: Action,
    senator: Target,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    Target.objects.filter(pk=senator.pk).update(email="bounce@senate.example.gov")
    with django_capture_on_commit_callbacks(execute=True):
        letter = _submit(letter_action).letter
    statuses = dict(Delivery.objects.filter(key=letter.delivery_key).values_list("email", "status"))
    assert statuses == {"bounce@senate.example.gov": "failed", REP: "sent"}
    assert smtp.count == 1


def test_a_closed_action_takes_no_letter_and_writes_nothing(
    letter_action: Action, smtp: SmtpSink
) -> None:
    Action.objects.filter(pk=letter_action.pk).update(status=Action.Status.CLOSED)
    letter_action.refresh_from_db()
    with pytest.raises(ActionError, match="ended"):
        _submit(letter_action)
    assert (Letter.objects.count(), Delivery.objects.count(), Supporter.objects.count()) == (
        0,
        0,
        0,
    )
    assert ActionTaken.objects.count() == 0


def test_a_target_the_action_does_not_write_to_is_refused(letter_action: Action) -> None:
    stranger = _target("Someone Else", "upper", "else@senate.example.gov", "20")
    with pytest.raises(ActionError, match="not one this action writes to"):
        _submit(letter_action, targets=[stranger])
    with pytest.raises(ActionError, match="no one to go to"):
        _submit(letter_action, targets=[])
    assert (Letter.objects.count(), Delivery.objects.count()) == (0, 0)


def test_her_own_representative_is_written_to_when_the_action_says_so(
    letter_action: Action, governor_by_mail: Target
) -> None:
    own = _target("Jaime Andrade Jr.", "lower", "andrade@house.example.gov", "40")
    with pytest.raises(ActionError):
        _submit(letter_action, targets=[own])
    Action.objects.filter(pk=letter_action.pk).update(calls_own_representative=True)
    letter_action.refresh_from_db()
    result = _submit(letter_action, targets=[governor_by_mail, own])
    assert [t.name for t in result.emailed] == ["Jaime Andrade Jr."]


def test_asking_to_follow_records_a_follower(letter_action: Action) -> None:
    _submit(letter_action, follow=True, language="es")
    follower = Follower.objects.get()
    assert (follower.supporter.email, follower.language, follower.action_id) == (
        "Ana@example.org",
        "es",
        letter_action.pk,
    )


def test_a_printed_letter_is_recorded_once_per_office(
    letter_action: Action, senator: Target, governor_by_mail: Target
) -> None:
    first = services.record_printed_letter(
        action=letter_action,
        name="Ana Pérez",
        email="ana@example.org",
        targets=[governor_by_mail],
        language="en",
    )
    again = services.record_printed_letter(
        action=letter_action,
        name="Ana Pérez",
        email="ANA@example.org",
        targets=[governor_by_mail, senator],
        language="en",
    )
    assert [t.target for t in first] == [governor_by_mail]
    assert [t.target for t in again] == [senator]
    assert sorted(
        ActionTaken.objects.filter(outcome="printed").values_list("target__name", flat=True)
    ) == ["Celina Villanueva", "J. B. Pritzker"]
    assert selectors.tally(letter_action).done == 2


def test_a_letter_that_greets_and_signs_itself_is_not_greeted_or_signed_again(
    senator: Target,
) -> None:
    body = "Dear {target_name},\n\nPlease act.\n\nYours, {supporter_name}"
    copy = selectors.letter_copy(target=senator, name="Ana", city="", subject="S", body=body)
    assert (copy.greeting, copy.signature) == ("", ())
    assert copy.text == "Dear Celina Villanueva,\n\nPlease act.\n\nYours, Ana"


def test_a_letter_from_a_spanish_page_reaches_the_office_addressed_in_english(
    letter_action: Action, smtp: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    # Her words are hers; what we add (title, greeting, sign-off, footer) is in the offices'
    # language, not mixed into an English letter from her Spanish page.
    body = "Le pido a {target_title} {target_name} que vote sí."
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        _submit(letter_action, body=body, language="es")
    text = smtp.to(SENATOR)[0].get_content().replace("\r\n", "\n")
    assert text.startswith("Dear State Senator Celina Villanueva,\n\nLe pido a State Senator")
    assert "Sincerely,\nAna Pérez" in text
    assert "wrote this letter through" in text


def test_the_mailing_address_is_the_capitol_office_first(senator: Target) -> None:
    assert selectors.mailing_address(senator) == ["Room 105D Capitol", "Springfield, IL 62706"]
    TargetOffice.objects.filter(target=senator, kind="capitol").update(address="")
    assert selectors.mailing_address(senator) == ["5533 N Broadway", "Chicago, IL 60640"]


# --- pages ---------------------------------------------------------------------------------


def _form(**overrides: str) -> dict[str, str]:
    return {
        "name": "Ana Pérez",
        "email": "ana@example.org",
        "city": "Cicero",
        "subject": "Clemency now",
        "body": "I ask {target_title} {target_name} for clemency.",
        **overrides,
    }


def test_the_letter_page_shows_the_sample_to_edit(client: Client, letter_action: Action) -> None:
    response = client.get("/act/clemency-letters/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Write your letter" in html
    assert "I live in {supporter_city} and I ask {target_title}" in html
    assert 'value="Clemency for mothers, from {supporter_city}"' in html
    assert "Tell me about the next action" in html
    assert 'name="zip_code"' not in html  # no own legislators in this action


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("name", "Enter your name: your letter is signed with it."),
        ("email", "Enter your email, so offices can reply to you."),
        ("subject", "Give your letter a subject."),
        ("body", "Write your letter, or keep the sample."),
    ],
)
def test_a_letter_without_what_it_needs_is_refused_with_a_message(
    client: Client, letter_action: Action, missing: str, message: str
) -> None:
    response = client.post("/act/clemency-letters/", _form(**{missing: "  "}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert session_key(letter_action) not in client.session


def test_a_bad_email_and_a_letter_too_long_are_refused(
    client: Client, letter_action: Action
) -> None:
    response = client.post("/act/clemency-letters/", _form(email="ana@"))
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    response = client.post("/act/clemency-letters/", _form(body="x" * 10_001))
    assert response.status_code == 400
    assert "Keep your letter under 10000 characters." in response.content.decode()
    # As the browser counts them: a line break is one character, though sent as two.
    response = client.post("/act/clemency-letters/", _form(body=("x" * 99 + "\r\n") * 100))
    assert response.status_code == 302
    assert client.session[session_key(letter_action)]["body"] == ("x" * 99 + "\n") * 99 + "x" * 99


def test_a_bot_is_answered_as_if_it_wrote_and_nothing_is_kept(
    client: Client, letter_action: Action, smtp: SmtpSink
) -> None:
    response = client.post("/act/clemency-letters/", _form(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == "/act/clemency-letters/letter/"
    assert client.get(response["Location"])["Location"] == "/act/clemency-letters/#start"
    assert (Letter.objects.count(), Supporter.objects.count(), smtp.count) == (0, 0, 0)


def test_a_closed_action_answers_409(client: Client, letter_action: Action) -> None:
    Action.objects.filter(pk=letter_action.pk).update(status=Action.Status.CLOSED)
    response = client.post("/act/clemency-letters/", _form())
    assert response.status_code == 409
    assert "This action has ended." in response.content.decode()


def test_too_many_letters_from_one_connection_answer_429(
    client: Client, letter_action: Action, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("callidarity.advocacy.views.letters.allow", lambda *a, **k: False)
    response = client.post("/act/clemency-letters/", _form())
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_she_writes_reviews_and_sends_and_sending_again_is_recognised(
    client: Client,
    letter_action: Action,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    response = client.post("/act/clemency-letters/", _form(follow="on"))
    assert response.status_code == 302
    assert response["Location"] == reverse("advocacy:letter-review", args=["clemency-letters"])
    review = client.get(response["Location"]).content.decode()
    assert "It goes to 3 officials" in review
    assert re.search(
        r'class="not-applicable">Governor J. B. Pritzker <span class="meta">\(no email', review
    )
    # The first office with an email (by chamber, district, name) is the one shown.
    assert "as State Representative Will Guzzardi will read it" in review
    assert "Dear State Representative Will Guzzardi," in review
    assert "I ask State Representative Will Guzzardi for clemency." in review
    assert "Send 2 emails" in review
    assert "Download PDF to print and mail" in review

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(response["Location"])
    assert sent.status_code == 302
    thanks = client.get(sent["Location"]).content.decode()
    assert "Thank you for writing." in thanks
    assert "Your letter is on its way to 2 offices by email." in thanks
    assert "Print and mail the rest" in thanks
    assert "J. B. Pritzker" in thanks
    assert 'value="http://testserver/act/clemency-letters/"' in thanks  # the share link
    assert (len(smtp.to(SENATOR)), len(smtp.to(REP))) == (1, 1)
    assert Follower.objects.filter(supporter__email="ana@example.org").exists()

    # The back button and a second click send nothing.
    assert client.post(response["Location"]).status_code == 302
    # She writes again: recognised, not sent twice.
    client.post("/act/clemency-letters/", _form(body="Again, {target_name}."))
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(response["Location"])
    assert "You have already written." in client.get(again["Location"]).content.decode()
    assert (smtp.count, Letter.objects.count()) == (2, 1)


def test_the_review_without_a_draft_goes_back_to_the_action(
    client: Client, letter_action: Action
) -> None:
    for url in ("/act/clemency-letters/letter/", "/act/clemency-letters/letter.pdf"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/act/clemency-letters/#start"
    assert client.post("/act/clemency-letters/letter/").status_code == 302
    assert Letter.objects.count() == 0


def test_the_pdf_has_a_page_per_office_with_its_address_and_is_recorded_once(
    client: Client, letter_action: Action
) -> None:
    client.post("/act/clemency-letters/", _form())
    # A GET (a link prefetcher, another site's <img>) records nothing and goes to the review.
    assert client.get("/act/clemency-letters/letter.pdf")["Location"] == (
        "/act/clemency-letters/letter/"
    )
    assert not ActionTaken.objects.exists()
    response = client.post("/act/clemency-letters/letter.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    assert len(pages) == 3
    by_name = {
        name: text
        for text in pages
        for name in ("Pritzker", "Villanueva", "Guzzardi")
        if name in text
    }
    assert "Room 105D Capitol" in by_name["Villanueva"]  # the capitol office, not the district
    assert "5533 N Broadway" not in by_name["Villanueva"]
    assert "Dear Governor J. B. Pritzker," in by_name["Pritzker"]
    assert "Ana Pérez" in by_name["Pritzker"]
    assert "Cicero" in by_name["Pritzker"]
    assert ActionTaken.objects.filter(outcome="printed").count() == 3
    client.post("/act/clemency-letters/letter.pdf")
    assert ActionTaken.objects.filter(outcome="printed").count() == 3


def test_after_sending_the_pdf_holds_only_the_offices_to_mail(
    client: Client, letter_action: Action, smtp: SmtpSink
) -> None:
    client.post("/act/clemency-letters/", _form())
    client.post("/act/clemency-letters/letter/")
    response = client.post("/act/clemency-letters/letter.pdf")
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 1
    assert "J. B. Pritzker" in pages[0].extract_text()
    assert sorted(ActionTaken.objects.values_list("target__name", "outcome")) == [
        ("Celina Villanueva", "emailed"),
        ("J. B. Pritzker", "printed"),
        ("Will Guzzardi", "emailed"),
    ]


def test_she_picks_her_district_then_reviews_the_letter_to_her_representative(
    client: Client, letter_action: Action, representative: Target
) -> None:
    Action.objects.filter(pk=letter_action.pk).update(calls_own_representative=True)
    letter_action.targets.remove(representative)
    other = _target("Jaime Andrade Jr.", "lower", "andrade@house.example.gov", "40")
    import_districts(
        [
            {"zip": "60625", "chamber": "lower", "district": "39"},
            {"zip": "60625", "chamber": "lower", "district": "40"},
        ]
    )
    assert client.post("/act/clemency-letters/", _form()).status_code == 400  # ZIP needed
    response = client.post("/act/clemency-letters/", _form(zip_code="60625"))
    assert response["Location"] == "/act/clemency-letters/districts/"
    assert client.get("/act/clemency-letters/letter/")["Location"] == response["Location"]
    picked = client.post(response["Location"], {"district-lower": "40"})
    assert picked["Location"] == "/act/clemency-letters/letter/"
    review = client.get(picked["Location"]).content.decode()
    assert "It goes to 3 officials" in review
    assert other.name in review
    assert representative.name not in review


def test_an_action_not_open_yet_takes_no_letter(client: Client, letter_action: Action) -> None:
    Action.objects.filter(pk=letter_action.pk).update(
        starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    response = client.post("/act/clemency-letters/", _form())
    assert response.status_code == 409
    assert "This action opens on" in response.content.decode()
    letter_action.refresh_from_db()
    with pytest.raises(ActionError, match="not open yet"):
        _submit(letter_action)
    assert Letter.objects.count() == 0


# --- admin ---------------------------------------------------------------------------------


def test_organizers_see_each_letters_emails_and_send_the_failed_ones_again(
    client: Client,
    letter_action: Action,
    smtp: SmtpSink,
    settings: Settings,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = _closed_port()
    with django_capture_on_commit_callbacks(execute=True):
        letter = _submit(letter_action).letter
    settings.EMAIL_PORT = port
    log_in(client, make_staff("olga", roles=[Role.ORGANIZER]), verified=True)

    page = client.get("/admin/advocacy/letter/")
    assert page.status_code == 200
    assert "0 sent, 0 waiting, 2 failed" in page.content.decode()
    assert client.get(f"/admin/advocacy/letter/{letter.pk}/change/").status_code == 200
    assert (
        "I live in"
        not in client.get(f"/admin/advocacy/letter/{letter.pk}/change/").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/advocacy/letter/",
            {"action": "retry_failed_deliveries", "_selected_action": [letter.pk]},
            follow=True,
        )
    assert "2 emails queued again." in response.content.decode()
    assert (len(smtp.to(SENATOR)), len(smtp.to(REP))) == (1, 1)
    assert client.get("/admin/advocacy/letter/add/").status_code == 403


# --- at the same moment (PostgreSQL) -------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_sends_at_once_by_one_supporter_send_one_letter_once(
    letter_action: Action, smtp: SmtpSink
) -> None:
    cases = ["ana@example.org", "Ana@Example.org", "ANA@EXAMPLE.ORG", "ana@EXAMPLE.org"]

    def sender(email: str) -> Callable[[], str]:
        def send() -> str:
            return "new" if _submit(letter_action, email=email).is_new else "again"

        return send

    outcomes = run_in_threads([sender(cases[i % len(cases)]) for i in range(20)])

    assert Counter(outcomes) == {"new": 1, "again": 19}
    assert (Letter.objects.count(), Supporter.objects.count()) == (1, 1)
    assert ActionTaken.objects.filter(outcome="emailed").count() == 2
    assert (len(smtp.to(SENATOR)), len(smtp.to(REP)), smtp.count) == (1, 1, 2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_downloads_at_once_record_one_printed_letter_per_office(
    letter_action: Action,
) -> None:
    targets = selectors.list_action_targets(letter_action)

    def printer() -> str:
        new = services.record_printed_letter(
            action=letter_action,
            name="Ana Pérez",
            email="ana@example.org",
            targets=targets,
            language="en",
        )
        return str(len(new))

    outcomes = run_in_threads([printer for _ in range(20)])

    assert Counter(outcomes) == {"3": 1, "0": 19}
    assert ActionTaken.objects.filter(outcome="printed").count() == 3


def test_braces_of_her_own_neither_break_the_review_nor_jam_the_sending(
    client: Client,
    letter_action: Action,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    hostile = "{target_name.x} {supporter_name[a]} {target_name:>3000000}"
    client.post("/act/clemency-letters/", _form(subject="{supporter_name[a]}", body=hostile))
    review = client.get("/act/clemency-letters/letter/")
    assert review.status_code == 200
    assert len(review.content) < 100_000
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/act/clemency-letters/letter/").status_code == 302
    assert smtp.count == 2  # both emailed offices got it, braces as she wrote them
    assert hostile in smtp.to(SENATOR)[0].get_content()


def test_a_letter_printed_then_emailed_counts_once_per_office(
    client: Client,
    letter_action: Action,
    smtp: SmtpSink,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    client.post("/act/clemency-letters/", _form())
    client.post("/act/clemency-letters/letter.pdf")  # all three offices
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/act/clemency-letters/letter/")  # then the two with an email
    assert smtp.count == 2
    assert selectors.tally(letter_action).done == 3
    assert sorted(ActionTaken.objects.values_list("target__name", "outcome")) == [
        ("Celina Villanueva", "printed"),
        ("J. B. Pritzker", "printed"),
        ("Will Guzzardi", "printed"),
    ]


def test_the_call_pages_of_a_letter_send_her_back_to_the_letter(
    client: Client, letter_action: Action
) -> None:
    client.post("/act/clemency-letters/", _form())
    for page in ("call/", "districts/"):
        assert client.get(f"/act/clemency-letters/{page}").status_code == 302
        assert (
            client.post(f"/act/clemency-letters/{page}", {"outcome": "contact"}).status_code == 302
        )
    # An organizer turns the letter into a call-in: her draft is not read as a caller's.
    letter_action.kind = Action.Kind.CALL
    letter_action.save()
    assert client.get("/act/clemency-letters/call/")["Location"] == "/act/clemency-letters/#start"


def test_a_name_that_looks_like_an_address_is_refused(
    client: Client, letter_action: Action
) -> None:
    response = client.post("/act/clemency-letters/", _form(name="governor@illinois.gov"))
    assert response.status_code == 400
    assert b"without an email address" in response.content
