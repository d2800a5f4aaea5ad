"""Library fixtures: three published resources in two languages, a draft, partners, press."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from callidarity.library.models import Partner, PressItem, Resource
from callidarity.library.services import create_partner, create_press_item, create_resource

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_file(name: str = "guide.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def visits_guide(db: None) -> Resource:
    return create_resource(
        slug="visiting-guide",
        title="A guide to visiting day",
        kind=Resource.Kind.GUIDE,
        language=Resource.Language.ENGLISH,
        summary="What to bring and what to wear.",
        body="Bring **photo ID** and arrive an hour early.",
        tags=["Visits", "Family"],
        file=pdf_file("visiting-guide.pdf"),
        reviewed_on=date(2025, 3, 1),
        status=Resource.Status.PUBLISHED,
    )


@pytest.fixture
def rights_sheet(db: None) -> Resource:
    return create_resource(
        slug="derechos-en-visitas",
        title="Sus derechos en la visita",
        kind=Resource.Kind.KNOW_YOUR_RIGHTS,
        language=Resource.Language.SPANISH,
        summary="Lo que el personal puede y no puede pedirle.",
        body="Usted tiene derecho a una **explicación** por escrito.",
        tags=["Visits"],
        reviewed_on=date(2025, 6, 1),
        status=Resource.Status.PUBLISHED,
    )


@pytest.fixture
def call_script(db: None) -> Resource:
    return create_resource(
        slug="call-the-warden",
        title="Calling the warden's office",
        kind=Resource.Kind.CALL_SCRIPT,
        body="Hello, my name is … I am calling about medical care.",
        tags=["Health"],
        reviewed_on=date(2024, 11, 5),
        status=Resource.Status.PUBLISHED,
    )


@pytest.fixture
def draft(db: None) -> Resource:
    return create_resource(
        slug="draft-toolkit",
        title="Unfinished visiting toolkit",
        kind=Resource.Kind.TOOLKIT,
        body="Not ready: visits.",
        tags=["Secret tag"],
        reviewed_on=date(2025, 7, 1),
        status=Resource.Status.DRAFT,
    )


@pytest.fixture
def library(
    visits_guide: Resource, rights_sheet: Resource, call_script: Resource, draft: Resource
) -> list[Resource]:
    return [visits_guide, rights_sheet, call_script, draft]


@pytest.fixture
def partners(db: None) -> list[Partner]:
    return [
        create_partner(
            name="Families Inside Together",
            slug="families-inside",
            description="Support groups **every Tuesday**.",
            area_of_work="Family support",
            contact_email="hello@families.example.org",
            contact_phone="312 555 0100",
            url="https://families.example.org/",
            is_published=True,
        ),
        create_partner(name="Hidden Org", slug="hidden", is_published=False),
    ]


@pytest.fixture
def press(db: None) -> list[PressItem]:
    return [
        create_press_item(
            kind=PressItem.Kind.COVERAGE,
            title="Mothers rally at the Capitol",
            dated_on=date(2024, 5, 2),
            source="Chicago Daily",
            url="https://news.example.org/rally",
            is_published=True,
        ),
        create_press_item(
            kind=PressItem.Kind.CONFERENCE,
            title="Press conference on the Second Chance bill",
            dated_on=date(2025, 2, 14),
            source="Callidarity",
            video_url="https://video.example.org/watch/1",
            summary="Families speak for the bill.",
            is_published=True,
        ),
        create_press_item(
            kind=PressItem.Kind.STATEMENT,
            title="Unpublished statement",
            dated_on=date(2025, 3, 1),
            source="Callidarity",
            is_published=False,
        ),
    ]
