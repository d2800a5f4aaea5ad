"""The one way a supporter is created or updated."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError
from django.db import transaction as db_transaction

from .models import Supporter


def normalize_email(email: str) -> str:
    """Return the address trimmed, with its domain lower-cased; raise ValidationError if bad."""
    email = (email or "").strip()
    validate_email(email)
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def upsert_supporter(*, email: str, name: str = "") -> Supporter:
    """Return the supporter with this email (any case), creating it with this name.

    An existing supporter's name is filled in when she has none, never replaced: every
    caller is a public form where anyone may type anyone's address, so a stranger must not
    be able to rename her (docs/decisions/0008). Organizers correct names in the admin.
    """
    email = normalize_email(email)
    name = (name or "").strip()[:200]
    for _attempt in range(2):
        supporter = Supporter.objects.filter(email__iexact=email).first()
        if supporter is not None:
            if name and not supporter.name:
                supporter.name = name
                supporter.save(update_fields=["name", "updated_at"])
            return supporter
        try:
            with db_transaction.atomic():
                return Supporter.objects.create(email=email, name=name)
        except IntegrityError:
            continue  # created concurrently under another case; read it on the next pass
    raise ValidationError("Could not save the supporter; try again.")
