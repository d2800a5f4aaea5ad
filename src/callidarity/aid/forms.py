"""The public request-for-support form.

It asks only what the group needs to send money and to put first those who need it most:
no charges, no case facts, no health information, no children's names (see the README's
privacy section).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from callidarity.core.forms import SpamGuardFormMixin

from . import geo
from .models import Facility, SupportRequest
from .services import RequestDetails

_ID_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-#.]{0,29}$")
_PHONE = re.compile(r"^\+?[0-9 ().\-]{7,20}$")
MESSAGE_MAX_LENGTH = 1000


class FacilityChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.city}, {obj.state})"


class SupportRequestForm(SpamGuardFormMixin, forms.Form):
    # The public form needs a way back to the requester; a letter typed in by staff may not.
    requires_contact = True

    person_name = forms.CharField(
        label=_("Name of the person inside"),
        max_length=100,
        help_text=_("The name she or he goes by. A first name is enough."),
        error_messages={"required": _("Tell us who the support is for.")},
    )
    facility = FacilityChoiceField(
        label=_("Where is she or he held?"),
        queryset=Facility.objects.filter(is_active=True),
        required=False,
        empty_label=_("Another place, or not sure"),
    )
    facility_other = forms.CharField(
        label=_("If another place: its name and city"),
        max_length=200,
        required=False,
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=30,
        required=False,
        help_text=_(
            "The IDOC number, jail booking number or A-number, if you know it. We need it "
            "to send money to her account. It is stored encrypted."
        ),
    )
    wants_calls = forms.BooleanField(label=_("Money for phone calls"), required=False)
    wants_commissary = forms.BooleanField(
        label=_("Money for commissary (food, soap, stamps)"), required=False
    )
    visits = forms.ChoiceField(
        label=_("Does she or he get visits?"),
        choices=SupportRequest.Visits.choices,
        initial=SupportRequest.Visits.UNKNOWN,
        widget=forms.RadioSelect,
        help_text=_("We put first the people who get no visits."),
    )
    children_zip = forms.CharField(
        label=_("ZIP code where her or his children live"),
        max_length=10,
        required=False,
        help_text=_(
            "Only the ZIP code: it tells us how far apart the family is. Leave it empty if "
            "there are no children or you would rather not say."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    relationship = forms.ChoiceField(
        label=_("Who are you to her or him?"),
        choices=[("", _("Choose one")), *SupportRequest.Relationship.choices],
        error_messages={"required": _("Tell us who you are to the person inside.")},
    )
    requester_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    requester_email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter a valid email address, like ana@example.org.")},
    )
    requester_phone = forms.CharField(
        label=_("Your phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    language = forms.ChoiceField(label=_("Language we should write in"), choices=settings.LANGUAGES)
    message = forms.CharField(
        label=_("Anything else we should know"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Please do not write about charges, court cases or health. We do not need them, "
            "and leaving them out protects her or him."
        ),
        error_messages={
            "max_length": _(
                "This can be at most %(limit_value)d characters long; it has %(show_value)d."
            ),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "The person inside knows about this request and wants our support (or it is for me)."
        ),
        error_messages={"required": _("We only support people who have asked for it.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["language"] = (get_language() or "en")[:2]

    def clean_id_number(self) -> str:
        value: str = self.cleaned_data["id_number"].strip()
        if value and not _ID_NUMBER.match(value):
            raise forms.ValidationError(
                _("Use only letters, numbers, spaces and dashes, as on her ID (e.g. Y12345).")
            )
        return value

    def clean_children_zip(self) -> str:
        value: str = self.cleaned_data["children_zip"].strip()
        if value and not geo.is_known_zip(value):
            raise forms.ValidationError(_("Enter a 5-digit US ZIP code, like 60625."))
        return value[:5]

    def clean_requester_phone(self) -> str:
        value: str = self.cleaned_data["requester_phone"].strip()
        if value and not _PHONE.match(value):
            raise forms.ValidationError(_("Enter a phone number, like (312) 555-0142."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("wants_calls") or data.get("wants_commissary")):
            self.add_error("wants_calls", _("Choose at least one kind of support."))
        no_facility = not data.get("facility") and not data.get("facility_other", "").strip()
        if no_facility and "facility" not in self.errors:
            self.add_error("facility_other", _("Choose the facility, or write its name and city."))
        has_email = data.get("requester_email") or "requester_email" in self.errors
        has_phone = data.get("requester_phone") or "requester_phone" in self.errors
        if self.requires_contact and not (has_email or has_phone):
            self.add_error(
                "requester_email",
                _("Tell us how to reach you: an email address or a phone number."),
            )
        return data

    def details(self) -> RequestDetails:
        """Return what the valid form says, for `submit_support_request`."""
        data = self.cleaned_data
        return RequestDetails(
            person_name=data["person_name"].strip(),
            facility=data["facility"],
            id_number=data["id_number"],
            facility_other="" if data["facility"] else data["facility_other"].strip(),
            wants_calls=data["wants_calls"],
            wants_commissary=data["wants_commissary"],
            visits=data["visits"],
            children_zip=data["children_zip"],
            requester_name=data["requester_name"].strip(),
            relationship=data["relationship"],
            requester_email=data["requester_email"].strip(),
            requester_phone=data["requester_phone"],
            language=data["language"],
            message=data["message"].strip(),
        )
