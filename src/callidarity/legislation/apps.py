"""Bills in the General Assembly, and supporters who follow them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "callidarity.legislation"
    label = "legislation"
    verbose_name = _("Legislation")
