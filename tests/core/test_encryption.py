"""Encryption at rest: any key decrypts, the first encrypts; lookup hashes are keyed."""

from __future__ import annotations

import dataclasses

import pytest
from django.conf import settings
from pytest_django import Settings

from callidarity.core.encryption import DecryptionFailed, decrypt, encrypt, lookup_hash
from callidarity.core.keys import FieldKeys, new_encryption_key


def _keys(*encryption: str, hash_key: str | None = None) -> FieldKeys:
    current: FieldKeys = settings.FIELD_KEYS
    return FieldKeys(tuple(encryption), hash_key or current.hash_key, "environment")


def test_a_value_comes_back_and_is_never_stored_in_clear() -> None:
    token = encrypt("Y-12345 · Señora Pérez")
    assert "12345" not in token
    assert "Pérez" not in token
    assert token.isascii()
    assert decrypt(token) == "Y-12345 · Señora Pérez"
    assert encrypt("same") != encrypt("same")  # randomized: equal values look different


def test_after_rotation_old_values_still_read_and_new_ones_use_the_new_key(
    settings: Settings,
) -> None:
    old, new = new_encryption_key(), new_encryption_key()
    settings.FIELD_KEYS = _keys(old)
    sealed_with_old = encrypt("note")
    settings.FIELD_KEYS = _keys(new, old)
    assert decrypt(sealed_with_old) == "note"
    sealed_with_new = encrypt("note")
    settings.FIELD_KEYS = _keys(new)
    assert decrypt(sealed_with_new) == "note"
    with pytest.raises(DecryptionFailed, match="cannot be decrypted with any key"):
        decrypt(sealed_with_old)


def test_a_tampered_value_is_refused() -> None:
    token = encrypt("note")
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(DecryptionFailed):
        decrypt(tampered)


def test_lookup_hashes_are_stable_per_purpose_and_depend_on_the_key(
    settings: Settings,
) -> None:
    first = lookup_hash("aid.id_number", "idoc:Y12345")
    assert first == lookup_hash("aid.id_number", "idoc:Y12345")
    assert first != lookup_hash("other.purpose", "idoc:Y12345")
    assert first != lookup_hash("aid.id_number", "idoc:Y12346")
    settings.FIELD_KEYS = dataclasses.replace(settings.FIELD_KEYS, hash_key="x" * 40)
    assert lookup_hash("aid.id_number", "idoc:Y12345") != first
