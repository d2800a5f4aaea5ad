from django.urls import path

from .views import bills, follows, slips

app_name = "legislation"

urlpatterns = [
    # Bills: list and detail (views/bills.py).
    path("bills/", bills.bill_list, name="bill-list"),
    path("bills/<slug:slug>/", bills.bill_detail, name="bill-detail"),
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
