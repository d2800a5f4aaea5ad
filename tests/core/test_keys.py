"""Field keys: checked for shape, and generated once for development."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from callidarity.core.keys import BadKeys, check_keys, development_keys, new_encryption_key

HASH_KEY = "h" * 16 + "k" * 16


def test_a_well_formed_set_of_keys_passes() -> None:
    check_keys([new_encryption_key(), new_encryption_key()], HASH_KEY)


@pytest.mark.parametrize(
    ("keys", "hash_key", "message"),
    [
        ([], HASH_KEY, "at least one key"),
        (["not-a-key"], HASH_KEY, "32 bytes in URL-safe base64"),
        ([new_encryption_key()[:-4]], HASH_KEY, "32 bytes in URL-safe base64"),
        ([new_encryption_key()], "short", "FIELD_HASH_KEY must be at least 32"),
    ],
)
def test_malformed_keys_are_refused_with_a_reason(
    keys: list[str], hash_key: str, message: str
) -> None:
    with pytest.raises(BadKeys, match=message):
        check_keys(keys, hash_key)


def test_development_keys_are_made_once_private_and_then_reused(tmp_path: Path) -> None:
    path = tmp_path / "var" / "field-keys.json"
    first = development_keys(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = development_keys(path)
    assert again == first
    assert first.source == str(path)
    check_keys(list(first.encryption), first.hash_key)


def test_a_damaged_key_file_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "field-keys.json"
    path.write_text("{not json")
    with pytest.raises(BadKeys, match=r"field-keys\.json is unreadable"):
        development_keys(path)
