from django.urls import path

from . import structure_views as views

app_name = "structure"
urlpatterns = [
    path("<slug:slug>/utvalg/", views.subcommittee_list, name="subcommittee_list"),
    path("<slug:slug>/utvalg/oppnevn/", views.subcommittee_appoint, name="subcommittee_appoint"),
    path("utvalg/<int:subcommittee_pk>/rapport/", views.subcommittee_report, name="subcommittee_report"),
    path("utvalg/<int:subcommittee_pk>/opplos/", views.subcommittee_dissolve, name="subcommittee_dissolve"),
    path("<slug:slug>/dokumenter/", views.document_list, name="document_list"),
    path("<slug:slug>/dokumenter/nytt/", views.document_create, name="document_create"),
    path("dokument/<int:governance_document_pk>/", views.document_detail, name="document_detail"),
    path("dokument/<int:governance_document_pk>/ny-versjon/", views.version_adopt, name="version_adopt"),
    path("versjon/<int:version_pk>/fil/", views.version_file, name="version_file"),
]
