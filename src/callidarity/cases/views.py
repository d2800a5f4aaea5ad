"""Public "Bring her home" pages: the list of published pages, one page, and its photo.

Only a page's own fields are shown (the public name, the story, the photo, the linked open
actions, and the facility when the organizer chose to show it): nothing from the case's
restricted record. An unpublished page is a 404 for everyone but staff who may open cases
(with two-factor), who see it as a preview before publishing; each preview is audited.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import selectors, services
from .models import CasePage
from .photos import content_type_for

# A photo may not run anything, even if a browser were to render it as a page.
PHOTO_POLICY = "default-src 'none'; img-src 'self'; sandbox"


def _page_or_404(request: HttpRequest, slug: str) -> CasePage:
    try:
        page = selectors.get_published_page(slug, viewer=request.user)
    except CasePage.DoesNotExist:
        raise Http404(_("No such page.")) from None
    return page


def _private_if_preview(response: HttpResponse, page: CasePage) -> HttpResponse:
    if not page.is_published:
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def page_list(request: HttpRequest) -> HttpResponse:
    """List the published pages, the most recent first."""
    return render(request, "cases/page_list.html", {"pages": selectors.list_published_pages()})


@require_safe
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show one page: her public name, photo, story and the actions open for her."""
    page = _page_or_404(request, slug)
    if not page.is_published:
        services.record_views(
            objects=[page], by=request.user, fields=["public_name", "story", "photo"]
        )
    context = {
        "page": page,
        "facility": selectors.public_facility(page),
        "actions": page.open_actions,  # type: ignore[attr-defined]
        "preview": not page.is_published,
    }
    return _private_if_preview(render(request, "cases/page_detail.html", context), page)


@require_safe
def page_photo(request: HttpRequest, slug: str) -> FileResponse:
    """Send the page's photo (re-encoded on upload) with the type it was stored as."""
    page = _page_or_404(request, slug)
    if not page.photo:
        raise Http404(_("This page has no photo."))
    try:
        handle = page.photo.open("rb")
    except FileNotFoundError:
        raise Http404(_("This page has no photo.")) from None
    response = FileResponse(handle, content_type=content_type_for(page.photo.name))
    response.headers["Content-Security-Policy"] = PHOTO_POLICY
    if page.is_published:
        # Never in a shared cache: once the family withdraws consent, the photo must be gone
        # everywhere but (for a few minutes) the browser that already showed it.
        patch_cache_control(response, private=True, max_age=300)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
