"""Writes of the library: resources with their tags, partners and press items.

Organizers mostly write through the admin (its forms run the same model validation);
these are for code — demo data, imports, tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files import File
from django.db import transaction as db_transaction
from django.utils.text import slugify

from .models import Partner, PressItem, Resource, Tag


def get_or_create_tags(names: Iterable[str]) -> list[Tag]:
    """Return a tag for each name, creating the missing ones (one per slug: "Bail" is "bail")."""
    tags: list[Tag] = []
    for name in names:
        name = " ".join(name.split())
        slug = slugify(name)
        if not slug:
            continue
        tag, _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        if tag not in tags:
            tags.append(tag)
    return tags


@db_transaction.atomic
def create_resource(
    *,
    slug: str,
    title: str,
    reviewed_on: date,
    kind: str = Resource.Kind.GUIDE,
    language: str = Resource.Language.ENGLISH,
    summary: str = "",
    body: str = "",
    tags: Iterable[str] = (),
    file: File[Any] | None = None,
    status: str = Resource.Status.DRAFT,
) -> Resource:
    """Create a resource after full validation (the file's type and size included)."""
    resource = Resource(
        slug=slug,
        title=title,
        kind=kind,
        language=language,
        summary=summary,
        body=body,
        reviewed_on=reviewed_on,
        status=status,
    )
    if file is not None:
        resource.file = file
    resource.full_clean()
    resource.save()
    resource.tags.set(get_or_create_tags(tags))
    return resource


def create_partner(
    *,
    name: str,
    slug: str,
    description: str = "",
    area_of_work: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    url: str = "",
    is_published: bool = False,
) -> Partner:
    """Create a partner organization after validation."""
    partner = Partner(
        name=name,
        slug=slug,
        description=description,
        area_of_work=area_of_work,
        contact_email=contact_email,
        contact_phone=contact_phone,
        url=url,
        is_published=is_published,
    )
    partner.full_clean()
    partner.save()
    return partner


def create_press_item(
    *,
    kind: str,
    title: str,
    dated_on: date,
    source: str,
    url: str = "",
    video_url: str = "",
    summary: str = "",
    is_published: bool = False,
) -> PressItem:
    """Create a press conference, statement or piece of coverage after validation."""
    item = PressItem(
        kind=kind,
        title=title,
        dated_on=dated_on,
        source=source,
        url=url,
        video_url=video_url,
        summary=summary,
        is_published=is_published,
    )
    item.full_clean()
    item.save()
    return item
