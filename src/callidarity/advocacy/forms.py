"""Public forms of an action: who is calling (all optional), and what happened on a call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from callidarity.core.forms import SpamGuardFormMixin

from .models import ActionTaken


def town_field() -> forms.CharField:
    """Her town or city (optional): said on calls, signed under letters and petitions."""
    return forms.CharField(
        label=_("Your town or city"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )


def follow_field() -> forms.BooleanField:
    """The opt-in to follow-up emails, on every kind of action."""
    return forms.BooleanField(
        label=_("Tell me about the next action"),
        required=False,
        help_text=_("A few emails a year at most; one click stops them."),
    )


class CallerForm(SpamGuardFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        required=False,
        help_text=_("Said on the call, so the office knows a real person is calling."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    city = town_field()
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        required=False,
        help_text=_("So we can count your calls with your other support. Never shown."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter a valid email address, like ana@example.org.")},
    )
    follow = follow_field()

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("follow") and not cleaned.get("email"):
            self.add_error("email", _("Give your email so we can tell you about the next action."))
        return cleaned


class ZipForm(forms.Form):
    zip_code = forms.CharField(
        label=_("Your ZIP code"),
        max_length=10,
        help_text=_("To find your own legislators. It is not kept."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        error_messages={
            "required": _("Enter your ZIP code, like 60625, to find your legislators.")
        },
    )

    def clean_zip_code(self) -> str:
        value: str = self.cleaned_data["zip_code"].strip()[:5]
        if not (len(value) == 5 and value.isdigit()):
            raise forms.ValidationError(_("Enter a 5-digit ZIP code, like 60625."))
        return value


class OutcomeForm(forms.Form):
    target = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=[(o.value, o.label) for o in ActionTaken.CALL_OUTCOMES])


LETTER_MAX_LENGTH = 10_000


class LetterForm(SpamGuardFormMixin, forms.Form):
    """Her letter: who signs it (name and email required: offices reply to her), and its text."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        help_text=_("Your letter is signed with it."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name: your letter is signed with it.")},
    )
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("Offices reply to you at this address. It is not shown to anyone else."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email, so offices can reply to you."),
            "invalid": _("Enter a valid email address, like ana@example.org."),
        },
    )
    city = town_field()
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        error_messages={"required": _("Give your letter a subject.")},
    )
    # The limit is checked once line breaks count as one character, as the browser counts them.
    body = forms.CharField(
        label=_("Your letter"),
        help_text=_(
            "Change it as you like: your own words count most. {target_name} and "
            "{target_title} become each official's name and title, {supporter_name} and "
            "{supporter_city} your name and town."
        ),
        widget=forms.Textarea(attrs={"rows": 14, "maxlength": LETTER_MAX_LENGTH}),
        error_messages={"required": _("Write your letter, or keep the sample.")},
    )
    follow = follow_field()

    def _one_line(self, name: str) -> str:
        # Name, town and subject end up in mail headers: one line, single spaces.
        return " ".join(str(self.cleaned_data[name]).split())

    def clean_name(self) -> str:
        name = self._one_line("name")
        # Shown as the letter's sender ("Ana Pérez via …"): no address-like names.
        if any(c in name for c in "@<>"):
            raise forms.ValidationError(_("Enter your name only, without an email address."))
        return name

    def clean_city(self) -> str:
        return self._one_line("city")

    def clean_subject(self) -> str:
        return self._one_line("subject")

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"]).replace("\r\n", "\n")
        if len(body) > LETTER_MAX_LENGTH:
            raise forms.ValidationError(
                _("Keep your letter under %(limit)d characters.") % {"limit": LETTER_MAX_LENGTH}
            )
        return body


# As Signature.comment.
COMMENT_MAX_LENGTH = 500


class PetitionForm(SpamGuardFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        help_text=_("Printed with your town on the petition we hand to the officials."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name, as it will appear on the petition.")},
    )
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("Never shown or handed over. Each email address signs once."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email address, so your signature counts once."),
            "invalid": _("Enter a valid email address, like ana@example.org."),
        },
    )
    city = town_field()
    # The limit is checked after line breaks are counted once (see clean_comment).
    comment = forms.CharField(
        label=_("Why you sign"),
        required=False,
        help_text=_("Printed beside your name for the officials; not shown on this page."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
    )
    is_public = forms.BooleanField(
        label=_("Show my first name and town among recent signers"),
        required=False,
    )
    follow = follow_field()

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data["name"]).split())

    def clean_city(self) -> str:
        return " ".join(str(self.cleaned_data["city"]).split())

    def clean_comment(self) -> str:
        # A textarea sends CRLF: count each line break once, as the box does.
        comment = str(self.cleaned_data["comment"]).replace("\r\n", "\n").strip()
        if len(comment) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(
                _("Your comment can be at most %(limit)d characters long (it has %(count)d).")
                % {"limit": COMMENT_MAX_LENGTH, "count": len(comment)}
            )
        return comment
