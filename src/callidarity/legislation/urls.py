from django.urls import path

from .views import follows, slips

app_name = "legislation"

urlpatterns = [
    # Bills: list and detail (views/bills.py).
    # Placeholder until views/bills.py lands: the follow page stands in for the bill's page.
    path("bills/<slug:slug>/", follows.follow, name="bill-detail"),
    # Following a bill (views/follows.py) and witness slips (views/slips.py).
    path("bills/<slug:slug>/follow/", follows.follow, name="bill-follow"),
    path("bills/<slug:slug>/follow/sent/", follows.follow_sent, name="follow-sent"),
    path(
        "bills/<slug:slug>/follow/confirm/<str:token>/",
        follows.follow_confirm,
        name="follow-confirm",
    ),
    path(
        "bills/<slug:slug>/unsubscribe/<str:token>/",
        follows.follow_unsubscribe,
        name="follow-unsubscribe",
    ),
    path("bills/<slug:slug>/hearings/<int:pk>/", slips.hearing_detail, name="hearing-detail"),
]
