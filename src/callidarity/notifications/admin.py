"""Deliveries in the admin: read-only, to see what was sent and what failed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["key", "email", "status", "sent_at", "error"]
    list_filter = ["status", "key"]
    search_fields = ["email", "key"]
    readonly_fields = ["key", "email", "language", "status", "error", "created_at", "sent_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
