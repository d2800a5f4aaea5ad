"""System checks of the shared kernel."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def development_field_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Say so when field encryption uses the generated development key file."""
    source = settings.FIELD_KEYS.source
    if source == "environment":
        return []
    return [
        checks.Warning(
            f"Sensitive fields are encrypted with development keys from {source}.",
            hint="Set FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY in production (see the README); "
            "keep a copy of this file if the data in this database matters.",
            id="callidarity.W001",
        )
    ]
