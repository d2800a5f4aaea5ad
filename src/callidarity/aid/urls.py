from django.urls import path

from . import views

app_name = "aid"

urlpatterns = [
    path("support/request/", views.request_create, name="request-create"),
    path("support/request/thanks/", views.request_thanks, name="request-thanks"),
    path("support/impact/", views.impact, name="impact"),
]
