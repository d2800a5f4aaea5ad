from django.urls import path

from . import views

app_name = "advocacy"

urlpatterns = [
    path("api/targets/", views.targets_api, name="target-api"),
]
