"""Volunteers (where they live, by ZIP code, and what they can do) and in-kind drives: the
items a facility's people need, and the supporters' pledges to bring them. No money moves
here: a pledge is a promise of things, counted in units, never in dollars."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callidarity.core.markdown import render_markdown
from callidarity.core.models import TimeStampedModel

# The most of one item one form may pledge, or one delivery may count (a typo of 10000 soaps
# is not a pledge, and a count past the column's range must not reach the database).
MAX_PER_ITEM = 1000


class Skill(models.TextChoices):
    """What a volunteer can do; she ticks as many as she likes."""

    RIDES = "rides", _("Rides to visits")
    DROP_OFF = "drop-off", _("Dropping off items near a facility")
    PHONE_BANKING = "phone-banking", _("Phone banking")
    TRANSLATION = "translation", _("Translation")
    COURT_SUPPORT = "court-support", _("Court support")
    OTHER = "other", _("Something else")


class Volunteer(TimeStampedModel):
    """A supporter who confirmed, from her own inbox, that she volunteers: one per supporter.

    Her name and phone are hers as she confirmed them; the supporter's own name is never
    changed from the public form.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        # She stopped from the link in her email; signing up again (and confirming) resumes.
        STOPPED = "stopped", _("Stopped")

    supporter = models.OneToOneField(
        "supporters.Supporter",
        verbose_name=_("supporter"),
        on_delete=models.PROTECT,
        related_name="volunteer",
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Five digits, known to aid.geo when given; distances are from its centroid.
    zip_code = models.CharField(_("ZIP code"), max_length=5)
    other_skill = models.CharField(_("something else she can do"), max_length=200, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # The language of her pages: her emails come in it.
    language = models.CharField(_("language"), max_length=10, default="en")
    confirmed_at = models.DateTimeField(_("last confirmed at"), default=timezone.now)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["status", "zip_code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def skill_list(self) -> list[str]:
        """Return her skills' values, in the order of `Skill` (needs `skills` prefetched)."""
        mine = {s.skill for s in self.skills.all()}
        return [value for value in Skill.values if value in mine]

    @property
    def skill_labels(self) -> list[str]:
        labels = dict(Skill.choices)
        return [
            self.other_skill if value == Skill.OTHER and self.other_skill else str(labels[value])
            for value in self.skill_list
        ]


class VolunteerSkill(models.Model):
    """One thing a volunteer can do (a row each, so organizers filter by it)."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="skills"
    )
    skill = models.CharField(_("skill"), max_length=20, choices=Skill.choices)

    class Meta:
        verbose_name = _("volunteer skill")
        verbose_name_plural = _("volunteer skills")
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "skill"], name="volunteers_skill_once"),
        ]
        indexes = [models.Index(fields=["skill", "volunteer"])]

    def __str__(self) -> str:
        return self.get_skill_display()


class VolunteerSignup(models.Model):
    """A sign-up (or a change) as typed on the public form, waiting for the emailed link.

    Nothing in it reaches the supporter's `Volunteer` until the link is opened from her
    inbox; unconfirmed ones are deleted after a week.
    """

    supporter = models.ForeignKey(
        "supporters.Supporter",
        verbose_name=_("supporter"),
        on_delete=models.CASCADE,
        related_name="volunteer_signups",
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=5)
    # The `Skill` values she ticked.
    skills = models.JSONField(_("skills"), default=list)
    other_skill = models.CharField(_("something else she can do"), max_length=200, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer sign-up")
        verbose_name_plural = _("volunteer sign-ups")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["supporter", "created_at"])]

    def __str__(self) -> str:
        return f"{self.supporter_id}:{self.created_at:%Y-%m-%d}"

    @property
    def skill_labels(self) -> list[str]:
        labels = dict(Skill.choices)
        return [
            self.other_skill if value == Skill.OTHER and self.other_skill else str(labels[value])
            for value in Skill.values
            if value in self.skills
        ]


class Drive(TimeStampedModel):
    """An in-kind collection (soap, socks, books) for the people in one facility, or any."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        # Still shown, with its counts, but it takes no more pledges.
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    # Markdown, rendered and sanitized on display.
    description = models.TextField(_("description (Markdown)"), blank=True)
    facility = models.ForeignKey(
        "aid.Facility",
        verbose_name=_("facility"),
        on_delete=models.PROTECT,
        related_name="drives",
        null=True,
        blank=True,
    )
    drop_off = models.TextField(
        _("where to drop off"),
        help_text=_("The address and the hours when items can be brought."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        verbose_name = _("drive")
        verbose_name_plural = _("drives")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="volunteers_drive_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The drive must end on or after its first day.")})

    def get_absolute_url(self) -> str:
        return reverse("volunteers:drive-detail", args=[self.slug])

    @property
    def description_html(self) -> str:
        return render_markdown(self.description)

    @property
    def is_over(self) -> bool:
        return self.ends_on < timezone.localdate()

    @property
    def takes_pledges(self) -> bool:
        """Return whether people may pledge: published, and its last day not yet past."""
        return self.status == self.Status.PUBLISHED and not self.is_over


class DriveItem(models.Model):
    """One thing a drive collects, and how many are needed ("bars of soap", 200)."""

    drive = models.ForeignKey(
        Drive, verbose_name=_("drive"), on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField(_("item"), max_length=120)
    # What one of it is ("bar", "pair", "bottle"): the counts are in these units.
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    quantity_needed = models.PositiveIntegerField(_("quantity needed"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("drive item")
        verbose_name_plural = _("drive items")
        ordering = ["drive", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["drive", "name"], name="volunteers_item_once"),
            models.CheckConstraint(
                condition=models.Q(quantity_needed__gt=0), name="volunteers_item_needs_some"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Pledge(models.Model):
    """A supporter's promise to bring some of one item to a drive."""

    class Status(models.TextChoices):
        # pledged → delivered | cancelled
        PLEDGED = "pledged", _("Pledged")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    item = models.ForeignKey(
        DriveItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="pledges"
    )
    supporter = models.ForeignKey(
        "supporters.Supporter",
        verbose_name=_("supporter"),
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    # Her name as she gave it on the pledge form (the supporter is never renamed from it).
    name = models.CharField(_("name"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLEDGED
    )
    # Counted once the organizers receive it; may differ from what was pledged.
    delivered_quantity = models.PositiveIntegerField(_("delivered quantity"), default=0)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # One form sent: the pledges made together share it, and sending it twice adds nothing.
    submission = models.UUIDField(_("submission"), default=uuid.uuid4, editable=False)
    language = models.CharField(_("language"), max_length=10, default="en")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "item"], name="volunteers_pledge_once"),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="volunteers_pledge_some"
            ),
        ]
        indexes = [models.Index(fields=["item", "status"])]

    def __str__(self) -> str:
        return f"{self.quantity} of {self.item_id} ({self.status})"
