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
    path("campaigns/<slug:slug>/updates/", views.update_list, name="update-list"),
    path("campaigns/<slug:slug>/updates/<int:number>/", views.update_detail, name="update-detail"),
    path("campaigns/<slug:slug>/subscribe/", views.subscribe, name="subscribe"),
    path("campaigns/<slug:slug>/subscribe/sent/", views.subscribe_sent, name="subscribe-sent"),
    path(
        "campaigns/<slug:slug>/subscribe/confirm/<str:token>/",
        views.subscribe_confirm,
        name="subscribe-confirm",
    ),
    path("campaigns/<slug:slug>/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("campaigns/<slug:slug>/embed/", views.campaign_embed, name="campaign-embed"),
    path("api/campaigns/<slug:slug>/", views.campaign_api, name="campaign-api"),
]
