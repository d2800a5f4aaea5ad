"""What a resource's attached file may be: a PDF or an image, no larger than MAX_FILE_BYTES.

The name's extension and the file's first bytes must agree, so a page of HTML or a script
renamed "guide.pdf" is refused; downloads then carry the content type of that extension.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_FILE_BYTES = 10 * 1024 * 1024

# Extension -> content type served, and the first bytes a real file of that type starts with.
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),  # then four bytes of length, then "WEBP" (checked below)
}


def extension(name: str) -> str:
    """Return a file name's extension, lower case, without the dot ("" when it has none)."""
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def content_type_for(name: str) -> str:
    """Return the content type a stored file is served with (octet-stream when unknown)."""
    return CONTENT_TYPES.get(extension(name), "application/octet-stream")


def _starts_right(ext: str, head: bytes) -> bool:
    if ext == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return head.startswith(_SIGNATURES[ext])


def validate_resource_file(file: File[Any]) -> None:
    """Refuse a file that is not a PDF or an image, or is larger than MAX_FILE_BYTES."""
    if getattr(file, "_committed", False):
        return  # stored already: checked when it was uploaded (and it may not be at hand)
    ext = extension(file.name or "")
    if ext not in CONTENT_TYPES:
        raise ValidationError(
            _("Attach a PDF or an image (PNG, JPEG, GIF or WebP)."), code="file_type"
        )
    if file.size is not None and file.size > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s."),
            code="file_size",
            params={"limit": filesizeformat(MAX_FILE_BYTES)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(12)
    file.seek(position)
    if not _starts_right(ext, head):
        raise ValidationError(
            _("The file's contents are not a %(type)s, as its name says."),
            code="file_contents",
            params={"type": ext.upper()},
        )
