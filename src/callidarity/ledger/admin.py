"""The ledger in the admin: readable by staff, writable by nobody (post() is the only writer)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from callidarity.core.money import format_money

from .models import Account, Entry, Transaction


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "balance"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]

    @admin.display(description=_("balance"))
    def balance(self, obj: Account) -> str:
        return str(obj.normal_balance)


class EntryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Entry
    fields = ["account", "amount"]
    readonly_fields = ["account", "amount"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("amount (debit +, credit -)"))
    def amount(self, obj: Entry) -> str:
        return format_money(obj.amount_cents, obj.currency)


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "occurred_at", "kind", "memo", "reverses"]
    list_filter = ["kind"]
    search_fields = ["memo", "idempotency_key"]
    date_hierarchy = "occurred_at"
    inlines = [EntryInline]
