"""The public bill pages: the list and its filters (400 for an unknown value), a bill's page
with its road, history, sponsors and open actions, drafts unseen, HEAD answered."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from callidarity.advocacy.models import Action
from callidarity.legislation.models import Bill
from callidarity.legislation.services.imports import import_bill

from .billdata import bill_json, with_passage

pytestmark = pytest.mark.django_db
URL = "/bills/104-hb9999/"


def make_bill(**fields: Any) -> Bill:
    values: dict[str, Any] = {
        "session": "104th",
        "status": Bill.Status.PUBLISHED,
        "chamber": "upper",
    }
    values.update(fields)
    return Bill.objects.create(**values)


@pytest.fixture
def tracked(db: None) -> Bill:
    """HB 9999 (invented), passed the House, published, with our reasons."""
    bill = import_bill(with_passage(), as_of=date(2025, 6, 1), publish=True).bill
    Bill.objects.filter(pk=bill.pk).update(
        position=Bill.Position.SUPPORT, why_it_matters="Calls keep **families** close."
    )
    bill.refresh_from_db()
    return bill


@pytest.fixture
def others(db: None) -> list[Bill]:
    return [
        make_bill(identifier="SB 1", slug="104-sb1", title="Opposed bill in committee",
                  stage="committee", position="oppose", last_action_on=date(2025, 3, 1)),
        make_bill(identifier="SB 2", slug="104-sb2", title="Watched law", stage="law",
                  position="monitor", last_action_on=date(2025, 8, 1)),
        make_bill(identifier="SB 3", slug="104-sb3", title="Secret draft", stage="committee",
                  position="oppose", status=Bill.Status.DRAFT),
    ]  # fmt: skip


def titles(page: str) -> list[str]:
    return re.findall(r'<h3><a href="/bills/[^"]+/">([^<]+)</a></h3>', page)


def test_the_list_shows_each_published_bill_latest_action_first(
    client: Client, tracked: Bill, others: list[Bill]
) -> None:
    response = client.get("/bills/")
    page = response.content.decode()

    assert response.status_code == 200
    assert titles(page) == [
        "Watched law",
        "Example Act: free calls home",
        "Opposed bill in committee",
    ]
    assert "Secret draft" not in page
    card = page[page.index("HB 9999") : page.index("Opposed bill in committee")]
    assert "104th General Assembly" in card
    assert "Passed one chamber" in card
    assert "We support it" in card
    assert '<time datetime="2025-04-08">' in card
    assert "3 bills" in page
    assert '<a href="/bills/">Bills</a>' in page  # the footer


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("stage=committee", ["Opposed bill in committee"]),
        ("stage=passed-one", ["Example Act: free calls home"]),
        ("position=monitor", ["Watched law"]),
        ("stage=committee&position=support", []),
        (
            "stage=&position=",
            ["Watched law", "Example Act: free calls home", "Opposed bill in committee"],
        ),
    ],
)
def test_the_list_filters_by_stage_and_position(
    client: Client, tracked: Bill, others: list[Bill], query: str, expected: list[str]
) -> None:
    response = client.get(f"/bills/?{query}")

    assert response.status_code == 200
    assert titles(response.content.decode()) == expected
    if not expected:
        assert "No bill matches these choices." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [("stage=soon", "There is no such stage."), ("position=maybe", "There is no such position.")],
)
def test_an_unknown_filter_value_is_a_400_that_says_what_to_change(
    client: Client, tracked: Bill, query: str, message: str
) -> None:
    response = client.get(f"/bills/?{query}")
    page = response.content.decode()

    assert response.status_code == 400
    assert message in page
    assert "We could not filter with these choices" in page
    assert titles(page) == []


def test_an_empty_list_says_so(client: Client) -> None:
    page = client.get("/bills/").content.decode()

    assert "We are not following any bill right now." in page


def test_the_bill_page_shows_stage_road_reasons_sponsors_and_history(
    client: Client, tracked: Bill
) -> None:
    response = client.get(URL)
    page = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Example Act: free calls home</h1>" in page
    assert "HB 9999</span> · 104th General Assembly" in page
    assert "We support it" in page
    assert "Calls keep <strong>families</strong> close." in page
    assert "Amends the Example Act. Makes calls free." in page
    road = page[
        page.index('<ol class="bill-road"') : page.index("</ol>", page.index('class="bill-road"'))
    ]
    assert re.findall(r'<li class="road-(\w+)"', road) == [
        "done",
        "done",
        "current",
        "ahead",
        "ahead",
        "ahead",
    ]
    current = r'aria-current="step"><strong>Passed one chamber</strong> <span class="road-note">'
    assert re.search(current + r"\(it is here now\)", road)
    sponsors = page[page.index('class="bill-sponsors"') :]
    assert sponsors.index("Ana Example") < sponsors.index("Carla Example")  # chief first
    assert "Ana Example · House · <strong>chief sponsor</strong>" in page
    rows = re.findall(
        r'<tr><td><time datetime="([\d-]+)">[^<]+</time></td>'
        r"<td>([^<]*)</td><td>([^<]+)</td></tr>",
        page,
    )
    assert rows[0] == ("2025-02-07", "House", "Filed with the Clerk by Rep. Ana Example")
    assert rows[-1] == ("2025-04-08", "House", "Third Reading - Short Debate - Passed 071-040-000")
    assert len(rows) == 5
    assert 'href="https://www.ilga.gov/legislation/BillStatus.asp?DocNum=9999"' in page
    assert 'id="follow"' in page  # the follow form's partial


def test_the_bill_page_lists_only_the_open_actions_on_it(client: Client, tracked: Bill) -> None:
    def action(slug: str, **fields: Any) -> Action:
        return Action.objects.create(slug=slug, title=slug.replace("-", " ").title(),
                                     ask="Ask them.", script="Hi.", **fields)  # fmt: skip

    now = timezone.now()
    tracked.actions.set([
        action("open-letter", status=Action.Status.LIVE),
        action("draft-call"),
        action("closed-petition", status=Action.Status.CLOSED),
        action("ended-call", status=Action.Status.LIVE, ends_at=now - timedelta(hours=1)),
        action("later-call", status=Action.Status.LIVE, starts_at=now + timedelta(days=1)),
    ])  # fmt: skip
    action("other-bill-call", status=Action.Status.LIVE)

    page = client.get(URL).content.decode()

    assert "Take action on this bill" in page
    assert '<a href="/act/open-letter/">Open Letter</a> — Ask them.' in page
    for hidden in ("Draft Call", "Closed Petition", "Ended Call", "Later Call", "Other Bill Call"):
        assert hidden not in page


def test_a_dead_bill_shows_its_road_as_far_as_it_went(client: Client) -> None:
    data = bill_json()
    data["actions"].append({"description": "Rule 19(a) / Re-referred to Rules Committee",
                            "date": "2025-03-21", "order": 5})  # fmt: skip
    import_bill(data, as_of=date(2025, 6, 1), publish=True)

    page = client.get(URL).content.decode()

    road = page[
        page.index('<ol class="bill-road"') : page.index("</ol>", page.index('class="bill-road"'))
    ]
    assert re.findall(r'<li class="road-(\w+)"[^>]*>(?:<strong>)?([^<(]+)', road) == [
        ("done", "Filed "), ("done", "In committee "), ("current", "Dead")]  # fmt: skip


def test_a_draft_or_unknown_bill_is_a_404(client: Client, others: list[Bill]) -> None:
    assert client.get("/bills/104-sb3/").status_code == 404
    assert client.get("/bills/nothing/").status_code == 404


def test_the_pages_answer_head_and_refuse_post(client: Client, tracked: Bill) -> None:
    assert client.head("/bills/").status_code == 200
    assert client.head(URL).status_code == 200
    assert client.post("/bills/").status_code == 405
    assert client.post(URL).status_code == 405
