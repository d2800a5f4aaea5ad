from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("webhooks/stripe/", views.stripe_webhook, name="stripe-webhook"),
    path("donate/sandbox/<uuid:public_id>/", views.sandbox_checkout, name="sandbox-checkout"),
    path(
        "donate/sandbox/monthly/<uuid:public_id>/",
        views.sandbox_monthly_checkout,
        name="sandbox-monthly-checkout",
    ),
    path("donate/monthly/<str:token>/cancel/", views.monthly_cancel, name="monthly-cancel"),
]
