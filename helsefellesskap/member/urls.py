"""Members' own pages (/mine/): login required; the calendar feed is found by its secret token."""
from django.urls import path

from . import views

app_name = "member"
urlpatterns = [
    path("", views.home, name="home"),
    path("organer/", views.body_list, name="bodies"),
    path("moter/", views.meeting_list, name="meetings"),
    path("moter/<int:meeting_pk>/", views.meeting_detail, name="meeting_detail"),
    path("moter/<int:meeting_pk>/forfall/", views.apology, name="apology"),
    path("moter/<int:meeting_pk>/protokoll/merknad/", views.minutes_comment, name="minutes_comment"),
    path("moter/<int:meeting_pk>/protokoll/godkjenn/", views.minutes_approve, name="minutes_approve"),
    path("moter/<int:meeting_pk>/protokoll/endring/", views.minutes_request_change, name="minutes_request_change"),
    path("e-post/", views.email_settings, name="email_settings"),
    path("meld-sak/", views.case_report, name="case_report"),
    path("oppgaver/", views.task_list, name="tasks"),
    path("dokumenter/<int:document_pk>/", views.document, name="document"),
    path("kalender/", views.calendar, name="calendar"),
    path("kalender/ny-adresse/", views.calendar_reset, name="calendar_reset"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
