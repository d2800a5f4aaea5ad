"""Importing OpenStates bill JSON: what a new bill gets, idempotent re-imports that never
touch the group's own fields, one StageChange (and one email run) per move, bad input
refused whole, and stages that move with time alone."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from callidarity.advocacy.models import Action, Target
from callidarity.legislation.models import Bill, BillAction, Sponsorship, Stage, StageChange
from callidarity.legislation.services import follows
from callidarity.legislation.services.imports import (
    BillImportError,
    import_bill,
    import_bills,
    refresh_stages,
)

from .billdata import OPENSTATES_ID, bill_json, with_passage

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 1)


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the stage changes the import asks to announce (the emails are B's tests)."""
    calls: list[int] = []
    monkeypatch.setattr(follows, "announce_stage_change", calls.append)
    return calls


def history(bill: Bill) -> list[tuple[int, date, str, str, list[str]]]:
    return [
        (a.order, a.date, a.chamber, a.description, a.classification)
        for a in bill.history.order_by("order")
    ]


def test_a_new_bill_gets_its_history_sponsors_and_stage(
    announced: list[int], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    ana = Target.objects.create(name="Ana Example", role="lower", chamber="lower",
                                external_id="ocd-person/ana")  # fmt: skip
    carla = Target.objects.create(name="Carla Example", role="lower", chamber="lower")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = import_bill(bill_json(), as_of=AS_OF)

    bill = Bill.objects.get()
    assert result.created
    assert result.bill == bill
    assert (bill.openstates_id, bill.identifier, bill.session, bill.slug) == (
        OPENSTATES_ID, "HB 9999", "104th", "104-hb9999")  # fmt: skip
    assert bill.title == "Example Act: free calls home"
    assert bill.synopsis == "Amends the Example Act. Makes calls free."
    assert bill.chamber == "lower"
    assert bill.source_url == "https://www.ilga.gov/legislation/BillStatus.asp?DocNum=9999"
    assert (bill.stage, bill.stage_on, bill.last_action_on) == (
        Stage.COMMITTEE, date(2025, 2, 25), date(2025, 2, 25))  # fmt: skip
    assert bill.status == Bill.Status.DRAFT
    assert history(bill) == [
        (1, date(2025, 2, 7), "lower", "Filed with the Clerk by Rep. Ana Example", ["filing"]),
        (2, date(2025, 2, 10), "lower", "First Reading", ["reading-1"]),
        (3, date(2025, 2, 10), "lower", "Referred to Rules Committee", []),
        (4, date(2025, 2, 25), "lower", "Assigned to Judiciary - Criminal Committee",
         ["referral-committee"]),
    ]  # fmt: skip
    sponsors = list(bill.sponsors.all())
    assert [(s.name, s.primary, s.classification, s.chamber, s.target) for s in sponsors] == [
        ("Ana Example", True, "primary", "lower", ana),  # by OpenStates person id
        ("Carla Example", False, "cosponsor", "lower", carla),  # by name
    ]
    assert StageChange.objects.count() == 0
    assert callbacks == []
    assert announced == []


def test_publish_publishes_a_new_bill_and_an_unknown_sponsor_stays_unlinked() -> None:
    import_bill(bill_json(), as_of=AS_OF, publish=True)

    bill = Bill.objects.get()
    assert bill.status == Bill.Status.PUBLISHED
    assert list(bill.sponsors.values_list("target", flat=True)) == [None, None]


def test_a_sponsor_name_shared_by_two_officials_links_neither() -> None:
    for district in ("1", "2"):
        Target.objects.create(
            name="Carla Example", role="lower", chamber="lower", district=district
        )

    import_bill(bill_json(), as_of=AS_OF)

    assert Sponsorship.objects.get(name="Carla Example").target is None


def test_importing_the_same_bill_again_changes_nothing(
    announced: list[int], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    import_bill(bill_json(), as_of=AS_OF)
    bill = Bill.objects.get()
    action_ids = list(bill.history.values_list("pk", flat=True))
    sponsor_ids = list(bill.sponsors.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = import_bill(bill_json(), as_of=AS_OF)

    again = Bill.objects.get()
    assert not result.created
    assert not result.updated
    assert result.describe() == "HB 9999 (104th): unchanged"
    assert again.updated_at == bill.updated_at
    assert list(again.history.values_list("pk", flat=True)) == action_ids
    assert list(again.sponsors.values_list("pk", flat=True)) == sponsor_ids
    assert StageChange.objects.count() == 0
    assert callbacks == []
    assert announced == []


def test_a_new_action_that_moves_the_bill_makes_one_stage_change_and_one_announcement(
    announced: list[int], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    import_bill(bill_json(), as_of=AS_OF)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = import_bill(with_passage(), as_of=AS_OF)

    bill = Bill.objects.get()
    change = StageChange.objects.get()
    assert (change.bill, change.from_stage, change.to_stage, change.moved_on) == (
        bill, Stage.COMMITTEE, Stage.PASSED_ONE, date(2025, 4, 8))  # fmt: skip
    assert result.change == change
    assert result.history_changed
    assert not result.sponsors_changed
    assert result.describe() == "HB 9999 (104th): moved committee → passed-one"
    assert (bill.stage, bill.stage_on, bill.last_action_on) == (
        Stage.PASSED_ONE, date(2025, 4, 8), date(2025, 4, 8))  # fmt: skip
    assert len(history(bill)) == 5
    assert len(callbacks) == 1
    assert announced == [change.pk]

    with django_capture_on_commit_callbacks(execute=True):
        import_bill(with_passage(), as_of=AS_OF)  # and once more: nothing new

    assert StageChange.objects.count() == 1
    assert announced == [change.pk]


def test_a_new_action_that_does_not_move_the_bill_updates_its_history_only(
    announced: list[int], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    import_bill(bill_json(), as_of=AS_OF)
    data = bill_json()
    data["actions"].append({"description": "Added Co-Sponsor Rep. Dee Example",
                            "date": "2025-03-03", "classification": [], "order": 5})  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        result = import_bill(data, as_of=AS_OF)

    bill = Bill.objects.get()
    assert result.updated
    assert result.history_changed
    assert result.change is None
    assert history(bill)[-1] == (5, date(2025, 3, 3), "", "Added Co-Sponsor Rep. Dee Example", [])
    assert (bill.stage, bill.last_action_on) == (Stage.COMMITTEE, date(2025, 3, 3))
    assert StageChange.objects.count() == 0
    assert announced == []


def test_a_reimport_never_touches_the_groups_own_fields() -> None:
    call_in = Action.objects.create(
        slug="free-calls", title="Free calls", ask="Call.", script="Hi."
    )
    import_bill(bill_json(), as_of=AS_OF)
    Bill.objects.update(position=Bill.Position.SUPPORT, why_it_matters="Calls keep families close.",
                        status=Bill.Status.PUBLISHED)  # fmt: skip
    bill = Bill.objects.get()
    bill.actions.set([call_in])

    import_bill(with_passage(bill_json(title="A new title")), as_of=AS_OF)

    bill = Bill.objects.get()
    assert bill.title == "A new title"
    assert bill.position == Bill.Position.SUPPORT
    assert bill.why_it_matters == "Calls keep families close."
    assert bill.status == Bill.Status.PUBLISHED
    assert list(bill.actions.all()) == [call_in]


def test_a_draft_is_not_published_by_a_reimport_with_publish() -> None:
    import_bill(bill_json(), as_of=AS_OF)

    import_bill(bill_json(), as_of=AS_OF, publish=True)

    assert Bill.objects.get().status == Bill.Status.DRAFT


def test_a_bill_typed_in_by_hand_is_found_by_its_number_and_gets_its_id() -> None:
    typed = Bill.objects.create(identifier="HB 9999", session="104th", slug="hb-9999-typed",
                                title="Typed in", position=Bill.Position.SUPPORT)  # fmt: skip

    result = import_bill(bill_json(identifier="HB9999"), as_of=AS_OF)

    bill = Bill.objects.get()
    assert bill.pk == typed.pk
    assert not result.created
    assert (bill.openstates_id, bill.slug, bill.position) == (
        OPENSTATES_ID, "hb-9999-typed", Bill.Position.SUPPORT)  # fmt: skip
    assert bill.history.count() == 4


def test_the_same_number_with_another_openstates_id_is_refused() -> None:
    import_bill(bill_json(), as_of=AS_OF)

    with pytest.raises(BillImportError, match="another OpenStates id"):
        import_bill(bill_json(id="ocd-bill/other"), as_of=AS_OF)

    assert Bill.objects.get().openstates_id == OPENSTATES_ID


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "HB 9999 of the 104th: title is missing"),
        ({"identifier": "Bill nine"}, "identifier is not a bill number"),
        ({"session": "2025"}, "session is not a General Assembly"),
        ({"actions": None}, "actions is missing"),
        ({"actions": [{"description": "First Reading", "date": "Feb 10"}]},
         "HB 9999 of the 104th: action 1: date is not a date: 'Feb 10'"),
        ({"actions": [{"date": "2025-02-10"}]}, "action 1: description is missing"),
        ({"actions": [{"description": "x", "date": "2025-02-10", "classification": "passage"}]},
         "classification is not a list"),
        ({"sponsorships": [{"primary": True}]}, "sponsor 1: name is missing"),
        ({"sponsorships": [{"name": "Ana", "classification": 3}]},
         "HB 9999 of the 104th: sponsor 1: kind is missing or not text"),
        # Past what the calendar or the columns hold: refused, not a crash mid-batch.
        ({"session": "99999th"}, "session is not a General Assembly"),
        ({"identifier": "HB 123456789012345678901"}, "identifier is not a bill number"),
        ({"identifier": "HBXXXXXXXXXXXXXXXXXXXX 1"}, "identifier is not a bill number"),
        ({"id": "ocd-bill/" + "x" * 100}, "id is longer than 100 characters"),
        ({"title": "\x00 \x00"}, "title is missing"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_its_reason(change: dict[str, Any], message: str) -> None:
    with pytest.raises(BillImportError, match=message.replace("(", r"\(")):
        import_bill(bill_json(**change), as_of=AS_OF)

    assert Bill.objects.count() == 0
    assert BillAction.objects.count() == 0


def test_a_bad_update_leaves_the_bill_as_it_was(
    announced: list[int], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    import_bill(bill_json(), as_of=AS_OF)
    data = with_passage()
    data["actions"][-1]["date"] = "someday"

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(BillImportError):
        import_bill(data, as_of=AS_OF)

    bill = Bill.objects.get()
    assert bill.stage == Stage.COMMITTEE
    assert len(history(bill)) == 4
    assert StageChange.objects.count() == 0
    assert announced == []


def write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_files_hold_one_bill_a_list_or_an_api_page_and_folders_hold_files(tmp_path: Path) -> None:
    folder = tmp_path / "bills"
    folder.mkdir()
    write(folder / "one.json", bill_json())
    write(folder / "list.json", [bill_json(id="ocd-bill/2", identifier="HB 2")])
    write(folder / "page.json", {"results": [bill_json(id="ocd-bill/3", identifier="SB 3",
                                                       from_organization=None)]})  # fmt: skip
    (folder / "notes.txt").write_text("not a bill")

    report = import_bills(folder, as_of=AS_OF)

    assert report.errors == []
    assert report.count("created") == 3
    assert sorted(Bill.objects.values_list("slug", "chamber")) == [
        ("104-hb2", "lower"), ("104-hb9999", "lower"), ("104-sb3", "upper")]  # fmt: skip


def test_a_bad_bill_in_a_batch_is_named_and_the_others_are_imported(tmp_path: Path) -> None:
    bad = bill_json(id="ocd-bill/2", identifier="HB 2")
    bad["actions"][0]["date"] = "not a date"
    path = write(tmp_path / "batch.json", [bill_json(), bad])
    broken = tmp_path / "broken.json"
    broken.write_text('{"identifier": "HB 3",', encoding="utf-8")

    report = import_bills([path, broken, tmp_path / "missing.json"], as_of=AS_OF)

    assert [r.bill.identifier for r in report.results] == ["HB 9999"]
    assert report.errors == [
        f"{path}: HB 2 of the 104th: action 1: date is not a date: 'not a date'",
        f"{broken}: not valid JSON (line 1: Expecting property name enclosed in double quotes)",
        f"{tmp_path / 'missing.json'}: no such file",
    ]
    assert list(Bill.objects.values_list("identifier", flat=True)) == ["HB 9999"]


def sent_to_the_governor(sent_on: str) -> dict[str, Any]:
    data = with_passage()
    data["actions"] += [
        {"description": "Passed Both Houses", "date": "2025-05-21", "order": 6},
        {"description": "Sent to the Governor", "date": sent_on,
         "classification": ["executive-receipt"], "order": 7},
    ]  # fmt: skip
    return data


def test_refresh_moves_a_bill_the_governor_held_sixty_days_into_law(
    announced: list[int], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    import_bill(sent_to_the_governor("2025-06-19"), as_of=date(2025, 6, 20))
    import_bill(bill_json(id="ocd-bill/2", identifier="HB 2"), as_of=date(2025, 6, 20))

    assert refresh_stages(date(2025, 8, 18)) == []  # day 60: still the Governor's to decide
    with django_capture_on_commit_callbacks(execute=True):
        changes = refresh_stages(date(2025, 8, 19))  # day 61

    bill = Bill.objects.get(identifier="HB 9999")
    assert [(c.bill, c.from_stage, c.to_stage, c.moved_on) for c in changes] == [
        (bill, Stage.GOVERNOR, Stage.LAW, date(2025, 8, 19))]  # fmt: skip
    assert (bill.stage, bill.stage_on) == (Stage.LAW, date(2025, 8, 19))
    assert announced == [changes[0].pk]
    assert Bill.objects.get(identifier="HB 2").stage == Stage.COMMITTEE
    assert refresh_stages(date(2025, 8, 20)) == []


def test_refresh_kills_bills_left_when_the_general_assembly_ends() -> None:
    import_bill(bill_json(), as_of=AS_OF)
    import_bill(sent_to_the_governor("2027-01-05") | {"id": "ocd-bill/2", "identifier": "HB 2"},
                as_of=date(2027, 1, 6))  # fmt: skip

    changes = refresh_stages(date(2027, 1, 13))

    assert [(c.bill.identifier, c.to_stage, c.moved_on) for c in changes] == [
        ("HB 9999", Stage.DEAD, date(2027, 1, 13))]  # fmt: skip
    assert Bill.objects.get(identifier="HB 2").stage == Stage.GOVERNOR


def test_refresh_spares_a_bill_passed_both_houses_and_ends_an_unanswered_amendatory_veto() -> None:
    passed = sent_to_the_governor("2025-06-19")
    passed["actions"] = passed["actions"][:-1]  # passed both houses, not yet sent
    import_bill(passed, as_of=date(2025, 9, 1))
    vetoed = sent_to_the_governor("2025-06-19") | {"id": "ocd-bill/2", "identifier": "HB 2"}
    vetoed["actions"].append(
        {"description": "Governor Amendatory Veto", "date": "2025-08-15", "order": 8}
    )
    import_bill(vetoed, as_of=date(2025, 9, 1))
    assert Bill.objects.get(identifier="HB 2").stage == Stage.AMENDATORY_VETO

    changes = refresh_stages(date(2027, 1, 13))

    assert [(c.bill.identifier, c.from_stage, c.to_stage) for c in changes] == [
        ("HB 2", Stage.AMENDATORY_VETO, Stage.DEAD)]  # fmt: skip
    assert Bill.objects.get(identifier="HB 9999").stage == Stage.PASSED_BOTH


def test_a_session_past_the_calendar_is_one_message_and_the_batch_goes_on() -> None:
    # A General Assembly too far ahead to have an end date used to raise out of the import.
    report = import_bills(
        [bill_json(id="ocd-bill/far", identifier="HB 1", session="9999th"), bill_json()],
        as_of=AS_OF,
    )

    assert report.errors == ["HB 1 of the 9999th: session is not a General Assembly: '9999th'"]
    assert list(Bill.objects.values_list("identifier", flat=True)) == ["HB 9999"]


def test_control_characters_are_dropped_on_the_way_in() -> None:
    # PostgreSQL refuses NUL in text and in JSON: nothing that holds one may reach a column.
    data = bill_json(
        title="Example\x00 Act",
        abstracts=[{"abstract": "Makes\x00 calls free.\x07"}],
        sources=[{"url": "https://www.ilga.gov/x\x00y"}],
    )
    data["actions"][0]["description"] = "Filed with the Clerk\x00 by Rep. Ana Example"
    data["actions"][0]["classification"] = ["fil\x00ing"]
    data["sponsorships"][0]["name"] = "Carla\x00 Example"
    data["sponsorships"][0]["person"] = {"id": "ocd-person/\x00none", "name": "Carla\x00 Example"}

    bill = import_bill(data, as_of=AS_OF).bill

    bill.refresh_from_db()
    assert (bill.title, bill.synopsis) == ("Example Act", "Makes calls free.")
    assert bill.source_url == "https://open.pluralpolicy.com/il/bills/104th/HB9999"
    first = bill.history.order_by("order").first()
    assert first is not None
    assert (first.description, first.classification) == (
        "Filed with the Clerk by Rep. Ana Example",
        ["filing"],
    )
    assert sorted(bill.sponsors.values_list("name", flat=True)) == ["Ana Example", "Carla Example"]
    assert import_bill(data, as_of=AS_OF).updated is False  # and a re-import is a no-op
