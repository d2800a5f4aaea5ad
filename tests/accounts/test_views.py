"""The two-factor pages through the test client, with real codes computed from the secret."""

from __future__ import annotations

import re
from base64 import b32decode
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY  # type: ignore[import-untyped]
from django_otp.oath import totp  # type: ignore[import-untyped]
from django_otp.plugins.otp_static.models import StaticToken  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from callidarity.accounts.models import AuditEvent
from callidarity.accounts.roles import Role
from callidarity.accounts.views import CODE_ATTEMPTS

from .staff import authenticator_of, log_in, make_staff, totp_code

pytestmark = pytest.mark.django_db

ACCOUNT = "/admin/2fa/"
SETUP = "/admin/2fa/setup/"
VERIFY = "/admin/2fa/verify/"
CODES = "/admin/2fa/recovery-codes/"


def _secret(page: str) -> bytes:
    """Return the key from the setup page's text, as someone typing it into an app would."""
    match = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', page)
    assert match is not None
    letters = match.group(1).replace(" ", "")
    return b32decode(letters + "=" * (-len(letters) % 8))


def _shown_codes(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_setup_shows_a_qr_code_and_the_secret_and_confirms_with_a_code(
    client: Client, newcomer: User
) -> None:
    log_in(client, newcomer)
    page = client.get(SETUP + "?next=/admin/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg aria-hidden="true" focusable="false"' in html
    key = _secret(html)
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    assert key == device.bin_key

    response = client.post(SETUP + "?next=/admin/", {"code": f"{totp(key):06d}"})
    assert response.status_code == 200
    codes = _shown_codes(response.content.decode())
    assert len(codes) == 10
    stored = set(StaticToken.objects.filter(device__user=newcomer).values_list("token", flat=True))
    assert {c.replace("-", "") for c in codes} == stored
    assert 'href="/admin/"' in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    # The session is verified with the new device, and the codes are not shown again.
    assert client.session[DEVICE_ID_SESSION_KEY] == authenticator_of(newcomer).persistent_id
    assert _shown_codes(client.get(ACCOUNT).content.decode()) == []


def test_a_wrong_code_at_setup_is_a_400_with_a_message(client: Client, newcomer: User) -> None:
    log_in(client, newcomer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=newcomer)
    response = client.post(SETUP, {"code": _wrong(totp_code(device))})
    assert response.status_code == 400
    assert "That code does not match." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_setup_asks_for_six_digits(client: Client, newcomer: User) -> None:
    log_in(client, newcomer)
    response = client.post(SETUP, {"code": "12 34"})
    assert response.status_code == 400
    assert "Enter the 6 digits your app shows." in response.content.decode()


def test_a_password_alone_cannot_add_an_authenticator(password_only_client: Client) -> None:
    response = password_only_client.get(SETUP)
    assert response["Location"] == f"{VERIFY}?next={quote(SETUP, safe='')}"
    response = password_only_client.post(SETUP, {"code": "123456"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(confirmed=False).count() == 0


def test_a_verified_session_can_replace_the_authenticator(
    verified_client: Client, caseworker: User
) -> None:
    old = authenticator_of(caseworker)
    html = verified_client.get(SETUP).content.decode()
    assert "Replace your authenticator app" in html
    response = verified_client.post(SETUP, {"code": f"{totp(_secret(html)):06d}"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert authenticator_of(caseworker).bin_key == _secret(html)


def test_verify_with_the_authenticator_goes_on_to_next(
    password_only_client: Client, caseworker: User
) -> None:
    target = "/admin/donations/donation/?q=1"
    url = f"{VERIFY}?next={quote(target, safe='')}"
    assert password_only_client.get(url).status_code == 200
    key_before = password_only_client.session.session_key
    response = password_only_client.post(url, {"code": totp_code(authenticator_of(caseworker))})
    assert response.status_code == 302
    assert response["Location"] == target
    assert password_only_client.session[DEVICE_ID_SESSION_KEY] == (
        authenticator_of(caseworker).persistent_id
    )
    assert password_only_client.session.session_key != key_before


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", ""])
def test_verify_never_sends_anyone_off_the_site(
    password_only_client: Client, caseworker: User, target: str
) -> None:
    response = password_only_client.post(
        f"{VERIFY}?next={quote(target, safe='')}",
        {"code": totp_code(authenticator_of(caseworker))},
    )
    assert response["Location"] == "/admin/"


def test_verify_with_a_recovery_code_uses_it_up(
    password_only_client: Client, caseworker: User
) -> None:
    code = StaticToken.objects.filter(device__user=caseworker).first().token
    response = password_only_client.post(VERIFY, {"code": code.upper()}, follow=True)
    assert response.redirect_chain[0] == ("/admin/", 302)
    assert "You used a recovery code. Recovery codes left: 9." in response.content.decode()
    assert StaticToken.objects.filter(token=code).count() == 0
    assert AuditEvent.objects.filter(
        action="accounts.recovery_code.used", actor=caseworker
    ).exists()


def test_a_wrong_code_at_verify_is_a_400(password_only_client: Client, caseworker: User) -> None:
    response = password_only_client.post(
        VERIFY, {"code": _wrong(totp_code(authenticator_of(caseworker)))}
    )
    assert response.status_code == 400
    assert "That code does not match." in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in password_only_client.session


def test_a_throttled_device_says_to_wait(
    password_only_client: Client, caseworker: User, settings: object
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # type: ignore[attr-defined]
    right = totp_code(authenticator_of(caseworker))
    password_only_client.post(VERIFY, {"code": _wrong(right)})
    response = password_only_client.post(VERIFY, {"code": right})
    assert response.status_code == 400
    assert "Too many wrong codes in a row." in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in password_only_client.session


def test_verify_is_rate_limited(password_only_client: Client, caseworker: User) -> None:
    right = totp_code(authenticator_of(caseworker))
    for _ in range(CODE_ATTEMPTS):
        assert password_only_client.post(VERIFY, {"code": _wrong(right)}).status_code == 400
    response = password_only_client.post(VERIFY, {"code": right})
    assert response.status_code == 429
    assert "Too many tries. Wait 15 minutes, then try again." in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in password_only_client.session
    # The right code was never tried: the device can still take it.
    assert authenticator_of(caseworker).last_t == -1


def test_setup_is_rate_limited_too(client: Client, newcomer: User) -> None:
    log_in(client, newcomer)
    for _ in range(CODE_ATTEMPTS):
        client.post(SETUP, {"code": "000000"})
    device = TOTPDevice.objects.get(user=newcomer)
    assert client.post(SETUP, {"code": totp_code(device)}).status_code == 429
    device.refresh_from_db()
    assert not device.confirmed


def test_verify_without_an_authenticator_goes_to_setup(client: Client, newcomer: User) -> None:
    log_in(client, newcomer)
    response = client.get(VERIFY + "?next=/admin/")
    assert response["Location"] == SETUP + "?next=%2Fadmin%2F"


def test_regenerating_recovery_codes_needs_a_verified_session(
    password_only_client: Client,
) -> None:
    response = password_only_client.post(CODES)
    assert response["Location"] == f"{VERIFY}?next={quote(CODES, safe='')}"


def test_regenerating_recovery_codes_replaces_them(
    verified_client: Client, caseworker: User
) -> None:
    old = set(StaticToken.objects.filter(device__user=caseworker).values_list("token", flat=True))
    assert verified_client.get(CODES).status_code == 200
    response = verified_client.post(CODES)
    codes = {c.replace("-", "") for c in _shown_codes(response.content.decode())}
    assert len(codes) == 10
    assert codes.isdisjoint(old)
    assert codes == set(
        StaticToken.objects.filter(device__user=caseworker).values_list("token", flat=True)
    )


def test_the_account_page_shows_roles_and_two_factor(
    client: Client, verified_client: Client
) -> None:
    html = verified_client.get(ACCOUNT).content.decode()
    assert "carla" in html
    assert "Caseworker" in html
    assert "On, and checked for this session." in html
    assert "Make new recovery codes" in html

    log_in(client, make_staff("both", roles=[Role.TREASURER, Role.MODERATOR]))
    html = client.get(ACCOUNT).content.decode()
    assert "Treasurer, Moderator" in html
    assert "On, but not yet checked for this session." in html
    assert "Make new recovery codes" not in html


def test_the_account_page_says_how_to_start(client: Client, newcomer: User) -> None:
    log_in(client, newcomer)
    html = client.get(ACCOUNT).content.decode()
    assert "Not set up. You need it to see the people we support." in html
    assert f'href="{SETUP}"' in html


def test_the_pages_speak_spanish(client: Client, newcomer: User) -> None:
    log_in(client, newcomer)
    with translation.override("es"):
        response = client.get(SETUP, headers={"accept-language": "es"})
    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()
