"""Call-in days, press conferences, rallies, meetings and court support, with RSVPs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "callidarity.events"
    label = "events"
    verbose_name = _("Events")
