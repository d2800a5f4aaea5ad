"""A public page's photo: checked by what it contains, not by its name, and stored anew.

An upload must decode as a JPEG, PNG or WebP image (Pillow reads it, whatever its name or
declared type says), be no larger than MAX_PHOTO_BYTES and no more than MAX_PIXELS. It is
then re-encoded: the copy kept has no metadata (a phone's photo carries the place it was
taken and the phone's name), is turned upright, and is at most MAX_SIDE pixels on a side.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
# Pillow's format name -> the extension and content type the stored copy gets.
FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = dict(FORMATS.values())

_NOT_A_PHOTO = _("Upload a photo in JPEG, PNG or WebP format.")


def _read(file: File[Any]) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    data = file.read(MAX_PHOTO_BYTES + 1)
    file.seek(position)
    return data if isinstance(data, bytes) else data.encode()


def _open(data: bytes) -> Image.Image:
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is larger than %(limit)s."),
            code="photo_size",
            params={"limit": filesizeformat(MAX_PHOTO_BYTES)},
        )
    try:
        probe = Image.open(io.BytesIO(data))
        if probe.format not in FORMATS:
            raise ValidationError(_NOT_A_PHOTO, code="photo_type")
        width, height = probe.size
        if width * height > MAX_PIXELS:
            raise ValidationError(_("The photo has too many pixels."), code="photo_pixels")
        probe.verify()  # checks the whole file; the image must be opened again after
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_NOT_A_PHOTO, code="photo_type") from None
    return image


def validate_photo(file: File[Any]) -> None:
    """Refuse a file that is not a JPEG, PNG or WebP image within the size limits."""
    if getattr(file, "_committed", False):
        return  # stored already: checked (and re-encoded) when it was uploaded
    _open(_read(file))


def clean_copy(file: File[Any]) -> ContentFile[bytes]:
    """Return the photo re-encoded upright, without metadata, at most MAX_SIDE a side."""
    image = _open(_read(file))
    source_format = image.format or "JPEG"
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    has_alpha = image.mode in ("RGBA", "LA", "P") and source_format != "JPEG"
    out = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(out, format="PNG", optimize=True)
        ext = "png"
    else:
        image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
        ext = "jpg"
    return ContentFile(out.getvalue(), name=f"photo.{ext}")


def content_type_for(name: str) -> str:
    """Return the content type a stored photo is served with."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CONTENT_TYPES.get(ext, "application/octet-stream")
