"""Production settings refuse unsafe configurations; the development defaults stay safe."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

STRONG_KEY = secrets.token_urlsafe(50)
FIELD_KEYS = {
    "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    "FIELD_HASH_KEY": secrets.token_urlsafe(48),
}


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "callidarity", *args],
        env=clean,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "a" * 60}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": STRONG_KEY}, "PAYMENTS_SANDBOX=1"),
        (
            {"SECRET_KEY": STRONG_KEY, "STRIPE_SECRET_KEY": "sk_live_x"},
            "STRIPE_WEBHOOK_SECRET must be set",
        ),
        ({"SECRET_KEY": STRONG_KEY, "PAYMENTS_SANDBOX": "maybe"}, "must be a boolean"),
        (
            {"SECRET_KEY": STRONG_KEY, "PAYMENTS_SANDBOX": "1"},
            "FIELD_ENCRYPTION_KEYS must hold at least one key",
        ),
        (
            {
                "SECRET_KEY": STRONG_KEY,
                "PAYMENTS_SANDBOX": "1",
                **FIELD_KEYS,
                "FIELD_HASH_KEY": "x",
            },
            "FIELD_HASH_KEY must be at least 32",
        ),
    ],
)
def test_production_refuses_to_start_unsafely(
    env: dict[str, str], message: str, tmp_path: Path
) -> None:
    result = _run(["check"], {"DEBUG": "0", **env}, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    env = {
        "DEBUG": "0",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "fund.example.org",
        "PAYMENTS_SANDBOX": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **FIELD_KEYS,
    }
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_stripe_keys_select_stripe_and_sandbox_needs_nothing(tmp_path: Path) -> None:
    code = "from django.conf import settings as s; print(s.PAYMENTS_SANDBOX)"
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME")}
    base = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "callidarity.settings",
        "CALLIDARITY_VAR_DIR": str(tmp_path),
    }
    with_stripe = {
        **base,
        "DEBUG": "0",
        "SECRET_KEY": STRONG_KEY,
        "STRIPE_SECRET_KEY": "sk_test_x",
        "STRIPE_WEBHOOK_SECRET": "whsec_x",
        **FIELD_KEYS,
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=with_stripe, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DEBUG": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "True"


def test_development_makes_a_local_key_file_and_says_so(tmp_path: Path) -> None:
    env = {"DEBUG": "1", "CALLIDARITY_VAR_DIR": str(tmp_path / "var")}
    result = _run(["check"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "var" / "field-keys.json"
    assert key_file.exists()
    assert f"development keys from {key_file}" in result.stderr
    # The same file serves every later command.
    before = key_file.read_bytes()
    assert _run(["check"], env, tmp_path).returncode == 0
    assert key_file.read_bytes() == before
