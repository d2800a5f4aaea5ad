"""Advocacy: the officials and offices actions are aimed at (targets), the actions (calls,
letters, petitions), what supporters did, and the supporters who asked to hear of the next one.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callidarity.core.encryption import EncryptedTextField
from callidarity.core.markdown import render_markdown
from callidarity.core.models import TimeStampedModel


class Target(TimeStampedModel):
    """An official or office that actions are aimed at (a legislator, the Governor)."""

    class Chamber(models.TextChoices):
        UPPER = "upper", _("State Senate")
        LOWER = "lower", _("State House")
        EXECUTIVE = "executive", _("Executive")
        OTHER = "other", _("Other")

    class Role(models.TextChoices):
        # OpenStates' role types, plus "other" for offices entered by hand.
        GOVERNOR = "governor", _("Governor")
        LT_GOVERNOR = "lt_governor", _("Lieutenant Governor")
        ATTORNEY_GENERAL = "attorney general", _("Attorney General")
        SECRETARY_OF_STATE = "secretary of state", _("Secretary of State")
        CHIEF_ELECTION_OFFICER = "chief election officer", _("Chief Election Officer")
        UPPER = "upper", _("State Senator")
        LOWER = "lower", _("State Representative")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        OPENSTATES = "openstates", _("OpenStates")
        MANUAL = "manual", _("Entered by organizers")

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.OTHER)
    # Shown instead of the role's name when set: "State's Attorney of Cook County".
    title = models.CharField(_("title"), max_length=200, blank=True)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=100, default="Illinois")
    chamber = models.CharField(
        _("chamber"), max_length=10, choices=Chamber.choices, default=Chamber.OTHER
    )
    district = models.CharField(_("district"), max_length=20, blank=True)
    party = models.CharField(_("party"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # OpenStates' person id ("ocd-person/…"); empty for targets entered by hand.
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.MANUAL
    )
    # A target whose term ended or who left the data is retired, never deleted: actions
    # taken before keep pointing at it.
    is_current = models.BooleanField(_("in office"), default=True)
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["chamber", "district", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="advocacy_target_unique_external_id",
            ),
        ]
        indexes = [models.Index(fields=["is_current", "chamber", "district"])]

    def __str__(self) -> str:
        return f"{self.display_title} {self.name}"

    @property
    def display_title(self) -> str:
        return self.title or str(self.get_role_display())


class TargetOffice(models.Model):
    """One of a target's offices, with its phone and address."""

    class Kind(models.TextChoices):
        CAPITOL = "capitol", _("Capitol office")
        DISTRICT = "district", _("District office")
        DISTRICT_MAIL = "district-mail", _("District mailing address")
        OTHER = "other", _("Office")

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="offices"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["target", "position"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.phone}"


class DistrictZip(models.Model):
    """That a ZIP code (ZCTA) lies, at least in part, in a legislative district.

    Loaded by `callidarity import_districts` from a table built from the Census Bureau's
    ZCTA-to-state-legislative-district relationship files (see the README). A ZIP code may
    span several districts of one chamber; the supporter then picks hers.
    """

    zip_code = models.CharField(_("ZIP code"), max_length=5, db_index=True)
    chamber = models.CharField(_("chamber"), max_length=10, choices=Target.Chamber.choices)
    district = models.CharField(_("district"), max_length=20)

    class Meta:
        verbose_name = _("district of a ZIP code")
        verbose_name_plural = _("districts of ZIP codes")
        ordering = ["zip_code", "chamber", "district"]
        constraints = [
            models.UniqueConstraint(
                fields=["zip_code", "chamber", "district"], name="advocacy_district_zip_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zip_code}: {self.chamber} {self.district}"


class Action(TimeStampedModel):
    """An advocacy ask aimed at targets: a call-in, a letter, or a petition."""

    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        LETTER = "letter", _("Letter")
        PETITION = "petition", _("Petition")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LIVE = "live", _("Live")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CALL)
    title = models.CharField(_("title"), max_length=200)
    # One or two sentences: what we ask the official to do.
    ask = models.CharField(_("the ask"), max_length=300)
    # Markdown, rendered and sanitized on display.
    description = models.TextField(_("why it matters (Markdown)"), blank=True)
    # A call's script, a letter's sample text, or a petition's text. For calls and letters,
    # {supporter_name}, {supporter_city}, {target_name} and {target_title} are filled in for
    # each target.
    script = models.TextField(_("script, sample letter or petition text"))
    # A letter's subject line (the supporter may change it).
    subject = models.CharField(_("letter subject"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    # How many calls that reached an office, letters or signatures the organizers aim for.
    goal = models.PositiveIntegerField(_("goal"), null=True, blank=True)
    targets = models.ManyToManyField(
        Target, verbose_name=_("targets"), related_name="actions", blank=True
    )
    # Besides the fixed targets: each caller's own legislators, found from her ZIP code.
    calls_own_senator = models.BooleanField(_("each caller's State Senator"), default=False)
    calls_own_representative = models.BooleanField(
        _("each caller's State Representative"), default=False
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("advocacy:action-detail", args=[self.slug])

    @property
    def description_html(self) -> str:
        return render_markdown(self.description)

    @property
    def is_open(self) -> bool:
        """Return whether it takes part now: live, and between its start and end (if set)."""
        now = timezone.now()
        return (
            self.status == self.Status.LIVE
            and (self.starts_at is None or self.starts_at <= now)
            and (self.ends_at is None or now < self.ends_at)
        )

    @property
    def not_yet_open(self) -> bool:
        return (
            self.status == self.Status.LIVE
            and self.starts_at is not None
            and (timezone.now() < self.starts_at)
        )

    @property
    def own_chambers(self) -> list[str]:
        """Return the chambers whose member for the caller's district is called."""
        chambers: list[str] = []
        if self.calls_own_senator:
            chambers.append(str(Target.Chamber.UPPER))
        if self.calls_own_representative:
            chambers.append(str(Target.Chamber.LOWER))
        return chambers


class ActionTaken(models.Model):
    """One outcome of one supporter's call or letter to one target."""

    class Outcome(models.TextChoices):
        CONTACT = "contact", _("I talked to someone")
        VOICEMAIL = "voicemail", _("I left a voicemail")
        BUSY = "busy", _("The line was busy")
        UNAVAILABLE = "unavailable", _("No one answered and I could not leave a message")
        SKIP = "skip", _("I skipped this one")
        EMAILED = "emailed", _("Letter sent by email")
        PRINTED = "printed", _("Letter printed to mail")

    # The outcomes that count as done: a call that reached an office, a letter sent.
    DONE = (Outcome.CONTACT, Outcome.VOICEMAIL, Outcome.EMAILED, Outcome.PRINTED)
    # Column heads for organizers' reports.
    SHORT_LABELS = {
        Outcome.CONTACT: _("Talked"),
        Outcome.VOICEMAIL: _("Voicemail"),
        Outcome.BUSY: _("Busy"),
        Outcome.UNAVAILABLE: _("No answer"),
        Outcome.SKIP: _("Skipped"),
        Outcome.EMAILED: _("Emailed"),
        Outcome.PRINTED: _("Printed"),
    }
    # What a caller can say of a call.
    CALL_OUTCOMES = (Outcome.CONTACT, Outcome.VOICEMAIL, Outcome.BUSY, Outcome.UNAVAILABLE,
                     Outcome.SKIP)  # fmt: skip

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.PROTECT, related_name="taken"
    )
    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.PROTECT, related_name="+"
    )
    # Null when the caller gave no email: still counted, tied to no one.
    supporter = models.ForeignKey(
        "supporters.Supporter",
        verbose_name=_("supporter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_taken",
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("action taken")
        verbose_name_plural = _("actions taken")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["action", "target", "outcome"])]

    def __str__(self) -> str:
        return f"{self.action_id}:{self.target_id}:{self.outcome}"

    @property
    def is_done(self) -> bool:
        return self.outcome in self.DONE


class Letter(TimeStampedModel):
    """One supporter's letter in a letter action: her words, sent to each target once.

    Each target's copy is a `notifications.Delivery` keyed `letter:<pk>` (one per office
    address, sent at most once); the body is encrypted at rest, as it may carry her address.
    """

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.PROTECT, related_name="letters"
    )
    supporter = models.ForeignKey(
        "supporters.Supporter",
        verbose_name=_("supporter"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    name = models.CharField(_("signed"), max_length=200)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    # With {target_name} and the other placeholders left in, filled for each target.
    body = EncryptedTextField(_("letter"))
    targets = models.ManyToManyField(Target, verbose_name=_("sent to"), related_name="+")
    language = models.CharField(_("language"), max_length=10, default="en")

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created_at"]
        constraints = [
            # One letter per supporter per action: sending again is not sending twice.
            models.UniqueConstraint(fields=["action", "supporter"], name="advocacy_one_letter"),
        ]

    def __str__(self) -> str:
        return f"{self.action_id}:{self.supporter_id}"

    @property
    def delivery_key(self) -> str:
        return f"letter:{self.pk}"


class Signature(models.Model):
    """One signature on a petition: one per supporter (so one per email)."""

    class Status(models.TextChoices):
        COUNTED = "counted", _("Counted")
        # Too many signatures from one connection in a short time: a moderator decides.
        HELD = "held", _("Held for review")
        REJECTED = "rejected", _("Not counted")

    action = models.ForeignKey(
        Action, verbose_name=_("petition"), on_delete=models.PROTECT, related_name="signatures"
    )
    supporter = models.ForeignKey(
        "supporters.Supporter",
        verbose_name=_("supporter"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    # Opt-in: show the first name and town among recent signers.
    is_public = models.BooleanField(_("shown among recent signers"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.COUNTED
    )
    # A keyed hash of the connection's address: enough to see a flood, not who it was.
    source_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["action", "supporter"], name="advocacy_sign_once"),
        ]
        indexes = [models.Index(fields=["action", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.action_id}:{self.supporter_id}"

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else ""


class Follower(TimeStampedModel):
    """A supporter who asked, after taking an action, to hear about the next ones.

    Organizers' follow-up emails (`Outreach`) go only to followers; unsubscribing by the
    emailed link stops them at once, even for an email already on its way.
    """

    supporter = models.OneToOneField(
        "supporters.Supporter",
        verbose_name=_("supporter"),
        on_delete=models.CASCADE,
        related_name="action_follower",
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    # Where she asked: the first action after which she opted in.
    action = models.ForeignKey(
        Action,
        verbose_name=_("opted in on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("action follower")
        verbose_name_plural = _("action followers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.supporter_id)


class Outreach(TimeStampedModel):
    """An organizers' email to the followers who took one action, or to every follower."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    # Blank: every follower (to announce the next action).
    action = models.ForeignKey(
        Action,
        verbose_name=_("to those who took"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("follow-up email")
        verbose_name_plural = _("follow-up emails")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    @property
    def delivery_key(self) -> str:
        return f"outreach:{self.pk}"

    @property
    def body_html(self) -> str:
        return render_markdown(self.body)
