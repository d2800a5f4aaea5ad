from django.urls import path

from . import views

app_name = "reports"

# Mounted under /admin/reports/, beside the admin; the view guards itself with staff_view
# (staff login, the treasurer's role, never cached).
urlpatterns = [
    path("exports/", views.exports, name="exports"),
]
