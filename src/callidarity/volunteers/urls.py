from django.urls import path  # noqa: F401 - the app's routes come here

app_name = "volunteers"

urlpatterns: list = []  # type: ignore[type-arg]
