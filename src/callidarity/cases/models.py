"""Cases on the road home: a person's clemency petition, motion to vacate or resentencing,
or parole, with its stage, the staff member who owns the next step, its hearings, and an
optional public "Bring her home" page published only with her (or her family's) consent.

A case holds the least the work needs. No case facts, charges or legal strategy are kept
here (records can be subpoenaed or leaked; those stay with the lawyer): only where the case
stands, who does what next, and the dates that drive deadlines. What could hurt someone if
it leaked is encrypted at rest (EncryptedTextField): the name of a person who is not a
member, the next step, the short status note, the hearings' notes, the name of whoever
gave consent.

Which stages a case moves through, and which moves are allowed, is in services/stages.py.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callidarity.core.encryption import EncryptedTextField
from callidarity.core.markdown import render_markdown
from callidarity.core.models import TimeStampedModel

from .photos import validate_photo

STATUS_NOTE_MAX = 280
NEXT_STEP_MAX = 200
# Illinois: a clemency petition must be complete 75 days before the Prisoner Review Board's
# hearing session it is meant for; a petition found incomplete has 90 days to be completed,
# or it is discarded.
FILING_LEAD_DAYS = 75
COMPLETE_WITHIN_DAYS = 90


class Case(TimeStampedModel):
    """One person's road home: a petition or motion, where it stands, and who moves it next."""

    class Kind(models.TextChoices):
        CLEMENCY = "clemency", _("Clemency petition")
        RESENTENCING = "resentencing", _("Motion to vacate or resentencing")
        PAROLE = "parole", _("Parole")
        OTHER = "other", _("Other")

    class Stage(models.TextChoices):
        # Clemency (the Prisoner Review Board's road).
        DRAFTING = "drafting", _("Drafting")
        FILED = "filed", _("Filed")
        INCOMPLETE = "incomplete", _("Incomplete")
        DISCARDED = "discarded", _("Discarded")
        DOCKETED = "docketed", _("Docketed")
        HEARING_HELD = "hearing_held", _("Hearing held")
        RECOMMENDATION_SENT = "recommendation_sent", _("Recommendation sent to the Governor")
        # Other kinds.
        PREPARING = "preparing", _("Preparing")
        HEARING_SCHEDULED = "hearing_scheduled", _("Hearing scheduled")
        # Every kind.
        GRANTED = "granted", _("Granted")
        DENIED = "denied", _("Denied")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    member = models.ForeignKey(
        "aid.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
        help_text=_("The person inside, if the group supports her as a member."),
    )
    # For someone the group supports by name only (not a member). One of the two is set
    # (services.save_case checks; an encrypted field cannot be read by a constraint).
    person_name = EncryptedTextField(
        _("name (if not a member)"),
        blank=True,
        help_text=_("The name the group uses. Leave empty when you chose a member."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Changed only by services.move_case, which records each move.
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_cases",
        help_text=_("The caseworker or organizer responsible for the next step."),
    )
    # Free text about her case ("ask her sister for a letter"): encrypted like the note.
    next_step = EncryptedTextField(
        _("next step"),
        blank=True,
        max_length=NEXT_STEP_MAX,
        validators=[MaxLengthValidator(NEXT_STEP_MAX)],
    )
    next_step_due_on = models.DateField(_("next step due on"), null=True, blank=True)
    status_note = EncryptedTextField(
        _("status note"),
        blank=True,
        max_length=STATUS_NOTE_MAX,
        validators=[MaxLengthValidator(STATUS_NOTE_MAX)],
        help_text=_(
            "Where things stand, in a sentence or two. No case facts, charges or legal "
            "strategy: records like this one can be subpoenaed or leaked. Keep those with "
            "the lawyer."
        ),
    )
    # Key dates. The stage dates are set by the moves; opened_on by whoever opens the case.
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    filed_on = models.DateField(_("filed on"), null=True, blank=True, editable=False)
    # The day the petition was found incomplete: it must be completed within 90 days.
    incomplete_on = models.DateField(_("incomplete since"), null=True, blank=True, editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["pk"]
        indexes = [models.Index(fields=["stage"])]

    def __str__(self) -> str:
        # Never the name: __str__ ends up in logs, emails and admin history.
        return f"{_('Case')} #{self.pk}"

    @property
    def is_clemency(self) -> bool:
        return self.kind == self.Kind.CLEMENCY

    @property
    def is_open(self) -> bool:
        """Return whether the case still moves (its stage is not final)."""
        return self.stage not in FINAL_STAGES


# Stages a case never leaves: a new petition is a new case.
FINAL_STAGES: frozenset[str] = frozenset(
    {Case.Stage.GRANTED, Case.Stage.DENIED, Case.Stage.DISCARDED, Case.Stage.WITHDRAWN}
)
# The stages in which a clemency petition must still be complete by its filing deadline.
BEFORE_DOCKET: frozenset[str] = frozenset(
    {Case.Stage.DRAFTING, Case.Stage.FILED, Case.Stage.INCOMPLETE}
)


class Hearing(TimeStampedModel):
    """A date a case is heard: the Board's session a petition is aimed at, or a court date."""

    class Kind(models.TextChoices):
        BOARD_SESSION = "board_session", _("Prisoner Review Board hearing session")
        COURT = "court", _("Court hearing")
        PAROLE_INTERVIEW = "parole_interview", _("Parole interview")
        OTHER = "other", _("Other")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="hearings"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.BOARD_SESSION
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = EncryptedTextField(
        _("notes"),
        blank=True,
        max_length=STATUS_NOTE_MAX,
        validators=[MaxLengthValidator(STATUS_NOTE_MAX)],
        help_text=_("Practical notes only (who goes, what to bring). No case facts."),
    )

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on.isoformat()}"


class StageChange(models.Model):
    """One move of a case from a stage to another: when it happened and who recorded it."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    # Empty for the first stage a case is opened in.
    from_stage = models.CharField(_("from"), max_length=20, choices=Case.Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Case.Stage.choices)
    # The day it happened (the Board's letter may arrive days later), not when it was typed.
    moved_on = models.DateField(_("on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage or '—'} → {self.to_stage}"


def _photo_name(instance: CasePage, filename: str) -> str:
    # A random name: the file's own name may carry hers, and it must not be guessable.
    return f"cases/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


class CasePage(TimeStampedModel):
    """A case's public "Bring her home" page: only what the family wants shown.

    Published only while a consent is on record (services.publish_page); withdrawing the
    consent unpublishes it at once. Nothing here comes from the case's restricted fields.
    """

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="page"
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    public_name = models.CharField(
        _("public name"),
        max_length=100,
        help_text=_("The name the family wants shown. It need not be her legal name."),
    )
    headline = models.CharField(
        _("headline"), max_length=200, blank=True, help_text=_("One sentence for the list.")
    )
    # Markdown, rendered and sanitized on display.
    story = models.TextField(
        _("story (Markdown)"),
        blank=True,
        help_text=_("In the family's words. No case facts the lawyer has not cleared."),
    )
    # Checked by its content and re-encoded without its metadata (photos.py).
    photo = models.ImageField(
        _("photo"), upload_to=_photo_name, blank=True, validators=[validate_photo]
    )
    photo_description = models.CharField(
        _("photo description"),
        max_length=200,
        blank=True,
        help_text=_("For people who cannot see the photo, e.g. “Ana smiling with her son”."),
    )
    show_facility = models.BooleanField(
        _("show the facility"),
        default=False,
        help_text=_("Show where she is held (her member record's facility)."),
    )
    actions = models.ManyToManyField(
        "advocacy.Action", verbose_name=_("linked actions"), related_name="case_pages", blank=True
    )
    # Changed only by services.publish_page / unpublish_page / withdraw_consent.
    is_published = models.BooleanField(_("published"), default=False, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("public page")
        verbose_name_plural = _("public pages")
        ordering = ["public_name", "pk"]

    def __str__(self) -> str:
        return self.public_name

    # Not get_absolute_url: the admin's "view on site" shortcut (/admin/r/…) redirects any
    # staff member to that URL, which would tell a moderator the slug of an unpublished page.
    def public_url(self) -> str:
        return reverse("cases:page-detail", args=[self.slug])

    @property
    def story_html(self) -> str:
        return render_markdown(self.story)


class Consent(models.Model):
    """Her (or her family's) consent to a public page: who gave it, when, how, who wrote it
    down; and, once withdrawn, when."""

    class Giver(models.TextChoices):
        PERSON = "person", _("The person inside")
        FAMILY = "family", _("A family member")

    class Method(models.TextChoices):
        WRITTEN = "written", _("In writing")
        CALL = "call", _("On a call")
        VISIT = "visit", _("At a visit")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="consents"
    )
    given_by = models.CharField(_("given by"), max_length=10, choices=Giver.choices)
    # Which family member ("her mother"): encrypted like every name here.
    giver_name = EncryptedTextField(_("family member's name or relation"), blank=True)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{_('Consent')} #{self.pk}"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_on is None
