"""Campaigns: public fundraising pages, each with its own fund in the ledger."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from callidarity.core.markdown import render_markdown
from callidarity.core.models import TimeStampedModel
from callidarity.core.money import Money


class Campaign(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LIVE = "live", _("Live")
        CLOSED = "closed", _("Closed")

    class Moderation(models.TextChoices):
        # post: a wall message shows at once and a moderator may hide it later;
        # pre: it waits, unseen, until a moderator approves it.
        POST = "post", _("Show messages at once (hide later if needed)")
        PRE = "pre", _("Hold messages until approved")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    # Markdown; rendered and sanitized on display, so no raw HTML reaches a page.
    story = models.TextField(_("story (Markdown)"), blank=True)
    goal_cents = models.PositiveBigIntegerField(_("goal (cents)"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    image = models.ImageField(_("image"), upload_to="campaigns/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=300, blank=True)
    image_credit = models.CharField(_("image credit"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    moderation = models.CharField(
        _("wall moderation"), max_length=4, choices=Moderation.choices, default=Moderation.POST
    )
    # An impact goal beside the money goal ("weekly calls for 40 moms"): the page shows how
    # many members the fund's plans cover now, and for how many weeks.
    impact_goal_members = models.PositiveIntegerField(
        _("impact goal (members)"), null=True, blank=True
    )
    impact_goal_label = models.CharField(
        _("impact goal, in words"),
        max_length=120,
        blank=True,
        help_text=_('For example "Weekly calls for 40 moms".'),
    )
    # The ledger account this campaign's money is restricted to ("fund:<slug>").
    fund_account = models.OneToOneField(
        "ledger.Account",
        verbose_name=_("fund"),
        on_delete=models.PROTECT,
        related_name="campaign",
        editable=False,
    )

    # Advocacy actions that are part of this campaign: shown on its page, and on theirs.
    actions = models.ManyToManyField(
        "advocacy.Action", verbose_name=_("actions"), related_name="campaigns", blank=True
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(goal_cents__gt=0), name="campaigns_goal_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign-detail", args=[self.slug])

    @property
    def goal(self) -> Money:
        return Money(self.goal_cents, self.currency)

    @property
    def story_html(self) -> str:
        return render_markdown(self.story)

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE


class WallPost(TimeStampedModel):
    """A message on a campaign's wall: from a supporter, or the public message of a gift."""

    BODY_MAX_LENGTH = 500

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        # Waiting for a moderator: posted under pre-moderation, or reported.
        HELD = "held", _("Held for review")
        HIDDEN = "hidden", _("Hidden")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="wall_posts"
    )
    # Blank means the writer chose to stay anonymous.
    display_name = models.CharField(_("name shown"), max_length=100, blank=True)
    # Plain text exactly as typed: shown escaped with line breaks kept, never as Markdown
    # and never with clickable links.
    body = models.CharField(_("message"), max_length=BODY_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VISIBLE
    )
    # How many times visitors reported it; kept after review so moderators see the history.
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    # A moderator's last decision; an approved post is not held again by later reports.
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set for a gift's message: shown only once the gift is paid, marked "with a gift".
    donation = models.OneToOneField(
        "donations.Donation",
        verbose_name=_("gift"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("wall message")
        verbose_name_plural = _("wall messages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "status", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(body=""), name="campaigns_wallpost_has_body"
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.body).chars(60)

    @property
    def is_gift(self) -> bool:
        return self.donation_id is not None


class Update(TimeStampedModel):
    """News from the organizers to a campaign's followers: a draft, then published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="updates"
    )
    # Given on publishing (Update #1, #2, …), so a deleted draft leaves no gap.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    image = models.ImageField(_("image"), upload_to="updates/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"], name="campaigns_update_number_unique"
            ),
        ]

    def __str__(self) -> str:
        if self.number is None:
            return f"{self.title} ({_('draft')})"
        return f"#{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:update-detail", args=[self.campaign.slug, self.number])

    @property
    def body_html(self) -> str:
        return render_markdown(self.body)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def delivery_key(self) -> str:
        """The key its emails are recorded under (one per address, ever)."""
        return f"update:{self.pk}"


class Subscription(TimeStampedModel):
    """A supporter who follows a campaign's updates by email.

    A follower who signs up on the subscribe page gets updates once they confirm the
    emailed link (double opt-in). A donor who ticks "email me updates" on the donate form
    gets them once the gift is paid. Unsubscribing stops both, at once.
    """

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    supporter = models.ForeignKey(
        "supporters.Supporter",
        verbose_name=_("supporter"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The last confirmation email: at most one per CONFIRMATION_RESEND_SECONDS, so the form
    # cannot be used to flood someone's inbox.
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    # Set when the supporter opted in while giving: the paid gift stands for the confirmation.
    donation = models.ForeignKey(
        "donations.Donation",
        verbose_name=_("opted in with gift"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recurring = models.ForeignKey(
        "donations.RecurringDonation",
        verbose_name=_("opted in with monthly gift"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "supporter"], name="campaigns_one_subscription_each"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supporter} → {self.campaign}"
