"""Events: call-in days, press conferences, rallies, meetings and court support, and the
RSVPs of the supporters who say they are coming."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callidarity.core.markdown import render_markdown
from callidarity.core.models import TimeStampedModel

DEFAULT_TIMEZONE = "America/Chicago"


def validate_timezone(value: str) -> None:
    """Refuse a name that is not an IANA time zone ("America/Chicago")."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("Enter a time zone name, like America/Chicago."), code="invalid"
        ) from None


class Event(TimeStampedModel):
    """One gathering, in person or online, at a fixed time in its own time zone."""

    class Kind(models.TextChoices):
        CALL_IN = "call-in", _("Call-in day")
        PRESS = "press", _("Press conference")
        RALLY = "rally", _("Rally")
        MEETING = "meeting", _("Meeting")
        COURT = "court", _("Court support")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        # Still shown (and in the calendar feed, as cancelled) so nobody comes in vain.
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MEETING)
    title = models.CharField(_("title"), max_length=200)
    # Markdown, rendered and sanitized on display.
    description = models.TextField(_("description (Markdown)"), blank=True)
    # Stored in UTC; shown, and written to calendars, in `timezone`.
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIMEZONE,
        validators=[validate_timezone],
        help_text=_("Where the event happens, e.g. America/Chicago; its times are shown in it."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    # Empty: no limit. Counts RSVPs that are going.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    actions = models.ManyToManyField(
        "advocacy.Action", verbose_name=_("linked actions"), related_name="events", blank=True
    )
    # iCalendar's SEQUENCE: one more each time the time, the place or the status changes,
    # so calendar apps that imported the event take the new version (services.record_changes).
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="events_event_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})
        if not (self.place or self.address or self.online_url):
            raise ValidationError(_("Give a place, an address or an online link."))

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", args=[self.slug])

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)

    @property
    def local_starts_at(self) -> datetime:
        return self.starts_at.astimezone(self.tzinfo)

    @property
    def local_ends_at(self) -> datetime:
        return self.ends_at.astimezone(self.tzinfo)

    @property
    def ends_same_day(self) -> bool:
        return self.local_starts_at.date() == self.local_ends_at.date()

    @property
    def description_html(self) -> str:
        return render_markdown(self.description)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def takes_rsvps(self) -> bool:
        """Return whether people may still RSVP: published and not yet started."""
        return self.status == self.Status.PUBLISHED and timezone.now() < self.starts_at

    @property
    def location_text(self) -> str:
        """Return the place and address on one line (the online link when there is neither)."""
        parts = [p for p in (self.place, self.address) if p]
        return ", ".join(parts) or self.online_url


class RSVP(models.Model):
    """One supporter's answer that she is coming to an event: one per supporter per event."""

    class Status(models.TextChoices):
        GOING = "going", _("Going")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="rsvps"
    )
    supporter = models.ForeignKey(
        "supporters.Supporter",
        verbose_name=_("supporter"),
        on_delete=models.PROTECT,
        related_name="rsvps",
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.GOING
    )
    # The language of her page: her confirmation and reminder come in it.
    language = models.CharField(_("language"), max_length=10, default="en")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The last time she joined the list: at the RSVP, or again after cancelling.
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Set when her reminder was queued: one reminder, at most.
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "supporter"], name="events_one_rsvp"),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.supporter_id}:{self.status}"
