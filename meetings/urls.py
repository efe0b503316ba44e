from django.urls import path

from . import guest_views, views

app_name = "meetings"
urlpatterns = [
    path("<slug:slug>/", views.meeting_list, name="meeting_list"),
    path("<slug:slug>/planlegg/", views.meeting_plan, name="meeting_plan"),
    path("mote/<int:meeting_pk>/", views.meeting_detail, name="meeting_detail"),
    path("mote/<int:meeting_pk>/saksliste/", views.meeting_agenda, name="meeting_agenda"),
    path("mote/<int:meeting_pk>/innkalling/", views.notice_send, name="notice_send"),
    path("mote/<int:meeting_pk>/oppmote/", views.meeting_attendance, name="meeting_attendance"),
    path("mote/<int:meeting_pk>/avholdt/", views.meeting_mark_held, name="meeting_mark_held"),
    path("mote/<int:meeting_pk>/protokoll/", views.minutes_edit, name="minutes_edit"),
    path("mote/<int:meeting_pk>/protokoll/godkjenn/", views.minutes_approve, name="minutes_approve"),
    path("mote/<int:meeting_pk>/protokoll/publiser/", views.minutes_publish, name="minutes_publish"),
    path("mote/<int:meeting_pk>/innkalling.pdf", views.notice_pdf, name="notice_pdf"),
    path("mote/<int:meeting_pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("punkt/<int:item_pk>/", views.item_run, name="item_run"),
    path("punkt/<int:item_pk>/drofting/", views.item_discussion, name="item_discussion"),
    path("punkt/<int:item_pk>/standpunkt/", views.item_position, name="item_position"),
    path("punkt/<int:item_pk>/inhabilitet/", views.item_disqualification, name="item_disqualification"),
    path("punkt/<int:item_pk>/protokolltilforsel/", views.item_protocol_note, name="item_protocol_note"),
    path("punkt/<int:item_pk>/vedtak/", views.item_decide, name="item_decide"),
    path("punkt/<int:item_pk>/gjester/", guest_views.item_guests, name="item_guests"),
    path("sak/<int:case_pk>/saksliste/", views.case_add_to_agenda, name="case_add_to_agenda"),
    path("sak/<int:case_pk>/saksfremlegg.pdf", views.case_presentation_pdf, name="case_presentation_pdf"),
]
