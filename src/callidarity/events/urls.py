"""Events at the site root: /events/…, and the calendar feed at /events.ics."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="event-list"),
    path("events.ics", views.events_feed, name="event-feed"),
    path("events/cancel/<str:token>/", views.rsvp_cancel, name="rsvp-cancel"),
    path("events/<slug:slug>.ics", views.event_ics, name="event-ics"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("events/<slug:slug>/thanks/", views.rsvp_thanks, name="rsvp-thanks"),
]
