"""The four staff roles; each is a Django auth group named by its value."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a staff member does for the group; what each role may do is in rules.py."""

    ORGANIZER = "organizer", _("Organizer")
    CASEWORKER = "caseworker", _("Caseworker")
    TREASURER = "treasurer", _("Treasurer")
    MODERATOR = "moderator", _("Moderator")
