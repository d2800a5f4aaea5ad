"""The otpauth:// link, its QR code as inline SVG, and the secret written out."""

from __future__ import annotations

from base64 import b32decode
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from callidarity.accounts.authenticator import (
    authenticator_url,
    qr_code_svg,
    secret_for_reading,
    secret_of,
)

from .staff import authenticator_of, make_staff

pytestmark = pytest.mark.django_db


def test_the_link_names_the_group_and_the_staff_member(settings: object) -> None:
    settings.ORGANIZATION_NAME = "Moms: United"  # type: ignore[attr-defined]
    device = authenticator_of(make_staff("carla"))
    url = urlsplit(authenticator_url(device))
    assert (url.scheme, url.netloc) == ("otpauth", "totp")
    assert unquote(url.path) == "/Moms United:carla"
    query = parse_qs(url.query)
    assert query["issuer"] == ["Moms United"]
    assert query["digits"] == ["6"]
    assert query["period"] == ["30"]
    assert b32decode(query["secret"][0] + "=" * (-len(query["secret"][0]) % 8)) == device.bin_key


def test_the_secret_reads_in_groups_of_four() -> None:
    device = authenticator_of(make_staff("carla"))
    grouped = secret_for_reading(device)
    assert grouped.replace(" ", "") == secret_of(device)
    assert {len(group) for group in grouped.split(" ")} == {4}
    assert len(secret_of(device)) == 32  # 20 random bytes


def test_the_qr_code_is_inline_svg_hidden_from_screen_readers() -> None:
    svg = qr_code_svg("otpauth://totp/x?secret=ABC")
    assert svg.startswith('<svg aria-hidden="true" focusable="false" width="')
    assert "style=" not in svg  # the page's CSP allows no inline styles
    assert "<script" not in svg
