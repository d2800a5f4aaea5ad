"""Cases on the road home: clemency petitions, motions to vacate, parole (restricted)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "callidarity.cases"
    label = "cases"
    verbose_name = _("Cases")
