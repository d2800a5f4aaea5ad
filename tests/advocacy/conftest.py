"""Fixtures for advocacy: a Governor and two legislators, and a live call-in to them."""

from __future__ import annotations

import pytest

from callidarity.advocacy.models import Action, Target, TargetOffice

SCRIPT = (
    "Hello, my name is {supporter_name} and I live in {supporter_city}. "
    "I am calling {target_title} {target_name} to ask for clemency for the mothers "
    "whose petitions are before the Prisoner Review Board."
)


def _target(name: str, role: str, phone: str, district: str = "") -> Target:
    chamber = {"governor": "executive", "upper": "upper", "lower": "lower"}[role]
    target = Target.objects.create(
        name=name, role=role, chamber=chamber, district=district, source="manual"
    )
    TargetOffice.objects.create(target=target, kind="capitol", phone=phone)
    return target


@pytest.fixture
def governor(db: None) -> Target:
    return _target("J. B. Pritzker", "governor", "217-782-6830")


@pytest.fixture
def call_in(db: None, governor: Target) -> Action:
    action = Action.objects.create(
        slug="clemency-call-in",
        title="Call-in day for clemency",
        ask="Ask the Governor to grant clemency to mothers inside.",
        script=SCRIPT,
        status=Action.Status.LIVE,
        goal=100,
    )
    senator = _target("Celina Villanueva", "upper", "217-782-5652", "11")
    action.targets.set([governor, senator])
    return action


@pytest.fixture
def own_legislators(db: None, governor: Target) -> Action:
    """A call-in to the Governor and to each caller's own State Representative."""
    for district, name in (
        ("39", "Will Guzzardi"),
        ("40", "Jaime Andrade Jr."),
        ("1", "Aarón Ortíz"),
    ):
        _target(name, "lower", f"217-782-00{district.zfill(2)}", district)
    action = Action.objects.create(
        slug="free-calls",
        title="Free phone calls from prison",
        ask="Ask your State Representative to support free calls.",
        script="I am {supporter_name}, calling {target_title} {target_name}.",
        status=Action.Status.LIVE,
        calls_own_representative=True,
    )
    action.targets.set([governor])
    return action


PETITION_TEXT = (
    "We, the undersigned, ask you to grant clemency to the mothers whose petitions are "
    "before the Prisoner Review Board, and to bring them home to their children."
)


@pytest.fixture
def petition(db: None, governor: Target) -> Action:
    """A live petition to the Governor, aiming for 100 signatures."""
    action = Action.objects.create(
        slug="bring-mothers-home",
        kind=Action.Kind.PETITION,
        title="Bring mothers home",
        ask="Ask the Governor to grant clemency to mothers inside.",
        description="Most of them are **survivors**.",
        script=PETITION_TEXT,
        status=Action.Status.LIVE,
        goal=100,
    )
    action.targets.set([governor])
    return action
