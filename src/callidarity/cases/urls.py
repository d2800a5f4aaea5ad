from django.urls import path  # noqa: F401 - the app's routes come here

app_name = "cases"

urlpatterns: list = []  # type: ignore[type-arg]
