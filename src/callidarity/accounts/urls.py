from django.urls import path

from . import views

app_name = "accounts"

# Mounted under /admin/2fa/, beside the admin and behind its login (staff_view).
urlpatterns = [
    path("", views.account_detail, name="account-detail"),
    path("setup/", views.two_factor_setup, name="two-factor-setup"),
    path("verify/", views.two_factor_verify, name="two-factor-verify"),
    path("recovery-codes/", views.recovery_codes_regenerate, name="recovery-codes-regenerate"),
]
