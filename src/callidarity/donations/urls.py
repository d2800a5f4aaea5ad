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
    path("receipts/", views.statement_request, name="statement-request"),
    path("receipts/sent/", views.statement_sent, name="statement-sent"),
    path("receipts/gift/<str:token>/", views.receipt_pdf, name="receipt-pdf"),
    path("receipts/statement/<str:token>/", views.statement_pdf, name="statement-pdf"),
]
