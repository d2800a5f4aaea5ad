"""Public forms on campaign pages: following a campaign, and its wall."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from callidarity.core.forms import SpamGuardFormMixin

from .models import WallPost
from .services import normalize_wall_text


class PlainTextField(forms.CharField):
    """A text box whose line breaks count once, so its length limit is the one people see."""

    def to_python(self, value: Any) -> str:
        return normalize_wall_text(str(super().to_python(value)))


class WallPostForm(SpamGuardFormMixin, forms.Form):
    # Rendered with prefix="wall": the donate form on the same page has a name field too.
    prefix = "wall"

    name = forms.CharField(
        # Not "Your name": the donate form on the same page already has that label.
        label=_("Name to show"),
        max_length=100,
        required=False,
        help_text=_("Leave it empty to post as anonymous."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "max_length": _("Your name can be at most %(limit_value)d characters long."),
        },
    )
    body = PlainTextField(
        label=_("Your message"),
        max_length=WallPost.BODY_MAX_LENGTH,
        help_text=_("Up to 500 characters of plain text. Links will not be clickable."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write a message."),
            "max_length": _(
                "Your message can be at most %(limit_value)d characters long; it has "
                "%(show_value)d."
            ),
        },
    )


class SubscribeForm(SpamGuardFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to confirm. Never shown in public or shared."),
        error_messages={
            "invalid": _("Enter a valid email address, like ana@example.org."),
            "required": _("Enter your email address."),
        },
    )
