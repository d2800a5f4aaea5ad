from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "callidarity.core"
    label = "core"
