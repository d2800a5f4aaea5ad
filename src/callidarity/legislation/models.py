"""Bills in the Illinois General Assembly, their history, the group's position on them, the
supporters who follow them, and the committee hearings supporters file witness slips for.

A bill's stage is never typed in: it is derived from its action history by
`legislation.stages.stage_of()` whenever the history changes (see services.imports), and
every change of stage is kept as a `StageChange`, the one thing followers are emailed about.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from callidarity.core.markdown import render_markdown
from callidarity.core.models import TimeStampedModel


class Stage(models.TextChoices):
    """Where a bill stands, in the order it moves (the last four end its road)."""

    FILED = "filed", _("Filed")
    COMMITTEE = "committee", _("In committee")
    PASSED_ONE = "passed-one", _("Passed one chamber")
    PASSED_BOTH = "passed-both", _("Passed both chambers")
    GOVERNOR = "governor", _("Sent to the Governor")
    LAW = "law", _("Became law")
    VETOED = "vetoed", _("Vetoed")
    AMENDATORY_VETO = "amendatory-veto", _("Amendatory veto")
    DEAD = "dead", _("Dead")


class Chamber(models.TextChoices):
    LOWER = "lower", _("House")
    UPPER = "upper", _("Senate")
    EXECUTIVE = "executive", _("Governor")
    # Actions OpenStates files under the legislature as a whole (e.g. a Public Act number).
    LEGISLATURE = "legislature", _("General Assembly")


class Bill(TimeStampedModel):
    """One bill of one General Assembly (HB 3773 of the 104th)."""

    class Position(models.TextChoices):
        SUPPORT = "support", _("We support it")
        OPPOSE = "oppose", _("We oppose it")
        MONITOR = "monitor", _("We are watching it")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    # OpenStates' id ("ocd-bill/…"): what a re-import matches on. Empty for a bill typed in.
    openstates_id = models.CharField(
        _("OpenStates id"), max_length=100, unique=True, null=True, blank=True
    )
    # "HB 3773", "SB 2129": the chamber's letters, a space, the number.
    identifier = models.CharField(_("bill number"), max_length=20)
    # The General Assembly, as OpenStates names it ("102nd", "104th").
    session = models.CharField(_("General Assembly"), max_length=20)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=500)
    synopsis = models.TextField(_("synopsis"), blank=True)
    chamber = models.CharField(
        _("chamber of origin"), max_length=12, choices=Chamber.choices, default=Chamber.LOWER
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.FILED)
    # The date of the action that put the bill in its stage.
    stage_on = models.DateField(_("in this stage since"), null=True, blank=True)
    # The date of the latest action on record (for "what moved this week").
    last_action_on = models.DateField(_("last action"), null=True, blank=True)
    position = models.CharField(
        _("our position"), max_length=10, choices=Position.choices, default=Position.MONITOR
    )
    # Markdown, rendered and sanitized on display: why the group cares, in plain language.
    why_it_matters = models.TextField(_("why it matters (Markdown)"), blank=True)
    source_url = models.URLField(_("official page"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    actions = models.ManyToManyField(
        "advocacy.Action", verbose_name=_("actions on this bill"), related_name="bills", blank=True
    )

    class Meta:
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        ordering = ["-last_action_on", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "identifier"], name="legislation_bill_one_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} ({self.session})"

    def get_absolute_url(self) -> str:
        return reverse("legislation:bill-detail", kwargs={"slug": self.slug})

    @property
    def why_it_matters_html(self) -> str:
        return render_markdown(self.why_it_matters)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class BillAction(models.Model):
    """One step of a bill's history, as the General Assembly records it."""

    bill = models.ForeignKey(
        Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="history"
    )
    # Position in the official history (OpenStates' `order`), so same-day steps keep theirs.
    order = models.PositiveIntegerField(_("order"))
    date = models.DateField(_("date"))
    chamber = models.CharField(_("chamber"), max_length=12, choices=Chamber.choices, blank=True)
    description = models.CharField(_("description"), max_length=1000)
    # OpenStates' classifications ("introduction", "passage", "became-law", …).
    classification = models.JSONField(_("classification"), default=list, blank=True)

    class Meta:
        verbose_name = _("bill action")
        verbose_name_plural = _("bill actions")
        ordering = ["bill", "order"]
        constraints = [
            models.UniqueConstraint(fields=["bill", "order"], name="legislation_action_order"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.description}"


class Sponsorship(models.Model):
    """A legislator who sponsors a bill, linked to the official when one is on record."""

    bill = models.ForeignKey(
        Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="sponsors"
    )
    name = models.CharField(_("name"), max_length=200)
    # True for the chief sponsor(s) in each chamber.
    primary = models.BooleanField(_("chief sponsor"), default=False)
    # OpenStates' words: "primary", "cosponsor", "chief co-sponsor".
    classification = models.CharField(_("kind"), max_length=40, blank=True)
    chamber = models.CharField(_("chamber"), max_length=12, choices=Chamber.choices, blank=True)
    target = models.ForeignKey(
        "advocacy.Target",
        verbose_name=_("official"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsorships",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")
        ordering = ["bill", "-primary", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class StageChange(models.Model):
    """A bill moved from one stage to another: followers get one email about each."""

    bill = models.ForeignKey(
        Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    # The date of the action that moved it (not when we noticed).
    moved_on = models.DateField(_("moved on"), null=True, blank=True)
    detected_at = models.DateTimeField(_("noticed"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["-detected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.bill}: {self.from_stage} → {self.to_stage}"


class BillFollower(TimeStampedModel):
    """A supporter who follows a bill by email: confirmed by an emailed link (double opt-in)."""

    bill = models.ForeignKey(
        Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="followers"
    )
    supporter = models.ForeignKey(
        "supporters.Supporter",
        verbose_name=_("supporter"),
        on_delete=models.CASCADE,
        related_name="bill_follows",
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # At most one confirmation email per resend interval, so the form floods no one's inbox.
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("bill follower")
        verbose_name_plural = _("bill followers")
        ordering = ["bill", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["bill", "supporter"], name="legislation_follow_once_per_bill"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supporter} → {self.bill}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Hearing(TimeStampedModel):
    """A committee hearing on a bill, and the witness slips the group asks supporters to file.

    Illinois lets anyone file a witness slip (proponent or opponent) on the General
    Assembly's site before the hearing; the group records who says they filed one.
    """

    class Position(models.TextChoices):
        PROPONENT = "proponent", _("Proponent (for the bill)")
        OPPONENT = "opponent", _("Opponent (against the bill)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    bill = models.ForeignKey(
        Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="hearings"
    )
    committee = models.CharField(_("committee"), max_length=200)
    chamber = models.CharField(_("chamber"), max_length=12, choices=Chamber.choices)
    starts_at = models.DateTimeField(_("hearing starts"))
    # Which side the group asks supporters to file on.
    position = models.CharField(
        _("file as"), max_length=10, choices=Position.choices, default=Position.PROPONENT
    )
    # The General Assembly's witness-slip page for this hearing.
    slip_url = models.URLField(_("witness-slip link"), max_length=500)
    # Markdown: what to type in each box, in plain language.
    guide = models.TextField(_("guide (Markdown)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.bill.identifier}: {self.committee}"

    @property
    def guide_html(self) -> str:
        return render_markdown(self.guide)


class WitnessSlip(models.Model):
    """A supporter says she filed a witness slip for a hearing (counted once per supporter)."""

    hearing = models.ForeignKey(
        Hearing, verbose_name=_("hearing"), on_delete=models.CASCADE, related_name="slips"
    )
    supporter = models.ForeignKey(
        "supporters.Supporter",
        verbose_name=_("supporter"),
        on_delete=models.CASCADE,
        related_name="witness_slips",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("witness slip")
        verbose_name_plural = _("witness slips")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["hearing", "supporter"], name="legislation_slip_once_per_hearing"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supporter} · {self.hearing}"
