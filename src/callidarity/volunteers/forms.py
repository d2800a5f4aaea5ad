"""The public forms: signing up to volunteer, and pledging items to a drive."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from callidarity.aid import geo
from callidarity.core.forms import SpamGuardFormMixin

from .models import MAX_PER_ITEM, DriveItem, Skill

_PHONE = re.compile(r"^\+?[0-9 ().\-]{7,20}$")
_ZIP = re.compile(r"^[0-9]{5}$")  # ASCII: `\d` takes full-width digits too


def check_phone(value: str) -> str:
    """Return the phone stripped (may be empty); ValidationError when it is not one."""
    value = value.strip()
    if value and not _PHONE.match(value):
        raise forms.ValidationError(_("Enter a phone number, like (312) 555-0142."))
    return value


def check_zip_code(value: str) -> str:
    """Return a 5-digit ZIP code that aid.geo can place; ValidationError otherwise."""
    value = value.strip()
    if not _ZIP.match(value):
        raise forms.ValidationError(_("Enter your 5-digit ZIP code, like 62656."))
    if not geo.is_known_zip(value):
        raise forms.ValidationError(
            _("We do not know the ZIP code %(zip)s. Check it and try again."),
            params={"zip": value},
        )
    return value


NAME_FIELD = {
    "label": _("Your name"),
    "max_length": 200,
    "widget": forms.TextInput(attrs={"autocomplete": "name"}),
    "error_messages": {"required": _("Enter your name.")},
}
EMAIL_ERRORS = {
    "required": _("Enter your email, like ana@example.org."),
    "invalid": _("Enter a valid email address, like ana@example.org."),
}


class VolunteerForm(SpamGuardFormMixin, forms.Form):
    name = forms.CharField(**NAME_FIELD)  # type: ignore[arg-type]
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We email you a link to confirm. Nothing is saved until you open it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages=EMAIL_ERRORS,
    )
    phone = forms.CharField(
        label=_("Your phone"),
        max_length=40,
        required=False,
        help_text=_("Only organizers see it, to call you when something comes up near you."),
        widget=forms.TelInput(attrs={"autocomplete": "tel"}),
    )
    zip_code = forms.CharField(
        label=_("Your ZIP code"),
        max_length=10,
        help_text=_(
            "Five digits. It tells us who lives near a facility; we never ask your address."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        error_messages={"required": _("Enter your 5-digit ZIP code, like 62656.")},
    )
    skills = forms.MultipleChoiceField(
        label=_("What can you do?"),
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one thing you can do."),
            "invalid_choice": _("Choose from the list."),
        },
    )
    other_skill = forms.CharField(
        label=_("If something else: what?"),
        max_length=200,
        required=False,
    )
    languages = forms.CharField(
        label=_("Languages you speak"),
        max_length=200,
        required=False,
        help_text=_("For example: English, Spanish."),
    )
    availability = forms.CharField(
        label=_("When are you free?"),
        max_length=500,
        required=False,
        help_text=_("For example: weekends, or weekday evenings."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "This can be at most %(limit_value)d characters long; it has %(show_value)d."
            ),
        },
    )

    def clean_phone(self) -> str:
        return check_phone(self.cleaned_data["phone"])

    def clean_zip_code(self) -> str:
        return check_zip_code(self.cleaned_data["zip_code"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if Skill.OTHER in data.get("skills", []) and not data.get("other_skill", "").strip():
            self.add_error("other_skill", _("Tell us what else you can do."))
        return data


class PledgeForm(SpamGuardFormMixin, forms.Form):
    """Her name and email, and how many of each of the drive's items she will bring."""

    name = forms.CharField(**NAME_FIELD)  # type: ignore[arg-type]
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("For your confirmation, with where to bring the items and a link to cancel."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages=EMAIL_ERRORS,
    )
    # One per rendered form: the same form sent twice makes its pledges once.
    submission = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, items: list[DriveItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        # A broken id gets a fresh one (clean_submission); a NUL in it must not stop her pledge
        # with an error on a field she cannot see.
        self.fields["submission"].validators = []
        if not self.is_bound:
            self.initial["submission"] = uuid.uuid4()
        for item in items:
            label = f"{item.name} ({item.unit})" if item.unit else item.name
            self.fields[self.item_field(item)] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=MAX_PER_ITEM,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                error_messages={
                    "invalid": _("Enter a whole number, like 3."),
                    "min_value": _("Enter 0 or more."),
                    "max_value": _("Pledge at most %(limit_value)s at a time."),
                },
            )

    @staticmethod
    def item_field(item: DriveItem) -> str:
        return f"item_{item.pk}"

    def item_fields(self) -> list[forms.BoundField]:
        return [self[self.item_field(item)] for item in self.items]

    def clean_submission(self) -> uuid.UUID:
        try:
            return uuid.UUID(str(self.cleaned_data["submission"]))
        except ValueError:
            # A page from before this field, or tampered with: a fresh one, so the pledge is
            # taken (only a double click of that very page could then count twice).
            return uuid.uuid4()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(self.quantities(data).values()):
            self.add_error(None, _("Enter how many of at least one item you will bring."))
        return data

    def quantities(self, data: dict[str, Any] | None = None) -> dict[int, int]:
        """Return item id → how many, for the items she filled in with more than zero."""
        data = self.cleaned_data if data is None else data
        found = {item.pk: data.get(self.item_field(item)) or 0 for item in self.items}
        return {pk: int(n) for pk, n in found.items() if n}
