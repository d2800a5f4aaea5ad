"""The library in the admin: resources with their tags and files, partners, press items.

Saved through the admin's model forms, which run the models' validation (the file's type
and size, a body or a file, no reserved slug) like the services do.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models

from .models import Partner, PressItem, Resource, Tag

# A link typed without a scheme ("example.org") is taken as https (Django 6's default).
HTTPS_URLS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "kind", "language", "status", "reviewed_on"]
    list_filter = ["status", "kind", "language", "tags"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
    date_hierarchy = "reviewed_on"
    fields = [
        "title", "slug", "status", "kind", "language", "tags", "summary", "body", "file",
        "reviewed_on",
    ]  # fmt: skip


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "area_of_work", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["name", "area_of_work", "description"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = HTTPS_URLS
    fields = [
        "name", "slug", "is_published", "area_of_work", "description", "contact_email",
        "contact_phone", "url",
    ]  # fmt: skip


@admin.register(PressItem)
class PressItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "kind", "source", "dated_on", "is_published"]
    list_filter = ["is_published", "kind"]
    search_fields = ["title", "source", "summary"]
    date_hierarchy = "dated_on"
    formfield_overrides = HTTPS_URLS
    fields = ["title", "kind", "dated_on", "source", "url", "video_url", "summary", "is_published"]
