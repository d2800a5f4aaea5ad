"""A letter: she edits the sample, reviews it as an office will read it, then sends one email
per office or downloads it to print and mail.

Her draft (who signs, subject, text, the offices it goes to) lives in her session under
`common.session_key`, in the same shape as a caller's (`pending`, `choose`, `zip`), so her own
legislators are found by the call-in's district step. Nothing is kept in the database until
she sends or prints.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from callidarity.core.pdf import render_pdf
from callidarity.core.ratelimit import allow

from .. import selectors, services
from ..exceptions import ActionError
from ..forms import LetterForm, ZipForm
from ..models import Action, Target
from .common import (
    TOO_MANY,
    action_context,
    action_or_404,
    next_step_url,
    not_open_message,
    offices_to_reach,
    session_key,
    visitor,
)

_DRAFT_FIELDS = ("name", "email", "city", "subject", "body", "follow")


def _detail(
    request: HttpRequest,
    action: Action,
    form: LetterForm | None = None,
    zip_form: ZipForm | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    if form is None:
        draft = visitor(request, action)
        initial = {"subject": action.subject, "body": action.script}
        if draft is not None and "body" in draft:
            initial = {k: draft[k] for k in _DRAFT_FIELDS}  # back to edit her own words
        form = LetterForm(initial=initial)
    context = {**action_context(action, zip_form), "form": form}
    return render(request, "advocacy/letter_detail.html", context, status=status)


def detail(request: HttpRequest, action: Action) -> HttpResponse:
    """Show the letter action and its sample letter; keep her edited draft and go to review."""
    if request.method in ("GET", "HEAD"):
        return _detail(request, action)
    form = LetterForm(request.POST)
    review_url = reverse("advocacy:letter-review", args=[action.slug])
    if form.is_bot():
        return HttpResponseRedirect(review_url)  # looks like success; nothing kept
    if not action.is_open:
        form.add_error(None, not_open_message(action))
        return _detail(request, action, form, status=409)
    if not allow(request, "letter-start", limit=100):
        form.add_error(None, str(TOO_MANY))
        return _detail(request, action, form, status=429)
    zip_form = ZipForm(request.POST) if action.own_chambers else None
    if not form.is_valid() or (zip_form is not None and not zip_form.is_valid()):
        return _detail(request, action, form, zip_form, status=400)
    draft: dict[str, Any] = {k: form.cleaned_data[k] for k in _DRAFT_FIELDS}
    draft["email"] = draft["email"].strip()
    draft["body"] = draft["body"].strip()
    # The offices it goes to, in order; where she picks her district, `choose`.
    draft.update({"language": get_language(), **offices_to_reach(action, zip_form)})
    request.session[session_key(action)] = draft
    if draft["choose"]:
        return HttpResponseRedirect(reverse("advocacy:action-districts", args=[action.slug]))
    return HttpResponseRedirect(next_step_url(action))


def _draft(request: HttpRequest, action: Action) -> dict[str, Any] | None:
    """Return her letter draft in this action, or None (none yet, or a call-in's session)."""
    draft = visitor(request, action)
    if draft is None or not all(k in draft for k in (*_DRAFT_FIELDS, "pending")):
        return None
    return draft


def _recipients(draft: dict[str, Any]) -> list[Target]:
    targets = selectors.get_targets(draft["pending"])
    return [targets[pk] for pk in draft["pending"] if pk in targets]


def _copy(target: Target, draft: dict[str, Any]) -> selectors.LetterCopy:
    """Return the letter as this office reads it (in the offices' language)."""
    return selectors.letter_copy(
        target=target,
        name=draft["name"],
        city=draft["city"],
        subject=draft["subject"],
        body=draft["body"],
    )


def _review_page(
    request: HttpRequest,
    action: Action,
    draft: dict[str, Any],
    *,
    note: str = "",
    status: int = 200,
) -> HttpResponse:
    recipients = _recipients(draft)
    emailed = [t for t in recipients if t.email.strip()]
    first = (emailed or recipients)[:1]
    preview = _copy(first[0], draft) if first else None
    context = {
        "action": action,
        "draft": draft,
        "recipients": recipients,
        "emailed": emailed,
        "preview": preview,
        "is_live": action.is_open,
        "note": note,
    }
    return render(request, "advocacy/letter_review.html", context, status=status)


def _sent_page(request: HttpRequest, action: Action, draft: dict[str, Any]) -> HttpResponse:
    recipients = _recipients(draft)
    context = {
        "action": action,
        "sent": draft["sent"],
        "to_mail": [t for t in recipients if not t.email.strip()],
        "done": selectors.tally(action).done,
        "share_url": request.build_absolute_uri(action.get_absolute_url()),
    }
    return render(request, "advocacy/letter_sent.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def letter_review(request: HttpRequest, slug: str) -> HttpResponse:
    """Show her letter as the first office will read it, and who it goes to; send on POST."""
    action = action_or_404(slug)
    draft = _draft(request, action)
    if draft is None:
        return HttpResponseRedirect(action.get_absolute_url() + "#start")
    if draft.get("choose"):
        return HttpResponseRedirect(reverse("advocacy:action-districts", args=[action.slug]))
    if request.method in ("GET", "HEAD"):
        if draft.get("sent"):
            return _sent_page(request, action, draft)
        return _review_page(request, action, draft)
    if draft.get("sent"):  # sent already (a second click, or the back button)
        return HttpResponseRedirect(reverse("advocacy:letter-review", args=[action.slug]))
    if not action.is_open:
        return _review_page(request, action, draft, note=not_open_message(action), status=409)
    if not allow(request, "letter-send", limit=30):
        return _review_page(request, action, draft, note=str(TOO_MANY), status=429)
    try:
        result = services.submit_letter(
            action=action,
            name=draft["name"],
            email=draft["email"],
            city=draft["city"],
            subject=draft["subject"],
            body=draft["body"],
            targets=_recipients(draft),
            language=draft.get("language") or get_language(),
            follow=bool(draft["follow"]),
        )
    except ActionError as error:
        return _review_page(request, action, draft, note=str(error), status=409)
    draft["sent"] = {
        "is_new": result.is_new,
        "emailed": len(result.emailed),
        "on": result.letter.created_at.date().isoformat(),
    }
    request.session[session_key(action)] = draft
    return HttpResponseRedirect(reverse("advocacy:letter-review", args=[action.slug]))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def letter_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Return her letter as a PDF to print and mail, one page per office; record it printed.

    A POST (her button, with its CSRF token): a link prefetcher or another site's <img>
    must not record a letter printed. A GET goes back to her review.

    Once her letter was emailed, only the offices without an email address are in it.
    """
    action = action_or_404(slug)
    draft = _draft(request, action)
    if draft is None:
        return HttpResponseRedirect(action.get_absolute_url() + "#start")
    if draft.get("choose"):
        return HttpResponseRedirect(reverse("advocacy:action-districts", args=[action.slug]))
    if request.method in ("GET", "HEAD"):
        return HttpResponseRedirect(reverse("advocacy:letter-review", args=[action.slug]))
    recipients = _recipients(draft)
    if draft.get("sent"):
        recipients = [t for t in recipients if not t.email.strip()] or recipients
    if not allow(request, "letter-pdf", limit=30):  # each PDF costs a second of rendering
        return _review_page(request, action, draft, note=str(TOO_MANY), status=429)
    language = draft.get("language") or get_language()
    try:
        services.record_printed_letter(
            action=action,
            name=draft["name"],
            email=draft["email"],
            targets=recipients,
            language=language,
            follow=bool(draft["follow"]),
        )
    except ActionError as error:
        return _review_page(request, action, draft, note=str(error), status=409)
    pages = [
        {"copy": _copy(target, draft), "address": selectors.mailing_address(target)}
        for target in recipients
    ]
    context = {"action": action, "draft": draft, "pages": pages}
    # Printed for the offices: in their language, as the emailed copies.
    pdf = render_pdf("advocacy/pdf/letter.html", context, language=settings.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"letter-{slugify(action.slug)[:60]}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
