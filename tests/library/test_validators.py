"""A resource's file must be a PDF or an image whose contents match its name, and small."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from callidarity.library import validators
from callidarity.library.models import Resource
from callidarity.library.services import create_resource

from .conftest import PDF, PNG, pdf_file


def _codes(upload: SimpleUploadedFile) -> list[str]:
    try:
        validators.validate_resource_file(upload)
    except ValidationError as error:
        return [e.code or "" for e in error.error_list]
    return []


def test_pdfs_and_images_pass() -> None:
    assert _codes(pdf_file()) == []
    assert _codes(SimpleUploadedFile("flyer.PNG", PNG)) == []
    assert _codes(SimpleUploadedFile("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\0" * 20)) == []
    assert _codes(SimpleUploadedFile("a.webp", b"RIFF\0\0\0\0WEBPVP8 ")) == []


def test_other_types_are_refused() -> None:
    assert _codes(SimpleUploadedFile("page.html", b"<script>alert(1)</script>")) == ["file_type"]
    assert _codes(SimpleUploadedFile("drawing.svg", b"<svg></svg>")) == ["file_type"]
    assert _codes(SimpleUploadedFile("no-extension", PDF)) == ["file_type"]


def test_a_file_renamed_to_pdf_is_refused() -> None:
    assert _codes(pdf_file("guide.pdf", b"<html><script>x</script></html>")) == ["file_contents"]
    assert _codes(SimpleUploadedFile("a.webp", b"RIFF\0\0\0\0WAVEfmt ")) == ["file_contents"]
    assert _codes(SimpleUploadedFile("a.png", PDF)) == ["file_contents"]


def test_a_file_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validators, "MAX_FILE_BYTES", 10)
    assert _codes(pdf_file()) == ["file_size"]


def test_content_type_follows_the_extension() -> None:
    assert validators.content_type_for("library/guide.PDF") == "application/pdf"
    assert validators.content_type_for("library/photo.jpg") == "image/jpeg"
    assert validators.content_type_for("library/odd.exe") == "application/octet-stream"


@pytest.mark.django_db
def test_the_service_refuses_a_bad_file_and_writes_nothing() -> None:
    with pytest.raises(ValidationError) as error:
        create_resource(
            slug="bad",
            title="Bad",
            body="text",
            file=SimpleUploadedFile("bad.pdf", b"MZ\x90\x00"),
            reviewed_on=date(2025, 1, 1),
        )
    assert "file" in error.value.message_dict
    assert Resource.objects.count() == 0


@pytest.mark.django_db
def test_a_resource_needs_a_body_or_a_file_and_no_reserved_slug() -> None:
    with pytest.raises(ValidationError) as error:
        create_resource(slug="partners", title="P", reviewed_on=date(2025, 1, 1))
    assert set(error.value.message_dict) == {"slug", "__all__"}
    assert Resource.objects.count() == 0
