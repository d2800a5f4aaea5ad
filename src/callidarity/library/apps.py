"""Toolkits, sample letters, guides and partner organizations; press coverage."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "callidarity.library"
    label = "library"
    verbose_name = _("Library")
