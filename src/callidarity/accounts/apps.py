from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "callidarity.accounts"
    label = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self) -> None:
        # Every ModelAdmin, whoever registered it, answers permissions from the roles.
        from .admin import install_role_checks

        install_role_checks()
