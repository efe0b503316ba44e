from django.urls import path

from . import body_views as views

app_name = "bodies"
urlpatterns = [
    path("<slug:slug>/", views.body_list, name="body_list"),
    path("<slug:slug>/nytt/", views.body_create, name="body_create"),
    path("organ/<int:body_pk>/", views.body_detail, name="body_detail"),
    path("organ/<int:body_pk>/endre/", views.body_edit, name="body_edit"),
    path("organ/<int:body_pk>/oppnevn/", views.membership_create, name="membership_create"),
    path("medlemskap/<int:membership_pk>/endre/", views.membership_edit, name="membership_edit"),
    path("medlemskap/<int:membership_pk>/avslutt/", views.membership_end, name="membership_end"),
]
