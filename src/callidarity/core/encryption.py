"""Field encryption at rest, and keyed hashes to find a row by a value that is encrypted.

Values are sealed with Fernet (AES-128-CBC with HMAC-SHA256, from the `cryptography`
package) under `settings.FIELD_KEYS`: the first key encrypts, any key decrypts, so keys
rotate by putting a new one first and running `callidarity rotate_field_keys`. Fernet is
randomized, so an encrypted column cannot be searched; a `lookup_hash` (HMAC-SHA256 under a
separate key) of a normalized value is stored beside it for the one search that is needed
(a person by ID number at an agency).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression


class DecryptionFailed(ImproperlyConfigured):
    """A stored value was sealed with a key that is no longer in FIELD_ENCRYPTION_KEYS."""


@functools.cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_KEYS.encryption))


def encrypt(text: str) -> str:
    """Return the text sealed with the first key (ASCII, about 4/3 of the length plus 76)."""
    return _fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """Return the text sealed in the token by any of the keys."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError):
        raise DecryptionFailed(
            "a stored value cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS "
            "(was an old key removed before `callidarity rotate_field_keys` ran?)"
        ) from None


def lookup_hash(purpose: str, value: str) -> str:
    """Return the keyed hash that finds `value` (already normalized) for one purpose."""
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(settings.FIELD_KEYS.hash_key.encode(), message, hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored encrypted; reads give back the plain text. Blank stays blank.

    It cannot be filtered on (the stored bytes differ each time): keep a `lookup_hash`
    beside it for searching, and sort in Python after reading.
    """

    description = "Text encrypted at rest"

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        # Only "is it empty" questions make sense on ciphertext; anything else would
        # silently match nothing.
        if lookup_name not in ("isnull",):
            raise TypeError(
                f"{self.model.__name__}.{self.name} is encrypted and cannot be searched "
                f"with __{lookup_name}; use its lookup hash"
            )
        return super().get_lookup(lookup_name)


def encrypted_fields(model: type[models.Model]) -> list[str]:
    """Return the names of the model's encrypted fields."""
    return [f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
