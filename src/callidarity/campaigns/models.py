"""Campaigns: public fundraising pages, each with its own fund in the ledger."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from callidarity.core.markdown import render_markdown
from callidarity.core.models import TimeStampedModel
from callidarity.core.money import Money


class Campaign(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LIVE = "live", _("Live")
        CLOSED = "closed", _("Closed")

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
    # The ledger account this campaign's money is restricted to ("fund:<slug>").
    fund_account = models.OneToOneField(
        "ledger.Account",
        verbose_name=_("fund"),
        on_delete=models.PROTECT,
        related_name="campaign",
        editable=False,
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
