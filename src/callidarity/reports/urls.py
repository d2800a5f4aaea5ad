from django.contrib import admin
from django.urls import path

from . import views

app_name = "reports"

# Mounted under /admin/reports/ and wrapped like the admin's own pages: staff login,
# never cached, CSRF-protected.
urlpatterns = [
    path("exports/", admin.site.admin_view(views.exports), name="exports"),
]
