from django.urls import path

from . import views

app_name = "advocacy"

urlpatterns = [
    path("api/targets/", views.targets_api, name="target-api"),
    path("act/<slug:slug>/", views.action_detail, name="action-detail"),
    path("act/<slug:slug>/call/", views.action_call, name="action-call"),
    path("act/<slug:slug>/districts/", views.action_districts, name="action-districts"),
    path("act/<slug:slug>/letter/", views.letter_review, name="letter-review"),
    path("act/<slug:slug>/letter.pdf", views.letter_pdf, name="letter-pdf"),
    path("act/<slug:slug>/signed/", views.petition_signed, name="petition-signed"),
    path("act/<slug:slug>/embed/", views.action_embed, name="action-embed"),
    path("act/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
