from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.home, name="home"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<slug:slug>/donate/", views.campaign_donate, name="campaign-donate"),
    path("campaigns/<slug:slug>/wall/", views.campaign_wall, name="campaign-wall"),
    path(
        "campaigns/<slug:slug>/wall/<int:post_id>/report/",
        views.wall_report,
        name="wallpost-report",
    ),
    path("campaigns/<slug:slug>/thanks/", views.campaign_thanks, name="campaign-thanks"),
    path("api/campaigns/<slug:slug>/", views.campaign_api, name="campaign-api"),
]
