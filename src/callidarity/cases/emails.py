"""The email a case's owner gets before a deadline: the case's number, its kind, the
deadline and the days left, and a link to the case in the admin. Nothing more: no name,
no status note, no facility (an inbox is easier to read than the database)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from callidarity.notifications.models import Delivery

from .models import Case
from .selectors import Deadline


def admin_url(case: Case) -> str:
    return settings.SITE_URL + reverse("admin:cases_case_change", args=[case.pk])


def reminder_subject(case: Case, deadline: Deadline) -> str:
    """Return e.g. "Case #12 (Clemency petition): filing deadline in 14 days"."""
    values = {
        "number": case.pk,
        "kind": case.get_kind_display(),
        "deadline": deadline.label,
        "days": deadline.days_left,
    }
    if deadline.days_left == 0:
        return _("Case #%(number)s (%(kind)s): %(deadline)s today") % values
    return (
        ngettext(
            "Case #%(number)s (%(kind)s): %(deadline)s in %(days)s day",
            "Case #%(number)s (%(kind)s): %(deadline)s in %(days)s days",
            deadline.days_left,
        )
        % values
    )


class ReminderMailer:
    """Compose one case's reminder of one deadline."""

    def __init__(self, case: Case, deadline: Deadline) -> None:
        self.case = case
        self.deadline = deadline

    def __call__(self, delivery: Delivery) -> EmailMessage:
        with translation.override(delivery.language):
            subject = reminder_subject(self.case, self.deadline)
            body = render_to_string(
                "cases/email/reminder.txt",
                {
                    "subject": subject,
                    "deadline": self.deadline,
                    "case_url": admin_url(self.case),
                    "organization_name": settings.ORGANIZATION_NAME,
                },
            )
        return EmailMessage(subject, body, to=[delivery.email])
