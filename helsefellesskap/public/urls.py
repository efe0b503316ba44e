"""Public pages (/offentlig/): no login; stable links by partnership slug and record id."""
from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.partnership_detail, name="partnership"),
    path("<slug:slug>/sok/", views.search, name="search"),
    path("<slug:slug>/organer/<int:body_pk>/", views.body_detail, name="body"),
    path("<slug:slug>/organer/<int:body_pk>/kalender.ics", views.body_calendar, name="body_calendar"),
    path("<slug:slug>/moter/<int:meeting_pk>/", views.meeting_detail, name="meeting"),
    path("<slug:slug>/moter/<int:meeting_pk>/innkalling.pdf", views.notice_pdf, name="notice_pdf"),
    path("<slug:slug>/moter/<int:meeting_pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<slug:slug>/saker/<int:case_pk>/", views.case_detail, name="case"),
    path("<slug:slug>/dokumenter/<int:document_pk>/", views.document, name="document"),
]
