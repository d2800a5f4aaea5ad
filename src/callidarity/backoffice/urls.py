from django.urls import path

from . import actions, bills, petitions, views, volunteers

app_name = "backoffice"

# Mounted under /admin/support/, beside the admin: each view guards itself with staff_view.
urlpatterns = [
    path("", views.support_home, name="support-home"),
    path("volunteers/near/", volunteers.volunteers_near, name="volunteers-near"),
    path("requests/", views.request_list, name="request-list"),
    path("requests/new/", views.request_new, name="request-new"),
    path("requests/<uuid:public_id>/", views.request_detail, name="request-detail"),
    path("requests/<uuid:public_id>/decide/", views.request_decide, name="request-decide"),
    path("runs/", views.run_list, name="run-list"),
    path("runs/<int:run_id>/", views.run_detail, name="run-detail"),
    path("runs/<int:run_id>/act/", views.run_act, name="run-act"),
    path("runs/<int:run_id>/deposits.csv", views.run_sheet_csv, name="run-sheet-csv"),
    path("runs/<int:run_id>/deposits.pdf", views.run_sheet_pdf, name="run-sheet-pdf"),
    path("runway/", views.runway_view, name="runway"),
    path("actions/", actions.action_list, name="action-list"),
    path("actions/<int:action_id>/", actions.action_report, name="action-report"),
    path(
        "actions/<int:action_id>/signatures/",
        petitions.review_signatures,
        name="action-signatures",
    ),
    path("actions/<int:action_id>/petition.pdf", petitions.petition_pdf, name="petition-pdf"),
    path("bills/", bills.bills_week, name="bills-week"),
]
