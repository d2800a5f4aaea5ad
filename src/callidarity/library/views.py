"""The public library: search resources, read one, download its file; partners; press.

All GET, no JavaScript: the search is a plain form whose criteria sit in the query string,
so a result page can be bookmarked and shared. Criteria that make no sense (an unknown
kind, a query of a thousand words) get a 400 page that says what to change, never a 500.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import selectors
from .forms import PressFilterForm, ResourceSearchForm
from .models import PressItem, Resource
from .validators import content_type_for

PER_PAGE = 20
# A downloaded file may not run anything, even if a browser were to render it.
FILE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def _page_prefix(base: str, criteria: dict[str, str]) -> str:
    """Return the start of a link to another page of results: `prefix` + the page's number."""
    query = urlencode({k: v for k, v in criteria.items() if v})
    return f"{base}?{query}&page=" if query else f"{base}?page="


def _link(base: str, criteria: dict[str, str], **changes: str) -> str:
    """Return `base` with the criteria, some changed (an empty value drops a criterion)."""
    query = {**criteria, **changes}
    query = {k: v for k, v in query.items() if v and k != "page"}
    return f"{base}?{urlencode(query)}" if query else base


@require_safe
def library_home(request: HttpRequest) -> HttpResponse:
    """Search the published resources by words, kind, language and tag, a page at a time."""
    tags = list(selectors.list_tags_in_use())
    form = ResourceSearchForm(request.GET or None, tags=tags)
    base = reverse("library:library-home")
    if form.is_bound and not form.is_valid():
        invalid = {"form": form, "invalid": True}
        return render(request, "library/resource_list.html", invalid, status=400)
    criteria = form.criteria() if form.is_bound else {}
    page = Paginator(selectors.search_resources(**criteria), PER_PAGE).get_page(
        request.GET.get("page")
    )
    kind_links = [
        {
            "label": label,
            "url": _link(base, criteria, kind=value),
            "current": value == criteria.get("kind"),
        }
        for value, label in Resource.Kind.choices
    ]
    tag_links = [
        {
            "tag": t,
            "url": _link(base, criteria, tag=t.slug),
            "current": t.slug == criteria.get("tag"),
        }
        for t in tags
    ]
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "resources": page.object_list,
        "searched": bool(criteria),
        "kind_links": kind_links,
        "tag_links": tag_links,
        "clear_url": base,
        "page_prefix": _page_prefix(base, criteria),
    }
    return render(request, "library/resource_list.html", context)


def _resource_or_404(slug: str) -> Resource:
    try:
        return selectors.get_published_resource(slug)
    except Resource.DoesNotExist:
        raise Http404(_("No such resource.")) from None


@require_safe
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a published resource: its body, tags, date last reviewed and file to download."""
    resource = _resource_or_404(slug)
    return render(request, "library/resource_detail.html", {"resource": resource})


@require_safe
def resource_file(request: HttpRequest, slug: str) -> FileResponse:
    """Send a published resource's file as a download, with the type its checks allowed."""
    resource = _resource_or_404(slug)
    if not resource.file:
        raise Http404(_("This resource has no file."))
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This resource has no file.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=resource.file_name,
        content_type=content_type_for(resource.file.name),
    )
    response.headers["Content-Security-Policy"] = FILE_POLICY
    return response


@require_safe
def partner_list(request: HttpRequest) -> HttpResponse:
    """List the published partner organizations, with what they do and how to reach them."""
    return render(
        request, "library/partner_list.html", {"partners": selectors.list_published_partners()}
    )


@require_safe
def press_list(request: HttpRequest) -> HttpResponse:
    """List press conferences, statements and coverage, newest first, a page at a time."""
    form = PressFilterForm(request.GET)
    base = reverse("library:press-list")
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    page = Paginator(selectors.list_published_press(kind=kind), PER_PAGE).get_page(
        request.GET.get("page")
    )
    kind_links = [
        {"label": label, "url": _link(base, {}, kind=value), "current": value == kind}
        for value, label in [("", _("Everything")), *PressItem.Kind.choices]
    ]
    context = {
        "page": page,
        "items": page.object_list,
        "kind_links": kind_links,
        "error": form.errors.get("kind"),
        "page_prefix": _page_prefix(base, {"kind": kind}),
    }
    return render(request, "library/press_list.html", context, status=400 if form.errors else 200)
