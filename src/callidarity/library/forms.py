"""The library's GET forms: searching resources, and choosing a kind of press item."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PressItem, Resource, Tag

MAX_QUERY_LENGTH = 200


class ResourceSearchForm(forms.Form):
    """Words, kind, language and tag; every field may be left empty (then: everything)."""

    q = forms.CharField(
        label=_("Words to look for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"enterkeyhint": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *Resource.Kind.choices],
        error_messages={"invalid_choice": _("There is no such kind of resource.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *Resource.Language.choices],
        error_messages={"invalid_choice": _("There is no such language in the library.")},
    )
    tag = forms.ChoiceField(
        label=_("Tag"),
        required=False,
        error_messages={"invalid_choice": _("There is no such tag in the library.")},
    )

    def __init__(self, *args: Any, tags: list[Tag], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tag_field = self.fields["tag"]
        assert isinstance(tag_field, forms.ChoiceField)
        tag_field.choices = [("", _("Any tag")), *((t.slug, t.name) for t in tags)]
        for name in ("q", "kind", "language", "tag"):
            field = self[name]
            if field.errors:  # so the error is read out with the field (see _field.html)
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{field.auto_id}_error"}
                )

    def criteria(self) -> dict[str, str]:
        """Return the valid criteria given (call after is_valid())."""
        return {k: v for k, v in self.cleaned_data.items() if v}


class PressFilterForm(forms.Form):
    kind = forms.ChoiceField(
        required=False,
        choices=[("", _("Everything")), *PressItem.Kind.choices],
        error_messages={"invalid_choice": _("There is no such kind of press item.")},
    )
