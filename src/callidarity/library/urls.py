"""The library's public pages, at the site root: /library/… and /press/."""

from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("library/", views.library_home, name="library-home"),
    # Before the resource's slug: "partners" is reserved (see models.RESERVED_SLUGS).
    path("library/partners/", views.partner_list, name="partner-list"),
    path("library/<slug:slug>/", views.resource_detail, name="resource-detail"),
    path("library/<slug:slug>/file/", views.resource_file, name="resource-file"),
    path("press/", views.press_list, name="press-list"),
]
