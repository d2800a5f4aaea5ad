from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "callidarity.backoffice"
    label = "backoffice"
    verbose_name = "Back office"
