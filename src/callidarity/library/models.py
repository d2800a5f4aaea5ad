"""The library: resources (toolkits, sample letters, call scripts, guides, know-your-rights
material) with their tags, the partner organizations we work beside, and the press items
(press conferences, statements, coverage) about our work.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from callidarity.core.markdown import render_markdown
from callidarity.core.models import TimeStampedModel

from .validators import extension, validate_resource_file

# Slugs the library's own pages use under /library/: no resource may take them.
RESERVED_SLUGS = frozenset({"partners"})


class Tag(models.Model):
    """A word resources are filed under ("bail", "visits"), chosen by organizers."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Resource(TimeStampedModel):
    """A toolkit, sample letter, call script, guide or know-your-rights sheet.

    Its content is a Markdown body, an attached file (PDF or image), or both.
    """

    class Kind(models.TextChoices):
        TOOLKIT = "toolkit", _("Toolkit")
        SAMPLE_LETTER = "sample-letter", _("Sample letter")
        CALL_SCRIPT = "call-script", _("Call script")
        GUIDE = "guide", _("Guide")
        KNOW_YOUR_RIGHTS = "know-your-rights", _("Know your rights")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")
        OTHER = "other", _("Other language")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GUIDE)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), related_name="resources", blank=True)
    # One or two sentences shown in search results.
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    # Markdown, rendered and sanitized on display.
    body = models.TextField(_("body (Markdown)"), blank=True)
    # A PDF or an image, checked by its first bytes and size (see validators.py); always
    # served as a download with its own content type, never from MEDIA_URL.
    file = models.FileField(
        _("file (PDF or image)"),
        upload_to="library/",
        blank=True,
        validators=[validate_resource_file],
    )
    # When organizers last checked it is still right (laws and prison rules change).
    reviewed_on = models.DateField(_("last reviewed on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-reviewed_on", "title"]
        indexes = [models.Index(fields=["status", "kind", "language"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = ValidationError(_("This slug is taken by a page of the library."))
        if not self.body.strip() and not self.file:
            errors[NON_FIELD_ERRORS] = ValidationError(
                _("Give the resource a body, a file, or both.")
            )
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("library:resource-detail", args=[self.slug])

    @property
    def body_html(self) -> str:
        return render_markdown(self.body)

    @property
    def file_name(self) -> str:
        """Return the attached file's name without its folder ("" when there is none)."""
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    @property
    def file_type(self) -> str:
        """Return the attached file's type as people name it ("PDF", "PNG")."""
        return extension(self.file.name).upper() if self.file else ""


class Partner(TimeStampedModel):
    """An organization we work beside, listed publicly with how to reach it."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # Markdown, rendered and sanitized on display.
    description = models.TextField(_("description (Markdown)"), blank=True)
    area_of_work = models.CharField(_("area of work"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    url = models.URLField(_("website"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def description_html(self) -> str:
        return render_markdown(self.description)


class PressItem(TimeStampedModel):
    """A press conference, a statement of ours, or coverage of our work by an outlet."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Press conference")
        STATEMENT = "statement", _("Statement")
        COVERAGE = "coverage", _("Coverage")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COVERAGE)
    title = models.CharField(_("title"), max_length=300)
    # The day it was held, issued or published.
    dated_on = models.DateField(_("date"))
    # The outlet for coverage; who spoke or issued it for conferences and statements.
    source = models.CharField(_("source or outlet"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("press item")
        verbose_name_plural = _("press items")
        ordering = ["-dated_on", "-pk"]
        indexes = [models.Index(fields=["is_published", "-dated_on"])]

    def __str__(self) -> str:
        return self.title
