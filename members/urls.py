from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("<slug:slug>/", views.person_list, name="person_list"),
    path("<slug:slug>/ny/", views.person_create, name="person_create"),
    path("<slug:slug>/person/<int:person_pk>/endre/", views.person_edit, name="person_edit"),
]
