"""OParl 1.1 API (/api/oparl/v1/): the System object is the entry; every object's id is its URL here."""
from django.urls import path

from . import views

app_name = "oparl"

BODY = "body/<slug:slug>/"
urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.body_list, name="body_list"),
    path(BODY, views.body, name="body"),
    path(f"{BODY}organization/<int:pk>/meeting/", views.organization_meetings, name="organization_meeting_list"),
    path(f"{BODY}file/", views.file_list, name="file_list"),
    path(f"{BODY}file/<slug:pk>/", views.file_detail, name="file"),
    path(f"{BODY}file/<slug:pk>/download/", views.file_download, name="file_download"),
]
for kind in views.KINDS:
    urlpatterns += [
        path(f"{BODY}{kind}/", views.object_list, {"kind": kind}, name=f"{kind}_list"),
        path(f"{BODY}{kind}/<int:pk>/", views.object_detail, {"kind": kind}, name=kind),
    ]
