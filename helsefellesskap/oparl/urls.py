"""OParl 1.1 API (/api/oparl/v1/): the System object is the entry; every object's id is its URL here.

Objects are addressed by the partnership's slug and the record's id, as on the public pages.
"""
from django.urls import path

from . import views

app_name = "oparl"

BODY = "body/<slug:slug>/"
urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.body_list, name="body_list"),
    path(BODY, views.body, name="body"),
    path(f"{BODY}organization/<int:body_pk>/meeting/", views.organization_meetings, name="organization_meeting_list"),
    path(f"{BODY}file/", views.file_list, name="file_list"),
    path(f"{BODY}file/dokument/<int:document_pk>/", views.case_file, name="file_document"),
    path(f"{BODY}file/protokoll/<int:meeting_pk>/", views.minutes_file, name="file_minutes"),
]
for kind, key in views.KEYS.items():
    urlpatterns += [
        path(f"{BODY}{kind}/", views.object_list, {"kind": kind}, name=f"{kind}_list"),
        path(f"{BODY}{kind}/<int:{key}>/", views.object_detail, {"kind": kind}, name=kind),
    ]
