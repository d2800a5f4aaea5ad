"""Volunteers (ZIP code and skills) and in-kind drives with pledges; no money moves here."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "callidarity.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers and drives")
