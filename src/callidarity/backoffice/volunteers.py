"""The organizers' page "volunteers near a facility": pick a facility or type a ZIP code, a
radius and a skill, and see the active volunteers within it, nearest first, with how to
reach each; the same list as CSV. Distances are between ZIP code centres (aid.geo), so they
are "about N miles"; volunteers whose ZIP code has no known centre are skipped and counted.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from callidarity.accounts.decorators import staff_view
from callidarity.aid import geo
from callidarity.aid.models import Facility
from callidarity.reports.spreadsheet import Cell, csv_chunks
from callidarity.volunteers import selectors
from callidarity.volunteers.models import Skill

_ZIP = re.compile(r"^[0-9]{5}$")  # ASCII: `\d` takes full-width digits too


class FacilityChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.city}, {obj.zip_code})"


class NearForm(forms.Form):
    facility = FacilityChoiceField(
        label=gettext_lazy("Facility"),
        queryset=Facility.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Choose a facility, or type a ZIP code below"),
        error_messages={"invalid_choice": gettext_lazy("Choose a facility from the list.")},
    )
    zip_code = forms.CharField(
        label=gettext_lazy("Or a ZIP code"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    radius = forms.IntegerField(
        label=gettext_lazy("Within how many miles"),
        min_value=1,
        max_value=selectors.MAX_RADIUS_MILES,
        required=False,
        initial=selectors.DEFAULT_RADIUS_MILES,
        error_messages={
            "invalid": gettext_lazy("Enter a whole number of miles, like 50."),
            "min_value": gettext_lazy("Enter at least 1 mile."),
            "max_value": gettext_lazy("Enter at most %(limit_value)s miles."),
        },
    )
    skill = forms.ChoiceField(
        label=gettext_lazy("Who can do"),
        choices=[("", gettext_lazy("Anything")), *Skill.choices],
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a skill from the list.")},
    )

    def clean_zip_code(self) -> str:
        value: str = self.cleaned_data["zip_code"].strip()
        if value and (not _ZIP.match(value) or not geo.is_known_zip(value)):
            raise forms.ValidationError(gettext_lazy("Enter a known 5-digit ZIP code, like 62656."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("facility") and data.get("zip_code"):
            raise forms.ValidationError(gettext_lazy("Choose a facility or a ZIP code, not both."))
        if not data.get("facility") and not data.get("zip_code"):
            raise forms.ValidationError(gettext_lazy("Choose a facility or type a ZIP code."))
        point = (
            selectors.facility_point(data["facility"])
            if data.get("facility")
            else geo.zip_centroid(data["zip_code"])
        )
        if point is None:
            raise forms.ValidationError(
                gettext_lazy("We do not know where this facility is: type its ZIP code instead.")
            )
        data["point"] = point
        if data.get("radius") is None:
            data["radius"] = selectors.DEFAULT_RADIUS_MILES
        return data


def _csv_row(row: selectors.NearVolunteer) -> list[Cell]:
    v = row.volunteer
    skills = ", ".join(v.skill_labels)
    return [row.miles, v.name, v.zip_code, skills, v.languages, v.phone, v.supporter.email,
            v.availability]  # fmt: skip


def _csv(result: selectors.NearResult) -> StreamingHttpResponse:
    header = [_("miles"), _("name"), _("ZIP code"), _("what she can do"), _("languages"),
              _("phone"), _("email"), _("availability")]  # fmt: skip
    rows = [_csv_row(row) for row in result.rows]
    response = StreamingHttpResponse(
        csv_chunks(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="volunteers-near.csv"'
    return response


@staff_view("volunteers")
@require_safe
def volunteers_near(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Show the active volunteers near a facility or ZIP code, nearest first (or as CSV)."""
    asked = any(request.GET.get(k) for k in ("facility", "zip_code", "radius", "skill"))
    form = NearForm(request.GET if asked else None)
    context: dict[str, Any] = {"form": form}
    if not asked:
        return render(request, "backoffice/volunteers_near.html", context)
    if not form.is_valid():
        return render(request, "backoffice/volunteers_near.html", context, status=400)
    data = form.cleaned_data
    result = selectors.list_volunteers_near(
        data["point"], radius_miles=data["radius"], skill=data["skill"]
    )
    if request.GET.get("export") == "csv":
        return _csv(result)
    query = request.GET.copy()
    query["export"] = "csv"
    context.update(
        result=result,
        radius=data["radius"],
        place=data["facility"].name if data.get("facility") else data["zip_code"],
        csv_query=query.urlencode(),
    )
    return render(request, "backoffice/volunteers_near.html", context)
