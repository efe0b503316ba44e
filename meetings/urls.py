from django.urls import path

from . import agenda_change_views, entry_views, guest_views, pack_views, views, year_views

app_name = "meetings"
urlpatterns = [
    path("<slug:slug>/", views.meeting_list, name="meeting_list"),
    path("<slug:slug>/planlegg/", views.meeting_plan, name="meeting_plan"),
    path("<slug:slug>/arshjul/<int:year>/", year_views.year_plan, name="year_plan"),
    path("mote/<int:meeting_pk>/", views.meeting_detail, name="meeting_detail"),
    path("mote/<int:meeting_pk>/saksliste/", views.meeting_agenda, name="meeting_agenda"),
    path("mote/<int:meeting_pk>/innkalling/", views.notice_send, name="notice_send"),
    path("mote/<int:meeting_pk>/oppmote/", entry_views.meeting_attendance, name="meeting_attendance"),
    path("mote/<int:meeting_pk>/avholdt/", views.meeting_mark_held, name="meeting_mark_held"),
    path("mote/<int:meeting_pk>/protokoll/", views.minutes_edit, name="minutes_edit"),
    path("mote/<int:meeting_pk>/protokoll/godkjenn/", views.minutes_approve, name="minutes_approve"),
    path("mote/<int:meeting_pk>/protokoll/til-godkjenning/", views.minutes_request_approval, name="minutes_request_approval"),
    path("mote/<int:meeting_pk>/protokoll/publiser/", views.minutes_publish, name="minutes_publish"),
    path("mote/<int:meeting_pk>/protokoll/godkjent-i-neste-mote/", entry_views.minutes_approve_next, name="minutes_approve_next"),
    path("mote/<int:meeting_pk>/innkalling.pdf", views.notice_pdf, name="notice_pdf"),
    path("mote/<int:meeting_pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("punkt/<int:item_pk>/", views.item_run, name="item_run"),
    path("punkt/<int:item_pk>/drofting/", views.item_discussion, name="item_discussion"),
    path("punkt/<int:item_pk>/standpunkt/", views.item_position, name="item_position"),
    path("punkt/<int:item_pk>/ikke-behandlet/", views.item_not_treated, name="item_not_treated"),
    path("punkt/<int:item_pk>/standpunkter/", entry_views.item_positions, name="item_positions"),
    path("punkt/<int:item_pk>/inhabilitet/", views.item_disqualification, name="item_disqualification"),
    path("punkt/<int:item_pk>/protokolltilforsel/", views.item_protocol_note, name="item_protocol_note"),
    path("punkt/<int:item_pk>/vedtak/", views.item_decide, name="item_decide"),
    path("punkt/<int:item_pk>/gjester/", guest_views.item_guests, name="item_guests"),
    path("sak/<int:case_pk>/saksliste/", views.case_add_to_agenda, name="case_add_to_agenda"),
    path("sak/<int:case_pk>/saksfremlegg.pdf", views.case_presentation_pdf, name="case_presentation_pdf"),
    # The agenda after the notice, the supplementary notice and the meeting pack.
    path("mote/<int:meeting_pk>/endringer/", agenda_change_views.agenda_changes, name="agenda_changes"),
    path("mote/<int:meeting_pk>/tilleggsinnkalling/", agenda_change_views.supplementary_notice_send, name="supplementary_notice_send"),
    path("tilleggsinnkalling/<int:notice_pk>.pdf", agenda_change_views.supplementary_notice_pdf, name="supplementary_notice_pdf"),
    path("punkt/<int:item_pk>/endre/", agenda_change_views.agenda_item_change, name="agenda_item_change"),
    path("mote/<int:meeting_pk>/motepakke.pdf", pack_views.pack_member, name="pack_member"),
    path("offentlig/<slug:slug>/mote/<int:meeting_pk>/motepakke.pdf", pack_views.pack_public, name="pack_public"),
    path("offentlig/<slug:slug>/sak/<int:case_pk>/saksfremlegg.pdf", pack_views.case_presentation_open, name="case_presentation_open"),
]
