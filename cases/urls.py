from django.urls import path

from . import document_views, views

app_name = "cases"
urlpatterns = [
    path("<slug:slug>/", views.case_list, name="case_list"),
    path("<slug:slug>/meld/", views.case_report, name="case_report"),
    path("sak/<int:case_pk>/", views.case_detail, name="case_detail"),
    path("sak/<int:case_pk>/registrer/", views.case_register, name="case_register"),
    path("sak/<int:case_pk>/endre/", views.case_edit, name="case_edit"),
    path("sak/<int:case_pk>/tilslutning/", views.anchoring_round_start, name="anchoring_round_start"),
    path("sak/<int:case_pk>/oppgave/", views.task_create, name="task_create"),
    path("sak/<int:case_pk>/avslutt/", views.case_close, name="case_close"),
    path("behandling/<int:handling_pk>/rett-vedtak/", views.decision_correct, name="decision_correct"),
    path("tilslutning/<int:round_pk>/", views.round_detail, name="round_detail"),
    path("tilslutning/svar/<int:answer_pk>/", views.answer_record, name="answer_record"),
    path("oppgave/<int:task_pk>/fullfor/", views.task_complete, name="task_complete"),
    path("sak/<int:case_pk>/dokument/", document_views.document_upload, name="document_upload"),
    path("dokument/<int:document_pk>/ny-versjon/", document_views.document_new_version, name="document_new_version"),
]
