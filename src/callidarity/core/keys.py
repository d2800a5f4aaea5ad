"""Keys for field encryption, read by settings before Django is set up (no Django imports).

Production passes the keys in the environment. In development, when they are missing, a
local key file is generated once under the var directory and reused, so `make run` works on
a fresh machine; a system check says so on every command (see core/checks.py).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

# HMAC keys shorter than this are too easy to guess from the hashes of known ID numbers.
MIN_HASH_KEY_LENGTH = 32


class BadKeys(ValueError):
    """A key in the environment or the key file is malformed."""


@dataclass(frozen=True)
class FieldKeys:
    """Fernet keys (the first encrypts, any decrypts) and the key for lookup hashes."""

    encryption: tuple[str, ...]
    hash_key: str
    source: str  # "environment" or the key file's path


def new_encryption_key() -> str:
    """Return a fresh Fernet key (32 random bytes, URL-safe base64)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _check_encryption_key(key: str) -> None:
    try:
        raw = base64.urlsafe_b64decode(key.encode())
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise BadKeys(
            "each FIELD_ENCRYPTION_KEYS entry must be 32 bytes in URL-safe base64, as made by: "
            "python3 -c 'import base64, os; "
            "print(base64.urlsafe_b64encode(os.urandom(32)).decode())'"
        )


def check_keys(encryption: list[str], hash_key: str) -> None:
    """Raise BadKeys with a readable message when a key is malformed."""
    if not encryption:
        raise BadKeys("FIELD_ENCRYPTION_KEYS must hold at least one key.")
    for key in encryption:
        _check_encryption_key(key)
    if len(hash_key) < MIN_HASH_KEY_LENGTH:
        raise BadKeys(
            f"FIELD_HASH_KEY must be at least {MIN_HASH_KEY_LENGTH} random characters "
            '(for example: python3 -c "import secrets; print(secrets.token_urlsafe(48))").'
        )


def development_keys(path: Path) -> FieldKeys:
    """Return the keys in the development key file, creating it (mode 0600) if missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"encryption": [new_encryption_key()], "hash_key": secrets.token_urlsafe(48)}
        # Written whole under another name, then linked into place: a process starting at
        # the same moment sees no file or a complete one, and never writes a second key.
        fd, draft = tempfile.mkstemp(dir=path.parent, prefix=".field-keys-")
        try:
            with os.fdopen(fd, "w") as handle:
                json.dump(payload, handle)
            os.chmod(draft, 0o600)
            with contextlib.suppress(FileExistsError):  # another process was first
                os.link(draft, path)
        finally:
            os.unlink(draft)
    try:
        data = json.loads(path.read_text())
        keys = FieldKeys(tuple(data["encryption"]), str(data["hash_key"]), str(path))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BadKeys(f"the development key file {path} is unreadable: {error}") from None
    check_keys(list(keys.encryption), keys.hash_key)
    return keys
