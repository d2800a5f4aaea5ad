"""Public "Bring her home" pages at /bring-home/…; the staff pages are in the admin."""

from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("bring-home/", views.page_list, name="page-list"),
    path("bring-home/<slug:slug>/", views.page_detail, name="page-detail"),
    path("bring-home/<slug:slug>/photo/", views.page_photo, name="page-photo"),
]
