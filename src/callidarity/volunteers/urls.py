"""Volunteers and drives at the site root: /volunteer/… and /drives/…."""

from django.urls import path

from . import views

app_name = "volunteers"

urlpatterns = [
    path("volunteer/", views.signup, name="signup"),
    path("volunteer/sent/", views.signup_sent, name="signup-sent"),
    path("volunteer/confirm/<str:token>/", views.signup_confirm, name="signup-confirm"),
    path("volunteer/stop/<str:token>/", views.volunteer_stop, name="volunteer-stop"),
    path("drives/", views.drive_list, name="drive-list"),
    path("drives/cancel/<str:token>/", views.pledge_cancel, name="pledge-cancel"),
    path("drives/<slug:slug>/", views.drive_detail, name="drive-detail"),
    path("drives/<slug:slug>/thanks/", views.pledge_thanks, name="pledge-thanks"),
]
