from django.contrib import admin

from .models import Supporter


@admin.register(Supporter)
class SupporterAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["email", "name", "created_at"]
    search_fields = ["email", "name"]
    readonly_fields = ["created_at", "updated_at"]
