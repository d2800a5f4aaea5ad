"""What a phone needs to add the authenticator: an otpauth:// link, its QR code, the secret."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]


def secret_of(device: TOTPDevice) -> str:
    """Return the device's secret in base32, as authenticator apps ask for it (no padding)."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def secret_for_reading(device: TOTPDevice) -> str:
    """Return the secret in groups of four characters, easier to type by hand."""
    secret = secret_of(device)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def authenticator_url(device: TOTPDevice) -> str:
    """Return the otpauth:// link an authenticator app reads, labelled with the group's name."""
    issuer = str(settings.ORGANIZATION_NAME).replace(":", "")
    label = quote(f"{issuer}:{device.user.get_username()}")
    query = urlencode(
        {
            "secret": secret_of(device),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"


def qr_code_svg(data: str) -> SafeString:
    """Return a QR code of `data` as inline SVG, hidden from screen readers (the text stands in)."""
    svg = segno.make(data, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    # The page gives the same secret as text beside it; the picture adds nothing to hear.
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    # segno draws the SVG from the link's bits alone: no markup from the data gets through.
    return mark_safe(svg)  # noqa: S308
