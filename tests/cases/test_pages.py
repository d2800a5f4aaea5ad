"""A public page rests on a recorded consent: publishing without one is refused, and
withdrawing it unpublishes the page at once. The photo is stored re-encoded, without the
metadata a phone writes into it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from callidarity.accounts.models import AuditEvent
from callidarity.cases import photos, selectors, services
from callidarity.cases.exceptions import CaseError, ConsentRequired
from callidarity.cases.models import Case, CasePage, Consent

pytestmark = pytest.mark.django_db

GIVEN = datetime.date(2026, 11, 20)


@pytest.fixture
def case_page(clemency: Case, carla: User) -> CasePage:
    return services.save_page(
        page=CasePage(case=clemency, slug="bring-ana-home", public_name="Ana", story="Hi"),
        changed=["slug", "public_name", "story"],
        by=carla,
    )


def _consent(case: Case, by: User) -> Consent:
    return services.record_consent(
        case=case, given_by=Consent.Giver.FAMILY, giver_name="her mother", given_on=GIVEN,
        method=Consent.Method.CALL, by=by,
    )  # fmt: skip


def test_publishing_without_a_consent_is_refused(case_page: CasePage, carla: User) -> None:
    with pytest.raises(ConsentRequired, match="consent"):
        services.publish_page(page=case_page, by=carla)
    case_page.refresh_from_db()
    assert not case_page.is_published
    assert not AuditEvent.objects.filter(action="cases.casepage.published").exists()


def test_a_recorded_consent_lets_the_page_be_published(case_page: CasePage, carla: User) -> None:
    consent = _consent(case_page.case, carla)
    assert (consent.recorded_by, consent.given_by, consent.method) == (carla, "family", "call")
    services.publish_page(page=case_page, by=carla)
    case_page.refresh_from_db()
    assert case_page.is_published
    assert case_page.published_at is not None
    assert selectors.list_published_pages() == [case_page]
    assert AuditEvent.objects.filter(action="cases.casepage.published", actor=carla).count() == 1


def test_withdrawing_the_consent_unpublishes_at_once(case_page: CasePage, carla: User) -> None:
    consent = _consent(case_page.case, carla)
    services.publish_page(page=case_page, by=carla)
    services.withdraw_consent(consent=consent, by=carla, on=datetime.date(2026, 11, 30))
    case_page.refresh_from_db()
    consent.refresh_from_db()
    assert not case_page.is_published
    assert (consent.withdrawn_on, consent.withdrawn_recorded_by) == (
        datetime.date(2026, 11, 30), carla,
    )  # fmt: skip
    assert selectors.list_published_pages() == []
    with pytest.raises(ConsentRequired):
        services.publish_page(page=case_page, by=carla)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"cases.consent.withdrawn", "cases.casepage.unpublished"} <= actions


def test_a_consent_dated_in_the_future_is_refused(clemency: Case, carla: User) -> None:
    with pytest.raises(CaseError, match="future"):
        services.record_consent(
            case=clemency, given_by="person", given_on=datetime.date(2999, 1, 1),
            method="written", by=carla,
        )  # fmt: skip
    assert Consent.objects.count() == 0


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (3000, 2000), (200, 120, 90))
    exif = Image.Exif()
    exif[0x010F] = "CanaryPhone Maker"  # Make
    exif[0x8825] = {1: "N", 2: (41.0, 52.0, 0.0)}  # GPSInfo: latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_is_stored_re_encoded_without_its_metadata(
    case_page: CasePage, carla: User
) -> None:
    original = _jpeg_with_gps()
    assert b"CanaryPhone" in original
    case_page.photo = SimpleUploadedFile("ana-smith-at-logan.jpg", original, "image/jpeg")  # type: ignore[assignment]
    services.save_page(page=case_page, changed=["photo"], by=carla)
    case_page.refresh_from_db()
    assert case_page.photo.name.startswith("cases/")
    assert case_page.photo.name.endswith(".jpg")
    assert "ana" not in case_page.photo.name
    stored = case_page.photo.read()
    assert b"CanaryPhone" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert max(image.size) == photos.MAX_SIDE
        assert not image.getexif()


def test_replacing_a_photo_leaves_no_old_copy(
    case_page: CasePage, carla: User, django_capture_on_commit_callbacks: object
) -> None:
    case_page.photo = SimpleUploadedFile("a.jpg", _jpeg_with_gps(), "image/jpeg")  # type: ignore[assignment]
    services.save_page(page=case_page, changed=["photo"], by=carla)
    first = case_page.photo.name
    storage = case_page.photo.storage
    case_page.photo = SimpleUploadedFile("b.jpg", _jpeg_with_gps(), "image/jpeg")  # type: ignore[assignment]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.save_page(page=case_page, changed=["photo"], by=carla)
    assert case_page.photo.name != first
    assert not storage.exists(first)
    assert storage.exists(case_page.photo.name)


@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script></html>", b"\x89PNG\r\n\x1a\nnot really", b""],
)
def test_a_file_that_is_not_a_photo_is_refused_whatever_its_name(content: bytes) -> None:
    with pytest.raises(ValidationError) as refused:
        photos.validate_photo(SimpleUploadedFile("photo.png", content, "image/png"))
    assert refused.value.code == "photo_type"


def test_a_gif_is_refused_and_a_png_with_transparency_stays_png() -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ValidationError):
        photos.validate_photo(SimpleUploadedFile("a.gif", out.getvalue(), "image/gif"))
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG")
    copy = photos.clean_copy(SimpleUploadedFile("a.png", out.getvalue(), "image/png"))
    assert copy.name == "photo.png"


def test_the_public_facility_shows_only_when_chosen(case_page: CasePage) -> None:
    assert selectors.public_facility(case_page) == ""
    case_page.show_facility = True
    assert selectors.public_facility(case_page) == "Logan Correctional Center"
